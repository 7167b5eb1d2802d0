"""CRM implementation components (Payne & Frow 2006) rated against the five processes.

Payne & Frow (2006) examine four critical implementation components in the context of the five processes.
The count of four is in the article's abstract; the names follow secondary summaries of the article,
and the fourth is also reported as "employee management". The
4 x 5 readiness grid, its 1-5 scale and the summaries are the workbook's own [D].
"""
from dataclasses import dataclass

import numpy as np

from ..errors import DataValidationError
from .processes import PROCESSES

COMPONENTS = ("CRM readiness assessment", "CRM change management", "CRM project management",
              "Employee engagement")
COMPONENT_NOTES = {"Employee engagement": "also reported as \u201cemployee management\u201d"}


@dataclass(frozen=True)
class GridSummary:
    """Result of :func:`implementation_summary`.

    Attributes
    ----------
    component_means : dict
        Mean rating of each component across the five processes.
    process_means : dict
        Mean rating of each process (key) across the four components.
    weakest_component, weakest_process : str
        Lowest row and column (first in listed order on ties).
    priorities : tuple of (str, str, int)
        The three weakest cells ``(component, process key, rating)``, a start for a 90-day plan.
    overall : float
        Mean of all twenty ratings.
    """

    component_means: dict
    process_means: dict
    weakest_component: str
    weakest_process: str
    priorities: tuple
    overall: float


def implementation_summary(grid):
    """Summarise a 4 x 5 grid of readiness ratings (rows: :data:`COMPONENTS`; columns: the processes).

    Parameters
    ----------
    grid : array-like of shape (4, 5)
        Ratings from 1 (not ready) to 5 (fully ready), columns in the order of ``PROCESSES``.

    Returns
    -------
    GridSummary
    """
    a = np.asarray(grid, dtype=float)
    keys = list(PROCESSES)
    if a.shape != (len(COMPONENTS), len(keys)):
        raise DataValidationError(f"The grid must have {len(COMPONENTS)} rows (components) and {len(keys)} "
                                  f"columns (processes); got shape {a.shape}.", column="grid")
    bad = np.argwhere(~np.isfinite(a) | (a < 1) | (a > 5))
    if len(bad):
        cells = [f"{COMPONENTS[i]} / {PROCESSES[keys[j]].name}" for i, j in bad]
        raise DataValidationError(f"Ratings must be from 1 to 5; check {', '.join(cells)}.", column="rating",
                                  rows=[int(i) for i, _ in bad])
    rows, cols = a.mean(axis=1), a.mean(axis=0)
    cells = sorted(((a[i, j], i, j) for i in range(a.shape[0]) for j in range(a.shape[1])))
    priorities = tuple((COMPONENTS[i], keys[j], int(v)) for v, i, j in cells[:3])
    return GridSummary({c: round(float(m), 4) for c, m in zip(COMPONENTS, rows)},
                       {k: round(float(m), 4) for k, m in zip(keys, cols)},
                       COMPONENTS[int(np.argmin(rows))], keys[int(np.argmin(cols))], priorities,
                       round(float(a.mean()), 4))
