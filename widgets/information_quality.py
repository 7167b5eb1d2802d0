"""The data-quality scorecard: six DAMA dimensions per source system, a weighted index with editable weights, and
what bad data costs a year of contacts."""
import ipywidgets as W
import plotly.graph_objects as go

from ..information import DEFAULT_WEIGHTS, DIMENSIONS, SOURCE_LABELS, cost_of_bad_data, scorecard_table
from ..theme import format_currency, format_percent
from ._base import ToolPanel
from ._lean import Dropdown, HTML
from ._value_common import replace_traces, themed_figure
from .information_common import INFORMATION_COLOUR, heading, headline, manager_table, note, sql_block

__all__ = ["QualityScorecard"]

_HELP = """
**The six dimensions** (DAMA UK 2013), each a share from 0 to 1 per source, computed in SQL on the extract:

- *completeness*: filled cells among the fields the system records;
- *uniqueness*: distinct customers among the records (by e-mail, or by phone digits without one);
- *validity*: filled values in the format the source's contract requires;
- *consistency*: values written in the one agreed form (names in title case, e-mail in lower case, phones as
  ten digits);
- *timeliness*: records updated in the twelve months before the extract;
- *accuracy*: values equal to the reference (the true person), where a reference exists.

**The index** is $100 \\sum_d w_d s_d / \\sum_d w_d$ over the measured dimensions $d$, with your weights $w_d$.

**The cost of bad data**: every duplicate record receives each mailing, call and e-mail twice; a missing or
invalid e-mail address or phone number makes the contact fail. Both are priced with the sample company's cost
per contact.
"""


class QualityScorecard(ToolPanel):
    """How good is each system's customer data, and what does bad data cost?

    Parameters
    ----------
    scorecard : Scorecard
        :func:`~paynecrm_kernel.information.quality_scorecard` of the extracts.
    labels : dict, optional
        Display names of the sources.
    """

    placeholder_height = 1100

    def __init__(self, scorecard, *, labels=None, workbook=None, key="information.quality"):
        super().__init__("How good is each system's customer data, and what does bad data cost us?", "information",
                         workbook=workbook, key=key, css_class="pcrm-quality", explanation=_HELP)
        self.scorecard = scorecard
        self.labels = dict(SOURCE_LABELS if labels is None else labels)
        saved = self.load("weights") or {}
        style = {"description_width": "110px"}
        self.weight_sliders = {}
        for dimension in DIMENSIONS:
            slider = W.FloatSlider(value=float(saved.get(dimension, DEFAULT_WEIGHTS[dimension])), min=0, max=1,
                                   step=0.05, description=dimension.capitalize(), style=style,
                                   continuous_update=False, layout=W.Layout(width="100%"))
            slider.add_class(f"pcrm-quality-weight-{dimension}")
            slider.observe(self._on_weight, names="value")
            self.weight_sliders[dimension] = slider
        sources = list(scorecard.scores.index)
        self.source = self.bound(Dropdown(options=[(self.labels.get(s, s), s) for s in sources],
                                          value=sources[0], description="Fields of", style=style,
                                          layout={"width": "100%"}), "source")
        self.source.add_class("pcrm-quality-source")
        self.summary = HTML()
        self.summary.add_class("pcrm-quality-summary")
        self.chart = themed_figure("Data-quality index by source (0-100)", height=300)
        self.table = HTML()
        self.fields = HTML()
        self.costs = HTML()
        self.sql = HTML()
        self.set_panels(inputs=[HTML("<b>Weight of each dimension</b>"), *self.weight_sliders.values(),
                                HTML(note("Weights are scaled to sum to one over the dimensions measured.")),
                                self.source],
                        result=[self.summary, self.chart, self.table, self.fields, self.costs, self.sql])
        self.refresh()

    def weights(self):
        """The weights as set, ``{dimension: weight}``."""
        return {d: float(s.value) for d, s in self.weight_sliders.items()}

    def _on_weight(self, _change):
        self.save("weights", self.weights())
        self.refresh()

    def index(self):
        """The weighted index per source (:meth:`Scorecard.index`)."""
        return self.scorecard.index(self.weights())

    def _refresh(self):
        index = self.index()
        worst = index.idxmin()
        self.summary.value = (headline("Quality index, all sources", f"{index.mean():.1f}",
                                       "mean of the sources, 0-100")
                              + headline("Weakest source", self.labels.get(worst, worst), f"index {index[worst]:.1f}"))
        replace_traces(self.chart, [go.Bar(x=[self.labels.get(s, s) for s in index.index], y=index.to_numpy(),
                                           marker_color=INFORMATION_COLOUR, text=[f"{v:.1f}" for v in index],
                                           textposition="outside")],
                       yaxis={"title": {"text": "Index (0-100)"}, "range": [0, 105]},
                       xaxis={"title": {"text": "Source system"}})
        self.table.value = manager_table(scorecard_table(self.scorecard, self.weights(), self.labels),
                                         "pcrm-quality-table")
        source = self.source.value
        by_field = self.scorecard.by_field
        detail = by_field[by_field["source"] == source].set_index("field").drop(columns="source")
        detail = detail.apply(lambda column: column.map(lambda v: "not measured" if v != v else format_percent(v)))
        self.fields.value = (heading(f"Fields of the {self.labels.get(source, source)} extract")
                             + manager_table(detail, "pcrm-quality-fields"))
        cost = cost_of_bad_data(self.scorecard)
        shown = cost.rename(index=self.labels)[["duplicate_records", "wasted_on_duplicates",
                                                 "wasted_on_bad_contact_data", "total"]]
        shown = shown.apply(lambda c: c.map(lambda v: f"{v:,.0f}" if c.name == "duplicate_records"
                                                 else format_currency(v)))
        self.costs.value = (heading("What bad data costs a year of contacts ($)")
                            + manager_table(shown, "pcrm-quality-cost")
                            + note(f"In total {format_currency(cost['total'].sum())} a year: four catalogues, two "
                                   "calls and 24 e-mails per record at the sample company's costs per contact."))
        name = self.labels.get(source, source)
        self.sql.value = (f"<details><summary style='cursor:pointer'>The SQL behind the {name} scores</summary>"
                          f"{sql_block(self.scorecard.sql[source]['records'])}"
                          f"{sql_block(self.scorecard.sql[source]['fields'])}</details>")
