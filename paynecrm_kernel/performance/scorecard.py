"""Standards, red/amber/green status, trends, the scorecard, and which process is furthest from standard.

A standard is a target, a tolerance and a direction. The status rule (framework notes section 3.10):

* **green**: the target is met (at or above it when higher is better, at or below when lower is better);
* **amber**: missed, but by no more than the tolerance;
* **red**: missed by more than the tolerance.

The *shortfall* of a KPI is how far it misses its target in tolerances (0 when met; above 1 is red), so KPIs
in different units can be compared, and a process's distance from standard is the mean shortfall of its
measured KPIs. The trend is the least-squares slope over the last periods; it reads as improving or
worsening when the fitted change over the window exceeds a quarter of the tolerance (a workbook convention),
else steady.
"""
from __future__ import annotations

from dataclasses import dataclass
import math

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ..theme import PROCESS_NAMES
from ._checks import check_number
from .kpi import DIRECTIONS, KPI_CATALOGUE, kpi_values

__all__ = ["Standard", "rag_status", "shortfall", "kpi_trend", "scorecard", "process_diagnostics",
           "strategy_feedback", "STEADY_SHARE"]

#: A trend is steady while the fitted change over the window is within this share of the tolerance.
STEADY_SHARE = 0.25

_EPS = 1e-9       # rounding slack at the boundaries, relative to the target's size


@dataclass(frozen=True)
class Standard:
    """A KPI standard: ``target``, ``tolerance`` (same unit, >= 0) and ``direction`` ("higher"/"lower")."""

    target: float
    tolerance: float
    direction: str

    def __post_init__(self):
        object.__setattr__(self, "target", check_number("The target", self.target))
        object.__setattr__(self, "tolerance", check_number("The tolerance", self.tolerance, 0))
        if self.direction not in DIRECTIONS:
            raise DataValidationError(f"The direction must be 'higher' or 'lower' (which way is better), not "
                                      f"{self.direction!r}.")


def _miss(value, standard):
    """How far ``value`` misses the target in the KPI's unit (<= 0 when met)."""
    gap = standard.target - value if standard.direction == "higher" else value - standard.target
    slack = _EPS * max(1.0, abs(standard.target), abs(standard.tolerance))
    return 0.0 if gap <= slack else gap


def rag_status(value, standard):
    """``"green"``, ``"amber"`` or ``"red"`` for ``value`` against ``standard`` (see the module docstring)."""
    value = check_number("The KPI value", value)
    miss = _miss(value, standard)
    if miss == 0:
        return "green"
    slack = _EPS * max(1.0, abs(standard.target), abs(standard.tolerance))
    return "amber" if miss <= standard.tolerance + slack else "red"


def shortfall(value, standard):
    """Miss in tolerances (0 when met; ``inf`` when missed with zero tolerance)."""
    miss = _miss(check_number("The KPI value", value), standard)
    if miss == 0:
        return 0.0
    return math.inf if standard.tolerance == 0 else miss / standard.tolerance


def kpi_trend(history, standard, window=4):
    """Direction of the last ``window`` values relative to the standard.

    Parameters
    ----------
    history : sequence of float
        Values in time order, oldest first, one per period (the latest is the current value).
    standard : Standard
    window : int
        Periods used (at least 2).

    Returns
    -------
    dict
        ``slope`` (per period), ``change`` (fitted change over the window), ``trend`` ("improving",
        "worsening", "steady") and ``periods`` used.
    """
    values = np.asarray([check_number("A past KPI value", v) for v in history], dtype=float)
    window = int(check_number("The trend window", window, 2, 1000))
    if len(values) < 2:
        raise DataValidationError("A trend needs at least two periods of values.")
    recent = values[-window:]
    slope = float(np.polyfit(np.arange(len(recent)), recent, 1)[0])
    change = slope * (len(recent) - 1)
    better = change if standard.direction == "higher" else -change
    steady = STEADY_SHARE * standard.tolerance if standard.tolerance > 0 else _EPS * max(1.0, abs(standard.target))
    trend = "steady" if abs(better) <= steady else ("improving" if better > 0 else "worsening")
    return {"slope": slope, "change": change, "trend": trend, "periods": len(recent)}


def _standard_for(kpi, standards):
    given = (standards or {}).get(kpi.key)
    if isinstance(given, Standard):
        return given
    if given is not None:
        target, tolerance = given
        return Standard(target, tolerance, kpi.direction)
    return None if kpi.target is None else Standard(kpi.target, kpi.tolerance, kpi.direction)


