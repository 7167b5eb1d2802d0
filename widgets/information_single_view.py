"""The single-customer-view tool: link the four systems' extracts, choose the match threshold, and see what it
trades (false merges against missed matches) and what merging the duplicates does to the customer count and
CLV. A tier not linked before is linked when first chosen, with a progress bar following the linkage's stages."""
import time

import ipywidgets as W
import plotly.graph_objects as go

from ..information import (linkage_table, merge_effect, merge_effect_table, sample_single_view,
                           threshold_errors, threshold_tradeoff)
from ..information.linkage_progress import linkage_fraction, reporting_progress
from ..theme import FAINT, SEQUENCE, format_number, format_percent
from ._base import ToolPanel
from ._lean import HTML, ToggleButtons
from ._value_common import replace_traces, themed_figure
from .information_common import INFORMATION_COLOUR, heading, headline, manager_table, note, pairs_table

__all__ = ["SingleCustomerViewTool", "THRESHOLDS"]

#: Thresholds the slider offers (match probabilities).
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 0.9999)
_SHOWN_FIELDS = ("first_name", "surname", "date_of_birth", "email", "phone", "postcode")
#: What each stage of the linkage does, as the progress line says it.
_STAGE_TEXT = {"preparing": "preparing the records",
               "estimating u": "estimating u: how often strangers agree, from random pairs",
               "estimating m": "estimating m: how often one person's records agree (EM on each block)",
               "scoring pairs": "scoring the candidate pairs", "clustering": "clustering the links into customers"}

_HELP = """
**Probabilistic linkage** (Fellegi & Sunter 1969, run by Splink on DuckDB): candidate pairs of records that
share a blocking key (surname and postcode, e-mail, phone, first name and birth date, surname and birth date)
are compared field by field. Each level of agreement adds its match weight
$\\log_2(m/u)$, where $m$ is the chance of that agreement between records of one person and $u$ between
records of different people, both estimated from the data without labels. The weights sum to a match
probability; pairs at or above the **threshold** are links, and linked records form one customer (connected
components).

**The trade.** A lower threshold joins more records: fewer missed matches (higher recall), more false merges
(lower precision). Against the planted truth, precision = correct links / links made and recall = correct
links / true pairs, counted over pairs of records. ONS's targets for the 2021 Census were 99.90 % and
99.75 %.

**The cost of duplicates.** Every duplicate billing account splits one customer's purchases in two: the firm
counts more customers, each less active and less valuable. The table refits the BG/NBD and Gamma-Gamma
models on the purchases by account, by linked customer and by true customer (52 weeks, 30 % margin, about
10 % a year discount).
"""


