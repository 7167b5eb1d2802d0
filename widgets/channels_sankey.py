"""The journey Sankey: how shopping journeys move from channel to channel, and where they end, by segment."""
import plotly.graph_objects as go

from ..channels import OUTCOMES, journey_flows
from ..channels.flows import LATER
from ..theme import BASELINE, NEUTRAL, RAG, SEQUENCE
from ._base import ToolPanel
from ._lean import Dropdown, HTML
from ._value_common import full_width, replace_traces, themed_figure
from .channels_common import headline, label_options

__all__ = ["JourneySankey"]

_HELP = """
A **journey** is a customer's sequence of touches (contacts) before a purchase, or before they give up: a gap of
more than 30 days without contact ends it. Contacts in one channel less than 30 minutes apart are one touch.

Read the diagram from left to right: each column is a touch (first, second ...), each band the journeys that went
from one channel to the next; the right-hand column is the outcome. Journeys longer than the columns shown are
grouped in "later touches". The conversion rate is purchases over journeys.
"""


class JourneySankey(ToolPanel):
    """How do customers move between channels on the way to a purchase?

    Parameters
    ----------
    journeys : Journeys
        From :func:`~paynecrm_kernel.channels.build_journeys` with segments.
    labels, segment_labels : dict, optional
        Display names of channels and segments.
    max_touches : int, default 4
        Touches shown one by one.
    """

    placeholder_height = 700

    def __init__(self, journeys, *, labels=None, segment_labels=None, max_touches=4, workbook=None,
                 key="channels.sankey"):
        super().__init__("How do customers move between channels on the way to a purchase?", "channels",
                         workbook=workbook, key=key, css_class="pcrm-journey-sankey", explanation=_HELP)
        self.journeys, self.max_touches = journeys, max_touches
        self.labels, self.segment_labels = dict(labels or {}), dict(segment_labels or {})
        segments = sorted(journeys.journeys["segment"].unique()) if "segment" in journeys.journeys.columns else []
        self.segment = self.bound(Dropdown(options=[("All customers", "all")] +
                                           label_options(segments, self.segment_labels),
                                           value="all", description="Segment"), "segment")
        self.segment.add_class("pcrm-sankey-segment")
        full_width(self.segment)
        self.summary = HTML()
        self.summary.add_class("pcrm-sankey-summary")
        self.chart = themed_figure("Journeys from touch to touch, and how they end", height=520)
        self.set_panels(inputs=[self.segment], result=[self.summary, self.chart])
        self.refresh()

    def flows(self):
        """The flows shown (:func:`~paynecrm_kernel.channels.journey_flows`)."""
        segment = None if self.segment.value == "all" else self.segment.value
        return journey_flows(self.journeys, segment=segment, max_touches=self.max_touches)

    def _refresh(self):
        flows = self.flows()
        total, bought = flows.attrs["journeys"], flows.attrs["purchases"]
        self.summary.value = (headline("Journeys", f"{total:,}") + headline("Purchases", f"{bought:,}") +
                              headline("Conversion rate", f"{100 * bought / total:.1f} %", "purchases per journey"))
        nodes = list(dict.fromkeys(list(zip(flows["source_step"], flows["source"])) +
                                   list(zip(flows["target_step"], flows["target"]))))
        nodes.sort(key=lambda n: n[0])
        index = {n: i for i, n in enumerate(nodes)}
        channels = list(self.journeys.channels)
        colour = {c: SEQUENCE[i % len(SEQUENCE)] for i, c in enumerate(channels)}
        colour.update({OUTCOMES[0]: RAG["green"], OUTCOMES[1]: BASELINE, LATER: NEUTRAL})
        names = [f"{self._name(n)}" if step > self.max_touches else f"{step}. {self._name(n)}" for step, n in nodes]
        link_colour = [_faded(colour[t] if t in OUTCOMES else colour[s]) for s, t in zip(flows["source"],
                                                                                          flows["target"])]
        hover = [f"{n:,} journeys, {p:,} purchases" for n, p in zip(flows["journeys"], flows["purchases"])]
        replace_traces(self.chart, [go.Sankey(
            arrangement="snap",
            node={"label": names, "color": [colour[n] for _, n in nodes], "pad": 12, "thickness": 14},
            link={"source": [index[(s, n)] for s, n in zip(flows["source_step"], flows["source"])],
                  "target": [index[(s, n)] for s, n in zip(flows["target_step"], flows["target"])],
                  "value": flows["journeys"].tolist(), "color": link_colour, "customdata": hover,
                  "hovertemplate": "%{customdata}<extra></extra>"})],
            margin={"l": 10, "r": 10, "t": 50, "b": 10})

    def _name(self, key):
        return self.labels.get(key, key)


def _faded(hex_colour, alpha=0.35):
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"
