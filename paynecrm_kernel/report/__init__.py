"""The CRM strategy report: the five processes as one plan, built from the workbook, as HTML and PDF."""
from .content import build_report
from .model import Block, Report, Section
from .progress import ChapterProgress, chapter_progress
from .render import report_html, report_pdf, write_report

__all__ = ["Block", "ChapterProgress", "Report", "Section", "build_report", "chapter_progress", "report_html",
           "report_pdf", "write_report"]
