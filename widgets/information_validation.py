"""The model-validation tool: a purchase model checked on a holdout period, and a propensity model checked
by gains, lift, calibration, a profit-based cut-off and its staying power on a later period."""
import ipywidgets as W
import plotly.graph_objects as go

from ..information import holdout_table, staying_power_table
from ..theme import FAINT, SEQUENCE, format_currency, format_percent
from ._base import ToolPanel
from ._lean import HTML
from ._value_common import replace_traces, themed_figure
from .information_common import INFORMATION_COLOUR, heading, headline, manager_table, note

__all__ = ["ModelValidationTool"]

_HELP = """
**Calibration and holdout** (Fader, Hardie & Lee 2005): fit the BG/NBD model on the first 39 weeks of CDNOW's
purchases, forecast each customer's repeat purchases in the next 39 weeks, and compare the forecasts with what
the customers bought, grouped by their number of repeat purchases in the calibration period.

**Gains and lift** (Neslin et al. 2006): rank held-out customers by predicted propensity and cut them into ten
deciles. A decile's lift is its buying rate over the overall rate; the top-decile lift and the Gini coefficient
($2\\,\\text{AUC} - 1$) say how well the model ranks. **Calibration**: predicted against observed rates by
decile, and the **Brier score** $\\frac{1}{n}\\sum_i (p_i - y_i)^2$ (lower is better).

**Profit-based cut-off**: contact a customer when $p \\times \\text{margin} > \\text{cost per contact}$, that
is when $p$ exceeds cost / margin. **Staying power**: the same fitted model scored on customers 13 weeks later.
"""


