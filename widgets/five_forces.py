"""Five-forces rating tool: rate each force now and with a disruptive entrant; see both on a radar."""
import html

import plotly.graph_objects as go
import traitlets

from ..strategy import FORCES, disruption_shift, five_forces_summary
from ..theme import SEQUENCE, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._lean import HBox, HTML, IntSlider, Textarea, shared_layout

EXPLANATION = """
Each of Porter's five forces (Porter 1979, *Harvard Business Review*) is rated from 1 (weak) to 5 (intense).
The industry's overall intensity is the mean rating $\\bar f = \\frac15 \\sum_j f_j$; the workbook calls the
industry *attractive* below 2.5, *moderate* up to 3.5 and *unattractive* above (its own convention, a
discussion aid, not a measurement). The second set of ratings imagines a disruptive entrant in Christensen's
sense (Christensen 1997) succeeding; the change $f_j^{\\text{entrant}} - f_j$ shows which forces it would shift
most. Payne & Frow (2005) ask that Porter-style analysis be augmented by such newer approaches (Christensen;
Slater & Olson 2001); the five forces are the workbook's way of running the Porter part.
"""

_SHORT = {"rivalry": "Rivalry", "new_entrants": "New entrants", "substitutes": "Substitutes",
          "buyer_power": "Buyer power", "supplier_power": "Supplier power"}


class FiveForcesTool(ToolPanel):
    """Rate the five forces now and with a disruptive entrant; radar, summary and a disruption-watch note."""

    placeholder_height = 540

    #: Mean rating of the current forces.
    intensity = traitlets.Float(0.0)

    def __init__(self, *, workbook=None, key="strategy.five_forces"):
        super().__init__(question="How attractive is our industry, and what would a disruptive entrant change?",
                         process="strategy", workbook=workbook, key=key, css_class="pcrm-five-forces",
                         explanation=EXPLANATION)
        self.current, self.entrant = {}, {}
        rows = [HTML("<div style='display:flex;font-weight:600'><span style='flex:1'>Force (1 weak - 5 "
                       "intense)</span><span style='width:110px'>Now</span><span style='width:110px'>With "
                       "entrant</span></div>")]
        for key_, label, question in FORCES:
            now = IntSlider(value=3, min=1, max=5, layout=shared_layout(width="110px"))
            later = IntSlider(value=3, min=1, max=5, layout=shared_layout(width="110px"))
            now.add_class(f"pcrm-ff-now-{key_}")
            later.add_class(f"pcrm-ff-entrant-{key_}")
            self.current[key_] = self.bound(now, f"now_{key_}")
            self.entrant[key_] = self.bound(later, f"entrant_{key_}")
            rows.append(HBox([HTML(f"<div title='{html.escape(question)}' style='font-size:12.5px'>"
                                       f"{html.escape(label)}</div>", layout=shared_layout(flex="1 1 auto")), now, later]))
        self.watch = self.bound(Textarea(placeholder="Disruption watch: who could enter, with what, and how "
                                           "would customers benefit?", rows=3, layout=shared_layout(width="100%")),
                                "disruption_watch", refresh=False)
        self.watch.add_class("pcrm-ff-watch")
        self.figure = Chart(go.Figure(layout=plotly_layout(
            height=340, margin={"l": 40, "r": 40, "t": 30, "b": 30}, legend={"orientation": "h", "y": -0.1},
            polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]}})))
        labels = [_SHORT[k] for k, _l, _q in FORCES]
        self.figure.add_scatterpolar(r=[3] * 5, theta=labels, fill="toself", name="Now",
                                     line={"color": SEQUENCE[0]})
        self.figure.add_scatterpolar(r=[3] * 5, theta=labels, fill="toself", name="With a disruptive entrant",
                                     line={"color": SEQUENCE[3], "dash": "dash"}, opacity=0.6)
        self.summary = HTML()
        self.summary.add_class("pcrm-ff-summary")
        self.set_panels(inputs=rows + [self.watch], result=[self.figure, self.summary])
        self.refresh()

    def _refresh(self):
        now = {k: s.value for k, s in self.current.items()}
        later = {k: s.value for k, s in self.entrant.items()}
        summary = five_forces_summary(now)
        shift = disruption_shift(now, later)
        self.intensity = summary["intensity"]
        keys = [k for k, _l, _q in FORCES]
        with self.figure.batch_update():
            self.figure.data[0].r = [now[k] for k in keys] + [now[keys[0]]]
            self.figure.data[0].theta = [_SHORT[k] for k in keys] + [_SHORT[keys[0]]]
            self.figure.data[1].r = [later[k] for k in keys] + [later[keys[0]]]
            self.figure.data[1].theta = [_SHORT[k] for k in keys] + [_SHORT[keys[0]]]
        sync_figure(self.figure)
        moved = shift[shift["change"] != 0]
        change = ("; ".join(f"{html.escape(r.force)} {r.change:+.0f}" for r in moved.itertuples())
                  if len(moved) else "no force changes yet: rate the entrant scenario")
        self.summary.value = (
            f"<div style='font-size:14.5px'>Overall intensity <b>{summary['intensity']:.1f}</b> of 5: "
            f"<b>{summary['attractiveness']}</b> industry. Strongest: "
            f"{html.escape(', '.join(summary['strongest']))}.</div>"
            f"<div>With a disruptive entrant: {change}.</div>")

    def __repr__(self):
        return f"FiveForcesTool(intensity={self.intensity:.1f})"
