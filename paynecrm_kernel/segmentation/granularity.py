"""Segment granularity: how much of the variation in customer value each level of segmentation explains,
against how many segments must be managed (Payne & Frow's macro, micro and one-to-one levels).

For a segmentation (labels), the value predicted for a customer is the mean of their segment, and the share of
variance explained is the between-segment share (eta squared, equal to the OLS R^2 on segment dummies). For
one-to-one (an individual score per customer, e.g. a CLV prediction), the prediction is a straight-line fit of
value on the score (R^2 = squared correlation). Adjusted R^2, ``1 - (1 - R^2)(n - 1)/(n - p)`` with ``p`` the
number of fitted means or coefficients, charges each extra segment for the variance it explains by chance.
Explaining *future* value (a holdout period) with segments built on past behaviour is the fair test: finer
segments always fit the past better.
"""
import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataValidationError
from ._checks import value_array

__all__ = ["explained_variance", "granularity_tradeoff"]


def explained_variance(target, grouping):
    """Return (R^2, number of segments or parameters, kind) for one level.

    ``grouping`` is a Series/array of segment labels (categorical, string or integer labels with few
    distinct values) or of individual numeric scores (float dtype).
    """
    _s, y = value_array(target, "granularity_tradeoff: the target value")
    g = pd.Series(np.asarray(grouping))
    if len(g) != y.size:
        raise DataValidationError(f"granularity_tradeoff: a level has {len(g)} entries but there are {y.size} "
                                  "customers; build every level from the same customers in the same order.")
    if g.isna().any():
        rows = list(np.flatnonzero(g.isna().to_numpy())[:5])
        raise DataValidationError(f"granularity_tradeoff: a level has missing labels or scores (rows {rows}).",
                                  rows=rows)
    sst = float(((y - y.mean()) ** 2).sum())
    if sst == 0:
        raise DataValidationError("granularity_tradeoff: every customer has the same value; there is no "
                                  "variation to explain.")
    if pd.api.types.is_float_dtype(g):
        fit = stats.linregress(g.to_numpy(dtype=float), y)
        return float(fit.rvalue ** 2), 2, "individual"
    codes, uniques = pd.factorize(g)
    means = np.bincount(codes, weights=y) / np.bincount(codes)
    ssw = float(((y - means[codes]) ** 2).sum())
    return 1.0 - ssw / sst, len(uniques), "segments"


def granularity_tradeoff(target, levels, cost_per_segment=0.0, cost_per_customer=0.0):
    """Compare levels of segmentation by the share of value variance explained and the segments to manage.

    Parameters
    ----------
    target : pandas.Series or array-like
        Value per customer to explain (ideally future value: holdout spend or CLV).
    levels : dict
        Name -> segment labels per customer, or (float) individual scores for one-to-one.
    cost_per_segment : float
        Assumed cost of managing one segment (offer, content, owner) per period.
    cost_per_customer : float
        Assumed marginal cost of treating one customer individually per period (one-to-one). One-to-one costs
        one programme (``cost_per_segment``) plus this for every customer: near zero in digital channels, high
        where a person has to tailor each contact.

    Returns
    -------
    pandas.DataFrame
        One row per level: ``kind``, ``segments`` (to manage), ``r_squared``, ``adjusted_r_squared``,
        ``management_cost``.
    """
    if not isinstance(levels, dict) or not levels:
        raise DataValidationError("granularity_tradeoff: give the levels as a dict, e.g. {'macro': labels, "
                                  "'micro': cells, 'one-to-one': scores}.")
    for what, amount in (("cost_per_segment", cost_per_segment), ("cost_per_customer", cost_per_customer)):
        if not np.isfinite(float(amount)) or float(amount) < 0:
            raise DataValidationError(f"granularity_tradeoff: {what} is an amount of money >= 0, got {amount!r}.")
    _s, y = value_array(target, "granularity_tradeoff: the target value")
    n = y.size
    rows = []
    for name, grouping in levels.items():
        r2, p, kind = explained_variance(target, grouping)
        segments = n if kind == "individual" else p
        adjusted = 1.0 - (1.0 - r2) * (n - 1) / (n - p) if n > p else np.nan
        cost = (float(cost_per_segment) + float(cost_per_customer) * n if kind == "individual"
                else float(cost_per_segment) * segments)
        rows.append({"level": name, "kind": kind, "segments": int(segments), "r_squared": r2,
                     "adjusted_r_squared": adjusted, "management_cost": cost})
    return pd.DataFrame(rows).set_index("level")
