"""Customer-equity tools: the value of today's base plus future cohorts, and Blattberg & Deighton's optimiser."""
import html

import plotly.graph_objects as go

from ..theme import HIGHLIGHT, PROCESS_COLOURS, SEQUENCE, format_currency, format_number, format_percent
from ..value import customer_equity, equity_elasticities, optimise_blattberg_deighton
from ._base import ToolPanel
from ._styles import fine_print
from ._value_common import VALUE_COLOUR, big_number, full_width, replace_traces, themed_figure
from ._lean import FloatSlider, HTML, IntSlider

__all__ = ["CustomerEquityTool", "BlattbergDeightonTool"]

_CE_HELP = """
**Customer equity** = the CLV of today's customers + the value of future cohorts net of what it costs to acquire
them (Gupta, Lehmann & Stuart 2004, cohort form): $CE = \\sum_i CLV_i + \\sum_{k=1}^{K} n_k (CLV_{new} - AC)/(1+d)^k$,
with $n_k = n_1 (1+g)^{k-1}$ customers acquired in period $k$ and $CLV_{new}$ the simple CLV in the stated convention.

**Today's customers** are valued with the segment models (BG/NBD + Gamma-Gamma, section 3) over the horizon
stated under the figure; new customers with the simple CLV per year in convention A over the same horizon, its
margin and retention backed out of what the models predict for a newly acquired customer in their first two
years ($r = (1+d)(v_2 - v_1)/v_1$, $m = v_1(1+d)/r$). One horizon for both, so the two parts add up.

**Sensitivity**: the percentage change in customer equity when each driver improves by 1 %. Today's customers'
CLV scales with the margin; retention, discount rate, acquisition cost and cohort size act on future cohorts
only (the purchase models have no retention rate to change). Gupta, Lehmann & Stuart found that a 1 % better
retention raised firm value by about 5 %, against about 1 % for margin and 0.1 % for acquisition cost.
"""

_BD_HELP = """
Blattberg & Deighton (1996), in the workbook's notation: spending $A$ per prospect wins a share
$a = a_{max}(1-e^{-k_1 A})$; spending $R$ per customer and period keeps a share $r = r_{max}(1-e^{-k_2 R})$. With
$r' = r/(1+d)$, customer equity per prospect is $a\\,m - A + a\\,(m - R/r)\\,r'/(1-r')$. The optimum balances the
two budgets at the margin: a further dollar on either adds as much equity as it costs.
"""


class CustomerEquityTool(ToolPanel):
    """What is the whole customer base worth, today's customers and the ones we will acquire?

    Parameters
    ----------
    current_clv : float
        Sum of the CLVs of today's customers (e.g. ``SegmentValueResult.total_clv``).
    current_customers : int
        Number of today's customers.
    current_convention : str, optional
        How ``current_clv`` was computed (time unit, horizon, discounting), shown under the figure.
    """

    placeholder_height = 890

    def __init__(self, current_clv, current_customers, *, workbook=None, key="value.equity", cohort_size=1000,
                 margin=60.0, retention=0.7, discount=0.10, acquisition_cost=40.0, periods=10, growth=0.0,
                 convention="A", current_convention=None, horizon=None):
        super().__init__("What is our customer base worth, today's customers and tomorrow's together?", "value",
                         workbook=workbook, key=key, css_class="pcrm-customer-equity", explanation=_CE_HELP)
        self.current_clv, self.current_customers = float(current_clv), int(current_customers)
        style = {"description_width": "160px"}
        self.cohort = self.bound(IntSlider(value=cohort_size, min=0, max=20_000, step=100,
                                             description="New customers / period", style=style), "cohort_size")
        self.growth = self.bound(FloatSlider(value=growth, min=-0.2, max=0.3, step=0.01,
                                               description="Cohort growth", style=style), "growth")
        self.margin = self.bound(FloatSlider(value=margin, min=0, max=500, step=5, description="Margin / period",
                                               style=style), "margin")
        self.retention = self.bound(FloatSlider(value=retention, min=0, max=0.95, step=0.01,
                                                  description="Retention rate", style=style), "retention")
        self.discount = self.bound(FloatSlider(value=discount, min=0.01, max=0.3, step=0.01,
                                                 description="Discount rate", style=style), "discount")
        self.acquisition = self.bound(FloatSlider(value=acquisition_cost, min=0, max=500, step=5,
                                                    description="Acquisition cost", style=style), "acquisition_cost")
        self.periods = self.bound(IntSlider(value=periods, min=1, max=30, description="Future cohorts",
                                              style=style), "periods")
        self.convention, self.horizon = convention, horizon
        self.current_convention = current_convention or "CLV as given by the caller"
        self.readout = HTML()
        self.fig = themed_figure("Customer equity: today's base and future cohorts", height=280)
        self.tornado = themed_figure("Change in customer equity for a 1 % improvement", height=260)
        full_width(self.cohort, self.growth, self.margin, self.retention, self.discount, self.acquisition,
                   self.periods)
        self.set_panels(inputs=[self.cohort, self.growth, self.margin, self.retention, self.discount,
                                self.acquisition, self.periods], result=[self.readout, self.fig, self.tornado])
        self.refresh()

    def _refresh(self):
        kw = dict(margin=self.margin.value, retention=self.retention.value, discount=self.discount.value,
                  acquisition_cost=self.acquisition.value, periods=self.periods.value, growth=self.growth.value,
                  convention=self.convention, horizon=self.horizon)
        out = customer_equity(self.current_clv, cohort_size=self.cohort.value, **kw)
        self.readout.value = (big_number("Customer equity", format_currency(out["total"]),
                                         f"new customers valued per year in {out['convention']}")
                              + big_number("Today's customers", format_currency(out["current"]),
                                           f"{format_number(self.current_customers)} customers, valued with "
                                           "the segment models (see below)")
                              + big_number("Future cohorts, net of acquisition", format_currency(out["future"]),
                                           f"{self.periods.value} cohorts of about "
                                           f"{format_number(self.cohort.value)}")
                              + fine_print(f"Today's customers: {html.escape(self.current_convention)}",
                                           css_class="pcrm-equity-convention"))
        replace_traces(self.fig, [go.Bar(x=["Today's customers", "Future cohorts (net)", "Customer equity"],
                                         y=[out["current"], out["future"], out["total"]],
                                         marker_color=[PROCESS_COLOURS["strategy"], SEQUENCE[8], VALUE_COLOUR],
                                         text=[format_currency(v) for v in (out["current"], out["future"], out["total"])],
                                         textposition="auto")], yaxis={"title": "$ (present value)"})
        elastic = equity_elasticities(current_clv=self.current_clv, cohort_size=max(self.cohort.value, 1), **kw)
        replace_traces(self.tornado, [go.Bar(x=elastic.to_numpy(), y=elastic.index.tolist(), orientation="h",
                                             marker_color=VALUE_COLOUR, text=[format_percent(v, 2) for v in elastic],
                                             textposition="auto")],
                       xaxis={"title": "Change in customer equity", "tickformat": ".1%"},
                       yaxis={"autorange": "reversed"})
        self.save("result", {"total": out["total"], "current": out["current"], "future": out["future"],
                             "convention": out["convention"], "current_convention": self.current_convention})


