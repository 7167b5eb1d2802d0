"""The implementation roadmap: the processes in phases by readiness, each with an owner and a KPI.

Payne & Frow (2006) name four implementation components (readiness assessment, change management, project
management, employee engagement); the overview rates each for each process (1-5). The least ready processes are
taken first, in three phases. Each phase row gets an owner (who answers for it) and a KPI (how its progress is
measured): the KPI is one of the performance chapter's KPI tree (its saved scorecard, when it was saved), else
the process's default from :data:`DEFAULT_KPIS`. Phases, owners and default KPIs are the workbook's own
convention [D].
"""
import pandas as pd

from ..errors import DataValidationError
from ..framework import PROCESSES, implementation_summary
from ..performance.kpi import KPI_CATALOGUE
from ..workbook.keys import capstone as keys
from ..workbook.keys import performance as performance_keys

__all__ = ["DEFAULT_KPIS", "DEFAULT_OWNERS", "OWNERS", "PHASES", "kpi_choices", "roadmap_assignments",
           "roadmap_of_record", "roadmap_table"]

#: Who can own a phase (declared with the key that saves the choice).
OWNERS = keys.OWNERS
#: The owner a process's phase starts with: the function that usually leads it.
DEFAULT_OWNERS = {"strategy": "CRM steering group", "value": "Marketing", "channels": "Sales",
                  "information": "IT", "performance": "Finance"}
#: The KPI register: each process's default KPI in the performance chapter's catalogue.
DEFAULT_KPIS = {"strategy": "target_revenue_share", "value": "mean_clv", "channels": "cost_to_serve",
                "information": "data_quality", "performance": "customer_equity"}
#: Phases by rank of readiness, least ready first.
PHASES = ("Phase 1 (months 0-6)", "Phase 2 (months 6-12)", "Phase 2 (months 6-12)", "Phase 3 (months 12-24)",
          "Phase 3 (months 12-24)")
_KPIS = {k.key: k for k in KPI_CATALOGUE}


def kpi_choices(process, scorecard=None):
    """The KPIs that can track ``process``'s phase: its KPIs in the saved scorecard, else in the catalogue.

    Parameters
    ----------
    process : str
        A process key.
    scorecard : mapping, optional
        The performance chapter's saved scorecard (``performance.decisions.scorecard``: KPI key -> standard).

    Returns
    -------
    list of str
        KPI keys, in the catalogue's order.
    """
    if process not in PROCESSES:
        raise DataValidationError(f"{process!r} is not a process; choose one of {', '.join(PROCESSES)}.")
    own = [k.key for k in KPI_CATALOGUE if k.process == process]
    chosen = [key for key in own if key in (scorecard or {})]
    return chosen or own


def roadmap_assignments(owners=None, kpis=None, scorecard=None):
    """The owner and KPI of each process: as chosen where the choice is valid, else the defaults.

    Parameters
    ----------
    owners, kpis : mapping, optional
        Process key -> owner (one of :data:`OWNERS`) and -> KPI key, as saved.
    scorecard : mapping, optional
        The performance chapter's saved scorecard; see :func:`kpi_choices`.

    Returns
    -------
    pandas.DataFrame
        Indexed by process key, in the framework's order: ``owner``, ``kpi`` (key) and ``kpi_name``.
    """
    owners, kpis = dict(owners or {}), dict(kpis or {})
    rows = {}
    for process in PROCESSES:
        choices = kpi_choices(process, scorecard)
        owner = owners.get(process) if owners.get(process) in OWNERS else DEFAULT_OWNERS[process]
        default = DEFAULT_KPIS[process] if DEFAULT_KPIS[process] in choices else choices[0]
        kpi = kpis.get(process) if kpis.get(process) in choices else default
        rows[process] = {"owner": owner, "kpi": kpi, "kpi_name": _KPIS[kpi].name}
    return pd.DataFrame.from_dict(rows, orient="index")


def roadmap_table(grid, *, owners=None, kpis=None, scorecard=None):
    """The phased roadmap: each process with its phase, readiness, owner and KPI, least ready first.

    Parameters
    ----------
    grid : array-like of shape (4, 5)
        The overview's readiness ratings (rows: implementation components; columns: processes).
    owners, kpis, scorecard : mapping, optional
        See :func:`roadmap_assignments`.

    Returns
    -------
    pandas.DataFrame
        Indexed by process key, least ready first: ``phase``, ``process`` (name), ``readiness`` (mean rating of
        the four components, 1-5), ``owner``, ``kpi`` and ``kpi_name``. ``attrs["priorities"]`` holds the three
        weakest cells ``(component, process key, rating)``, the first 90 days' work.
    """
    summary = implementation_summary(grid)
    order = sorted(summary.process_means.items(), key=lambda item: item[1])
    assigned = roadmap_assignments(owners, kpis, scorecard)
    table = pd.DataFrame([{"key": key, "phase": phase, "process": PROCESSES[key].name, "readiness": float(mean),
                           "owner": assigned.at[key, "owner"], "kpi": assigned.at[key, "kpi"],
                           "kpi_name": assigned.at[key, "kpi_name"]}
                          for phase, (key, mean) in zip(PHASES, order)]).set_index("key")
    table.index.name = "process_key"
    table.attrs["priorities"] = tuple(summary.priorities)
    return table


def roadmap_of_record(entries):
    """The roadmap from what a workbook holds, or None when the overview's grid has not been rated.

    Parameters
    ----------
    entries : Workbook or object with ``get(key)``
        Reads ``overview.implementation.grid``, :data:`~paynecrm_kernel.workbook.keys.capstone.ROADMAP_OWNERS`,
        :data:`~paynecrm_kernel.workbook.keys.capstone.ROADMAP_KPIS` and the performance chapter's scorecard.

    Returns
    -------
    pandas.DataFrame or None
        See :func:`roadmap_table`.
    """
    grid = entries.get("overview.implementation.grid")
    if not grid:
        return None
    return roadmap_table(grid, owners=entries.get(keys.ROADMAP_OWNERS), kpis=entries.get(keys.ROADMAP_KPIS),
                         scorecard=entries.get(performance_keys.DECISION_SCORECARD))
