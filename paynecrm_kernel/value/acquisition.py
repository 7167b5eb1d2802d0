"""Acquisition economics: what a customer costs to win, how long it takes to earn it back, and CLV : CAC.

* Customer acquisition cost (CAC) = campaign spend / customers acquired, by channel and by campaign.
* Payback period: the first period in which the cumulative (expected, discounted) margin of an acquired
  customer reaches the CAC; a fractional period is interpolated linearly within that period.
* CLV : CAC compares what a customer is worth with what it cost to win; the workbook reads a ratio above 3
  as healthy, a common practitioners' rule of thumb (the workbook's own convention, not Payne & Frow's).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from .retention import describe_convention, simple_clv

__all__ = ["acquisition_costs", "payback_period", "clv_to_cac", "acquisition_economics", "HEALTHY_CLV_TO_CAC"]

#: CLV : CAC at or above which the workbook calls acquisition healthy (a practitioners' rule of thumb).
HEALTHY_CLV_TO_CAC = 3.0


def _numeric(frame, column):
    if column not in frame.columns:
        raise DataValidationError(f"The campaign table has no column '{column}'; add it, or name the column "
                                  "with spend=/acquired=.", column=column)
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = np.flatnonzero(values.isna().to_numpy() | (values.to_numpy(dtype=float, na_value=np.nan) < 0))
    if len(bad):
        raise DataValidationError(f"Column '{column}' must hold numbers >= 0; rows {bad[:10].tolist()} do not. "
                                  "Correct or remove those rows.", column=column, rows=bad[:50].tolist())
    return values.astype(float)


def acquisition_costs(campaigns, by="channel", *, spend="spend", acquired="acquired"):
    """Cost per acquired customer, grouped by channel, campaign or any other column(s).

    Parameters
    ----------
    campaigns : pandas.DataFrame
        One row per campaign, with its spend and the number of customers it acquired.
    by : str or list of str
        Column(s) to group by.
    spend, acquired : str
        Names of the spend and acquired-customers columns.

    Returns
    -------
    pandas.DataFrame
        ``spend``, ``acquired``, ``cac`` and ``share_of_acquired`` per group, sorted by CAC.

    Raises
    ------
    DataValidationError
        For missing columns, negative or non-numeric values, or a group that acquired nobody (its CAC is
        undefined).
    """
    if not isinstance(campaigns, pd.DataFrame) or campaigns.empty:
        raise DataValidationError("Give the campaigns as a non-empty DataFrame, one row per campaign.")
    keys = [by] if isinstance(by, str) else list(by)
    for key in keys:
        if key not in campaigns.columns:
            raise DataValidationError(f"The campaign table has no column '{key}' to group by.", column=key)
    frame = campaigns[keys].copy()
    frame["spend"] = _numeric(campaigns, spend)
    frame["acquired"] = _numeric(campaigns, acquired)
    table = frame.groupby(keys, sort=True).sum()
    empty = table.index[table["acquired"] == 0].tolist()
    if empty:
        raise DataValidationError(f"{len(empty)} group(s) acquired no customers, so their cost per customer is "
                                  f"undefined: {empty[:5]}. Check their '{acquired}' figures or leave them out.",
                                  column=acquired)
    table["cac"] = table["spend"] / table["acquired"]
    table["share_of_acquired"] = table["acquired"] / table["acquired"].sum()
    return table.sort_values("cac")


def payback_period(cac, margin, retention=1.0, discount=0.0, *, max_periods=600):
    """Periods until an acquired customer's expected margin pays back its acquisition cost.

    The customer yields ``margin`` at the end of each period while retained (survival ``retention^(t-1)`` in
    period t, the first margin certain: convention C timing), discounted at ``discount`` per period.

    Returns
    -------
    float
        Payback period in periods (fractional), or ``inf`` if the CAC is never recovered.
    """
    for name, value in (("The CAC", cac), ("The margin", margin)):
        if not isinstance(value, (int, float, np.floating, np.integer)) or not math.isfinite(value):
            raise DataValidationError(f"{name} must be a finite number, not {value!r}.")
    if cac < 0:
        raise DataValidationError("The CAC cannot be negative.")
    if not 0 <= retention <= 1 or not 0 <= discount <= 10:
        raise DataValidationError("Retention must be in [0, 1] and the discount rate in [0, 10].")
    if cac == 0:
        return 0.0
    if margin <= 0:
        return math.inf
    t = np.arange(1, max_periods + 1)
    flows = margin * retention ** (t - 1) / (1 + discount) ** t
    cumulative = np.cumsum(flows)
    reached = np.flatnonzero(cumulative >= cac)
    if len(reached) == 0:
        return math.inf
    k = reached[0]
    before = cumulative[k - 1] if k > 0 else 0.0
    return float(k + (cac - before) / flows[k])


def clv_to_cac(clv, cac):
    """Ratio of customer lifetime value to acquisition cost (``inf`` when the CAC is 0)."""
    if cac < 0:
        raise DataValidationError("The CAC cannot be negative.")
    return math.inf if cac == 0 else float(clv) / float(cac)


def acquisition_economics(campaigns, margin, retention, discount, *, by="channel", convention="C",
                          spend="spend", acquired="acquired"):
    """CAC, CLV, CLV : CAC and payback period per channel (or campaign).

    The CLV is the simple retention-based CLV of a newly acquired customer (before acquisition cost) in the
    stated ``convention``; ``margin`` and ``retention`` may be scalars or mappings by group.

    Returns
    -------
    pandas.DataFrame
        The :func:`acquisition_costs` table plus ``clv``, ``clv_to_cac``, ``payback_periods`` and
        ``convention``.
    """
    table = acquisition_costs(campaigns, by, spend=spend, acquired=acquired)

    def pick(value, group):
        if isinstance(value, dict):
            if group not in value:
                raise DataValidationError(f"No value given for group {group!r}; give one for every group.")
            return value[group]
        return value

    clv, ratio, payback = [], [], []
    for group, row in table.iterrows():
        m, r = pick(margin, group), pick(retention, group)
        value = simple_clv(m, r, discount, convention)
        clv.append(value)
        ratio.append(clv_to_cac(value, row["cac"]))
        payback.append(payback_period(row["cac"], m, r, discount))
    table = table.assign(clv=clv, clv_to_cac=ratio, payback_periods=payback)
    table["convention"] = describe_convention(convention)
    return table
