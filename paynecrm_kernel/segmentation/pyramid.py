"""The customer pyramid (Zeithaml, Rust & Lemon 2001): platinum, gold, iron and lead tiers by value.

The article segments customers by profitability and serves each tier differently; lead customers cost the
firm money. So the default ``profit_sign`` rule makes lead exactly the customers with negative profit, and
places the others by cut-offs on the share of customers (top 20 % platinum, next 30 % gold: a common
convention, since the article fixes no percentages). The ``share`` rule cuts every tier by share, lead being
the bottom 20 %: it then calls some loss-makers iron, or some profitable customers lead.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import enough_customers, value_array

__all__ = ["TIERS", "PyramidResult", "customer_pyramid"]

#: Tier names from the top of the pyramid down.
TIERS = ("Platinum", "Gold", "Iron", "Lead")


@dataclass(frozen=True)
class PyramidResult:
    """Tiers and their profiles.

    Attributes
    ----------
    tiers : pandas.Series
        Categorical tier per customer (categories ``TIERS``).
    profile : pandas.DataFrame
        One row per tier: ``customers``, ``share_customers``, ``total_value``, ``share_value``,
        ``mean_value``, ``min_value``, ``max_value`` and a column per profiled attribute.
    cuts : tuple of float
        Cumulative customer shares ending platinum, gold and iron.
    rule : str
        ``"share"`` or ``"profit_sign"``.
    """

    tiers: pd.Series
    profile: pd.DataFrame
    cuts: tuple
    rule: str


def _check_cuts(cuts):
    try:
        cuts = tuple(float(c) for c in cuts)
    except (TypeError, ValueError):
        raise DataValidationError(f"customer_pyramid: cuts must be three numbers, got {cuts!r}.") from None
    if len(cuts) != 3 or not 0 < cuts[0] < cuts[1] < cuts[2] < 1:
        raise DataValidationError(
            f"customer_pyramid: cuts must be three increasing shares of customers between 0 and 1 (where "
            f"platinum, gold and iron end, e.g. (0.2, 0.5, 0.8)); got {cuts!r}.")
    return cuts


def customer_pyramid(value, cuts=(0.2, 0.5, 0.8), rule="profit_sign", attributes=None):
    """Place customers in the platinum / gold / iron / lead tiers and profile each tier.

    Parameters
    ----------
    value : pandas.Series or array-like
        Profit (revenue - cost of goods - cost to serve) or CLV per customer.
    cuts : three floats, default (0.2, 0.5, 0.8)
        Cumulative shares of customers, ranked from the highest value down, where platinum, gold and iron
        end. Ties in value are ranked by position (the earlier row ranks higher).
    rule : {"profit_sign", "share"}
        ``"profit_sign"`` (default): lead = customers with negative value, and every customer with
        non-negative value below the gold cut is iron. ``"share"``: tiers by ``cuts`` only.
    attributes : pandas.DataFrame, optional
        Per-customer attributes to profile (same index/order as ``value``): numeric columns are averaged,
        other columns give their most common value and its share.

    Returns
    -------
    PyramidResult
    """
    cuts = _check_cuts(cuts)
    if rule not in ("share", "profit_sign"):
        raise DataValidationError(f"customer_pyramid: rule must be 'profit_sign' or 'share', got {rule!r}.")
    series, arr = value_array(value, "customer_pyramid")
    n = arr.size
    enough_customers(n, 4, "customer_pyramid", "tiers")
    order = np.argsort(-arr, kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    share_rank = (position + 1) / n                     # share of customers at or above this one
    codes = np.searchsorted(np.asarray(cuts), share_rank, side="left").astype(np.int64)
    codes = np.minimum(codes, 3)
    if rule == "profit_sign":
        codes = np.where(arr < 0, 3, np.minimum(codes, 2))
    tiers = pd.Series(pd.Categorical.from_codes(codes, categories=list(TIERS)), index=series.index, name="tier")
    total = arr.sum()
    frame = pd.DataFrame({"tier": codes, "value": arr})
    grouped = frame.groupby("tier")["value"]
    profile = pd.DataFrame({
        "customers": grouped.size(), "total_value": grouped.sum(), "mean_value": grouped.mean(),
        "min_value": grouped.min(), "max_value": grouped.max()}).reindex(range(4))
    profile["customers"] = profile["customers"].fillna(0).astype(int)
    profile["total_value"] = profile["total_value"].fillna(0.0)
    profile["share_customers"] = profile["customers"] / n
    profile["share_value"] = profile["total_value"] / total if total != 0 else np.nan
    profile.index = pd.Index(TIERS, name="tier")
    profile = profile[["customers", "share_customers", "total_value", "share_value", "mean_value",
                       "min_value", "max_value"]]
    if attributes is not None:
        profile = profile.join(_profile_attributes(attributes, codes, n))
    return PyramidResult(tiers=tiers, profile=profile, cuts=cuts, rule=rule)


def _profile_attributes(attributes, codes, n):
    if not isinstance(attributes, pd.DataFrame) or len(attributes) != n:
        raise DataValidationError(f"customer_pyramid: attributes must be a DataFrame with one row per customer "
                                  f"({n}), in the same order as the values.")
    out = {}
    for name in attributes.columns:
        column = attributes[name].reset_index(drop=True)
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            out[name] = column.groupby(codes).mean()
        else:
            def mode_text(values):
                counts = values.astype(str).value_counts()
                if counts.empty:
                    return ""
                return f"{counts.index[0]} ({100 * counts.iloc[0] / counts.sum():.0f} %)"
            out[name] = column.groupby(codes).agg(mode_text)
    table = pd.DataFrame(out).reindex(range(4))
    table.index = pd.Index(TIERS, name="tier")
    return table
