"""RFM scoring: recency, frequency and monetary value as quantile scores (Hughes's RFM coding).

Each dimension is cut into ``bins`` groups of (almost) equal size, scored ``1`` (worst) to ``bins`` (best):

* **R** from the time since the last purchase, ``T - recency`` (the summary's ``recency`` is the customer's age
  at the last purchase, so the *shorter* the time since it, the *higher* the R score);
* **F** from ``frequency`` (more purchases, higher score);
* **M** from ``monetary_value`` (higher spend, higher score).

Tie rule (the workbook's own, chosen to match the usual ``pandas`` recipe exactly): customers are ranked in
each dimension, equal values ranked by their position in the input (the earlier row gets the lower rank, as
``Series.rank(method="first")``); rank ``r`` of ``n`` goes to score ``1 + #{j : K_j < r}`` where
``K_j = floor(Q_j)`` and ``Q_j`` is the ``j / bins`` quantile (linear interpolation) of the ranks ``1..n``.
This is exactly ``pd.qcut(x.rank(method="first"), bins, labels=False) + 1``. Sort the input (e.g. by customer
id) to make the scores independent of how the data happened to be ordered. With heavy ties (many one-off
buyers share ``frequency = 0``) equal customers can therefore get adjacent scores; that is the price of
equal-sized groups.
"""
from functools import lru_cache

import numpy as np
import pandas as pd

from .._core import rfm as _kernel
from ._checks import as_frame, enough_customers, numeric_column, require_columns

__all__ = ["rank_cutoffs", "rfm_scores", "quantile_scores", "rfm_cell_labels"]

MAX_BINS = 20
_SAMPLE = 16384


@lru_cache(maxsize=64)
def _rank_cutoffs_cached(n, bins):
    quantiles = np.linspace(0, 1, bins + 1)
    # probabilities that are not exact binary fractions are nudged up, as pandas.qcut does
    np.putmask(quantiles, bins * quantiles != np.arange(bins + 1), np.nextafter(quantiles, 1))
    edges = pd.Series(np.arange(1, n + 1, dtype=float)).quantile(quantiles).to_numpy()
    cutoffs = np.floor(edges[1:-1]).astype(np.int64)
    cutoffs.setflags(write=False)
    return cutoffs


def rank_cutoffs(n, bins):
    """Return ``K``: the largest rank in each of the first ``bins - 1`` score groups of ``n`` customers.

    Parameters
    ----------
    n : int
        Number of customers.
    bins : int
        Number of score groups.

    Returns
    -------
    numpy.ndarray of int64, length ``bins - 1``
    """
    return _rank_cutoffs_cached(int(n), int(bins))


def _check_bins(bins, n, what):
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= MAX_BINS:
        raise ValueError(f"{what}: bins must be a whole number from 2 to {MAX_BINS}, got {bins!r}.")
    enough_customers(n, int(bins), what, "bins")


