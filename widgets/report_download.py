"""One click from the workbook to the CRM strategy report, as PDF and HTML."""
import base64
import html

import ipywidgets as W

from ..report import build_report, report_html, report_pdf
from ..theme import MESSAGE_COLOURS, NEUTRAL
from ._lean import HTML, Button, VBox, shared_layout
from ._on_demand import Lazy
from ._styles import CARD

_STATUS = {"complete": "\u2714", "partial": "\u25d1", "not started": "\u2013"}


class ReportDownload(Lazy, VBox):
    """Build the report from the workbook as it is now and offer it for download.

    Parameters
    ----------
    workbook : Workbook
        The team's workbook; the report is built from its declared keys when the button is pressed.
    """

    placeholder_height = 260

    def __init__(self, workbook):
        super().__init__()
        self.workbook = workbook
        self.report = None
        self.button = Button(description="Prepare the report", icon="file-pdf-o", button_style="primary",
                             layout=shared_layout(width="auto"))
        self.button.add_class("pcrm-report-prepare")
        self.button.on_click(lambda _button: self.prepare())
        self.links = HTML()
        self.links.add_class("pcrm-report-links")
        self.contents = HTML()
        self.children = [HTML(f"<div style='font-weight:600;color:{NEUTRAL}'>The CRM strategy report: every "
                              "section built from what this workbook holds now.</div>"),
                         self.button, self.links, self.contents]
        self.layout = W.Layout(**CARD)
        self.add_class("pcrm-report-download")

    def prepare(self):
        """Build the report now and show download links for its PDF and HTML versions."""
        self.report = build_report(self.workbook)
        name = self.workbook.path.stem
        pdf = base64.b64encode(report_pdf(self.report)).decode("ascii")
        page = base64.b64encode(report_html(self.report).encode("utf-8")).decode("ascii")
        background, colour = MESSAGE_COLOURS["ok"]
        self.links.value = (
            f"<div style='background:{background};padding:6px 10px;margin:6px 0'>"
            f"<a download='{html.escape(name)}-crm-report.pdf' href='data:application/pdf;base64,{pdf}' "
            f"style='color:{colour};font-weight:600;margin-right:18px'>Download PDF</a>"
            f"<a download='{html.escape(name)}-crm-report.html' href='data:text/html;base64,{page}' "
            f"style='color:{colour};font-weight:600'>Download HTML</a></div>")
        rows = "".join(f"<li>{_STATUS[s.status]} {html.escape(s.title)}"
                       f"{'' if s.status == 'complete' else ' (' + s.status + ')'}</li>" for s in self.report.sections)
        self.contents.value = f"<ul style='list-style:none;padding-left:4px;margin:4px 0'>{rows}</ul>"
        return self.report

    def __repr__(self):
        return f"ReportDownload(workbook={self.workbook.path.name!r})"
