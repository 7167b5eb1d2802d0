"""Vision canvas: structured text fields for the company vision and the role of CRM in it."""
import traitlets

from ..strategy import VISION_FIELDS, vision_completeness, vision_statement
from ..theme import format_percent
from ._base import ToolPanel
from ._lean import HTML, Textarea, shared_layout
from ._styles import help_text

EXPLANATION = """
Payne & Frow's strategy development process starts by reviewing, or stating, the company vision, especially
as it bears on CRM, before the industry and competitive review. The six fields are the workbook's own
template: they move from where the company is going, to the customers it wants and the value it offers them,
to the role CRM plays and how progress will be seen. The statement on the right simply joins the filled fields.
"""


class VisionCanvas(ToolPanel):
    """Six text fields; the composed statement and how complete it is."""

    placeholder_height = 570

    #: Share of the fields filled in.
    completeness = traitlets.Float(0.0)

    def __init__(self, *, workbook=None, key="strategy.vision"):
        super().__init__(question="What is our vision, and what role does CRM play in it?", process="strategy",
                         workbook=workbook, key=key, css_class="pcrm-vision", explanation=EXPLANATION)
        self.fields, inputs = {}, []
        for key_, label, prompt in VISION_FIELDS:
            area = Textarea(placeholder=prompt, rows=2, layout=shared_layout(width="100%"))
            area.add_class(f"pcrm-vision-{key_}")
            self.fields[key_] = self.bound(area, key_)
            inputs += [HTML(f"<b>{label}</b>"), area]
        self.statement = HTML()
        self.statement.add_class("pcrm-vision-statement")
        self.set_panels(inputs=inputs, result=[self.statement])
        self.refresh()

    def _refresh(self):
        values = {k: a.value for k, a in self.fields.items()}
        self.completeness = vision_completeness(values)
        text = vision_statement(values)
        body = ToolPanel._markdown_to_html(text) if text else "<i>Fill in the fields on the left.</i>"
        self.statement.value = (help_text(f"Canvas {format_percent(self.completeness, 0)} complete")
                                + f"<div style='font-size:14px;line-height:1.45'>{body}</div>")

    def __repr__(self):
        return f"VisionCanvas(completeness={self.completeness:.2f})"
