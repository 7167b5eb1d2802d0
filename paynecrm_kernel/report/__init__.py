"""The CRM strategy report: the five processes as one plan, built from the workbook, as HTML and PDF."""
from .content import build_report
from .model import Block, Report, Section
from .render import report_html, report_pdf, write_report

__all__ = ["Block", "Report", "Section", "build_report", "report_html", "report_pdf", "write_report"]
