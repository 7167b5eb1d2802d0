"""The tables of every tool: one renderer, numbers formatted as a manager reads them, the process colour."""
import html

import pandas as pd

from ..theme import PROCESS_COLOURS, RULE, format_currency, format_number

_MONEY = ("revenue", "cost", "profit", "value", "spend", "monetary", "clv", "amount")
_TABLE = "border-collapse:collapse;font-size:13px;margin:4px 0"
_CELL = "padding:3px 8px;border-bottom:1px solid " + RULE


class HTMLCell(str):
    """A table cell given as HTML (a status badge, say): placed in the table as it is, where text is escaped."""


def _cell_html(text):
    return text if isinstance(text, HTMLCell) else html.escape(str(text))


def _table(header, rows, align, colour, css_class=None, strong_first=False):
    """The one table renderer: ``header`` and ``rows`` are cell texts (escaped here unless they are
    :class:`HTMLCell`), ``align`` per column."""
    head = "".join(f"<th style='text-align:{a};padding:3px 8px;border-bottom:2px solid {colour}'>"
                   f"{html.escape(str(h))}</th>" for h, a in zip(header, align))
    body = []
    for row in rows:
        cells = []
        for i, (text, a) in enumerate(zip(row, align)):
            extra = ";font-weight:600" if strong_first and i == 0 else ""
            extra += ";white-space:nowrap" if isinstance(text, HTMLCell) or len(str(text)) <= 14 else ""
            cells.append(f"<td style='text-align:{a};{_CELL}{extra}'>{_cell_html(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cls = " ".join(c for c in ("pcrm-table", css_class) if c)
    return (f"<table class='{cls}' style='{_TABLE}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def html_table(frame, formats=None, css_class=None, index_name=None, process="strategy"):
    """Render a DataFrame as a table for managers: the index as the first column, the values formatted.

    Parameters
    ----------
    frame : pandas.DataFrame
    formats : dict, optional
        Column -> function value -> text (currency, percentages ...); other values are shown as ``str``.
    css_class : str, optional
        Extra CSS class of the table (browser tests select tables by it).
    index_name : str, optional
        Heading of the first column (default: the index's name).
    process : str
        The process whose colour rules the heading.
    """
    formats = formats or {}
    header = [index_name if index_name is not None else (frame.index.name or "")]
    header += [str(c).replace("_", " ") for c in frame.columns]
    rows = [[idx] + [formats[c](v) if c in formats else v for c, v in row.items()] for idx, row in frame.iterrows()]
    return _table(header, rows, ["left"] + ["right"] * len(frame.columns), PROCESS_COLOURS[process], css_class,
                  strong_first=True)


def rows_table(rows, header, align=None, process="value", css_class=None):
    """Render rows of already formatted cell texts under ``header`` (first column left, the others right).

    A cell that is an :class:`HTMLCell` is placed as HTML; every other cell is escaped."""
    align = align or ["left"] + ["right"] * (len(header) - 1)
    return _table(header, rows, align, PROCESS_COLOURS[process], css_class)


def column_format(name, values):
    """Formatter for a per-customer attribute column: currency for money-like names (revenue, cost, profit,
    value, spend ...), one decimal for other numbers, the text itself otherwise."""
    if not pd.api.types.is_numeric_dtype(values):
        return str
    if any(word in str(name).lower() for word in _MONEY):
        return lambda v: format_currency(v, decimals=0)
    return lambda v: format_number(v, 1)