class ModelValidationTool(ToolPanel):
    """Can we trust the models that feed the other processes?

    Parameters
    ----------
    holdout : HoldoutValidation
        :func:`~paynecrm_kernel.information.cdnow_holdout_validation` (or your own).
    model : PropensityModel
        :func:`~paynecrm_kernel.information.fit_propensity`.
    later : pandas.DataFrame
        :func:`~paynecrm_kernel.information.customer_features` at a later snapshot.
    """

    placeholder_height = 1600

    def __init__(self, holdout, model, later, *, workbook=None, key="information.validation"):
        super().__init__("Can we trust the models that feed the other processes?", "information", workbook=workbook,
                         key=key, css_class="pcrm-validation", explanation=_HELP)
        self.holdout, self.model, self.later = holdout, model, later
        self.evaluation = model.evaluate()
        style = {"description_width": "150px"}
        self.value_if_bought = self.bound(W.BoundedFloatText(value=30.0, min=0.01, max=10_000, step=1,
                                                             description="Margin if bought ($)", style=style,
                                                             layout=W.Layout(width="100%")), "value_if_bought")
        self.value_if_bought.add_class("pcrm-validation-margin")
        self.cost_per_contact = self.bound(W.BoundedFloatText(value=2.75, min=0, max=1_000, step=0.05,
                                                              description="Cost per contact ($)", style=style,
                                                              layout=W.Layout(width="100%")), "cost_per_contact")
        self.cost_per_contact.add_class("pcrm-validation-cost")
        self.holdout_summary = HTML()
        self.holdout_chart = themed_figure("CDNOW holdout: repeat purchases per customer, actual and predicted",
                                           height=320)
        self.holdout_table = HTML()
        self.propensity_summary = HTML()
        self.propensity_summary.add_class("pcrm-validation-summary")
        self.gains_chart = themed_figure("Lift by decile of predicted propensity", height=300)
        self.calibration_chart = themed_figure("Calibration: observed against predicted rate", height=300)
        self.cutoff = HTML()
        self.cutoff.add_class("pcrm-validation-cutoff")
        self.staying = HTML()
        self._draw_fixed()
        self.set_panels(inputs=[HTML("<b>The economics of a contact</b>"), self.value_if_bought,
                                self.cost_per_contact, HTML(note("They set the profit-based cut-off of the "
                                                                 "propensity model."))],
                        result=[self.holdout_summary, self.holdout_chart, self.holdout_table,
                                self.propensity_summary, self.gains_chart, self.calibration_chart, self.cutoff,
                                self.staying])
        self.refresh()

    def _draw_fixed(self):
        h, e = self.holdout, self.evaluation
        totals, accuracy = h.totals, h.accuracy
        self.holdout_summary.value = (
            heading("1. The purchase model on a holdout period (CDNOW, weeks)")
            + headline("Holdout repeat purchases", f"{totals['predicted']:,.0f} predicted",
                       f"{totals['actual']:,.0f} actual: {format_percent(totals['error'])} error")
            + headline("Per-customer correlation", f"{accuracy['correlation']:.2f}",
                       f"mean absolute error {accuracy['mae']:.2f} purchases"))
        t = h.table
        replace_traces(self.holdout_chart, [
            go.Bar(x=list(map(str, t.index)), y=t["actual"], name="Actual", marker_color=SEQUENCE[2]),
            go.Bar(x=list(map(str, t.index)), y=t["predicted"], name="Predicted (BG/NBD)",
                   marker_color=INFORMATION_COLOUR)], barmode="group", legend={"orientation": "h", "y": -0.3},
            xaxis={"title": {"text": "Repeat purchases in the calibration period (39 weeks)"}},
            yaxis={"title": {"text": "Repeat purchases, holdout"}})
        self.holdout_table.value = manager_table(holdout_table(h), "pcrm-validation-holdout")
        self.propensity_summary.value = (
            heading("2. Who will buy in the next 13 weeks? A propensity model on held-out customers")
            + headline("Top-decile lift", f"{e['top_decile_lift']:.2f}", "buying rate of the top 10 % over the mean")
            + headline("Gini coefficient", f"{e['gini']:.3f}", "2 AUC - 1")
            + headline("Brier score", f"{e['brier']:.3f}", f"base rate {format_percent(e['base_rate'])}"))
        gains = e["gains"]
        replace_traces(self.gains_chart, [
            go.Bar(x=gains.index, y=gains["lift"], name="Lift", marker_color=INFORMATION_COLOUR),
            go.Scatter(x=gains.index, y=gains["cumulative_lift"], name="Cumulative lift", mode="lines+markers",
                       line={"color": SEQUENCE[2]})], legend={"orientation": "h", "y": -0.3},
            xaxis={"title": {"text": "Decile (1 = highest predicted propensity)"}, "dtick": 1},
            yaxis={"title": {"text": "Lift (1 = average)"}})
        cal = e["calibration"]
        top = float(max(cal["predicted"].max(), cal["observed"].max()))
        replace_traces(self.calibration_chart, [
            go.Scatter(x=[0, top], y=[0, top], name="Perfect calibration", mode="lines",
                       line={"dash": "dash", "color": FAINT}),
            go.Scatter(x=cal["predicted"], y=cal["observed"], name="Model", mode="lines+markers",
                       line={"color": INFORMATION_COLOUR})], legend={"orientation": "h", "y": -0.3},
            xaxis={"title": {"text": "Predicted probability of buying"}, "tickformat": ".0%"},
            yaxis={"title": {"text": "Observed rate"}, "tickformat": ".0%"})
        self.staying.value = (heading("Staying power: the same model 13 weeks later")
                              + manager_table(staying_power_table(self.model.staying_power(self.later)),
                                              "pcrm-validation-staying"))

    def cut_off(self):
        """The profit-based cut-off and the profit by depth of targeting (``PropensityModel.profit_cutoff``)."""
        return self.model.profit_cutoff(float(self.value_if_bought.value), float(self.cost_per_contact.value))

    def _refresh(self):
        cutoff, table = self.cut_off()
        best = table["realised_profit"].idxmax()
        shown = table.rename(index=lambda s: f"top {100 * s:.0f} %")
        shown = shown.apply(lambda c: c.map(lambda v: f"{v:,.0f}" if c.name == "customers" else format_currency(v)))
        shown.index.name = "customers contacted"
        self.cutoff.value = (heading("Profit-based cut-off")
                             + note(f"Contact a customer when the predicted probability is at least "
                                    f"{format_percent(cutoff)} (cost per contact / margin). Among the held-out "
                                    f"customers, contacting the top {100 * best:.0f} % earns the most.")
                             + manager_table(shown, "pcrm-validation-profit"))
