"""Small pieces shared by the performance-assessment tools: headline figures, status badges, signed numbers."""
import html

from ..theme import MUTED, PROCESS_COLOURS, RAG

PERFORMANCE_COLOUR = PROCESS_COLOURS["performance"]
#: Colour of a KPI that is not measured.
NOT_MEASURED = "#9e9e9e"
#: Status words as a manager reads them.
STATUS_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "not measured": "Not measured"}


def headline(label, value, note="", colour=PERFORMANCE_COLOUR):
    """A headline figure with its label and a note, in the process colour."""
    return (f"<div class='pcrm-figure' style='display:inline-block;margin:4px 18px 4px 0;vertical-align:top'>"
            f"<div style='font-size:12px;color:{MUTED}'>{html.escape(label)}</div>"
            f"<div style='font-size:22px;font-weight:600;color:{colour}'>{html.escape(value)}</div>"
            f"<div style='font-size:11px;color:{MUTED};max-width:280px'>{html.escape(note)}</div></div>")


def status_colour(status):
    """The red/amber/green colour of a status ("not measured" is grey)."""
    return RAG.get(status, NOT_MEASURED)


def caveat(text):
    """A short note beside a figure (e.g. "associations, not causes")."""
    return (f"<div class='pcrm-caveat' style='font-size:12px;color:{MUTED};border-left:3px solid "
            f"{PERFORMANCE_COLOUR};padding:2px 8px;margin:6px 0'>{html.escape(text)}</div>")


def signed(value, decimals=1, unit=""):
    """``+1.2 unit`` / ``-0.4 unit`` with a true minus sign, thousands separators and the unit."""
    text = f"{abs(value):,.{decimals}f}"
    sign = "+" if value > 0 and text.strip("0.,") else ("-" if value < 0 and text.strip("0.,") else "")
    if unit.startswith("$ "):
        return f"{sign}${text} {unit[2:]}"
    return f"{sign}{text}{(' ' + unit) if unit else ''}"
