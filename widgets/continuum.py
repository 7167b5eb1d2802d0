"""Self-placement on the CRM continuum (Payne & Frow 2005): how does our organisation see CRM?"""
import html

import traitlets

from ..framework import PERSPECTIVES, STATEMENTS, continuum_position
from ..theme import GREYS, HIGHLIGHT, NEUTRAL, PROCESS_COLOURS, format_number
from ._base import ToolPanel
from ._lean import HTML, Textarea, ToggleButtons, VBox, shared_layout
from ._styles import help_text, note

#: Statements are shown interleaved so that a perspective's three statements are not next to each other.
_DISPLAY_ORDER = (0, 3, 6, 1, 4, 7, 2, 5, 8)
_SCALE = (("1", 1), ("2", 2), ("3", 3), ("4", 4), ("5", 5))
_DOT_COLOURS = (GREYS[2], GREYS[4], PROCESS_COLOURS["strategy"])
_LEFT, _STEP = 90, 210          # x of Perspective 1 and the distance between perspectives, in SVG units


def continuum_svg(position):
    """Draw the continuum from Perspective 1 to 3 with a marker at ``position`` (1-3), as inline SVG."""
    def x_of(p):
        return _LEFT + (p - 1) * _STEP

    parts = [f"<line x1='{x_of(1)}' y1='70' x2='{x_of(3)}' y2='70' stroke='{GREYS[1]}' stroke-width='10' "
             "stroke-linecap='round'/>"]
    for k, colour in zip((1, 2, 3), _DOT_COLOURS):
        perspective, view = PERSPECTIVES[k][0].split(": ", 1)
        parts.append(f"<circle cx='{x_of(k)}' cy='70' r='9' fill='{colour}'/>"
                     f"<text x='{x_of(k)}' y='100' text-anchor='middle' font-size='13'>"
                     f"{html.escape(perspective)}</text><text x='{x_of(k)}' y='117' text-anchor='middle' "
                     f"font-size='13' fill='{NEUTRAL}'>{html.escape(view)}</text>")
    x = x_of(position)
    parts.append(f"<polygon points='{x - 10},{28} {x + 10},{28} {x},{48}' fill='{HIGHLIGHT}'>"
                 f"<title>Our position: {format_number(position, 2)}</title></polygon>"
                 f"<text x='{x}' y='20' text-anchor='middle' font-size='13' font-weight='600' fill='{HIGHLIGHT}'>"
                 f"Us: {format_number(position, 2)}</text>")
    parts.append(f"<text x='{x_of(2)}' y='148' text-anchor='middle' font-size='12' fill='{NEUTRAL}'>"
                 "\u2190 narrow and tactical \u00b7 broad and strategic \u2192</text>")
    return (f"<svg viewBox='0 0 {2 * _LEFT + 2 * _STEP} 158' width='100%' role='img' "
            f"aria-label='Position {format_number(position, 2)} on the CRM continuum' "
            f"style='max-width:620px;font-family:inherit'>{''.join(parts)}</svg>")

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

    placeholder_height = 1005

    #: Position on the continuum (1-3), or 0 when there is none.
    position = traitlets.Float(0.0)

    def __init__(self, *, workbook=None, key="overview.continuum"):
        super().__init__(question="How does our organisation see CRM: as technology or as strategy?",
                         process="strategy", workbook=workbook, key=key, css_class="pcrm-continuum",
                         explanation=EXPLANATION)
        self.ratings = [None] * len(STATEMENTS)
        rows = [HTML(help_text("How far do you agree? 1 = strongly disagree, 5 = strongly agree."))]
        for i in _DISPLAY_ORDER:
            toggle = ToggleButtons(options=_SCALE, value=3, style={"button_width": "30px"},
                                     layout=shared_layout(width="auto"))
            toggle.add_class(f"pcrm-continuum-rating-{i}")
            self.ratings[i] = self.bound(toggle, f"rating_{i}")
            rows.append(VBox([HTML(f"<div style='margin-top:4px'>{html.escape(STATEMENTS[i][1])}</div>"),
                                toggle]))
        self.definition = self.bound(Textarea(placeholder="Our working definition of CRM today\u2026",
                                                rows=3, layout=shared_layout(width="100%")),
                                     "definition", refresh=False)
        self.definition.add_class("pcrm-continuum-definition")
        rows += [HTML("<b>Our working definition of CRM</b>"), self.definition]
        self.scale = HTML()
        self.scale.add_class("pcrm-continuum-scale")
        self.reading = HTML()
        self.reading.add_class("pcrm-continuum-reading")
        self.set_panels(inputs=rows, result=[self.scale, self.reading])
        self.refresh()

    def _refresh(self):
        score = continuum_position([r.value for r in self.ratings])
        self.position = score.position
        self.scale.value = continuum_svg(score.position)
        agreement = ", ".join(f"P{k}: {format_number(a, 1)}" for k, a in zip((1, 2, 3), score.agreement))
        self.reading.value = (
            f"<div style='font-size:16px'>Position <b>{format_number(score.position, 2)}</b> on a scale from "
            f"1 to 3: <b>{html.escape(score.reading)}</b>.</div>"
            f"<div style='color:{NEUTRAL}'>Gap to the strategic view (Perspective 3): "
            f"{format_number(score.gap, 2)}. Mean agreement (0-4) by perspective: {agreement}.</div>"
            + note(html.escape(PERSPECTIVES[3][1]), style="margin-top:4px"))

    def __repr__(self):
        return f"ContinuumTool(position={self.position:.2f})"
