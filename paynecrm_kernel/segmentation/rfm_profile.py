"""What the named RFM segments look like: size, recency, frequency, spend, share of value and the action."""
import numpy as np
import pandas as pd

from ..errors import DataValidationError

__all__ = ["customer_value", "rfm_grid", "rfm_segment_profile"]


def customer_value(summary, value=None):
    """Value per customer: ``value`` if given (aligned with ``summary``'s rows), else past spend.

    Past spend is ``frequency * monetary_value``: repeat purchases times their mean amount.
    """
    if value is None:
        return summary["frequency"] * summary["monetary_value"]
    values = np.asarray(value, dtype=float)
    if values.shape != (len(summary),):
        raise DataValidationError(f"value has {values.size} entries for {len(summary)} customers; give one value "
                                  "per row of the customer summary, in the same order.")
    return pd.Series(values, index=summary.index, name="value")


def rfm_grid(scores, metric="customers", bins=5):
    """The recency-by-frequency grid: customers (``metric="customers"``) or mean value in each cell.

    Parameters
    ----------
    scores : pandas.DataFrame
        With ``r_score``, ``f_score`` and ``value`` (see :func:`rfm_segment_profile`).
    metric : {"customers", "value"}
    bins : int
        Score range: rows are recency scores 1..bins, columns frequency scores 1..bins; empty cells are NaN.
    """
    if metric not in ("customers", "value"):
        raise ValueError(f"metric={metric!r}: choose 'customers' or 'value'.")
    grid = scores.groupby(["r_score", "f_score"]).agg(customers=("value", "size"), value=("value", "mean"))
    cells = range(1, bins + 1)
    return grid[metric].unstack("f_score").reindex(index=cells, columns=cells)


def rfm_segment_profile(scores, rules=None):
    """One row per named segment that has customers: its size and what its customers are like.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per customer with ``segment`` (from :func:`~paynecrm_kernel.segmentation.rfm_segments`),
        ``time_since_last``, ``frequency``, ``monetary_value`` and ``value``.
    rules : pandas.DataFrame, optional
        The rule table; its ``action`` column, if any, is carried over.

    Returns
    -------
    pandas.DataFrame
        Indexed by segment: ``customers``, ``share`` (of customers), ``since_last`` (mean time since the last
        purchase), ``purchases`` (mean repeat purchases), ``spend`` (mean spend per purchase), ``value_share``
        (share of the total value; NaN only if the total is zero) and ``action``.
    """
    seg = scores.groupby("segment", observed=False).agg(
        customers=("value", "size"), since_last=("time_since_last", "mean"),
        purchases=("frequency", "mean"), spend=("monetary_value", "mean"), value=("value", "sum"))
    seg = seg[seg["customers"] > 0]
    seg.insert(1, "share", seg["customers"] / len(scores))
    total = scores["value"].sum()
    seg["value_share"] = seg["value"] / total if total else np.nan
    actions = rules.set_index("segment")["action"] if rules is not None and "action" in rules else {}
    seg["action"] = [actions.get(s, "") for s in seg.index]
    return seg.drop(columns="value")
