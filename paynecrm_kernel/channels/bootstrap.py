"""Bootstrap confidence intervals for every channel's credit, and one table comparing every model.

A resample draws as many journeys as there are, with replacement (a multinomial draw over the distinct
(path, outcome) cells), and reruns the attribution on the resampled counts. The seed is fixed by default, so
the intervals never move between runs. A converting journey's value is carried as its path's mean
conversion value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._chain import PathChain
from ._checks import DEFAULT_SEED, number
from .heuristics import HEURISTICS, heuristic_attribution
from .markov import markov_attribution
from .paths import as_path_table
from .shapley import _journey_shares, shapley_attribution

__all__ = ["METHODS", "attribution_intervals", "compare_attribution"]

#: Models that :func:`attribution_intervals` can bootstrap.
METHODS = ("markov", "shapley")


def attribution_intervals(paths, method="markov", n_resamples=200, level=0.95, seed=DEFAULT_SEED, order=1,
                          value=False):
    """Percentile bootstrap intervals for the conversions (or the value) credited to each channel.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
    method : {"markov", "shapley"}, default "markov"
        Exact Markov removal effects of the given ``order``, or Shapley values of the journeys game.
    n_resamples : int, default 200
    level : float, default 0.95
    seed : int, default 2016
    order : int, default 1
    value : bool, default False
        Bootstrap the credited conversion value instead (the paths must carry values).

    Returns
    -------
    pandas.DataFrame
        ``channel``, ``conversions`` (or ``value``) on the full data, ``lower``, ``upper`` and
        ``standard_error``; ``attrs``: ``method``, ``level``, ``n_resamples``, ``seed``.
    """
    table = as_path_table(paths)
    if method not in METHODS:
        raise DataValidationError(f"Unknown attribution method {method!r}; choose one of {', '.join(METHODS)}.")
    if value and table.values is None:
        raise DataValidationError("These paths carry no conversion value; build the journeys with value_column "
                                  "or pass 'total_conversion_value'.", column="total_conversion_value")
    n = number(n_resamples, "The number of resamples", 20, 100_000, integer=True)
    level = number(level, "The confidence level", 0.5, 0.999)
    point = markov_attribution(table, order) if method == "markov" else shapley_attribution(table)
    rng = np.random.default_rng(number(seed, "The seed", 0, integer=True))
    cells = np.concatenate([table.conversions, table.nulls])
    draws = rng.multinomial(int(round(cells.sum())), cells / cells.sum(), size=n).astype(float)
    u = len(table.paths)
    mean_value = np.divide(table.values, table.conversions, out=np.zeros(u), where=table.conversions > 0) \
        if value else None
    chain = PathChain(table, int(point.attrs.get("order", order))) if method == "markov" else None
    credits = np.zeros((n, table.n_channels))
    for b in range(n):
        conversions, nulls = draws[b, :u], draws[b, u:]
        weights = conversions * mean_value if value else conversions
        if weights.sum() == 0:
            continue
        if method == "markov":
            fitted = chain.fit(conversions, nulls, weights if value else None)
            effects, _ = fitted.removal_effects(reward=fitted.value if value else None)
            credits[b] = effects / effects.sum() * weights.sum() if effects.sum() > 0 else 0.0
        else:
            credits[b] = _journey_shares(table, weights)
    tail = (1 - level) / 2
    column = "value" if value else "conversions"
    out = pd.DataFrame({"channel": list(table.channels), column: point[column].to_numpy(),
                        "lower": np.quantile(credits, tail, axis=0), "upper": np.quantile(credits, 1 - tail, axis=0),
                        "standard_error": credits.std(axis=0, ddof=1)})
    out.attrs.update(method=point.attrs["method"], level=level, n_resamples=n, seed=seed)
    return out


def compare_attribution(paths, order=1, value=False):
    """Conversions (or their value) credited to each channel by every model, side by side.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
    order : int, default 1
        Order of the Markov chain.
    value : bool, default False
        Credit the conversion value instead (the paths must carry values).

    Returns
    -------
    pandas.DataFrame
        ``channel``, the five rule-based columns of :data:`~.heuristics.HEURISTICS`, ``markov`` and
        ``shapley`` (journeys game); every column sums to the total conversions (or value).
    """
    table = as_path_table(paths)
    if value and table.values is None:
        raise DataValidationError("These paths carry no conversion value; build the journeys with value_column "
                                  "or pass 'total_conversion_value'.", column="total_conversion_value")
    column = "value" if value else "conversions"
    out = heuristic_attribution(paths if hasattr(paths, "touches") else table, value=value)
    out["markov"] = markov_attribution(table, order)[column].to_numpy()
    out["shapley"] = shapley_attribution(table)[column].to_numpy()
    out.attrs.update(models=list(HEURISTICS) + ["markov", "shapley"], measure=column)
    return out
