"""The segments of the strategy chapter, rebuilt for the value chapter from what the workbook saved.

The strategy development notebook saves its *choices*, not a label per customer: the segment granularity
(``strategy.decisions.granularity`` or ``strategy.granularity.choice``), the k-means features and k of the
segment explorer (``strategy.segments.features``, ``strategy.segments.k``) and the RFM bins
(``strategy.rfm.bins``). :func:`strategy_segments` rebuilds the segments from those choices with the same
library functions and the same calibration period, so the value chapter prices the segments the firm chose:

* **macro** (or only k-means choices saved): the k-means segments on the chosen features;
* **micro**: the named RFM segments (the strategy chapter's RFM cells, grouped by its rule table, because
  cells of a few dozen customers are too small for their own purchase models);
* **one-to-one**: every customer gets their own CLV anyway; the k-means segments group them for reporting.

Customers acquired after the calibration period have no strategy segment and form their own group. When the
workbook holds none of these keys the caller's fallback segments are used, and the result says so.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import DataValidationError
from ..segmentation import customer_base, kmeans_segments, rfm_scores, rfm_segments
from ..workbook.keys import strategy as keys

__all__ = ["ChosenSegments", "strategy_segments", "DEFAULT_KMEANS_FEATURES"]

#: The strategy chapter's macro segmentation: k-means on these RFM features (k = 4).
DEFAULT_KMEANS_FEATURES = ("time_since_last", "frequency", "monetary_value")


@dataclass(frozen=True, repr=False)
class ChosenSegments:
    """Segment labels per customer and where they come from.

    Attributes
    ----------
    labels : pandas.Series
        Segment label (str) per customer id.
    source : {"strategy", "fallback"}
        Whether the labels rebuild the strategy chapter's choice or are the fallback.
    description : str
        One or two sentences for the screen: which segmentation, and why.
    """

    labels: pd.Series
    source: str
    description: str

    def __repr__(self):
        return f"ChosenSegments({self.source}: {self.labels.nunique()} segments, {len(self.labels):,} customers)"

    def _repr_html_(self):
        colour = "#2e7d32" if self.source == "strategy" else "#e07b00"
        counts = self.labels.value_counts()
        sizes = ", ".join(f"{name} ({n:,})" for name, n in counts.items())
        return (f"<div class='pcrm-segment-source' style='border-left:4px solid {colour};padding:4px 10px;"
                f"background:#fafafa'>{self.description}<br><span style='font-size:12px;color:#555'>"
                f"Segments: {sizes}.</span></div>")


def _chosen(workbook):
    get = workbook.get
    granularity = get(keys.DECISION_GRANULARITY, None) or get(keys.GRANULARITY_CHOICE, None)
    return granularity, get(keys.SEGMENT_FEATURES, None), get(keys.SEGMENT_COUNT, None), get(keys.RFM_BINS, None)


def strategy_segments(workbook, transactions, fallback, *, calibration_end, interactions=None, channels=None,
                      fallback_name="the sample company's segments"):
    """Rebuild the strategy chapter's segments from the workbook, or fall back.

    Parameters
    ----------
    workbook : Workbook or None
        The shared workbook (None: use the fallback).
    transactions : pandas.DataFrame
        The transaction log the strategy chapter segmented (``customer_id``, ``date``, ``amount``).
    fallback : pandas.Series
        Segment label per customer id, used when the workbook holds no strategy choice.
    calibration_end : date-like
        End of the period the strategy chapter used to describe customers.
    interactions, channels : pandas.DataFrame, optional
        For the cost-to-serve feature, when the chosen features include it.
    fallback_name : str
        How to name the fallback on screen.

    Returns
    -------
    ChosenSegments
    """
    if not isinstance(fallback, pd.Series):
        raise DataValidationError("fallback must be a pandas Series of segment labels indexed by customer id.")
    granularity, features, k, bins = _chosen(workbook) if workbook is not None else (None, None, None, None)
    customers = pd.Index(pd.unique(transactions["customer_id"]))
    if granularity is None and features is None and k is None:
        return ChosenSegments(fallback.astype(str), "fallback",
                              "The strategy chapter has not saved a segmentation in this workbook yet, so this "
                              f"chapter uses {fallback_name}. Work through the strategy chapter (notebook 01) and "
                              "reopen this one to value your own segments.")
    base = customer_base(transactions, calibration_end=calibration_end, interactions=interactions, channels=channels)
    if granularity == "micro":
        bins = int(bins or 5)
        labels = rfm_segments(rfm_scores(base, bins=bins), bins=bins).astype(str)
        what = (f"the strategy chapter's choice, <b>micro</b> segments: its RFM cells ({bins} bins) grouped into the "
                "named RFM segments")
    else:
        feats = list(features) if features else list(DEFAULT_KMEANS_FEATURES)
        data = rfm_scores(base).join(base[[c for c in ("revenue", "cost_to_serve", "profit") if c in base.columns]])
        unknown = [f for f in feats if f not in data.columns]
        if unknown:
            return ChosenSegments(fallback.astype(str), "fallback",
                                  f"The strategy chapter's segment features {unknown} are not available here, so "
                                  f"this chapter uses {fallback_name}.")
        k = int(k or 4)
        try:
            result = kmeans_segments(data, feats, k=k)
        except DataValidationError as exc:        # e.g. a feature without spread in this chapter's data
            return ChosenSegments(fallback.astype(str), "fallback",
                                  f"The strategy chapter's segmentation cannot be rebuilt here ({exc}), so this "
                                  f"chapter uses {fallback_name}.")
        labels = result.labels.map(lambda s: f"Segment {s}")
        level = granularity or "macro"
        what = (f"the strategy chapter's choice, <b>{level}</b> granularity: its k-means segments (k = {k} on "
                f"{', '.join(feats)})")
        if level == "one-to-one":
            what += "; every customer is valued individually, and the segments group them for reporting"
    when = pd.Timestamp(calibration_end)
    new = f"New since {(when + pd.Timedelta(days=1)):%d %b %Y}"
    labels = labels.reindex(customers).astype(object).fillna(new).astype(str)
    n_new = int((labels == new).sum())
    note = f" Customers acquired after the strategy chapter's period ({n_new:,}) form the group '{new}'." if n_new else ""
    return ChosenSegments(labels, "strategy", f"This chapter values {what}.{note}")
