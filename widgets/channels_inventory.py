"""The channel inventory grid: the firm's channels on the physical-to-virtual axis, with cost, reach and richness."""
import plotly.graph_objects as go

from ..channels import CATEGORIES, inventory_table, with_richness
from ..theme import RAG
from ._base import ToolPanel
from ._lean import HTML, IntSlider
from ._styles import note
from ._value_common import full_width, replace_traces, themed_figure
from .channels_common import CHANNELS_COLOUR, headline, manager_table

__all__ = ["ChannelInventoryGrid"]

_HELP = """
Payne & Frow group channels into **six categories**, from physical to virtual contact: sales force, outlets,
telephony, direct marketing, e-commerce and m-commerce. Each of the firm's channels is placed in one.

**Reach** is measured: the share of customers who used the channel at least once in the interaction log.
**Unit cost** is the cost of one interaction. **Richness** (1-5) is a judgement: how much information and empathy
one contact can carry (a sales visit can explain a kitchen project; an SMS cannot). Rate it with your team.
"""


class ChannelInventoryGrid(ToolPanel):
    """Which channels do we have, what do they cost, whom do they reach and how rich is a contact?

    Parameters
    ----------
    inventory : pandas.DataFrame
        :func:`~paynecrm_kernel.channels.channel_inventory` of the firm's channels measured on an interaction log
        (reach and volume).
    labels : dict, optional
        Display name of each channel.
    """

    placeholder_height = 760

    def __init__(self, inventory, *, labels=None, workbook=None, key="channels.inventory"):
        super().__init__("Which channels do we have, and how do they compare from physical to virtual?", "channels",
                         workbook=workbook, key=key, css_class="pcrm-channel-inventory", explanation=_HELP)
        self.measured, self.labels = inventory, dict(labels or {})
        self.inventory = inventory
        saved = self.load("richness") or {}
        self.richness = {}
        for _, row in self.inventory.iterrows():
            slider = IntSlider(value=int(saved.get(row["channel"], row["richness"])), min=1, max=5,
                               description=self.labels.get(row["channel"], row["channel"]),
                               style={"description_width": "170px"})
            slider.add_class(f"pcrm-inventory-richness-{row['channel']}")
            slider.observe(self._on_rating, names="value")
            self.richness[row["channel"]] = slider
        full_width(*self.richness.values())
        self.summary = HTML()
        self.table = HTML()
        self.chart = themed_figure("Channels from physical to virtual: cost per interaction and reach", height=380)
        self.set_panels(inputs=[HTML("<b>Richness of a contact (1 = thin, 5 = rich)</b>"), *self.richness.values()],
                        result=[self.summary, self.chart, self.table])
        self.refresh()

    def ratings(self):
        """The richness ratings as set, ``{channel: 1-5}``."""
        return {channel: int(slider.value) for channel, slider in self.richness.items()}

    def _on_rating(self, _change):
        self.save("richness", self.ratings())
        self.refresh()

    def _refresh(self):
        self.inventory = inv = with_richness(self.measured, self.ratings())
        physical = inv[inv["contact"] == "physical"]
        self.summary.value = (
            headline("Channels", f"{len(inv)}", f"in {inv['category'].nunique()} of the six categories") +
            headline("Interactions in physical channels", f"{100 * physical['interaction_share'].sum():.1f} %",
                     "sales force and outlets") +
            headline("Cost per interaction", f"${inv['unit_cost'].min():,.2f} to ${inv['unit_cost'].max():,.2f}",
                     "from the most virtual to the most physical channel"))
        names = [self.labels.get(c, c) for c in inv["channel"]]
        colours = [RAG["green"] if r >= 4 else RAG["amber"] if r == 3 else RAG["red"] for r in inv["richness"]]
        hover = [f"{n}<br>{cat}<br>${cost:,.2f} per interaction<br>reach {100 * reach:.1f} %<br>richness {r:.0f}"
                 for n, cat, cost, reach, r in zip(names, inv["category"], inv["unit_cost"], inv["reach"],
                                                  inv["richness"])]
        replace_traces(self.chart, [go.Scatter(
            x=inv["position"], y=inv["unit_cost"], mode="markers+text", text=names, textposition="top center",
            marker={"size": 14 + 46 * inv["reach"], "color": colours, "line": {"color": CHANNELS_COLOUR, "width": 1}},
            hovertext=hover, hoverinfo="text", showlegend=False)],
            xaxis={"title": {"text": "Channel category (physical → virtual)"}, "tickmode": "array",
                   "tickvals": list(range(1, len(CATEGORIES) + 1)),
                   "ticktext": list(CATEGORIES), "range": [0.4, len(CATEGORIES) + 0.6]},
            yaxis={"title": {"text": "Cost per interaction ($, log scale)"}, "type": "log"})
        self.table.value = manager_table(inventory_table(inv, self.labels), "pcrm-inventory-table") + (
            note("Bubble size: reach. Colour: richness (green 4-5, amber 3, red 1-2)."))