def _order_statistics(columns, K, n_threads):
    """The ``K[j]``-th smallest value (1-based) of each column, exactly.

    Small columns use ``np.partition``. Large ones are bracketed first: a regular sample of ``_SAMPLE`` values
    gives, around each target rank, two values very likely to enclose the answer; one compiled pass
    (:func:`cell_columns`) counts the values below, equal to and between these edges, which says where each
    target rank falls; only the values of the few cells holding a target rank are then selected among. The
    result does not depend on the sample: a poor one only makes a cell larger.
    """
    n = columns[0].shape[0]
    if n <= 8 * _SAMPLE:
        return [np.ascontiguousarray(np.partition(c, K - 1)[K - 1]) for c in columns]
    stride = n // _SAMPLE
    spread = 2.0 * np.sqrt(_SAMPLE)                      # four standard deviations of a sample quantile's rank
    edges = []
    for c in columns:
        sample = np.sort(c[::stride])
        pos = K / n * sample.size
        lo = sample[np.clip(np.floor(pos - spread).astype(np.int64), 0, sample.size - 1)]
        hi = sample[np.clip(np.ceil(pos + spread).astype(np.int64), 0, sample.size - 1)]
        edges.append(np.unique(np.concatenate([lo, hi])))
    cells = np.empty((len(columns), n), dtype=np.int8)
    hist = np.zeros((len(columns), 2 * max(e.size for e in edges) + 1), dtype=np.int64)
    _kernel.cell_columns(columns, edges, cells, hist, int(n_threads))
    result = []
    for c, e, code, counts in zip(columns, edges, cells, hist):
        cum = np.cumsum(counts)
        where = np.searchsorted(cum, K, side="left")        # the cell holding each target rank
        thr = np.empty(K.size)
        odd = where % 2 == 1                                # cells of values equal to an edge
        thr[odd] = e[where[odd] // 2]
        between = np.unique(where[~odd])                    # cells of values strictly between two edges
        if between.size:
            slot = np.full(counts.size, -1, dtype=np.int64)
            slot[between] = np.arange(between.size)
            sizes = counts[between]
            start = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
            values = np.empty(int(sizes.sum()))
            _kernel.gather_cells(c, code, slot, start, values)
            for b, cell in enumerate(between):
                js = where == cell
                r = K[js] - (cum[cell - 1] if cell else 0)
                block = values[start[b]:start[b] + sizes[b]]
                thr[js] = np.partition(block, r - 1)[r - 1]
        result.append(thr)
    return result


def quantile_scores(columns, bins=5, n_threads=0):
    """Score one to three columns 1..bins by quantile of rank (compiled kernel).

    Parameters
    ----------
    columns : sequence of 1-d float arrays of equal length, without NaN
    bins : int
    n_threads : int
        Threads for the kernel (0: all available).

    Returns
    -------
    numpy.ndarray of int8, shape (len(columns), n)
    """
    columns = [np.ascontiguousarray(c, dtype=np.float64) for c in columns]
    n = columns[0].shape[0]
    _check_bins(bins, n, "quantile_scores")
    K = rank_cutoffs(n, bins)
    thresholds = _order_statistics(columns, K, n_threads)
    out = np.empty((len(columns), n), dtype=np.int8)
    _kernel.score_columns(columns, thresholds, K, out, int(n_threads))
    return out


def rfm_cell_labels(bins):
    """Return the labels of all ``bins**3`` RFM cells, in code order (``"111"`` ... ``"555"``)."""
    sep = "" if bins <= 9 else "-"
    return [f"{r}{sep}{f}{sep}{m}" for r in range(1, bins + 1) for f in range(1, bins + 1)
            for m in range(1, bins + 1)]


def rfm_scores(summary, bins=5, *, frequency="frequency", recency="recency", T="T",
               monetary_value="monetary_value", n_threads=0):
    """Score every customer on recency, frequency and monetary value.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per customer with the columns named below (as from
        :func:`paynecrm_kernel.clv.summarize_transactions`); the index is kept.
    bins : int, default 5
        Number of score groups per dimension (Hughes uses quintiles, 5).
    frequency, recency, T, monetary_value : str
        Column names: repeat purchases, age at the last purchase, age at the end of the period, and average
        spend per purchase. ``recency`` and ``T`` must be in the same time unit.
    n_threads : int
        Threads for the compiled kernel (0: all available).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``summary``: ``time_since_last`` (``T - recency``), ``frequency``, ``monetary_value``,
        ``r_score``, ``f_score``, ``m_score`` (1..bins, higher is better), ``rfm_score`` (their sum) and
        ``rfm_cell`` (e.g. ``"541"``, categorical over all ``bins**3`` cells).

    Raises
    ------
    DataValidationError
        Missing columns, missing or non-numeric values, negative values, ``recency > T``, or fewer customers
        than bins.
    """
    summary = as_frame(summary, "rfm_scores")
    require_columns(summary, [frequency, recency, T, monetary_value], "rfm_scores: the customer summary")
    what = "rfm_scores"
    f = numeric_column(summary, frequency, what, allow_negative=False)
    rec = numeric_column(summary, recency, what, allow_negative=False)
    age = numeric_column(summary, T, what, allow_negative=False)
    m = numeric_column(summary, monetary_value, what)
    since = age - rec
    bad = since < -1e-9
    if bad.any():
        from ._checks import _row_labels
        from ..errors import DataValidationError

        rows, text = _row_labels(summary, bad)
        raise DataValidationError(
            f"rfm_scores: {int(bad.sum())} customer(s) have {recency!r} greater than {T!r} (rows {text}): the "
            "last purchase cannot come after the end of the period. Check that both columns use the same "
            "time unit and origin.", column=recency, rows=rows)
    since = np.maximum(since, 0.0)
    scores = quantile_scores([-since, f, m], bins=bins, n_threads=n_threads)
    r_s, f_s, m_s = scores
    codes = (r_s.astype(np.int16) - 1) * (bins * bins) + (f_s.astype(np.int16) - 1) * bins + (m_s - 1)
    cells = pd.Categorical.from_codes(codes, categories=rfm_cell_labels(bins))
    return pd.DataFrame({
        "time_since_last": since, "frequency": f.copy(), "monetary_value": m.copy(),   # f, m may view the input
        "r_score": r_s, "f_score": f_s, "m_score": m_s,
        "rfm_score": (r_s.astype(np.int16) + f_s + m_s).astype(np.int16),
        "rfm_cell": cells,
    }, index=summary.index, copy=False)             # the arrays are new: no need to copy them again