class SingleCustomerViewTool(ToolPanel):
    """How many customers does Hearth & Home really have, and how sure are we?

    Parameters
    ----------
    customers : pandas.DataFrame
        ``customer_id`` (and ``region``).
    transactions : pandas.DataFrame
        ``customer_id, date, amount``.
    views : dict, optional
        Tier -> :class:`~paynecrm_kernel.information.SingleView` already linked (e.g. before the page's
        reader arrived); other tiers are linked, once, when first chosen.
    seed : int
        Seed of the extracts.
    """

    placeholder_height = 1500

    def __init__(self, customers, transactions, *, views=None, seed=0, workbook=None, key="information.scv"):
        super().__init__("How many customers do we really have, and how sure are we?", "information",
                         workbook=workbook, key=key, css_class="pcrm-single-view", explanation=_HELP)
        self.customers, self.transactions, self.seed = customers, transactions, seed
        self._views = dict(views or {})
        self._tradeoffs = {}
        #: Number of linkages this tool ran (a threshold change must never add one).
        self.linkages_run = 0
        self.tier = self.bound(ToggleButtons(options=[("Easy", "easy"), ("Medium", "medium"), ("Hard", "hard")],
                                             value="easy", description="Extracts",
                                             style={"description_width": "70px", "button_width": "76px"}), "tier")
        self.tier.add_class("pcrm-scv-tier")
        self.progress = W.IntProgress(value=0, min=0, max=100, layout=W.Layout(width="100%", display="none"),
                                      style={"bar_color": INFORMATION_COLOUR})
        self.progress.add_class("pcrm-scv-progress")
        self.stage = HTML()
        self.stage.add_class("pcrm-scv-stage")
        self.threshold = self.bound(W.SelectionSlider(options=[(f"{t:g}", t) for t in THRESHOLDS], value=0.9,
                                                      description="Threshold", continuous_update=False,
                                                      style={"description_width": "70px"},
                                                      layout=W.Layout(width="100%")), "threshold")
        self.threshold.add_class("pcrm-scv-threshold")
        self.summary = HTML()
        self.summary.add_class("pcrm-scv-summary")
        self.chart = themed_figure("Precision and recall at each threshold", height=320)
        self.metrics = HTML()
        self.errors = HTML()
        self.errors.add_class("pcrm-scv-errors")
        self.effect = HTML()
        self.effect.add_class("pcrm-scv-effect")
        self.set_panels(inputs=[self.tier, self.progress, self.stage, self.threshold, HTML(note(
            "Easy: typos and a few duplicates. Medium and hard add nicknames, moves, new e-mail addresses, name "
            "changes, shared phones and more households. A tier is linked once; the threshold only re-reads "
            "the scored pairs."))],
                        result=[self.summary, self.chart, self.metrics, self.errors, self.effect])
        self.refresh()

    @property
    def view(self):
        """The chosen tier's extracts and linkage (linked on first use)."""
        tier = self.tier.value
        if tier not in self._views:
            self._views[tier] = self._link(tier)
            self.linkages_run += 1
        return self._views[tier]

    def _link(self, tier):
        """Link ``tier``'s extracts (or take them from the memo), the progress bar and its line following."""
        started, stages = time.perf_counter(), []

        def show(stage, fraction):
            stages.append(stage)
            self.progress.value = round(100 * linkage_fraction(stage, fraction))
            self.stage.value = note(f"Linking the {tier} extracts: {_STAGE_TEXT.get(stage, stage)}.")

        self.progress.value, self.progress.layout.display = 0, None
        self.stage.value = note(f"Writing the {tier} extracts of the four systems, then linking them.")
        self.tier.disabled = True
        try:
            with reporting_progress(show):
                view = sample_single_view(self.customers, self.transactions, tier, seed=self.seed)
        except Exception:
            self.stage.value = ""
            raise
        finally:
            self.progress.layout.display = "none"
            self.tier.disabled = False
        seconds = time.perf_counter() - started
        self.stage.value = note(
            f"{tier.capitalize()} extracts: {len(view.extracts.truth):,} records written and linked in "
            f"{seconds:.0f} s, the model estimated on them." if stages else
            f"{tier.capitalize()} extracts: linked before (by this page or an earlier one) and kept; not linked "
            f"again.")
        return view

    def clusters(self):
        """Records and their customer at the chosen threshold."""
        return self.view.clusters(self.threshold.value)

    def metrics_now(self):
        """:func:`~paynecrm_kernel.information.linkage_metrics` at the chosen threshold."""
        return self.view.metrics(self.threshold.value)

    def _tradeoff(self):
        tier = self.tier.value
        if tier not in self._tradeoffs:
            self._tradeoffs[tier] = threshold_tradeoff(self.view.result, self.view.extracts.truth, THRESHOLDS)
        return self._tradeoffs[tier]

    def _refresh(self):
        view, threshold = self.view, self.threshold.value
        m = self.metrics_now()
        self.summary.value = (
            headline("Precision", format_percent(m["precision"], 2), "target 99.90 % (Census 2021)")
            + headline("Recall", format_percent(m["recall"], 2), "target 99.75 % (Census 2021)")
            + headline("Customers found", format_number(m["clusters"]),
                       f"from {m['records']:,} records; {m['entities']:,} real customers"))
        trade = self._tradeoff()
        x = [f"{t:g}" for t in trade.index]
        traces = [go.Scatter(x=x, y=trade["precision"], name="Precision", mode="lines+markers",
                             line={"color": INFORMATION_COLOUR, "width": 3}),
                  go.Scatter(x=x, y=trade["recall"], name="Recall", mode="lines+markers",
                             line={"color": SEQUENCE[2], "width": 3})]
        at = x.index(f"{threshold:g}")                 # a category axis places shapes by category number
        replace_traces(self.chart, traces, legend={"orientation": "h", "y": -0.3},
                       xaxis={"title": {"text": "Match threshold (probability)"}, "type": "category"},
                       yaxis={"title": {"text": "Share of pairs"}, "tickformat": ".1%"},
                       shapes=[{"type": "line", "xref": "x", "yref": "paper", "x0": at, "x1": at, "y0": 0, "y1": 1,
                                "line": {"dash": "dot", "color": FAINT}}])
        self.metrics.value = manager_table(linkage_table(m), "pcrm-scv-metrics")
        records = view.records
        false_merges, missed = threshold_errors(view.result, view.extracts.truth, threshold, records=records)
        self.errors.value = (heading(f"False merges: {len(false_merges):,} links join different customers")
                             + pairs_table(false_merges, _SHOWN_FIELDS, "pcrm-scv-false-merges")
                             + heading(f"Missed matches: {len(missed):,} pairs of one customer left apart")
                             + pairs_table(missed, _SHOWN_FIELDS, "pcrm-scv-missed"))
        effect = merge_effect(view.extracts.billing_transactions, self.clusters(), view.extracts.truth)
        change = effect.loc["customers", "linked customers"] / effect.loc["customers", "accounts"] - 1
        self.effect.value = (heading("Customers and CLV once duplicates are merged")
                             + manager_table(merge_effect_table(effect), "pcrm-scv-effect-table")
                             + note(f"Merging changes the customer count by {format_percent(change)}. "
                                    f"{effect.attrs['convention']}; time unit: {effect.attrs['time_unit']}."))
