"""A table of results for managers, with the analyst's detail behind "How is this computed?".

Chapters show computed tables through :func:`result_table`, never as raw DataFrames: column names are read as
units, so a column named ``"... ($)"`` is shown as currency, ``"... (%)"`` (a share, 0-1) as a percentage,
``"... (+/-)"`` as a signed percentage, other numbers with thousands separators, and missing values as ``—``.
"""
import html

import pandas as pd

from ..theme import NEUTRAL, format_currency, format_number, format_percent
from ._styles import note as note_html
from ._tables import rows_table

__all__ = ["ResultTable", "result_table"]


def _signed(share):
    text = format_percent(share, 0)
    return text if text == "—" or share < 0 else "+" + text


def _formatter(name, values):
    if name.endswith("($)"):
        return format_currency
    if name.endswith("(%)"):
        return format_percent
    if name.endswith("(+/-)"):
        return _signed
    if pd.api.types.is_numeric_dtype(values):
        whole = values.dropna().eq(values.dropna().round()).all()
        return (lambda v: format_number(v)) if whole else (lambda v: format_number(v, 2))
    return lambda v: "—" if v is None or (isinstance(v, float) and v != v) else str(v)


class ResultTable:
    """A formatted table: HTML for the page (Voilà, JupyterLab, static renderings), plain text otherwise."""

    def __init__(self, header, rows, html_text):
        self.header, self.rows, self._html = header, rows, html_text

    def _repr_html_(self):
        return self._html

    def __repr__(self):
        widths = [max(len(str(x)) for x in column) for column in zip(self.header, *self.rows)]
        lines = ["  ".join(str(x).ljust(w) for x, w in zip(line, widths)) for line in [self.header, *self.rows]]
        return "\n".join(lines)


def result_table(frame, *, note=None, how=None, process="value", css_class=None):
    """Show ``frame`` as a formatted table, its index as the first column.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows to show; column names carry their unit (see the module docstring).
    note : str, optional
        A line under the table (plain text).
    how : str, optional
        Analyst's detail (HTML), shown when the reader opens "How is this computed?".
    process : str
        The process whose colour rules the heading.
    css_class : str, optional
        Extra CSS class (browser tests select tables by it).

    Returns
    -------
    ResultTable
        Shown as the formatted table (its HTML); its text form lists the same cells.
    """
    formats = {c: _formatter(str(c), frame[c]) for c in frame.columns}
    rows = [[str(idx)] + [formats[c](v) for c, v in row.items()] for idx, row in frame.iterrows()]
    header = [frame.index.name or ""] + [str(c) for c in frame.columns]
    body = rows_table(rows, header, process=process, css_class=css_class)
    if note:
        body += note_html(html.escape(note))
    if how:
        body += (f"<details style='font-size:12px;color:{NEUTRAL};margin-top:4px'><summary>How is this computed?"
                 f"</summary>{how}</details>")
    # amounts in dollars are text, not mathematics: keep MathJax (2 and 3) off the table
    return ResultTable(header, rows, f"<div class='pcrm-result tex2jax_ignore mathjax_ignore'>{body}</div>")
