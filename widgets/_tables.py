"""Small HTML table renderer shared by the strategy tools (numbers formatted as a manager reads them)."""
import html

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
        cells = "".join(
            f"<td style='text-align:right;padding:3px 8px;border-bottom:1px solid #eef0f3'>"
            f"{html.escape(formats[c](v) if c in formats else str(v))}</td>" for c, v in row.items())
        rows.append(f"<tr><td style='padding:3px 8px;border-bottom:1px solid #eef0f3;font-weight:600'>"
                    f"{html.escape(str(idx))}</td>{cells}</tr>")
    return (f"<table{cls} style='{_STYLE}'><thead><tr><th style='text-align:left;padding:3px 8px;"
            f"border-bottom:2px solid #1f4e79'>{first}</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
