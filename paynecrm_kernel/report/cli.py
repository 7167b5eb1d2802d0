"""``paynecrm report``: write the CRM strategy report of a workbook as PDF or HTML."""
from pathlib import Path

__all__ = ["add_arguments", "run"]


def add_arguments(parser):
    """Add the ``report`` command's arguments to ``parser``."""
    parser.add_argument("--workbook", metavar="FILE",
                        help="the workbook file (default: $PAYNECRM_WORKBOOK or ~/.paynecrm/workbook.json)")
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="where to write the report: a .pdf or .html file")


def run(args):
    """Write the report; return the process exit status (0, or 2 for an output name it cannot write)."""
    from ..workbook import default_workbook_path
    from . import build_report, write_report

    output = Path(args.output)
    if output.suffix.lower() not in (".pdf", ".html", ".htm"):
        print(f"paynecrm report: cannot write {output.name!r}; name the output .pdf or .html.")
        return 2
    report = build_report(Path(args.workbook).expanduser() if args.workbook else default_workbook_path())
    write_report(report, output)
    done = sum(section.status != "not started" for section in report.sections)
    print(f"Wrote {output} ({done} of {len(report.sections)} sections with content).")
    for item in report.missing:
        print(f"  missing: {item}")
    return 0
