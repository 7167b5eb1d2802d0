"""CLV explorer: what each segment is worth, whether the models predicted the holdout, and who is still alive."""
import ipywidgets as W
import plotly.graph_objects as go

from ..clv import frequency_recency_grid
from ..theme import SEQUENCE, format_currency, format_number, format_percent
from ._base import ToolPanel
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

**CLV** $= \\sum_k (E[Y(t_k)] - E[Y(t_{k-1})]) \\cdot E[M] \\cdot margin/(1+d)^{t_k}$ over the horizon.

**Holdout check**: models fitted on the calibration period predict each customer's repeat purchases in the
holdout period; the chart compares the mean per calibration frequency with what actually happened.

**Pyramid tiers** (Zeithaml, Rust & Lemon 2001): platinum = top 20 % of customers by CLV, gold the next 30 %,
iron the next 30 %, lead the bottom 20 % (a common convention, not fixed by the article).
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
        super().__init__("Which segments are worth most over their lifetime, and can we trust the forecast?",
                         "value", workbook=workbook, key=key, css_class="pcrm-clv-explorer", explanation=_HELP)
        self.result = result
        self.view = self.bound(ToggleButtons(options=["CLV by segment", "Holdout check", "P(alive)",
                                                        "Pyramid tiers"], value="CLV by segment",
                                               style={"button_width": "120px"}), "view")
        self.segment = self.bound(Dropdown(options=list(result.segments.index), description="Segment",
                                           layout=W.Layout()), "segment")     # its own: it is shown and hidden
        self.fig = themed_figure("Total CLV by segment", height=360)
        self.table = HTML()
        self.note = HTML(f"<div style='font-size:11px;color:#777'>CLV convention: {result.convention}</div>")
        self.set_panels(inputs=[self.view, self.segment, self.table], result=[self.fig, self.note])
        self.save("by_segment", {str(k): float(v) for k, v in result.segments["total_clv"].items()})
        self.refresh()

    def _refresh(self):
        view, r = self.view.value, self.result
        self.segment.layout.display = None if view in ("Holdout check", "P(alive)") else "none"
        getattr(self, "_draw_" + view.split()[0].lower().replace("(", "").replace(")", ""))(r)

    def _draw_clv(self, r):
        seg = r.segments
        replace_traces(self.fig, [go.Bar(x=seg.index.tolist(), y=seg["total_clv"], marker_color=VALUE_COLOUR,
                                         text=[format_currency(v) for v in seg["total_clv"]], textposition="auto",
                                         customdata=seg["mean_clv"],
                                         hovertemplate="%{x}<br>total $%{y:,.0f}<br>per customer $%{customdata:,.2f}"
                                                       "<extra></extra>")],
                       title={"text": "Total CLV by segment"}, yaxis={"title": "CLV ($)"}, xaxis={"title": None})
        rows = [[name, format_number(row["customers"]), format_currency(row["mean_clv"], decimals=2),
                 format_percent(row["share_of_clv"])] for name, row in seg.iterrows()]
        self.table.value = rows_table(rows, ["Segment", "Customers", "CLV / customer", "Share of CLV"])

    def _draw_holdout(self, r):
        table = r.holdout[self.segment.value]
        if table is None:
            replace_traces(self.fig, [], title={"text": f"No holdout check: {self.segment.value}"})
            self.table.value = ""
            self.show_message(f"'{self.segment.value}' has no customers in the calibration period, so there is "
                              "nothing to check; choose another segment.", kind="info")
            return
        replace_traces(self.fig, [
            go.Bar(x=table.index.astype(str).tolist(), y=table["actual"], name="actual", marker_color="#9e9e9e"),
            go.Bar(x=table.index.astype(str).tolist(), y=table["predicted"], name="predicted",
                   marker_color=VALUE_COLOUR)],
            title={"text": f"Holdout repeat purchases per customer: {self.segment.value}"}, barmode="group",
            xaxis={"title": "Repeat purchases in the calibration period"},
            yaxis={"title": "Mean repeat purchases in the holdout"})
        seg = r.segments.loc[self.segment.value]
        self.table.value = rows_table([["Actual", f"{seg['holdout_actual']:.3f}"],
                                       ["Predicted", f"{seg['holdout_predicted']:.3f}"]],
                                      ["Holdout purchases / customer", ""])

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
        replace_traces(self.fig, [go.Funnel(y=profile.index.tolist(), x=profile["total_value"],
                                            marker={"color": SEQUENCE[:4]},
                                            text=[f"{format_number(c)} customers" for c in profile["customers"]],
                                            textinfo="text+percent total")],
                       title={"text": "Customer pyramid on CLV"})
        rows = [[tier, format_number(row["customers"]), format_currency(row["mean_value"], decimals=2),
                 format_percent(row["share_value"])] for tier, row in profile.iterrows()]
        self.table.value = rows_table(rows, ["Tier", "Customers", "Mean CLV", "Share of CLV"])
