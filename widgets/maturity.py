"""CRM maturity stage from a readiness checklist, and the barriers to success (Payne 2005, Handbook)."""
import html

import ipywidgets as W
import plotly.graph_objects as go
import traitlets

from ..framework import BARRIERS, CRITERIA, STAGES, all_criteria, barrier_index, maturity_stage
from ..framework.maturity import PASS_SHARE
from ..theme import GREYS, NEUTRAL, PROCESS_COLOURS, SEVERITY_TINTS, format_number, format_percent, plotly_layout, tint
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._lean import Checkbox, HBox, HTML, IntSlider, VBox, shared_layout
from ._styles import faded, help_text, note

_COLOUR = PROCESS_COLOURS["performance"]
_FLAG = "\u2691 "
_SEVERITY = SEVERITY_TINTS

EXPLANATION = """
A stage counts as reached when at least 70 % of its checklist items are met **and** every lower stage is
reached too, so the stage cannot jump over a gap. The barrier index is the mean severity of the seven
barriers (1 = no barrier, 5 = blocking); the three most severe are flagged.

The five stage names and the seven barriers are reported from the Handbook's readiness assessment (Payne
2005; seen in a summary deck, medium confidence). The checklist items, the 70 % rule and the barrier index are
the workbook's own conventions.
"""


class MaturityAudit(ToolPanel):
    """Tick what is in place, rate the barriers, and read off the maturity stage and the barrier index.

    Parameters
    ----------
    workbook : Workbook, optional
        Where the checklist (``<key>.met``) and the barrier ratings (``<key>.barriers``) are saved.
    key : str
        Workbook key prefix.
    """

    placeholder_height = 1060

    #: Stage reached (0-5).
    stage = traitlets.Int(0)
    #: Mean barrier severity (1-5).
    barrier_index = traitlets.Float(0.0)

    def __init__(self, *, workbook=None, key="overview.maturity"):
        super().__init__(question="How mature is our CRM, and what stands in the way?",
                         process="performance", workbook=workbook, key=key, css_class="pcrm-maturity",
                         explanation=EXPLANATION)
        saved_met = set(self.load("met", []) or [])
        saved_barriers = self.load("barriers", {}) or {}
        self.checkboxes = {}
        groups = []
        for stage in sorted(CRITERIA):
            rows = []
            for cid, area, text in CRITERIA[stage]:
                box = Checkbox(value=cid in saved_met, indent=False, layout=shared_layout(width="28px"))
                box.add_class(f"pcrm-criterion-{cid}")
                box.observe(self._on_checklist, names="value")
                self.checkboxes[cid] = box
                rows.append(HBox([box, HTML(f"<div style='font-size:12.5px;line-height:1.3'>"
                                                f"{html.escape(text)} {faded(f'({area})')}"
                                                f"</div>")], layout=shared_layout(align_items="center")))
            groups.append(VBox([HTML(f"<b style='color:{_COLOUR}'>Stage {stage}: "
                                         f"{html.escape(STAGES[stage - 1])}</b>")] + rows))
        self.sliders = {}
        barrier_rows = [HTML(help_text("1 = no barrier, 5 = blocking"))]
        for i, name in enumerate(BARRIERS):
            value = saved_barriers.get(name, 3)
            slider = IntSlider(value=value if value in range(1, 6) else 3, min=1, max=5,
                                 description=name, style={"description_width": "190px"},
                                 layout=shared_layout(width="100%"))
            slider.add_class(f"pcrm-barrier-{i}")
            slider.observe(self._on_barriers, names="value")
            self.sliders[name] = slider
            barrier_rows.append(slider)
        tabs = W.Tab(children=[VBox(groups), VBox(barrier_rows)])
        tabs.set_title(0, "Readiness checklist")
        tabs.set_title(1, "Barriers")
        self.figure = self._create_figure()
        self.stage_html = HTML()
        self.stage_html.add_class("pcrm-maturity-stage")
        self.barrier_html = HTML()
        self.barrier_html.add_class("pcrm-maturity-barriers")
        self.set_panels(inputs=[tabs], result=[self.stage_html, self.figure, self.barrier_html])
        self.refresh()

    def _create_figure(self):
        fig = Chart(go.Figure(layout=plotly_layout(height=260, showlegend=False,
                                                   margin={"l": 60, "r": 20, "t": 10, "b": 50})))
        fig.add_bar(x=[f"{i}. " + s.replace(" ", "<br>", 1) for i, s in enumerate(STAGES, 1)], y=[0] * 5,
                    hovertemplate="%{x}<br>%{y:.0%} of the checklist met<extra></extra>")
        fig.add_hline(y=PASS_SHARE, line={"dash": "dash", "color": NEUTRAL}, annotation_text="70 % to pass",
                      annotation_position="top left")
        fig.update_yaxes(range=[0, 1.05], tickformat=".0%", title={"text": "Checklist met (%)"})
        fig.update_xaxes(tickfont={"size": 11}, tickangle=0)
        return fig

    # -- behaviour ------------------------------------------------------------------------------------
    def _met(self):
        return [cid for cid in all_criteria() if self.checkboxes[cid].value]

    def _on_checklist(self, _change):
        self.save("met", self._met())
        self.refresh()

    def _on_barriers(self, _change):
        self.save("barriers", {name: s.value for name, s in self.sliders.items()})
        self.refresh()

    def _refresh(self):
        result = maturity_stage(self._met())
        barriers = barrier_index({name: s.value for name, s in self.sliders.items()})
        self.stage, self.barrier_index = result.stage, barriers.index
        colours = [_COLOUR if i < result.stage else (tint(_COLOUR, 0.58) if p else GREYS[1])
                   for i, p in enumerate(result.passed)]
        with self.figure.batch_update():
            self.figure.data[0].y = list(result.shares)
            self.figure.data[0].marker.color = colours
        sync_figure(self.figure)
        steps = "".join(f"<li>{html.escape(s)}</li>" for s in result.next_steps)
        nxt = (f"<div>To reach stage {result.stage + 1}, still to do:<ul style='margin:2px 0'>{steps}</ul></div>"
               if result.next_steps else "<div>Every stage is reached.</div>")
        self.stage_html.value = (
            f"<div style='font-size:18px'>Stage reached: <b class='pcrm-stage-value'>{result.stage}</b> of 5 "
            f"<b style='color:{_COLOUR}'>{html.escape(result.stage_name)}</b></div>{nxt}")
        tie = len(set(barriers.severities.values())) == 1
        flagged = () if tie else barriers.top
        rows = "".join(
            f"<tr style='background:{_SEVERITY[barriers.severities[b] - 1]}'><td style='padding:2px 8px'>"
            f"{_FLAG if b in flagged else ''}{html.escape(b)}</td>"
            f"<td style='text-align:right;padding:2px 8px'>{barriers.severities[b]}</td></tr>"
            for b in sorted(BARRIERS, key=lambda b: -barriers.severities[b]))
        self.barrier_html.value = (
            f"<div><b>Barrier index {format_number(barriers.index, 1)}</b> of 5; "
            + ("all barriers are rated the same so far." if tie else
               f"most severe (\u2691): {html.escape(', '.join(barriers.top))}.") + "</div>"
            f"<table style='border-collapse:collapse;"
            f"margin-top:4px;font-size:13px'><tr><th style='text-align:left'>Barrier</th><th>Severity</th>"
            f"</tr>{rows}</table>"
            + note(f"Checklist met overall: {format_percent(len(self._met()) / len(all_criteria()))}."))

    def __repr__(self):
        return f"MaturityAudit(stage={self.stage}, barrier_index={self.barrier_index:.2f})"
