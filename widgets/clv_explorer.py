"""CLV explorer: what each segment is worth, whether the models predicted the holdout, and who is still alive."""
import ipywidgets as W
import plotly.graph_objects as go

from ..clv import frequency_recency_grid
from ..theme import BASELINE, SEQUENCE, format_currency, format_number, format_percent
from ._base import ToolPanel
from ._styles import caution_note, fine_print
from ._tables import rows_table
from ._value_common import VALUE_COLOUR, replace_traces, themed_figure
from ._lean import Dropdown, HTML, ToggleButtons

__all__ = ["CLVExplorer"]

_HELP = """
**Purchases** (BG/NBD, Fader, Hardie & Lee 2005a): while active a customer buys at rate $\\lambda$; after each
purchase they drop out with probability $p$; $\\lambda \\sim Gamma(r, \\alpha)$ and $p \\sim Beta(a, b)$ across customers.
$P(\\text{alive}) = 1/(1 + \\tfrac{a}{b+x-1}((\\alpha+T)/(\\alpha+t_x))^{r+x})$ for $x>0$ repeat purchases, last at $t_x$,
first purchase $T$ ago.

**Spend** (Gamma-Gamma, Fader, Hardie & Lee 2005b): $E[M \\mid x, \\bar m] = w\\,\\bar m + (1-w)\\,p\\gamma/(q-1)$ with
$w = px/(px+q-1)$.

**Value over the horizon** $= \\sum_k (E[Y(t_k)] - E[Y(t_{k-1})]) \\cdot (E[M] \\cdot margin - c)/(1+d)^{t_k}$: the
discounted expected margin of repeat purchases over a finite horizon (a truncated value, called by its horizon,
not a lifetime value), net of the customer's cost to serve per purchase $c$.

**Holdout check**: models fitted on the calibration period predict each customer's repeat purchases in the
holdout period; the chart compares the mean per calibration frequency with what actually happened.

**Pyramid tiers** (Zeithaml, Rust & Lemon 2001), on value net of the cost to serve: lead = the customers
expected to cost more to serve than they earn; platinum = the top 20 % of customers, gold the next 30 %, iron the
rest (a common convention, not fixed by the article).
"""


