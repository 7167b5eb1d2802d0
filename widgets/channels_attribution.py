"""The attribution comparison: rule-based models (as history), exact Markov removal effects and Shapley values,
with bootstrap intervals that do not move between runs."""
import plotly.graph_objects as go

from ..channels import (HEURISTICS, MAX_ORDER, RETIRED_NOTE, attribution_intervals, attribution_table,
                        compare_attribution, select_markov_order)
from ..theme import GREYS, PROCESS_COLOURS
from ._base import ToolPanel
from ._lean import Dropdown, HTML, ToggleButtons
from ._value_common import full_width, replace_traces, themed_figure
from .channels_common import headline, manager_table, note

__all__ = ["AttributionComparison"]

_HELP = """
**Rule-based models** give each converting journey's credit by a fixed rule: all to the first or the last touch,
equal shares (linear), 40 % to the first and last touch and 20 % to the middle (position), or more to recent
touches (time decay, halving every 7 days). Google retired all but last click from its tools in 2023.

**Markov removal effects** (Anderl, Becker, von Wangenheim & Schumann 2016): the journeys are a walk between
channels that ends in a purchase or not. Removing channel $c$ sends its journeys to "no purchase"; its removal
effect is $1 - P(\\text{purchase} \\mid c \\text{ removed}) / P(\\text{purchase})$, and its credit is its share of
the removal effects times the purchases. The chain is solved exactly, so the credit never changes between runs.
An order-$k$ chain remembers the last $k$ channels; held-out likelihood says which order predicts best.

**Shapley values** (Zhao, Mahboobi & Bagheri 2018): each channel's average marginal contribution over every order
in which the channels could join; here each converting journey's credit is split equally among the distinct
channels it touched. **Intervals**: 200 bootstrap resamples of the journeys (fixed seed), 2.5th to 97.5th
percentile.
"""
_GREYS = GREYS[1:]


class AttributionComparison(ToolPanel):
    """Which channels earn the purchases, and how sure are we?

    Parameters
    ----------
    journeys : Journeys
        From :func:`~paynecrm_kernel.channels.build_journeys` (with ``value_column`` for the value measure).
    intervals : dict, optional
        Bootstrap intervals already computed for order 1 and conversions: ``{"markov": frame, "shapley":
        frame}`` (:func:`~paynecrm_kernel.channels.attribution_intervals`).
    order_selection : pandas.DataFrame, optional
        :func:`~paynecrm_kernel.channels.select_markov_order` of the journeys, if already computed.
    labels : dict, optional
        Display name of each channel.
    n_resamples : int, default 200
    """

    placeholder_height = 900

    def __init__(self, journeys, *, intervals=None, order_selection=None, labels=None, n_resamples=200,
                 workbook=None, key="channels.attribution"):
        super().__init__("Which channels earn the purchases, and how sure are we?", "channels", workbook=workbook,
                         key=key, css_class="pcrm-attribution", explanation=_HELP)
        self.journeys, self.labels, self.n_resamples = journeys, dict(labels or {}), n_resamples
        self.selection = order_selection if order_selection is not None else select_markov_order(journeys)
        self._intervals = {}
        if intervals:
            self._intervals[("markov", 1, "conversions")] = intervals["markov"]
            self._intervals[("shapley", "conversions")] = intervals["shapley"]
        style = {"description_width": "90px"}
        self.order = self.bound(Dropdown(options=[(f"Order {k}", k) for k in range(1, MAX_ORDER + 1)], value=1,
                                         description="Markov", style=style), "order")
        self.order.add_class("pcrm-attribution-order")
        self.measure = self.bound(ToggleButtons(options=[("Purchases", "conversions"), ("Sales value", "value")],
                                                value="conversions", description="Credit",
                                                style=dict(style, button_width="100px")), "measure")
        self.measure.add_class("pcrm-attribution-measure")
        full_width(self.order)
        chosen = int(self.selection.attrs["chosen_order"])
        self.summary = HTML()
        self.summary.add_class("pcrm-attribution-summary")
        self.table = HTML()
        self.chart = themed_figure("Credit by channel: rule-based models (grey) against Markov and Shapley",
                                   height=440)
        self.set_panels(inputs=[self.order, self.measure, HTML(note(
            f"Held-out likelihood prefers a chain of order {chosen}: longer memory fits the past better but "
            "predicts new journeys worse.")), HTML(note(RETIRED_NOTE))],
            result=[self.summary, self.chart, self.table])
        self.refresh()

    def intervals(self, method):
        """Bootstrap intervals of ``method`` ("markov" or "shapley") for the order and measure chosen."""
        measure, order = self.measure.value, int(self.order.value)
        cache_key = (method, order, measure) if method == "markov" else (method, measure)
        if cache_key not in self._intervals:
            self._intervals[cache_key] = attribution_intervals(
                self.journeys, method, n_resamples=self.n_resamples, order=order, value=measure == "value")
        return self._intervals[cache_key]

    def _refresh(self):
        value = self.measure.value == "value"
        comparison = compare_attribution(self.journeys, order=int(self.order.value), value=value)
        intervals = {m: self.intervals(m) for m in ("markov", "shapley")}
        self.comparison = comparison
        names = [self.labels.get(c, c) for c in comparison["channel"]]
        money = (lambda v: f"${v:,.0f}") if value else (lambda v: f"{v:,.0f}")
        unit = "sales value" if value else "purchases"
        top = comparison.sort_values("markov", ascending=False).iloc[0]
        last = comparison.set_index("channel")
        gap = last["markov"] - last["last_touch"]
        under = gap.idxmax()
        self.summary.value = (
            headline(f"Total {unit}", money(comparison["markov"].sum()), "every model shares out the same total") +
            headline("Most credit (Markov)", self.labels.get(top["channel"], top["channel"]), money(top["markov"])) +
            headline("Most undervalued by last touch", self.labels.get(under, under),
                     f"{money(gap[under])} more {unit} under Markov"))
        traces = [go.Bar(name=rule.replace("_", " "), x=names, y=comparison[rule], marker={"color": grey})
                  for rule, grey in zip(HEURISTICS, _GREYS)]
        for method, colour, title in (("markov", PROCESS_COLOURS["channels"], "Markov"),
                                      ("shapley", PROCESS_COLOURS["strategy"], "Shapley")):
            frame = intervals[method]
            traces.append(go.Bar(name=title, x=names, y=comparison[method], marker={"color": colour},
                                 error_y={"type": "data", "symmetric": False,
                                          "array": (frame["upper"] - comparison[method]).clip(lower=0),
                                          "arrayminus": (comparison[method] - frame["lower"]).clip(lower=0)}))
        replace_traces(self.chart, traces, barmode="group", legend={"orientation": "h", "y": -0.2},
                       yaxis={"title": {"text": "Sales value credited ($)" if value else "Purchases credited"}})
        self.table.value = manager_table(attribution_table(comparison, intervals, self.labels, value=value),
                                         "pcrm-attribution-table")
