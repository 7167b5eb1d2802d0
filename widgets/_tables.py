"""Small HTML table renderer shared by the strategy tools (numbers formatted as a manager reads them)."""
import html

import pandas as pd

from ..theme import format_currency, format_number

_MONEY = ("revenue", "cost", "profit", "value", "spend", "monetary", "clv", "amount")
_STYLE = ("border-collapse:collapse;font-size:13px;margin:4px 0;width:100%")


def html_table(frame, formats=None, css_class=None, index_name=None):
    """Render a DataFrame as a compact HTML table; ``formats`` maps a column to a function value -> str."""
    formats = formats or {}
    cls = f" class='{css_class}'" if css_class else ""
    head = "".join(f"<th style='text-align:right;padding:3px 8px;border-bottom:2px solid #1f4e79'>"
                   f"{html.escape(str(c).replace('_', ' '))}</th>" for c in frame.columns)
    first = html.escape(index_name if index_name is not None else (frame.index.name or ""))
    rows = []
    for idx, row in frame.iterrows():
        texts = [formats[c](v) if c in formats else str(v) for c, v in row.items()]
        cells = "".join(
            f"<td style='text-align:right;padding:3px 8px;border-bottom:1px solid #eef0f3"
            f"{';white-space:nowrap' if len(t) <= 14 else ''}'>{html.escape(t)}</td>" for t in texts)
        rows.append(f"<tr><td style='padding:3px 8px;border-bottom:1px solid #eef0f3;font-weight:600'>"
                    f"{html.escape(str(idx))}</td>{cells}</tr>")
    return (f"<table{cls} style='{_STYLE}'><thead><tr><th style='text-align:left;padding:3px 8px;"
            f"border-bottom:2px solid #1f4e79'>{first}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def column_format(name, values):
    """Formatter for a per-customer attribute column: currency for money-like names (revenue, cost, profit,
    value, spend ...), one decimal for other numbers, the text itself otherwise."""
    if not pd.api.types.is_numeric_dtype(values):
        return str
    if any(word in str(name).lower() for word in _MONEY):
        return lambda v: format_currency(v, decimals=0)
    return lambda v: format_number(v, 1)
