"""The migration simulator: move a share of one segment's contacts to another channel and weigh the cost saved
against the value put at risk."""
import plotly.graph_objects as go

from ..channels import migration_table, simulate_migration
from ..theme import PROCESS_COLOURS, RAG
from ..workbook.keys import channels as keys
from ._base import ToolPanel
from ._lean import Dropdown, FloatSlider, HTML
from ._value_common import full_width, replace_traces, themed_figure
from .channels_common import ASSOCIATION_NOTE, headline, label_options, manager_table, note

__all__ = ["MigrationSimulator"]

_HELP = """
A **move** shifts a share of one segment's contacts at one buying stage from one channel to another. For each
customer, the cost to serve changes by the contacts moved times the difference in unit cost, and their channel
satisfaction by the moved share of their contacts times the difference in the channels' mean satisfaction
(survey, 1-7).

**Retention** changes by the assumed points of retention per point of satisfaction. **Lifetime value** is the
simple retention-based CLV of the yearly margin after cost to serve (first margin at the end of year 1, 10 % a
year discount). **Value at risk** is the value lost through lower retention; **pushed below break-even** counts
customers whose yearly profit turns negative.
"""


class MigrationSimulator(ToolPanel):
    """Which contacts could move to cheaper channels, and what would that put at risk?

    Parameters
    ----------
    log : pandas.DataFrame
        The interaction log (``customer_id, timestamp, stage, channel``).
    customers : pandas.DataFrame
        ``customer_id, segment, gross_profit`` (:func:`~paynecrm_kernel.channels.customer_profitability`).
    channels : pandas.DataFrame
        ``channel, unit_cost``; the unit costs edited in the cost-to-serve tool win when saved.
    satisfaction : pandas.Series
        Mean channel satisfaction (1-7) by channel.
    labels, segment_labels : dict, optional
    """

    placeholder_height = 980

    def __init__(self, log, customers, channels, satisfaction, *, labels=None, segment_labels=None, workbook=None,
                 key=keys.MIGRATION):
        super().__init__("Which contacts could move to cheaper channels, and what would that put at risk?",
                         "channels", workbook=workbook, key=key, css_class="pcrm-migration", explanation=_HELP)
        self.interactions, self.customers, self.satisfaction = log, customers, satisfaction
        self.labels, self.segment_labels = dict(labels or {}), dict(segment_labels or {})
        self.start_costs = dict(zip(channels["channel"], channels["unit_cost"].astype(float)))
        channel_options = label_options(list(self.start_costs), self.labels)
        stages = [str(s) for s in log["stage"].astype("category").cat.categories] if "stage" in log else []
        style = {"description_width": "120px"}
        self.segment = self.bound(Dropdown(options=[("All segments", "all")] + label_options(
            sorted(customers["segment"].unique()), self.segment_labels), value="all", description="Segment",
            style=style), "segment")
        self.stage = self.bound(Dropdown(options=[("All stages", "all")] + [(s, s) for s in stages],
                                         value="after-sales" if "after-sales" in stages else "all",
                                         description="Buying stage", style=style), "stage")
        self.from_channel = self.bound(Dropdown(options=channel_options, value="call_centre"
                                                if "call_centre" in self.start_costs else channel_options[0][1],
                                                description="From", style=style), "from_channel")
        self.to_channel = self.bound(Dropdown(options=channel_options, value="web" if "web" in self.start_costs
                                              else channel_options[-1][1], description="To", style=style),
                                     "to_channel")
        self.share = self.bound(FloatSlider(value=0.5, min=0, max=1, step=0.05, readout_format=".0%",
                                            description="Share moved", style=style), "share")
        self.retention = self.bound(FloatSlider(value=0.6, min=0.05, max=0.95, step=0.01, readout_format=".0%",
                                                description="Retention a year", style=style), "retention")
        self.sensitivity = self.bound(FloatSlider(value=0.03, min=0, max=0.2, step=0.005, readout_format=".1%",
                                                  description="Per point", style=style),
                                      "retention_per_point")
        controls = (self.segment, self.stage, self.from_channel, self.to_channel, self.share, self.retention,
                    self.sensitivity)
        for control, name in zip(controls, ("segment", "stage", "from", "to", "share", "retention", "sensitivity")):
            control.add_class(f"pcrm-migration-{name}")
        full_width(*controls)
        self.summary = HTML()
        self.summary.add_class("pcrm-migration-summary")
        self.table = HTML()
        self.chart = themed_figure("Cost saved against value at risk, by segment ($)", height=360)
        self.set_panels(inputs=[*controls, HTML(note("Per point: the change in yearly retention for one point of "
                                                     "channel satisfaction, an assumption to vary.")),
                                HTML(note(ASSOCIATION_NOTE))],
                        result=[self.summary, self.chart, self.table])
        self.refresh()

    def unit_costs(self):
        """Cost per interaction by channel: as edited in the cost-to-serve tool, else the starting costs."""
        saved = (self.workbook.get(keys.UNIT_COSTS) if self.workbook is not None else None) or {}
        return {channel: float(saved.get(channel, cost)) for channel, cost in self.start_costs.items()}

    def moves(self):
        """The move as set, a plan of one move (empty when nothing moves)."""
        if self.share.value == 0 or self.from_channel.value == self.to_channel.value:
            return []
        return [{"segment": self.segment.value, "stage": self.stage.value, "from_channel": self.from_channel.value,
                 "to_channel": self.to_channel.value, "share": float(self.share.value)}]

    def result(self):
        """:func:`~paynecrm_kernel.channels.simulate_migration` of the move."""
        return simulate_migration(self.interactions, self.customers, self.moves(), self.unit_costs(), self.satisfaction,
                                  retention=float(self.retention.value),
                                  retention_per_point=float(self.sensitivity.value))

    def _refresh(self):
        result = self.result()
        by = result.by_segment
        total = by[by["segment"] == "all segments"].iloc[0]
        saving = -total["cost_change"]
        self.summary.value = (
            headline("Cost to serve saved a year", f"${saving:,.0f}" if saving >= 0 else f"-${-saving:,.0f}",
                     f"{total['moved_interactions']:,.0f} contacts moved over the log's two years") +
            headline("Lifetime value at risk", f"${total['value_at_risk']:,.0f}", "through lower retention") +
            headline("Net change in lifetime value", f"{'-' if total['value_change'] < 0 else '+'}$"
                     f"{abs(total['value_change']):,.0f}", "cost saved and retention effect together") +
            headline("Pushed below break-even", f"{int(total['pushed_below']):,}", "customers"))
        if not self.moves():
            self.show_message("Nothing moves: choose two different channels and a share above 0 %.", kind="info")
        elif self.message_kind == "info":
            self.clear_message()
        segments = by[by["segment"] != "all segments"]
        names = [self.segment_labels.get(s, s) for s in segments["segment"]]
        replace_traces(self.chart, [
            go.Bar(name="Cost saved a year", x=names, y=-segments["cost_change"], marker={"color": RAG["green"]}),
            go.Bar(name="Lifetime value at risk", x=names, y=segments["value_at_risk"], marker={"color": RAG["red"]}),
            go.Bar(name="Net change in lifetime value", x=names, y=segments["value_change"],
                   marker={"color": PROCESS_COLOURS["channels"]})],
            barmode="group", legend={"orientation": "h", "y": -0.2}, yaxis={"title": {"text": "$"}})
        self.table.value = manager_table(migration_table(result, self.segment_labels), "pcrm-migration-table")
