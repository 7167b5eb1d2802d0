"""Self-placement on the CRM continuum (Payne & Frow 2005): how does our organisation see CRM?"""
import html

import ipywidgets as W
import plotly.graph_objects as go
import traitlets

from ..framework import PERSPECTIVES, STATEMENTS, continuum_position
from ..theme import NEUTRAL, PROCESS_COLOURS, format_number, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure

#: Statements are shown interleaved so that a perspective's three statements are not next to each other.
_DISPLAY_ORDER = (0, 3, 6, 1, 4, 7, 2, 5, 8)
_SCALE = (("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5))

EXPLANATION = """
Each statement is rated from 1 (strongly disagree) to 5 (strongly agree). Three statements are written for
each of Payne & Frow's perspectives. The agreement with perspective $k$ is $a_k = \\bar r_k - 1$
(0 = no agreement, 4 = full agreement), and the position on the continuum is the agreement-weighted mean
perspective

$$P = \\frac{1 \\cdot a_1 + 2 \\cdot a_2 + 3 \\cdot a_3}{a_1 + a_2 + a_3}, \\qquad \\text{gap} = 3 - P.$$

The statements, this scoring rule and the reading bands (below 1.67, up to 2.34, above) are the workbook's
own conventions; the three perspectives are Payne & Frow's (2005).
"""


class ContinuumTool(ToolPanel):
    """Rate nine statements and see where the organisation's idea of CRM sits on the continuum.

    Parameters
    ----------
    workbook : Workbook, optional
        Where the ratings and the working definition are saved.
    key : str
        Workbook key prefix (ratings under ``<key>.rating_<n>``, the definition under ``<key>.definition``).
    """

    #: Position on the continuum (1-3), or 0 when there is none.
    position = traitlets.Float(0.0)

    def __init__(self, *, workbook=None, key="overview.continuum"):
        super().__init__(question="How does our organisation see CRM: as technology or as strategy?",
                         process="strategy", workbook=workbook, key=key, css_class="pcrm-continuum",
                         explanation=EXPLANATION)
        self.ratings = [None] * len(STATEMENTS)
        rows = [W.HTML("<div style='font-size:12px;color:#555'>How far do you agree? "
                       "1 = strongly disagree, 5 = strongly agree.</div>")]
        for i in _DISPLAY_ORDER:
            toggle = W.ToggleButtons(options=_SCALE, value=3, style={"button_width": "30px"},
                                     layout=W.Layout(width="auto"))
            toggle.add_class(f"pcrm-continuum-rating-{i}")
            self.ratings[i] = self.bound(toggle, f"rating_{i}")
            rows.append(W.VBox([W.HTML(f"<div style='margin-top:4px'>{html.escape(STATEMENTS[i][1])}</div>"),
                                toggle]))
        self.definition = self.bound(W.Textarea(placeholder="Our working definition of CRM today\u2026",
                                                rows=3, layout=W.Layout(width="100%")),
                                     "definition", refresh=False)
        self.definition.add_class("pcrm-continuum-definition")
        rows += [W.HTML("<b>Our working definition of CRM</b>"), self.definition]
        self.figure = self._create_figure()
        self.reading = W.HTML()
        self.reading.add_class("pcrm-continuum-reading")
        self.set_panels(inputs=rows, result=[self.figure, self.reading])
        self.refresh()

    def _create_figure(self):
        fig = Chart(go.Figure(layout=plotly_layout(height=230, showlegend=False)))
        colours = ["#b0bec5", "#78909c", PROCESS_COLOURS["strategy"]]
        fig.add_scatter(x=[1, 3], y=[0, 0], mode="lines", line={"color": "#cfd8dc", "width": 10},
                        hoverinfo="skip")
        fig.add_scatter(x=[1, 2, 3], y=[0, 0, 0], mode="markers+text", hoverinfo="skip",
                        marker={"size": 16, "color": colours},
                        text=[PERSPECTIVES[k][0].replace(": ", "<br>") for k in (1, 2, 3)],
                        textposition="bottom center")
        fig.add_scatter(x=[2], y=[0], mode="markers+text", textposition="top center",
                        marker={"size": 22, "symbol": "triangle-down", "color": "#c62828"},
                        name="Our position", hovertemplate="Position %{x:.2f}<extra></extra>")
        fig.update_xaxes(range=[0.7, 3.3], showgrid=False, zeroline=False, showticklabels=False,
                         title={"text": "\u2190 narrow and tactical \u00b7 broad and strategic \u2192"})
        fig.update_yaxes(range=[-1.2, 0.8], visible=False)
        return fig

    def _refresh(self):
        score = continuum_position([r.value for r in self.ratings])
        self.position = score.position
        with self.figure.batch_update():
            self.figure.data[2].x = [score.position]
            self.figure.data[2].text = [f"Us: {format_number(score.position, 2)}"]
        sync_figure(self.figure)
        agreement = ", ".join(f"P{k}: {format_number(a, 1)}" for k, a in zip((1, 2, 3), score.agreement))
        self.reading.value = (
            f"<div style='font-size:16px'>Position <b>{format_number(score.position, 2)}</b> on a scale from "
            f"1 to 3: <b>{html.escape(score.reading)}</b>.</div>"
            f"<div style='color:{NEUTRAL}'>Gap to the strategic view (Perspective 3): "
            f"{format_number(score.gap, 2)}. Mean agreement (0-4) by perspective: {agreement}.</div>"
            f"<div style='font-size:12px;color:#777;margin-top:4px'>{html.escape(PERSPECTIVES[3][1])}</div>")

    def __repr__(self):
        return f"ContinuumTool(position={self.position:.2f})"
