"""Tornado of customer-equity drivers: our elasticities beside Gupta, Lehmann & Stuart's published ones."""
import plotly.graph_objects as go

from ..performance import customer_equity_elasticities
from ..theme import MUTED, format_currency, format_number
from ._base import ToolPanel
from ._lean import FloatSlider, HTML, IntSlider, ToggleButtons
from ._tables import rows_table
from ._value_common import full_width, replace_traces, themed_figure
from .performance_common import PERFORMANCE_COLOUR, headline, signed

__all__ = ["EquityDriversTool"]

_DRIVERS = {"retention": "Retention rate", "margin": "Margin", "acquisition_cost": "Acquisition cost",
            "discount_rate": "Discount rate"}

_HELP = """
**Customer equity** is the value of today's customers plus future yearly cohorts net of acquisition cost:
$CE = \\text{today} + \\sum_{k=1}^{K} n_k (CLV_{new} - AC)/(1+d)^k$, with the simple CLV $m\\,r/(1+d-r)$ per new
customer (convention A: the first margin at the end of the first year, if retained).

**Elasticity** of customer equity to a driver $x$: $\\partial \\ln CE / \\partial \\ln x$, computed in closed form.
The bar shows the per cent change in customer equity when the driver *improves* by 1 % (retention and margin up,
acquisition cost and discount rate down), to first order.

**Published values** (Gupta, Lehmann & Stuart 2004, five firms): 1 % better retention raised firm value by about
5 % (3-7 %), margin by about 1 %, acquisition cost by about 0.1 % (0.02-0.3 %); a 1 % change in the discount rate
mattered about a fifth as much as retention. They valued today's customers like new ones (simple CLV); valuing
them with their model CLV instead lets retention act on future cohorts only, so its elasticity falls.
"""


class EquityDriversTool(ToolPanel):
    """Which driver of customer equity matters most, and how do our figures compare with the published ones?

    Parameters
    ----------
    current_customers : int
        Today's customers.
    current_clv : float
        Their total model CLV (e.g. the value chapter's segment models), used when valued "with their model CLV".
    clv_note : str
        How ``current_clv`` was computed (time unit, horizon, margin), shown beside the result.
    periods : int
        Future yearly cohorts counted.
    """

    placeholder_height = 760

    def __init__(self, current_customers, current_clv, *, workbook=None, key="performance.equity",
                 clv_note="model CLV of today's customers", periods=10):
        super().__init__("Which driver moves customer equity most, and how do we compare with published firms?",
                         "performance", workbook=workbook, key=key, css_class="pcrm-equity-drivers",
                         explanation=_HELP)
        self.current_customers, self.current_clv = int(current_customers), float(current_clv)
        self.clv_note, self.periods = clv_note, int(periods)
        style = {"description_width": "150px"}
        self.valuation = self.bound(ToggleButtons(options=[("Simple CLV", "simple_clv"), ("Model CLV", "model_clv")],
                                                  value="simple_clv", description="Value today's base by",
                                                  tooltips=["The simple CLV at the same margin, as Gupta et al.",
                                                            "Their CLV from the segment models"],
                                                  style=dict(style, button_width="100px")), "valuation")
        self.valuation.add_class("pcrm-equity-valuation")
        self.retention = self.bound(FloatSlider(value=0.6, min=0.05, max=0.95, step=0.01,
                                                description="Retention / year",
                                                readout_format=".0%", style=style), "retention")
        self.retention.add_class("pcrm-equity-retention")
        self.margin = self.bound(FloatSlider(value=60, min=5, max=500, step=5, description="Margin / year ($)",
                                             readout_format=",.0f", style=style), "margin")
        self.discount = self.bound(FloatSlider(value=0.10, min=0.01, max=0.3, step=0.01,
                                               description="Discount rate / year", readout_format=".0%",
                                               style=style), "discount")
        self.acquisition = self.bound(FloatSlider(value=40, min=0, max=300, step=5,
                                                  description="Acquisition cost ($)", readout_format=",.0f",
                                                  style=style), "acquisition_cost")
        self.cohort = self.bound(IntSlider(value=2500, min=100, max=20_000, step=100,
                                           description="New customers / year", readout_format=",d",
                                           style=style), "cohort_size")
        full_width(self.retention, self.margin, self.discount, self.acquisition, self.cohort)
        self.readout = HTML()
        self.readout.add_class("pcrm-equity-readout")
        self.table = HTML()
        self.table.add_class("pcrm-equity-table")
        self.tornado = themed_figure("Change in customer equity for a 1 % improvement in each driver", height=300)
        self.set_panels(inputs=[self.valuation, self.retention, self.margin, self.discount, self.acquisition,
                                self.cohort], result=[self.readout, self.tornado, self.table])
        self.refresh()

    def elasticities(self):
        """The library's elasticity table for the current inputs."""
        base = ({"current_customers": self.current_customers} if self.valuation.value == "simple_clv"
                else {"current_clv": self.current_clv})
        return customer_equity_elasticities(**base, cohort_size=self.cohort.value, margin=self.margin.value,
                                            retention=self.retention.value, discount=self.discount.value,
                                            acquisition_cost=self.acquisition.value, periods=self.periods)

    def _refresh(self):
        table = self.elasticities()
        effect = table["improvement_effect"]
        valued = ("valued with the simple CLV at the same margin" if self.valuation.value == "simple_clv"
                  else f"valued at their {self.clv_note}")
        self.readout.value = (
            headline("Customer equity", format_currency(table.attrs["customer_equity"]),
                     f"{format_number(self.current_customers)} customers today, {valued}; "
                     f"{self.periods} future yearly cohorts; {table.attrs['convention']}")
            + headline("1 % better retention", signed(effect["retention"], 2, "%"),
                       "change in customer equity; Gupta, Lehmann & Stuart: about +5 % (3-7 %)"))
        order = effect.abs().sort_values().index
        labels = [_DRIVERS[d] for d in order]
        published = table.loc[order]
        low = (published["published"] - published["published_low"]).fillna(0)
        high = (published["published_high"] - published["published"]).fillna(0)
        replace_traces(self.tornado, [
            go.Bar(x=effect[order], y=labels, orientation="h", name="Hearth & Home (this model)",
                   marker_color=PERFORMANCE_COLOUR, text=[signed(v, 2, "%") for v in effect[order]],
                   textposition="outside", cliponaxis=False),
            go.Scatter(x=published["published"], y=labels, mode="markers", name="Gupta, Lehmann & Stuart (2004)",
                       marker={"symbol": "diamond", "size": 11, "color": MUTED},
                       error_x={"type": "data", "symmetric": False, "array": high, "arrayminus": low,
                                "color": MUTED})],
            xaxis={"title": "Change in customer equity (%)", "ticksuffix": " %"},
            legend={"orientation": "h", "y": -0.3}, margin={"l": 120, "r": 40, "t": 50, "b": 80})
        rows = [[_DRIVERS[d], signed(row["improvement_effect"], 2, "%"), row["source"],
                 f"{row['ratio_to_published']:.1f} ×"]
                for d, row in table.iterrows()]
        self.table.value = rows_table(rows, ["Driver improved by 1 %", "Customer equity", "Published",
                                             "Ours / published"], process="performance",
                                      css_class="pcrm-equity-comparison")
        self.save("result", {"total": table.attrs["customer_equity"], "current": table.attrs["current"],
                             "future": table.attrs["future"]})
