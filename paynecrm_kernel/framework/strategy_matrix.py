"""The CRM strategy matrix (Payne 2005, Handbook; Frow & Payne 2009): four approaches and migration paths.

The four approaches and the existence of migration paths between them are Payne & Frow's. The axis
wording is the workbook's paraphrase of the Handbook's text (p. 84): the horizontal axis is the degree of
individualisation (highly individualised service on the right), the vertical axis the extent of customer
information and its analysis. The capability items, the 0-1 scoring, the 0.5 cut-off and the routes are the
workbook's own [D].
"""
from dataclasses import dataclass

import numpy as np

from ..errors import DataValidationError

#: Quadrants: name -> (individualisation high?, information high?).
QUADRANTS = {
    "Product-based selling": (False, False),
    "Customer-based marketing": (False, True),
    "Managed service and support": (True, False),
    "Individualized CRM": (True, True),
}

QUADRANT_NOTES = {
    "Product-based selling": "Little customer information and a standard offer for all.",
    "Customer-based marketing": "Detailed segmentation, profitability and churn analysis, but no highly "
                                "individualised service (the Handbook's example: supermarket loyalty-card "
                                "data).",
    "Managed service and support": "Individual service and support with little analysis of customer data "
                                   "(its vertical place is inferred).",
    "Individualized CRM": "Rich customer information used to tailor offers and service to each customer.",
}

#: Capability items [D]: id -> (axis, label). Each is scored from 0 (not at all) to 1 (fully).
ITEMS = {
    "identified_revenue": ("information", "Share of revenue from identified customers"),
    "data_integration": ("information", "Customer data integrated across channels and functions"),
    "analytics_use": ("information", "Use of analytics (segmentation, profitability, churn) in decisions"),
    "tailored_offers": ("individualisation", "Share of offers, prices or service levels tailored"),
    "dedicated_service": ("individualisation", "Customers' access to dedicated, personal service"),
}

CUT_OFF = 0.5
#: Starting scores of the self-placement tool [D] (a firm with some data and little individualisation).
DEFAULT_SCORES = {"identified_revenue": 0.4, "data_integration": 0.3, "analytics_use": 0.3,
                  "tailored_offers": 0.2, "dedicated_service": 0.3}
DEFAULT_TARGET = "Customer-based marketing"


@dataclass(frozen=True)
class MatrixPosition:
    """Result of :func:`matrix_position`.

    Attributes
    ----------
    x, y : float
        Individualisation and information, each the mean of its item scores (0-1).
    quadrant : str
        The approach the organisation practises now.
    target : str or None
        The chosen target quadrant.
    target_point : tuple of float or None
        Where the target is drawn: the nearest point of the target quadrant, at least 0.75 on each axis the
        target needs high.
    migration : tuple of float
        ``target_point - (x, y)`` (0, 0 when no target or already there).
    route : tuple of str
        Quadrants passed through, from current to target (see :func:`migration_routes`).
    missing : tuple of str
        Labels of the capability items below the cut-off on the axes the target needs high.
    """

    x: float
    y: float
    quadrant: str
    target: object
    target_point: object
    migration: tuple
    route: tuple
    missing: tuple


def quadrant_of(x, y, cut_off=CUT_OFF):
    """Return the quadrant name for individualisation ``x`` and information ``y``."""
    for name, (hi_x, hi_y) in QUADRANTS.items():
        if (x >= cut_off) == hi_x and (y >= cut_off) == hi_y:
            return name
    raise AssertionError("unreachable")


def migration_routes(current, target):
    """Return the possible routes from ``current`` to ``target``, each a tuple of quadrant names.

    Moving along one axis gives one direct route; moving along both gives two routes, one building
    information first and one individualisation first [D].
    """
    for q in (current, target):
        if q not in QUADRANTS:
            raise DataValidationError(f"Unknown quadrant {q!r}; choose one of: {', '.join(QUADRANTS)}.",
                                      column="quadrant")
    if current == target:
        return ((current,),)
    a, b = QUADRANTS[current], QUADRANTS[target]
    if a[0] != b[0] and a[1] != b[1]:
        via_info = quadrant_of(0.75 if a[0] else 0.25, 0.75 if b[1] else 0.25)
        via_ind = quadrant_of(0.75 if b[0] else 0.25, 0.75 if a[1] else 0.25)
        return ((current, via_info, target), (current, via_ind, target))
    return ((current, target),)


def _check_scores(scores):
    if not isinstance(scores, dict):
        raise DataValidationError("Capability scores must be a mapping of item id to a score from 0 to 1.",
                                  column="scores")
    unknown = sorted(set(scores) - set(ITEMS))
    missing = [k for k in ITEMS if k not in scores]
    if unknown or missing:
        raise DataValidationError(
            f"Capability scores must cover exactly the items {', '.join(ITEMS)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "") + ".", column="scores",
            rows=unknown + missing)
    bad = [k for k, v in scores.items()
           if not isinstance(v, (int, float)) or not np.isfinite(v) or not 0 <= v <= 1]
    if bad:
        raise DataValidationError(f"Scores must be numbers from 0 to 1; check {', '.join(bad)}.",
                                  column="scores", rows=bad)


def matrix_position(scores, target=None, route=0):
    """Place an organisation on the CRM strategy matrix and describe the migration to a target quadrant.

    Parameters
    ----------
    scores : dict
        Score from 0 to 1 for every item of :data:`ITEMS`.
    target : str, optional
        Target quadrant (a key of :data:`QUADRANTS`).
    route : int
        Which of :func:`migration_routes` to follow when two exist (0: information first).

    Returns
    -------
    MatrixPosition

    Examples
    --------
    >>> s = dict(identified_revenue=0.2, data_integration=0.3, analytics_use=0.4,
    ...          tailored_offers=0.1, dedicated_service=0.3)
    >>> p = matrix_position(s, target="Individualized CRM")
    >>> p.quadrant, p.route
    ('Product-based selling', ('Product-based selling', 'Customer-based marketing', 'Individualized CRM'))
    """
    _check_scores(scores)
    x = float(np.mean([v for k, v in scores.items() if ITEMS[k][0] == "individualisation"]))
    y = float(np.mean([v for k, v in scores.items() if ITEMS[k][0] == "information"]))
    current = quadrant_of(x, y)
    if target is None:
        return MatrixPosition(round(x, 4), round(y, 4), current, None, None, (0.0, 0.0), (current,), ())
    routes = migration_routes(current, target)
    chosen = routes[min(max(int(route), 0), len(routes) - 1)]
    hi_x, hi_y = QUADRANTS[target]
    tx = max(x, 0.75) if hi_x else min(x, 0.25)
    ty = max(y, 0.75) if hi_y else min(y, 0.25)
    if current == target:
        tx, ty = x, y
    needed = {"individualisation"} if hi_x else set()
    needed |= {"information"} if hi_y else set()
    missing = tuple(label for k, (axis, label) in ITEMS.items() if axis in needed and scores[k] < CUT_OFF)
    return MatrixPosition(round(x, 4), round(y, 4), current, target, (round(tx, 4), round(ty, 4)),
                          (round(tx - x, 4), round(ty - y, 4)), chosen, missing)
