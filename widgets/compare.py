"""Comparison boxes: other authors' CRM models set beside Payne & Frow's, clearly attributed."""
import html


from ..framework import PROCESSES, buttle
from ..theme import FAINT, NEUTRAL, PROCESS_COLOURS
from ._lean import HTML
from ._styles import faded, note


def _counterpart(key):
    return PROCESSES[key].name if key in PROCESSES else buttle.OTHER_COUNTERPARTS[key]


def buttle_comparison():
    """Return an HTML box comparing Buttle's CRM value chain with Payne & Frow's processes.

    The value chain is Buttle's (2004) model, not Payne & Frow's; the mapping is the workbook's reading.
    """
    def tags(keys):
        if not keys:
            return faded("no direct counterpart")
        return " ".join(f"<span style='background:{PROCESS_COLOURS.get(k, NEUTRAL)};color:white;border-radius:3px;"
                        f"padding:1px 6px;font-size:12px'>{html.escape(_counterpart(k))}</span>" for k in keys)
    rows = "".join(f"<tr><td style='padding:3px 8px'>{html.escape(n)}</td><td>{tags(k)}</td></tr>"
                   for n, k in buttle.PRIMARY_STAGES)
    support = "".join(f"<tr><td style='padding:3px 8px'>{html.escape(n)}</td><td>{tags(k)}</td></tr>"
                      for n, k in buttle.SUPPORTING_CONDITIONS)
    box = HTML(
        f"<div style='border:1px dashed {FAINT};border-radius:6px;padding:8px 14px'>"
        "<b>Compare: Buttle's CRM value chain</b> <i>(Buttle 2004; not part of Payne &amp; Frow's framework)"
        "</i><table style='border-collapse:collapse;margin-top:4px'><tr><th style='text-align:left'>"
        "Buttle: primary stages</th><th style='text-align:left'>Nearest Payne &amp; Frow process</th></tr>"
        f"{rows}<tr><th style='text-align:left;padding-top:6px'>Supporting conditions</th><th></th></tr>"
        f"{support}</table>"
        + note("A later version by Buttle, Jones &amp; Stone has three core processes "
               f"({html.escape(', '.join(buttle.LATER_CORE_PROCESSES).lower())}) and five enablers. The mapping "
               "is the workbook's own reading.") + "</div>")
    box.add_class("pcrm-buttle")
    return box
