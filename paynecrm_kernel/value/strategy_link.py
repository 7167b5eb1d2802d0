"""The segments of record: the strategy chapter's segmentation, rebuilt and named for every later chapter.

The strategy development chapter saves its *choices*, not a label per customer: the segment granularity
(``strategy.decisions.granularity`` or ``strategy.granularity.choice``), the k-means features and k of the
segment explorer (``strategy.segments.features``, ``strategy.segments.k``) and the RFM bins
(``strategy.rfm.bins``). :func:`strategy_segments` rebuilds the segments from those choices (or from the
chapter's defaults where nothing was changed) with the same library functions and the same calibration period,
and names them from their profiles (:func:`~paynecrm_kernel.segmentation.name_segments`):

* **macro** (the default): :func:`~paynecrm_kernel.segmentation.segments_of_record`, trade accounts apart
  when the caller says which customers hold one, the others in k-means segments on the chosen features;
* **micro**: the named RFM segments (the RFM cells grouped by the rule table, because cells of a few dozen
  customers are too small for their own purchase models);
* **one-to-one**: every customer gets their own CLV anyway; the k-means segments group them for reporting.

Customers acquired after the calibration period have no strategy segment and form their own group. When the
segmentation cannot be rebuilt (features missing from the data), the caller's fallback is used and the result
says so.
"""
from __future__ import annotations

from dataclasses import dataclass
import re

import pandas as pd

from .._memo import memoized
from ..errors import DataValidationError
from ..segmentation import customer_base, rfm_scores, rfm_segments, segments_of_record
from ..segmentation.of_record import DEFAULT_FEATURES
from ..workbook.keys import strategy as keys
from ..theme import LIGHT, MUTED, RAG

__all__ = ["ChosenSegments", "strategy_segments", "DEFAULT_KMEANS_FEATURES"]

#: The strategy chapter's macro segmentation: k-means on these RFM features (k = 4).
DEFAULT_KMEANS_FEATURES = DEFAULT_FEATURES


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
        sizes = ", ".join(f"{name} ({n:,})" for name, n in self.labels.value_counts().items())
        return f"{re.sub(r'<[^>]+>', '', self.description)}\nSegments: {sizes}."

    def _repr_html_(self):
        colour = RAG["green"] if self.source == "strategy" else RAG["amber"]
        counts = self.labels.value_counts()
        sizes = ", ".join(f"{name} ({n:,})" for name, n in counts.items())
        return (f"<div class='pcrm-segment-source' style='border-left:4px solid {colour};padding:4px 10px;"
                f"background:{LIGHT}'>{self.description}<br><span style='font-size:12px;color:{MUTED}'>"
                f"Segments: {sizes}.</span></div>")


def _fallback(fallback, name, reason):
    if fallback is None:
        raise DataValidationError(f"{reason}; give a fallback segmentation (a Series of labels by customer id).")
    return ChosenSegments(fallback.astype(str), "fallback", f"{reason}, so this chapter uses {name}.")


def _chosen(workbook):
    get = workbook.get
    granularity = get(keys.DECISION_GRANULARITY, None) or get(keys.GRANULARITY_CHOICE, None)
    return granularity, get(keys.SEGMENT_FEATURES, None), get(keys.SEGMENT_COUNT, None), get(keys.RFM_BINS, None)


def strategy_segments(workbook, transactions, fallback=None, *, calibration_end, interactions=None, channels=None,
                      trade_accounts=None, fallback_name="the sample company's segments"):
    """Rebuild and name the strategy chapter's segments from the workbook (or its defaults).

    Parameters
    ----------
    workbook : Workbook or None
        The shared workbook (None: the strategy chapter's defaults).
    transactions : pandas.DataFrame
        The transaction log the strategy chapter segmented (``customer_id``, ``date``, ``amount``).
    fallback : pandas.Series, optional
        Segment label per customer id, used when the chosen segmentation cannot be rebuilt on these data.
    calibration_end : date-like
        End of the period the strategy chapter used to describe customers.
    interactions, channels : pandas.DataFrame, optional
        For the cost-to-serve feature, when the chosen features include it.
    trade_accounts : pandas.Series of bool, optional
        Whether each customer holds a trade account: those form their own macro segment.
    fallback_name : str
        How to name the fallback on screen.

    Returns
    -------
    ChosenSegments
    """
    if fallback is not None and not isinstance(fallback, pd.Series):
        raise DataValidationError("fallback must be a pandas Series of segment labels indexed by customer id.")
    granularity, features, k, bins = _chosen(workbook) if workbook is not None else (None, None, None, None)
    return _rebuilt(transactions, fallback, calibration_end, interactions, channels, trade_accounts, fallback_name,
                    granularity, features, k, bins)


@memoized(persist=True)
def _rebuilt(transactions, fallback, calibration_end, interactions, channels, trade_accounts, fallback_name,
             granularity, features, k, bins):
    """:func:`strategy_segments` once the workbook's choices are read (kept: the same choices recur)."""
    customers = pd.Index(pd.unique(transactions["customer_id"]))
    base = customer_base(transactions, calibration_end=calibration_end, interactions=interactions, channels=channels)
    if granularity == "micro":
        bins = int(bins or 5)
        labels = rfm_segments(rfm_scores(base, bins=bins), bins=bins).astype(str)
        what = (f"<b>micro</b> granularity: RFM cells ({bins} bins) grouped into the named RFM segments")
    else:
        feats = list(features) if features else list(DEFAULT_KMEANS_FEATURES)
        k = int(k or 4)
        try:
            labels = segments_of_record(base, feats, k, trade_accounts)
        except DataValidationError as exc:        # e.g. a feature missing, or without spread, in these data
            return _fallback(fallback, fallback_name, f"The strategy chapter's segmentation cannot be rebuilt on "
                                                      f"these data ({exc})")
        level = granularity or "macro"
        apart = "trade accounts apart, the other customers in " if trade_accounts is not None else ""
        what = (f"<b>{level}</b> granularity: {apart}k-means segments (k = {k} on {', '.join(feats)}), named "
                "from their profiles")
        if level == "one-to-one":
            what += "; every customer is valued individually, and the segments group them for reporting"
    when = pd.Timestamp(calibration_end)
    new = f"New since {(when + pd.Timedelta(days=1)):%d %b %Y}"
    labels = labels.reindex(customers).astype(object).fillna(new).astype(str)
    n_new = int((labels == new).sum())
    note = f" Customers acquired after the strategy chapter's period ({n_new:,}) form the group '{new}'." if n_new else ""
    return ChosenSegments(labels, "strategy", f"The segments of record: {what}.{note}")
