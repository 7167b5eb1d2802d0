"""The report as a self-contained HTML page or a PDF (typeset with Typst, installed as a Python wheel).

Both are deterministic: the same workbook gives byte-identical HTML and a PDF with the same text (its creation
date is fixed to the workbook's, not the clock's).
"""
import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import jinja2

__all__ = ["report_html", "report_pdf", "report_pdf_pages", "section_html", "write_report"]

_HERE = Path(__file__).resolve().parent
#: The PDF's creation date: fixed, so that a report depends on its workbook only.
_PDF_DATE = dt.datetime(2005, 10, 1, tzinfo=dt.timezone.utc)


_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(_HERE), autoescape=True, trim_blocks=True,
                                lstrip_blocks=True, keep_trailing_newline=True)


def report_html(report):
    """Return the report as one self-contained HTML page (styles and charts inline)."""
    return _TEMPLATES.get_template("template.html.j2").render(report=report)


def section_html(section):
    """Return one section of the report as an HTML fragment (for showing it in a notebook)."""
    return str(_TEMPLATES.get_template("section.html.j2").module.render_section(section))


def report_pdf(report):
    """Return the report as PDF bytes, typeset with Typst (no browser, no LaTeX, no download at run time)."""
    return _typeset(report, "pdf")


def report_pdf_pages(report, ppi=80):
    """Return the pages of the report's PDF as PNG images (bytes), to look at or to test."""
    pages = _typeset(report, "png", ppi=ppi)
    return pages if isinstance(pages, list) else [pages]


def _typeset(report, output_format, **options):
    import typst

    with tempfile.TemporaryDirectory(prefix="paynecrm-report-") as tmp:
        folder = Path(tmp)
        shutil.copy(_HERE / "template.typ", folder / "report.typ")
        (folder / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False), encoding="utf-8")
        return typst.compile(str(folder / "report.typ"), root=str(folder), format=output_format,
                             timestamp=int(_PDF_DATE.timestamp()), ignore_system_fonts=True, **options)


def write_report(report, path):
    """Write ``report`` to ``path``: PDF if it ends in ``.pdf``, HTML if in ``.html``/``.htm``; return the path.

    Raises
    ------
    ValueError
        For any other suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        data = report_pdf(report)
    elif suffix in (".html", ".htm"):
        data = report_html(report).encode("utf-8")
    else:
        raise ValueError(f"Cannot write a report as {path.name!r}: name the file .pdf or .html.")
    path.write_bytes(data)
    return path
