"""The repository explorer: the star schema of Hearth & Home's customer repository and the chapter's queries,
each with the SQL that answers it."""
import html

from ..information import QUERIES, SCHEMA, Repository, query_table
from ..theme import MUTED, tint
from ._base import ToolPanel
from ._lean import Dropdown, HTML
from .information_common import INFORMATION_COLOUR, INFORMATION_TINT, manager_table, note, sql_block
from ._styles import fine_print

__all__ = ["RepositoryExplorer"]

#: Outline of the dimension tables and the marts.
_OUTLINE = tint(INFORMATION_COLOUR, 0.53)

_HELP = """
**A star schema** keeps each business event once, in a **fact** table (one row per purchase, one per contact),
with keys to the **dimensions** that describe it (who: the customer; what: the product line; where: the
channel; when: the date). Any question "how much, by what?" is then a join of a fact table with the dimensions
it is asked by, and a sum.

**The warehouse and the marts.** The fact and dimension tables are the warehouse: integrated, detailed, shared
by the whole firm. A **mart** is a view shaped for one use (the customer summary of the CLV models, revenue by
channel and month); it is computed from the warehouse whenever it is read, so it never disagrees with it.

The repository is a DuckDB file. It is built once, in one step (written under a temporary name and renamed),
and every page opens it read-only, so any number of readers can use it at the same time.
"""


def schema_diagram(tables):
    """The star: facts in the middle, dimensions around them, marts beside, each with its rows and grain."""
    counts = dict(zip(tables["table_name"], tables["rows"]))

    def box(name, kind):
        grain = SCHEMA.get(name, "a view computed from the warehouse tables")
        border = "3px solid " + INFORMATION_COLOUR if kind == "fact" else f"1px solid {_OUTLINE}"
        return (f"<div class='pcrm-schema-table' style='border:{border};border-radius:4px;padding:4px 8px;"
                f"margin:3px;background:white;min-width:150px'><b>{html.escape(name)}</b> "
                f"<span style='color:{MUTED};font-size:11px'>{counts.get(name, 0):,} rows</span>"
                + fine_print(html.escape(grain), style="max-width:230px") + "</div>")

    dims = [n for n in counts if n.startswith("dim_")]
    facts = [n for n in counts if n.startswith("fact_")]
    marts = [n for n in counts if n.startswith("mart_")]
    sources = [n for n in counts if n.startswith("source_")]
    column = "display:flex;flex-direction:column;justify-content:center"
    star = (f"<div class='pcrm-schema' style='display:flex;align-items:center;gap:6px;flex-wrap:wrap'>"
            f"<div style='{column}'>{''.join(box(n, 'dim') for n in dims[:2])}</div>"
            f"<div style='{column};background:{INFORMATION_TINT};padding:6px;border-radius:6px'>"
            f"{''.join(box(n, 'fact') for n in facts)}</div>"
            f"<div style='{column}'>{''.join(box(n, 'dim') for n in dims[2:])}</div>"
            f"<div style='{column};border-left:2px dashed {_OUTLINE};padding-left:8px'>"
            f"{fine_print('marts (views)')}{''.join(box(n, 'mart') for n in marts)}"
            f"</div></div>")
    if sources:
        star += note("Also loaded, as they came from each system: " + ", ".join(
            f"{n} ({counts[n]:,} records)" for n in sources) + ".")
    return star


class RepositoryExplorer(ToolPanel):
    """What does the customer repository hold, and how does SQL answer the chapter's questions?

    Parameters
    ----------
    path : str or os.PathLike
        A repository built by :func:`~paynecrm_kernel.information.build_repository`; opened read-only.
    """

    placeholder_height = 900

    def __init__(self, path, *, workbook=None, key="information.repository"):
        super().__init__("What does the customer repository hold, and how does SQL answer our questions?",
                         "information", workbook=workbook, key=key, css_class="pcrm-repository",
                         explanation=_HELP)
        self.path = path
        with Repository(path) as repo:
            self.tables = repo.tables
            self.observation_end = repo.metadata["observation_end"]
        self.query = self.bound(Dropdown(options=[(q, name) for name, (q, _sql) in QUERIES.items()],
                                         value="revenue_by_channel", layout={"width": "100%"}), "query")
        self.query.add_class("pcrm-repository-query")
        self.diagram = HTML(schema_diagram(self.tables))
        self.sql = HTML()
        self.answer = HTML()
        self.answer.add_class("pcrm-repository-answer")
        self.set_panels(inputs=[self.query, HTML(note("Choose a question: the SQL that answers it runs on the "
                                                      "repository, read-only, and its answer is shown below it."))],
                        result=[self.diagram, self.sql, self.answer])
        self.refresh()

    def result(self):
        """The chosen query's :class:`~paynecrm_kernel.information.QueryResult` (run read-only)."""
        with Repository(self.path) as repo:
            return repo.query(self.query.value)

    def _refresh(self):
        answer = self.result()
        self.sql.value = (f"<div style='font-weight:600;margin:2px 0'>{html.escape(answer.question)}</div>"
                          + sql_block(answer.sql))
        self.answer.value = (manager_table(query_table(answer), "pcrm-repository-table")
                             + note(f"{len(answer.frame):,} rows; the history ends on {self.observation_end}."
                                    + (" The first 20 are shown." if len(answer.frame) > 20 else "")))
