"""Cost to serve and the whale curve, with an editable table of unit costs per channel."""
import ipywidgets as W
import plotly.graph_objects as go

from ..channels import cost_to_serve, customer_profitability, profitability_by, profitability_table, whale_curve_by
from ..theme import FAINT, SEQUENCE
from ._base import ToolPanel
from ._lean import FloatSlider, HTML, ToggleButtons
from ._value_common import full_width, replace_traces, themed_figure
from .channels_common import CHANNELS_COLOUR, headline, manager_table

__all__ = ["CostToServeTool"]

_HELP = """
**Activity-based cost to serve**: a customer's cost is the sum over channels of their interactions times the
channel's cost per interaction, $\\text{CTS}_i = \\sum_c n_{ic} u_c$ (time-driven ABC would use handling minutes
times a cost per minute instead). **Profit** = revenue × gross margin − cost to serve, over the two years of the
log.

**The whale curve** (Cooper & Kaplan 1991) ranks customers from the most to the least profitable and plots the
cumulative share of total profit. It rises above 100 % while profitable customers are added and falls back as the
loss-makers are: its peak says how much profit the loss-makers destroy.
"""


class CostToServeTool(ToolPanel):
    """What does it cost to serve each segment, and which customers lose money?

    Parameters
    ----------
    log : pandas.DataFrame
        The interaction log (``customer_id, channel``).
    customers : pandas.DataFrame
        ``customer_id, segment``.
    transactions : pandas.DataFrame
        ``customer_id, amount``.
    channels : pandas.DataFrame
        ``channel, unit_cost``: the starting unit costs.
    labels, segment_labels : dict, optional
        Display names of channels and segments.
    """

    placeholder_height = 980

    def __init__(self, log, customers, transactions, channels, *, labels=None, segment_labels=None, workbook=None,
                 key="channels.cost"):
        super().__init__("What does it cost to serve each segment, and which customers lose money?", "channels",
                         workbook=workbook, key=key, css_class="pcrm-cost-to-serve", explanation=_HELP)
        self.interactions, self.customers, self.transactions = log, customers[["customer_id", "segment"]], transactions
        self.labels, self.segment_labels = dict(labels or {}), dict(segment_labels or {})
        saved = self.load("unit_costs") or {}
        style = {"description_width": "170px"}
        self.unit_costs = {}
        for channel, cost in zip(channels["channel"], channels["unit_cost"]):
            box = W.BoundedFloatText(value=float(saved.get(channel, cost)), min=0, max=10_000, step=0.05,
                                     description=self.labels.get(channel, channel), style=style,
                                     layout=W.Layout(width="100%"))
            box.add_class(f"pcrm-unit-cost-{channel}")
            box.observe(self._on_cost, names="value")
            self.unit_costs[channel] = box
        self.margin = self.bound(FloatSlider(value=0.4, min=0.05, max=0.8, step=0.01, readout_format=".0%",
                                             description="Gross margin", style=style), "gross_margin")
        self.margin.add_class("pcrm-cost-margin")
        self.by = self.bound(ToggleButtons(options=[("By segment", "segment"), ("By main channel", "main_channel")],
                                           value="segment", description="Show",
                                           style=dict(style, button_width="120px")), "by")
        self.by.add_class("pcrm-cost-by")
        full_width(self.margin)
        self.summary = HTML()
        self.summary.add_class("pcrm-cost-summary")
        self.table = HTML()
        self.chart = themed_figure("Whale curve: cumulative share of total profit, most profitable customers first",
                                   height=400)
        self.set_panels(inputs=[HTML("<b>Cost per interaction ($)</b>"), *self.unit_costs.values(), self.margin, self.by],
                        result=[self.summary, self.chart, self.table])
        self.refresh()

    def costs(self):
        """The unit costs as edited, ``{channel: $ per interaction}``."""
        return {channel: float(box.value) for channel, box in self.unit_costs.items()}

    def _on_cost(self, _change):
        self.save("unit_costs", self.costs())
        self.refresh()

    def profitability(self):
        """Revenue, cost to serve and profit per customer (:func:`~paynecrm_kernel.channels.customer_profitability`)."""
        costs = cost_to_serve(self.interactions, unit_costs=self.costs(), customers=self.customers)
        return customer_profitability(self.transactions, costs, gross_margin=float(self.margin.value))

    def _refresh(self):
        profit = self.profitability()
        by = self.by.value
        whole, overall = whale_curve_by(profit)
        curves, _ = whale_curve_by(profit, by)
        grouped = profitability_by(profit, by)
        peak = overall.iloc[0]
        self.summary.value = (
            headline("Cost to serve, two years", f"${profit['cost_to_serve'].sum():,.0f}",
                     f"{100 * profit['cost_to_serve'].sum() / profit['revenue'].sum():.1f} % of revenue") +
            headline("Loss-making customers", f"{100 * (~profit['profitable']).mean():.1f} %",
                     "gross margin below their cost to serve") +
            headline("Whale-curve peak", f"{100 * peak['peak_share']:.0f} %",
                     f"of total profit, earned by the most profitable {100 * peak['peak_at']:.0f} % of customers"))
        labels = self.segment_labels if by == "segment" else self.labels
        traces = [go.Scatter(x=whole["share_customers"], y=whole["cumulative_profit_share"], name="All customers",
                             line={"color": CHANNELS_COLOUR, "width": 3})]
        for i, (group, part) in enumerate(curves.groupby(by, sort=True)):
            traces.append(go.Scatter(x=part["share_customers"], y=part["cumulative_profit_share"],
                                     name=labels.get(group, str(group)),
                                     line={"color": SEQUENCE[(i + 2) % len(SEQUENCE)], "width": 1.5, "dash": "dot"}))
        replace_traces(self.chart, traces, legend={"orientation": "h", "y": -0.25},
                       xaxis={"title": {"text": "Customers, most profitable first (share)"}, "tickformat": ".0%"},
                       yaxis={"title": {"text": "Cumulative share of the group's profit"}, "tickformat": ".0%"},
                       shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 1, "y1": 1,
                                "line": {"dash": "dash", "color": FAINT}}])
        self.table.value = manager_table(profitability_table(grouped, labels), "pcrm-cost-table")
