"""Small pieces shared by the information-management tools: headline figures, notes, tables, SQL and pairs."""
import html

from ..theme import PROCESS_COLOURS, tint
from ._styles import fine_print, headline as _headline, side_note
from ._tables import html_table, rows_table

INFORMATION_COLOUR = PROCESS_COLOURS["information"]
#: Background of the process's panels (SQL, the warehouse).
INFORMATION_TINT = tint(INFORMATION_COLOUR, 0.94)


def headline(label, value, note=""):
    """A headline figure with its label and a note, in the process colour."""
    return _headline(label, value, note, colour=INFORMATION_COLOUR)


def note(text):
    """A short note beside a result."""
    return side_note(text, INFORMATION_COLOUR)


def heading(text):
    """A small heading inside a tool's result."""
    return f"<div style='font-weight:600;margin:10px 0 2px'>{html.escape(text)}</div>"


def manager_table(frame, css_class):
    """A manager table (text cells from :mod:`paynecrm_kernel.information.summaries`) in the process colour."""
    return html_table(frame, css_class=css_class, process="information")


def text_table(frame, css_class):
    """A table of text cells, all left-aligned (for columns of words rather than figures)."""
    rows = [[idx, *row] for idx, row in zip(frame.index, frame.astype(str).to_numpy().tolist())]
    header = [frame.index.name or "", *frame.columns]
    return rows_table(rows, header, align=["left"] * len(header), process="information", css_class=css_class)


def sql_block(sql, css_class="pcrm-sql"):
    """SQL shown to students: monospaced, scrollable, never typeset as mathematics."""
    return (f"<pre class='{css_class} tex2jax_ignore mathjax_ignore' style='background:{INFORMATION_TINT};"
            f"border-left:3px solid {INFORMATION_COLOUR};padding:6px 10px;font-size:12px;max-height:260px;"
            f"overflow:auto;white-space:pre'>{html.escape(sql.strip())}</pre>")


def pairs_table(pairs, fields, css_class, limit=6):
    """Pairs of records side by side (``unique_id_l/_r``, the score and each field with ``_l``/``_r``)."""
    if pairs.empty:
        return note("None at this threshold.")
    rows = []
    for row in pairs.head(limit).to_dict("records"):
        score = row.get("match_probability")
        cells = [f"{row['unique_id_l']} ↔ {row['unique_id_r']}",
                 "never compared" if score is None or score != score else f"{score:.4f}"]
        for f in fields:
            left, right = row.get(f"{f}_l"), row.get(f"{f}_r")
            left = "" if left is None or left != left else str(left)
            right = "" if right is None or right != right else str(right)
            cells.append(left if left == right else f"{left} | {right}")
        rows.append(cells)
    header = ["records", "match probability", *[f.replace("_", " ") for f in fields]]
    more = fine_print(f"{len(pairs) - limit:,} more not shown.") if len(pairs) > limit else ""
    return rows_table(rows, header, align=["left"] * len(header), process="information", css_class=css_class) + more