def scorecard(inputs=None, *, typed=None, standards=None, history=None, catalogue=KPI_CATALOGUE, window=4):
    """The balanced scorecard: every KPI's value, standard, status, shortfall and trend.

    Parameters
    ----------
    inputs, typed
        As in :func:`~.kpi.kpi_values`.
    standards : mapping, optional
        ``{kpi key: Standard or (target, tolerance)}``; KPIs not named keep their catalogue standard.
    history : mapping or pandas.DataFrame, optional
        ``{kpi key: past values, oldest first}``, or a table with a column per KPI and a row per period (e.g.
        :func:`~.kpi_history.kpi_history` of the periods before the current one; empty cells are skipped).
        The current value is appended before the trend is fitted.
    catalogue : sequence of KPI
    window : int
        Periods in the trend.

    Returns
    -------
    pandas.DataFrame
        Indexed by KPI key: ``name, process, perspective, block, unit, direction, value, origin, target,
        tolerance, status, shortfall, trend, slope``. A KPI with no value has status "not measured".
    """
    values = kpi_values(inputs, typed, catalogue)
    if isinstance(history, pd.DataFrame):
        history = {key: history[key].dropna().tolist() for key in history.columns}
    history = dict(history or {})
    unknown = sorted(set(history) - set(values.index))
    if unknown:
        raise DataValidationError(f"History given for unknown KPI(s) {unknown}.")
    rows = []
    for kpi in catalogue:
        value, origin = values.at[kpi.key, "value"], values.at[kpi.key, "origin"]
        standard = _standard_for(kpi, standards)
        row = {"key": kpi.key, "name": kpi.name, "process": kpi.process, "perspective": kpi.perspective,
               "block": kpi.block, "unit": kpi.unit, "direction": kpi.direction, "value": value, "origin": origin,
               "target": standard.target if standard else np.nan,
               "tolerance": standard.tolerance if standard else np.nan,
               "status": "not measured", "shortfall": np.nan, "trend": "no history", "slope": np.nan}
        if standard is None:
            row["status"] = "no standard"
        elif not np.isnan(value):
            row.update(status=rag_status(value, standard), shortfall=shortfall(value, standard))
        if len(history.get(kpi.key, ())) and not np.isnan(value):
            trend = kpi_trend(list(history[kpi.key]) + [value], standard or Standard(value, 0, kpi.direction),
                              window)
            row.update(trend=trend["trend"], slope=trend["slope"])
        rows.append(row)
    return pd.DataFrame(rows).set_index("key")


def process_diagnostics(card):
    """Which process is furthest from standard.

    Parameters
    ----------
    card : pandas.DataFrame
        A :func:`scorecard`.

    Returns
    -------
    pandas.DataFrame
        One row per process, furthest from standard first: ``process_name``, ``measured``, ``green``,
        ``amber``, ``red``, ``not_measured``, ``mean_shortfall`` (tolerances), ``worst_kpi``,
        ``worst_shortfall`` and ``worsening`` (KPIs whose trend is worsening).
    """
    if not isinstance(card, pd.DataFrame) or not {"process", "status", "shortfall", "name"} <= set(card.columns):
        raise DataValidationError("Give the table returned by scorecard(...).")
    rows = []
    for process in PROCESS_NAMES:
        part = card[card["process"] == process]
        measured = part[part["status"].isin(["green", "amber", "red"])]
        worst = measured["shortfall"].idxmax() if len(measured) else None
        rows.append({"process": process, "process_name": PROCESS_NAMES[process], "measured": len(measured),
                     **{s: int((part["status"] == s).sum()) for s in ("green", "amber", "red")},
                     "not_measured": int(len(part) - len(measured)),
                     "mean_shortfall": float(measured["shortfall"].clip(upper=10).mean()) if len(measured) else np.nan,
                     "worst_kpi": card.at[worst, "name"] if worst is not None else None,
                     "worst_shortfall": float(measured["shortfall"].max()) if len(measured) else np.nan,
                     "worsening": int((part["trend"] == "worsening").sum())})
    table = pd.DataFrame(rows).set_index("process")
    return table.sort_values(["mean_shortfall", "red", "worsening"], ascending=False, na_position="last")


def strategy_feedback(card):
    """Plain sentences for the strategy review: the processes furthest from standard and their worst KPI.

    Returns
    -------
    list of str
        One sentence per process with an amber or red KPI, furthest first; a single sentence when every
        measured KPI meets its standard. Shortfalls are capped at 10 tolerances in the mean.
    """
    diagnostics = process_diagnostics(card)
    behind = diagnostics[(diagnostics["red"] + diagnostics["amber"]) > 0]
    if behind.empty:
        return ["Every measured KPI meets its standard; review the targets and the KPIs not yet measured."]
    lines = []
    for process, row in behind.iterrows():
        lines.append(f"{row['process_name']}: {row['red']} red and {row['amber']} amber of {row['measured']} "
                     f"measured KPIs (mean shortfall {row['mean_shortfall']:.1f} tolerances); worst: "
                     f"{row['worst_kpi']} ({row['worst_shortfall']:.1f} tolerances short)"
                     + (f"; {row['worsening']} worsening." if row["worsening"] else "."))
    return lines