class CLVExplorer(ToolPanel):
    """Explore a :class:`~paynecrm_kernel.value.SegmentValueResult`.

    Parameters
    ----------
    result : SegmentValueResult
    workbook, key
        Persistence of the chosen view and segment; the CLV per segment is saved for the capstone.
    """

    placeholder_height = 530

    def __init__(self, result, *, workbook=None, key="value.clv"):
        super().__init__("Which segments are worth most over the horizon, net of the cost to serve them, and "
                         "can we trust the forecast?",
                         "value", workbook=workbook, key=key, css_class="pcrm-clv-explorer", explanation=_HELP)
        self.result = result
        self._views = {"Value by segment": self._draw_value, "Holdout check": self._draw_holdout,
                       "P(alive)": self._draw_palive, "Pyramid tiers": self._draw_pyramid}
        self.view = self.bound(ToggleButtons(options=list(self._views), value="Value by segment",
                                               style={"button_width": "120px"}), "view")
        self.segment = self.bound(Dropdown(options=list(result.segments.index), description="Segment",
                                           layout=W.Layout()), "segment")     # its own: it is shown and hidden
        self.fig = themed_figure("Total value by segment", height=360)
        self.table = HTML()
        self.note = HTML(fine_print(f"How the values are computed: {result.convention}."))
        self.set_panels(inputs=[self.view, self.segment, self.table], result=[self.fig, self.note])
        self.save("by_segment", {str(k): float(v) for k, v in result.segments["total_net_value"].items()})
        self.refresh()

    def _refresh(self):
        view, r = self.view.value, self.result
        self.segment.layout.display = None if view in ("Holdout check", "P(alive)") else "none"
        self._views[view](r)

    def _draw_value(self, r):
        seg = r.segments
        replace_traces(self.fig, [go.Bar(x=seg.index.tolist(), y=seg["total_net_value"], marker_color=VALUE_COLOUR,
                                         text=[format_currency(v) for v in seg["total_net_value"]],
                                         textposition="auto", customdata=seg["mean_net_value"],
                                         hovertemplate="%{x}<br>total $%{y:,.0f}<br>per customer $%{customdata:,.2f}"
                                                       "<extra></extra>")],
                       title={"text": "Total value by segment, net of the cost to serve"}, yaxis={"title": "$"},
                       xaxis={"title": None})
        rows = [[name, format_number(row["customers"]), format_currency(row["mean_net_value"], decimals=2),
                 format_percent(row["share_of_net_value"])] for name, row in seg.iterrows()]
        self.table.value = rows_table(rows, ["Segment", "Customers", "Value / customer", "Share of value"])

    def _draw_holdout(self, r):
        table = r.holdout[self.segment.value]
        if table is None:
            replace_traces(self.fig, [], title={"text": f"No holdout check: {self.segment.value}"})
            self.table.value = ""
            self.show_message(f"'{self.segment.value}' has no customers in the calibration period, so there is "
                              "nothing to check; choose another segment.", kind="info")
            return
        replace_traces(self.fig, [
            go.Bar(x=table.index.astype(str).tolist(), y=table["actual"], name="actual", marker_color=BASELINE),
            go.Bar(x=table.index.astype(str).tolist(), y=table["predicted"], name="predicted",
                   marker_color=VALUE_COLOUR)],
            title={"text": f"Holdout repeat purchases per customer: {self.segment.value}"}, barmode="group",
            xaxis={"title": "Repeat purchases in the calibration period"},
            yaxis={"title": "Mean repeat purchases in the holdout"})
        seg = r.segments.loc[self.segment.value]
        rows = [["Actual", f"{seg['holdout_actual']:.2f}"], ["Predicted", f"{seg['holdout_predicted']:.2f}"],
                ["Error", format_percent(seg["holdout_error"], 0)]]
        note = caution_note(seg["note"]) if seg.get("note") else ""
        self.table.value = rows_table(rows, ["Holdout purchases / customer", ""]) + note

    def _draw_palive(self, r):
        bg, _ = r.models[self.segment.value]
        grid = frequency_recency_grid(bg, "probability_alive", max_frequency=15, n_recency=30)
        replace_traces(self.fig, [go.Heatmap(z=grid.to_numpy(), x=[float(c) for c in grid.columns],
                                             y=grid.index.tolist(), colorscale="Greens", zmin=0, zmax=1,
                                             colorbar={"title": "P(alive)"},
                                             hovertemplate="recency %{x:.0f}, frequency %{y}<br>P(alive) %{z:.2f}"
                                                           "<extra></extra>")],
                       title={"text": f"Probability a customer is still active: {self.segment.value}"},
                       xaxis={"title": f"Recency (time of last purchase, {r.time_unit})"},
                       yaxis={"title": "Repeat purchases"})
        params = bg.params
        self.table.value = rows_table([[k, f"{float(v):.3f}"] for k, v in params.items()], ["BG/NBD", "estimate"])

    def _draw_pyramid(self, r):
        profile = r.pyramid
        replace_traces(self.fig, [go.Bar(x=profile.index.tolist(), y=profile["total_value"],
                                         marker={"color": SEQUENCE[:4]},
                                         text=[f"{format_number(c)} customers" for c in profile["customers"]],
                                         textposition="auto")],
                       title={"text": "Customer pyramid on value net of the cost to serve"},
                       yaxis={"title": "Total value ($)"})
        rows = [[tier, format_number(row["customers"]), format_currency(row["mean_value"], decimals=2),
                 format_percent(row["share_value"])] for tier, row in profile.iterrows()]
        self.table.value = rows_table(rows, ["Tier", "Customers", "Mean value", "Share of value"])
