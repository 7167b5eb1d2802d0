"""Name behavioural segments from their profiles, so that every chapter speaks of the same customers.

A clustering returns numbers ("segment 3"); a manager needs a name that says who the customers are. The
segments of record are named from four facts about them, each compared with the whole customer base:

* the share of one-time buyers (``frequency`` = 0): a segment where most customers never bought again is a
  segment of **one-time buyers**, *lapsed* when its customers last bought longer ago than the typical
  customer did, *recent* otherwise;
* the share served mainly by the sales force: most customers on a trade account manager's list makes the
  segment **trade accounts**;
* how often the repeat buyers bought (mean ``frequency``): the most frequent repeat segment is the
  **frequent buyers**, called **frequent high spenders** when its customers also spend the most;
  the others are **occasional repeat buyers**, *lapsing* when they have not bought for long;
* spend, which breaks the tie when two segments would get the same name.

The rules are the workbook's convention; their thresholds are module constants.
"""
import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import as_frame, require_columns

__all__ = ["segment_profile", "name_segments", "ONE_TIME_SHARE", "TRADE_SHARE"]

#: A segment is one of one-time buyers when at least this share of its customers made no repeat purchase.
ONE_TIME_SHARE = 0.8
#: A segment is one of trade accounts when at least this share of its customers buy mainly from the sales force.
TRADE_SHARE = 0.5
#: Channel whose customers are trade accounts.
TRADE_CHANNEL = "sales_force"


def segment_profile(base, labels):
    """Profile segments: size, repeat buying, recency, spend, cost to serve and profit.

    Parameters
    ----------
    base : pandas.DataFrame
        The per-customer table of :func:`~paynecrm_kernel.segmentation.customer_base` (``frequency``,
        ``recency``, ``T``, ``revenue``; optionally ``cost_to_serve``, ``profit``, ``main_channel``).
    labels : pandas.Series
        Segment label per customer id.

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``customers``, ``share_customers``, ``one_time_share``, ``mean_frequency``,
        ``time_since_last`` (mean, in the time unit of the base), ``mean_revenue``, ``mean_cost_to_serve``,
        ``mean_profit``, ``total_profit`` and ``sales_force_share``.
    """
    base = as_frame(base, "segment_profile: the customer base")
    require_columns(base, ["frequency", "recency", "T", "revenue"], "segment_profile: the customer base")
    if not isinstance(labels, pd.Series):
        raise DataValidationError("segment_profile: give the segment labels as a pandas Series indexed by "
                                  "customer id.")
    label = labels.reindex(base.index)
    missing = base.index[label.isna()]
    if len(missing):
        raise DataValidationError(f"segment_profile: {len(missing):,} customer(s) of the base have no segment, "
                                  f"e.g. {list(missing[:5])}; give every customer a label.", column="segment",
                                  rows=list(missing[:50]))
    frame = pd.DataFrame({
        "segment": label.astype(str),
        "one_time": (base["frequency"] == 0).astype(float),
        "frequency": base["frequency"].astype(float),
        "since_last": (base["T"] - base["recency"]).astype(float),
        "revenue": base["revenue"].astype(float),
        "cost_to_serve": base.get("cost_to_serve", pd.Series(0.0, index=base.index)).astype(float),
        "profit": base.get("profit", base["revenue"]).astype(float),
        "sales_force": (base.get("main_channel", pd.Series("", index=base.index)) == TRADE_CHANNEL).astype(float),
    })
    grouped = frame.groupby("segment", sort=True)
    profile = pd.DataFrame({
        "customers": grouped.size(),
        "one_time_share": grouped["one_time"].mean(),
        "mean_frequency": grouped["frequency"].mean(),
        "time_since_last": grouped["since_last"].mean(),
        "mean_revenue": grouped["revenue"].mean(),
        "mean_cost_to_serve": grouped["cost_to_serve"].mean(),
        "mean_profit": grouped["profit"].mean(),
        "total_profit": grouped["profit"].sum(),
        "sales_force_share": grouped["sales_force"].mean(),
    })
    profile.insert(1, "share_customers", profile["customers"] / profile["customers"].sum())
    profile.attrs["overall_time_since_last"] = float(frame["since_last"].median())
    return profile


def _base_name(row, typical_gap, most_frequent, top_spender):
    if row.sales_force_share >= TRADE_SHARE:
        return "Trade accounts"
    if row.one_time_share >= ONE_TIME_SHARE:
        return ("Lapsed" if row.time_since_last > typical_gap else "Recent") + " one-time buyers"
    if row.name == most_frequent:
        return "Frequent high spenders" if row.name == top_spender else "Frequent buyers"
    return ("Lapsing" if row.time_since_last > typical_gap else "Occasional") + " repeat buyers"


def name_segments(base, labels):
    """Name each segment from its profile (see the module's rules).

    Parameters
    ----------
    base : pandas.DataFrame
        The per-customer table (:func:`~paynecrm_kernel.segmentation.customer_base`).
    labels : pandas.Series
        Segment label per customer id (numbers or strings).

    Returns
    -------
    pandas.Series
        Name (str) per original label, unique across segments; its index is the labels as strings.
    """
    profile = segment_profile(base, labels)
    typical_gap = profile.attrs["overall_time_since_last"]
    consumers = profile[profile["sales_force_share"] < TRADE_SHARE]
    repeat = consumers[consumers["one_time_share"] < ONE_TIME_SHARE]
    most_frequent = repeat["mean_frequency"].idxmax() if len(repeat) else None
    top_spender = consumers["mean_revenue"].idxmax() if len(consumers) else None
    names = pd.Series({s: _base_name(row, typical_gap, most_frequent, top_spender) for s, row in profile.iterrows()},
                      dtype=object)
    for name in names[names.duplicated(keep=False)].unique():
        clash = profile.loc[names == name, "mean_revenue"].sort_values(ascending=False)
        tags = _spend_tags(len(clash))
        for segment, tag in zip(clash.index, tags):
            names[segment] = f"{name}, {tag}"
    return names


def _spend_tags(n):
    if n == 2:
        return ["higher spend", "lower spend"]
    return [f"spend rank {i}" for i in np.arange(1, n + 1)]
