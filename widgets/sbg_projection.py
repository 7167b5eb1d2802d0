"""Contractual retention tools: sBG retention economics by segment, and the "periods used to fit" slider."""
import plotly.graph_objects as go

from ..theme import BASELINE, INK, MUTED, SEQUENCE, format_currency, format_number, format_percent
from ..value import naive_and_sbg_projections, segment_retention_economics
from ._base import ToolPanel
from ._styles import fine_print, help_text
from ._tables import rows_table
from ._value_common import VALUE_COLOUR, replace_traces, themed_figure
from ._lean import Dropdown, HTML, IntSlider

__all__ = ["SBGProjectionTool"]

ALL = "All segments"

_HELP = """
**sBG model** (Fader & Hardie 2007): at the end of each period a subscriber cancels with probability $\\theta$,
fixed for that subscriber; across subscribers $\\theta \\sim Beta(\\alpha, \\beta)$. The share still active after $t$
periods is $S(t) = B(\\alpha, \\beta + t)/B(\\alpha, \\beta)$ and the retention rate of the survivors,
$r_t = (\\beta + t - 1)/(\\alpha + \\beta + t - 1)$, **rises** with tenure: the customers most likely to leave leave
first. $\\alpha, \\beta$ are estimated by maximum likelihood from the counts lost in each period and still active at
the end.

**Naive curves** (ordinary least squares on the share still active, periods $0..k$): linear $S(t) = a + bt$
(floored at 0) and exponential $\\ln S(t) = a + bt$, which is a constant retention rate $e^b$.

**Value of a new subscriber** $= fee \\times DEL$ with $DEL = {}_2F_1(1, \\beta; \\alpha + \\beta; 1/(1+d))$, the expected
discounted number of fees, the first paid at sign-up and undiscounted (Fader & Hardie 2010), in months.

**Pooling** (the workbook's rule): per segment, the monthly cohorts observed for at least 12 months are
added up period by period, so every pooled contract is observed over the same months.
"""


class SBGProjectionTool(ToolPanel):
    """Fit linear, exponential and sBG curves to the first ``k`` periods of a survivor curve; compare with actuals.

    Parameters
    ----------
    survivors : pandas.DataFrame
        Survivor counts per period (rows, from 0) and segment (columns), as from
        :func:`paynecrm_kernel.value.segment_survivors`.
    fees : mapping
        Fee per period per segment, for the retention economics table.
    discount_rate : float
        Discount rate per period.
    time_unit : str
        Name of the period, e.g. ``"months"``.
    """

    placeholder_height = 720

    def __init__(self, survivors, fees, *, discount_rate=0.01, time_unit="months", workbook=None,
                 key="value.sbg", fit_periods=4):
        super().__init__("How many subscribers will still be with us next year, and what is a new one worth?",
                         "value", workbook=workbook, key=key, css_class="pcrm-sbg", explanation=_HELP)
        self.survivors, self.time_unit = survivors, time_unit
        self.economics = segment_retention_economics(survivors, fees, discount_rate=discount_rate,
                                                     time_unit=time_unit)
        self.segment = self.bound(Dropdown(options=[ALL] + list(survivors.columns), value=ALL,
                                             description="Segment"), "segment")
        self.fit_periods = self.bound(IntSlider(value=fit_periods, min=2, max=len(survivors) - 2,
                                                  description="Periods used to fit",
                                                  style={"description_width": "130px"}), "fit_periods")
        self.fit_periods.add_class("pcrm-sbg-periods")
        self.errors = HTML()
        self.errors.add_class("pcrm-sbg-errors")
        self.table = HTML(self._economics_table())
        self.fig = themed_figure("Share of subscribers still active", height=340)
        self.set_panels(inputs=[self.segment, self.fit_periods, self.errors],
                        result=[self.fig, self.table])
        self.save("economics", {name: {"clv": round(row["clv"], 2), "mean_churn": round(row["mean_churn"], 4),
                                       "expected_lifetime": round(row["expected_lifetime"], 3)}
                                for name, row in self.economics.iterrows()})
        self.refresh()

    def _economics_table(self):
        e = self.economics
        rows = [[name, format_number(row["contracts"]), format_percent(row["mean_churn"]),
                 f"{format_percent(row['retention_first'])} → {format_percent(row['retention_last'])}",
                 f"{row['expected_lifetime']:.1f}", format_currency(row["fee"], decimals=2),
                 format_currency(row["clv"], decimals=2)] for name, row in e.iterrows()]
        note = fine_print(f"Time unit: {self.time_unit}; discount rate {format_percent(e.attrs['discount_rate'])} a "
                          f"month. CLV convention: {e.attrs['convention']}.", style="margin-top:4px")
        return rows_table(rows, ["Segment", "Contracts pooled", "Mean churn / month", "Retention month 1 → 12",
                                 "DEL (months)", "Fee / month", "CLV of a new subscriber"]) + note

    def _refresh(self):
        name = self.segment.value
        counts = self.survivors.sum(axis=1) if name == ALL else self.survivors[name]
        k = self.fit_periods.value
        table = naive_and_sbg_projections(counts.to_numpy(), k)
        t = table.index.tolist()
        colours = {"linear": SEQUENCE[1], "exponential": SEQUENCE[4], "sBG": VALUE_COLOUR}
        traces = [go.Scatter(x=t, y=table[m], mode="lines", name=f"{m} fit", line={"color": colours[m],
                                                                                    "dash": "dot" if m != "sBG"
                                                                                    else "solid"})
                  for m in ("linear", "exponential", "sBG")]
        traces.append(go.Scatter(x=t, y=table["actual"], mode="markers", name="actual",
                                 marker={"color": INK, "size": 8}))
        replace_traces(self.fig, traces,
                       title={"text": f"Share still active: {name} ({format_number(counts.iloc[0])} contracts)"},
                       xaxis={"title": f"Period ({self.time_unit} since sign-up)", "dtick": 1},
                       yaxis={"title": "Share of the cohort still active", "tickformat": ".0%", "range": [0, 1.05]},
                       shapes=[{"type": "line", "x0": k, "x1": k, "y0": 0, "y1": 1, "yref": "paper",
                                "line": {"color": BASELINE, "dash": "dash"}}],
                       annotations=[{"x": k, "y": 1.0, "yref": "paper", "text": "fitted ← | → projected",
                                     "showarrow": False, "xanchor": "center", "yanchor": "bottom",
                                     "font": {"size": 11, "color": MUTED}}],
                       legend={"orientation": "h", "y": -0.25})
        mape = table.attrs["mape"]
        self.errors.value = rows_table(
            [[m, format_percent(mape[m])] for m in ("linear", "exponential", "sBG")],
            ["Projection", f"Mean error, periods {k + 1}–{t[-1]}"]) + (
            help_text(f"sBG fitted on periods 0–{k}: α = {table.attrs['alpha']:.2f}, β = {table.attrs['beta']:.2f}.",
                      style="margin-top:6px"))
