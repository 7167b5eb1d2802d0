"""The segmentation of record: the macro segments every chapter uses, named from their profiles.

Hearth & Home knows one characteristic of its customers before any analysis: whether they hold a trade
account. Trade accounts buy differently (larger orders through account managers) and are won and served by
different channels, so the segmentation of record keeps them apart and clusters the other customers on their
behaviour (k-means, :func:`~paynecrm_kernel.segmentation.kmeans_segments`), then names every segment from its
profile (:func:`~paynecrm_kernel.segmentation.name_segments`). Segmenting partly on a characteristic rather
than only on past behaviour also keeps the purchase models of the value chapter on firmer ground (a behavioural
cut truncates the heterogeneity they assume).
"""
import pandas as pd

from ..errors import DataValidationError
from .clusters import kmeans_segments
from .naming import name_segments
from .rfm import rfm_scores

__all__ = ["DEFAULT_FEATURES", "TRADE_ACCOUNTS", "segments_of_record"]

#: The behavioural features the macro segments cluster on by default.
DEFAULT_FEATURES = ("time_since_last", "frequency", "monetary_value")
#: Name of the segment of customers with a trade account.
TRADE_ACCOUNTS = "Trade accounts"


def segments_of_record(base, features=DEFAULT_FEATURES, k=4, trade_accounts=None):
    """Macro segments: trade accounts apart (when known), the other customers clustered into k, all named.

    Parameters
    ----------
    base : pandas.DataFrame
        :func:`~paynecrm_kernel.segmentation.customer_base` (calibration period).
    features : sequence of str
        Columns of ``rfm_scores(base)`` (or of ``base``: ``revenue``, ``cost_to_serve``, ``profit``) to cluster on.
    k : int
        Number of behavioural segments (the trade accounts come in addition).
    trade_accounts : pandas.Series of bool, optional
        Whether each customer (indexed by customer id) holds a trade account. Without it, all customers are
        clustered into ``k`` segments.

    Returns
    -------
    pandas.Series
        Segment name per customer of ``base``.
    """
    data = rfm_scores(base).join(base[[c for c in ("revenue", "cost_to_serve", "profit") if c in base.columns]])
    unknown = [f for f in features if f not in data.columns]
    if unknown:
        raise DataValidationError(f"segments_of_record: no feature(s) {unknown} in the customer base; choose from "
                                  f"{list(data.columns)}, or give the interactions for cost_to_serve.",
                                  column=unknown[0])
    trade = pd.Series(False, index=base.index)
    if trade_accounts is not None:
        if not isinstance(trade_accounts, pd.Series):
            raise DataValidationError("segments_of_record: trade_accounts must be a boolean Series indexed by "
                                      "customer id.", column="trade_accounts")
        trade = trade_accounts.reindex(base.index).fillna(False).astype(bool)
    others = data.loc[~trade.to_numpy()]
    labels = kmeans_segments(others, list(features), k=int(k)).labels
    names = labels.astype(str).map(name_segments(base.loc[others.index], labels))
    names = names.where(names != TRADE_ACCOUNTS, "Sales-force customers without an account")
    result = pd.Series(TRADE_ACCOUNTS, index=base.index, dtype=object)
    result.loc[names.index] = names
    return result.rename("segment")
