"""Small pieces shared by the performance-assessment tools: headline figures, notes, signed numbers, KPI values
in their units, and the scorecard table with its red/amber/green status cells."""
import html

from ..theme import BASELINE, INK, PROCESS_COLOURS, RAG, format_currency
from ._styles import headline as _headline, side_note
from ._tables import HTMLCell, rows_table

PERFORMANCE_COLOUR = PROCESS_COLOURS["performance"]
#: Colour of a KPI that is not measured.
NOT_MEASURED = BASELINE
#: Status words as a manager reads them.
STATUS_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "not measured": "Not measured"}


def headline(label, value, note="", colour=PERFORMANCE_COLOUR):
    """A headline figure with its label and a note, in the process colour."""
    return _headline(label, value, note, colour=colour, max_width=280)


def status_colour(status):
    """The red/amber/green colour of a status ("not measured" is grey)."""
    return RAG.get(status, NOT_MEASURED)


def caveat(text):
    """A short note beside a figure (e.g. "associations, not causes")."""
    return side_note(text, PERFORMANCE_COLOUR)


def signed(value, decimals=1, unit=""):
    """``+1.2 unit`` / ``-0.4 unit``: sign always shown (none for zero), thousands separators, the unit after
    the number (``+$5.2 thousand a year`` for a unit starting with ``$``)."""
    text = f"{abs(value):,.{decimals}f}"
    sign = "+" if value > 0 and text.strip("0.,") else ("-" if value < 0 and text.strip("0.,") else "")
    if unit.startswith("$ "):
        return f"{sign}${text} {unit[2:]}"
    return f"{sign}{text}{(' ' + unit) if unit else ''}"


_TREND_WORDS = {"improving": "improving ↑", "worsening": "worsening ↓", "steady": "steady →"}


def format_kpi(value, unit):
    """A KPI value as a manager reads it, in its unit: ``$34.14``, ``82.8 %``, ``5.15``; ``—`` when missing."""
    if value is None or value != value:
        return "—"
    if unit.startswith("$"):
        return format_currency(value, decimals=0 if abs(value) >= 1000 else 2)
    if unit.startswith("%"):
        return f"{value:,.1f} %"
    if unit.startswith("points"):
        return f"{value:+,.1f}"
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def trend_words(trend):
    """``improving ↑``, ``worsening ↓``, ``steady →`` or the trend as given (e.g. ``no history``)."""
    return _TREND_WORDS.get(trend, str(trend))


def scorecard_table(rows, header, statuses, css_class="pcrm-scorecard-table"):
    """A table of formatted cells whose last column is a status, shown on its red/amber/green colour."""
    badges = [HTMLCell(f"<span style='background:{status_colour(status)};color:{INK if status == 'amber' else 'white'};"
                       f"border-radius:3px;padding:1px 8px'>{html.escape(STATUS_WORDS.get(status, status))}</span>")
              for status in statuses]
    return rows_table([[*row, badge] for row, badge in zip(rows, badges)], header + ["Status"],
                      align=["left"] + ["right"] * (len(header) - 1) + ["center"], process="performance",
                      css_class=css_class)