class BlattbergDeightonTool(ToolPanel):
    """How should we split spending between acquiring and retaining customers?"""

    placeholder_height = 590

    def __init__(self, *, workbook=None, key="value.budget", margin=100.0, discount=0.10, a_max=0.4, k1=0.03,
                 r_max=0.85, k2=0.08):
        super().__init__("How should we split spending between winning and keeping customers?", "value",
                         workbook=workbook, key=key, css_class="pcrm-blattberg-deighton", explanation=_BD_HELP)
        style = {"description_width": "170px"}
        self.margin = self.bound(FloatSlider(value=margin, min=10, max=500, step=5, description="Margin / period",
                                               style=style), "margin")
        self.discount = self.bound(FloatSlider(value=discount, min=0.01, max=0.3, step=0.01,
                                                 description="Discount rate", style=style), "discount")
        self.a_max = self.bound(FloatSlider(value=a_max, min=0.05, max=1, step=0.01,
                                              description="Acquisition ceiling a_max", style=style), "a_max")
        self.k1 = self.bound(FloatSlider(value=k1, min=0.005, max=0.2, step=0.005, readout_format=".3f",
                                           description="Acquisition response k1", style=style), "k1")
        self.r_max = self.bound(FloatSlider(value=r_max, min=0.05, max=0.95, step=0.01,
                                              description="Retention ceiling r_max", style=style), "r_max")
        self.k2 = self.bound(FloatSlider(value=k2, min=0.005, max=0.3, step=0.005, readout_format=".3f",
                                           description="Retention response k2", style=style), "k2")
        self.readout = HTML()
        self.fig = themed_figure("Customer equity per prospect over acquisition and retention spend", height=380)
        full_width(self.margin, self.discount, self.a_max, self.k1, self.r_max, self.k2)
        self.set_panels(inputs=[self.margin, self.discount, self.a_max, self.k1, self.r_max, self.k2],
                        result=[self.readout, self.fig])
        self.refresh()

    def _refresh(self):
        best = optimise_blattberg_deighton(a_max=self.a_max.value, k1=self.k1.value, r_max=self.r_max.value,
                                           k2=self.k2.value, margin=self.margin.value, discount=self.discount.value,
                                           n_grid=61)
        self.readout.value = (big_number("Best acquisition spend", format_currency(best["acquisition_spend"]),
                                         f"per prospect; wins {format_percent(best['acquisition_rate'])}")
                              + big_number("Best retention spend", format_currency(best["retention_spend"]),
                                           f"per customer and period; keeps {format_percent(best['retention_rate'])}")
                              + big_number("Customer equity per prospect", format_currency(best["equity"], decimals=2)))
        replace_traces(self.fig, [
            go.Heatmap(x=best["grid_a"], y=best["grid_r"], z=best["grid_equity"], colorscale="Greens",
                       zmid=None, colorbar={"title": "$ / prospect"},
                       hovertemplate="A $%{x:.0f}, R $%{y:.0f}<br>CE $%{z:.2f}<extra></extra>"),
            go.Scatter(x=[best["acquisition_spend"]], y=[best["retention_spend"]], mode="markers",
                       marker={"symbol": "star", "size": 16, "color": HIGHLIGHT}, name="optimum")],
            xaxis={"title": "Acquisition spend A per prospect ($)"},
            yaxis={"title": "Retention spend R per customer-period ($)"}, showlegend=False)
        self.save("optimum", {k: best[k] for k in ("acquisition_spend", "retention_spend", "equity")})
