"""How concentrated customer value is: Lorenz curve, Gini coefficient, top-k share and the whale curve.

The Lorenz curve and Gini coefficient are the standard measures of inequality; applied to customer value they
show how far a few customers carry the business. The whale curve (from customer profitability analysis, see
Epstein's *Customer Profitability Analysis* and the cost-to-serve literature) plots cumulative profit against
customers ranked from most to least profitable: it rises above 100 % and falls back as loss-making customers
are added.
"""
import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import value_array

__all__ = ["gini", "lorenz_curve", "top_share", "whale_curve"]


def _non_negative(value, what):
    series, arr = value_array(value, what, allow_negative=False)
    total = arr.sum()
    if total <= 0:
        raise DataValidationError(f"{what}: the values sum to {total:g}; there is no value to divide. Use "
                                  "revenue, spend or CLV, with at least one positive value.")
    return arr, total


def lorenz_curve(value):
    """Return the Lorenz curve of per-customer value.

    Parameters
    ----------
    value : array-like or pandas.Series of non-negative numbers

    Returns
    -------
    pandas.DataFrame
        ``share_customers`` (0..1, customers sorted from lowest to highest value) and ``share_value``
        (cumulative share of total value held by them), starting at (0, 0).
    """
    arr, total = _non_negative(value, "lorenz_curve")
    sorted_values = np.sort(arr, kind="stable")
    n = arr.size
    return pd.DataFrame({"share_customers": np.arange(n + 1) / n,
                         "share_value": np.concatenate([[0.0], np.cumsum(sorted_values) / total])})


def gini(value):
    r"""Gini coefficient of per-customer value: 0 when all equal, towards 1 when one customer has it all.

    Computed as :math:`G = \frac{2\sum_i i\,x_{(i)}}{n\sum_i x_i} - \frac{n+1}{n}` with values sorted
    ascending (:math:`i = 1..n`), which equals twice the area between the diagonal and the Lorenz curve.
    """
    arr, total = _non_negative(value, "gini")
    n = arr.size
    sorted_values = np.sort(arr, kind="stable")
    return float(2.0 * np.dot(np.arange(1, n + 1), sorted_values) / (n * total) - (n + 1.0) / n)


def top_share(value, k=0.2):
    """Share of total value held by the top ``k`` fraction of customers (k = 0.2: the "top 20 %").

    Fractional customers are handled by linear interpolation on the Lorenz curve.
    """
    if not 0 < k <= 1:
        raise ValueError(f"top_share: k is a fraction of customers in (0, 1], got {k!r}.")
    curve = lorenz_curve(value)
    return float(1.0 - np.interp(1.0 - k, curve["share_customers"], curve["share_value"]))


def whale_curve(profit):
    """Cumulative profit with customers ranked from most to least profitable.

    Parameters
    ----------
    profit : array-like or pandas.Series
        Profit per customer after the cost to serve; may be negative.

    Returns
    -------
    curve : pandas.DataFrame
        ``share_customers`` (0..1) and ``cumulative_profit_share`` (cumulative profit / total profit, from
        (0, 0); above 1 when loss-makers exist).
    summary : dict
        ``total_profit``, ``peak_profit`` (profit of the profitable customers alone), ``peak_share``
        (``peak_profit / total_profit``), ``peak_at`` (share of customers at the peak) and
        ``loss_customers`` (share of customers with negative profit).
    """
    _series, arr = value_array(profit, "whale_curve")
    total = arr.sum()
    if total <= 0:
        raise DataValidationError(f"whale_curve: total profit is {total:g}; the whale curve is drawn as a share "
                                  "of a positive total profit. Check the cost-to-serve figures.")
    ordered = np.sort(arr, kind="stable")[::-1]
    cumulative = np.concatenate([[0.0], np.cumsum(ordered)])
    n = arr.size
    peak_index = int(np.argmax(cumulative))
    curve = pd.DataFrame({"share_customers": np.arange(n + 1) / n, "cumulative_profit_share": cumulative / total})
    summary = {"total_profit": float(total), "peak_profit": float(cumulative[peak_index]),
               "peak_share": float(cumulative[peak_index] / total), "peak_at": peak_index / n,
               "loss_customers": float(np.mean(arr < 0))}
    return curve, summary
