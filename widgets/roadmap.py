"""The roadmap tool of the capstone: the processes in phases by readiness, each with an owner and a KPI."""
import html

import ipywidgets as W

from ..capstone import OWNERS, kpi_choices, roadmap_assignments, roadmap_table
from ..framework import PROCESSES
from ..performance.kpi import KPI_CATALOGUE
from ..theme import MUTED
from ..workbook.keys import capstone as keys
from ..workbook.keys import performance as performance_keys
from ._base import ToolPanel
from ._lean import Dropdown, HTML, VBox
from ._tables import rows_table

__all__ = ["RoadmapTool"]

_HELP = """
**Phases.** The overview rated four implementation components (readiness assessment, change management, project
management, employee engagement) for each process, 1 to 5 (Payne & Frow 2006). The least ready process comes
first (months 0-6), the next two in months 6-12, the last two in months 12-24. The three weakest cells are the
first 90 days' work.

**Owner**: who answers for the process's phase. **KPI**: how its progress is measured, one of the performance
chapter's KPI tree (the KPIs of its saved scorecard, else of its catalogue). Both are saved in the workbook and
appear in the report's roadmap.
"""
_NAMES = {k.key: k.name for k in KPI_CATALOGUE}


class RoadmapTool(ToolPanel):
    """What do we do first, who owns it, and how do we know it worked?

    Parameters
    ----------
    workbook : Workbook
        Reads the overview's readiness grid and the performance chapter's scorecard; saves the owners and KPIs
        under ``capstone.roadmap.owners`` and ``capstone.roadmap.kpis``.
    """

    placeholder_height = 620

    def __init__(self, *, workbook, key="capstone.roadmap"):
        super().__init__("What do we do first, who owns it, and how will we know it worked?", "strategy",
                         workbook=workbook, key=key, css_class="pcrm-roadmap", explanation=_HELP)
        self.grid = workbook.get("overview.implementation.grid")
        self.scorecard = workbook.get(performance_keys.DECISION_SCORECARD) or {}
        assigned = roadmap_assignments(workbook.get(keys.ROADMAP_OWNERS), workbook.get(keys.ROADMAP_KPIS),
                                       self.scorecard)
        style = {"description_width": "170px"}
        self.owners, self.kpis, rows = {}, {}, []
        for process in PROCESSES:
            owner = Dropdown(options=list(OWNERS), value=assigned.at[process, "owner"],
                             description=PROCESSES[process].name, style=style, layout=W.Layout(width="100%"))
            kpi = Dropdown(options=[(_NAMES[k], k) for k in kpi_choices(process, self.scorecard)],
                           value=assigned.at[process, "kpi"], description="KPI", style=style,
                           layout=W.Layout(width="100%"))
            owner.add_class(f"pcrm-roadmap-owner-{process}")
            kpi.add_class(f"pcrm-roadmap-kpi-{process}")
            owner.observe(lambda _change: self._changed(), names="value")
            kpi.observe(lambda _change: self._changed(), names="value")
            self.owners[process], self.kpis[process] = owner, kpi
            rows += [owner, kpi]
        self.table = HTML()
        self.table.add_class("pcrm-roadmap-table")
        source = ("KPIs from the performance chapter's scorecard." if self.scorecard else
                  "KPIs from the performance chapter's catalogue: its scorecard is not saved yet.")
        note = HTML(f"<div style='font-size:12px;color:{MUTED}'>{html.escape(source)}</div>")
        self.set_panels(inputs=[VBox(rows + [note], layout=W.Layout(width="100%"))], result=[self.table])
        self.refresh()

    def _changed(self):
        self.save("owners", {p: d.value for p, d in self.owners.items()})
        self.save("kpis", {p: d.value for p, d in self.kpis.items()})
        self.refresh()

    def _refresh(self):
        owners = {p: d.value for p, d in self.owners.items()}
        kpis = {p: d.value for p, d in self.kpis.items()}
        if not self.grid:
            self.roadmap = None
            assigned = roadmap_assignments(owners, kpis, self.scorecard)
            rows = [["not phased", PROCESSES[p].name, "not rated", row["owner"], row["kpi_name"]]
                    for p, row in assigned.iterrows()]
            self.show_message("Rate the implementation grid in 00 Overview to phase the roadmap; owners and KPIs "
                              "are saved meanwhile.", kind="info")
            first = ""
        else:
            self.roadmap = roadmap_table(self.grid, owners=owners, kpis=kpis, scorecard=self.scorecard)
            rows = [[row["phase"], row["process"], f"{row['readiness']:.1f} of 5", row["owner"], row["kpi_name"]]
                    for _, row in self.roadmap.iterrows()]
            first = "<ul>" + "".join(
                f"<li>First 90 days: {html.escape(component)} in {html.escape(PROCESSES[p].name.lower())} "
                f"(readiness {rating} of 5)</li>" for component, p, rating in self.roadmap.attrs["priorities"]) + "</ul>"
        self.table.value = rows_table(rows, ["Phase", "Process", "Readiness", "Owner", "KPI"],
                                      align=["left", "left", "right", "left", "left"], process="strategy") + first

    def __repr__(self):
        return "RoadmapTool()"
