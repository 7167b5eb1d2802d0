"""Customer lifetime value from a purchase model and a spend model, with the convention stated in the output.

Convention (as in Fader & Hardie's non-contractual CLV, framework notes section 3.5): the horizon is cut
into periods of the chosen unit; the value of period k is the expected number of repeat purchases in that
period (from the purchase model, conditional on the customer's history) times the expected spend per
purchase times the margin, discounted as if received at the end of the period:

    CLV_i = sum_{k=1..K} (E[Y_i(t_k)] - E[Y_i(t_{k-1})]) * E[M_i] * margin / (1 + d) ** t_k

The first purchase is not counted (it is already made); the result is a truncated, expected, residual value.
"""
import math

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import check_discount_rate, check_horizon, check_margin
from .units import UNIT_NAMES, convert_time, validate_time_unit


def _spend_per_customer(spend, data):
    if hasattr(spend, "expected_spend"):
        values = spend.expected_spend(data)
        return np.asarray(values, dtype=float)
    values = np.broadcast_to(np.asarray(spend, dtype=float), (len(data),)).astype(float)
    if isinstance(spend, pd.Series):
        values = spend.reindex(data.index).to_numpy(dtype=float)
    bad = ~np.isfinite(values) | (values < 0)
    if bad.any():
        rows = list(data.index[bad][:5])
        raise DataValidationError(f"spend must be a fitted spend model, a number or a Series of non-negative "
                                  f"spend per purchase for every customer; {int(bad.sum()):,} customer(s) have none "
                                  f"or a negative value, e.g. {rows}.", rows=rows)
    return values


def clv_convention(horizon, time_unit, discount_rate, margin):
    """Plain-words statement of how :func:`customer_lifetime_value` computes its figures."""
    unit = UNIT_NAMES[validate_time_unit(time_unit)]
    return (f"Expected value of repeat purchases over the next {horizon:g} {unit}: expected purchases in each "
            f"of the {unit} x expected spend per purchase x margin {margin:g}, discounted at "
            f"{100 * discount_rate:g} % per {unit[:-1]} as if received at the end of each {unit[:-1]}. "
            "The first purchase is excluded.")


def customer_lifetime_value(purchases, spend, data, horizon=12, time_unit="M", discount_rate=0.01, margin=1.0):
    """Discounted expected value of each customer's repeat purchases over a finite horizon.

    Parameters
    ----------
    purchases : BetaGeoResult or another fitted purchase model
        Provides ``expected_purchases(t, data)`` and its ``time_unit``.
    spend : GammaGammaResult, float or pandas.Series
        Expected spend per purchase: a fitted spend model (``expected_spend(data)``), one number for
        everybody, or a Series by customer id.
    data : pandas.DataFrame
        Customers with ``frequency, recency, T`` (and ``monetary_value`` for a spend model), in the
        purchase model's time unit.
    horizon : float
        Length of the horizon in ``time_unit`` (12 with "M" = one year).
    time_unit : {"D", "W", "M"}
        Unit of ``horizon`` and of the discounting period.
    discount_rate : float
        Discount rate per period of ``time_unit``, from 0 to 1 (0.01 a month is about 12.7 % a year). A rate
        above 100 % per period is refused: it is a yearly rate given per month, or a percentage given as a
        number.
    margin : float
        Share of spend that is profit, from 0 to 1 (1.0 = value of purchases).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``data``: ``clv``, ``expected_purchases`` (over the horizon), ``expected_spend``.
        ``attrs`` holds ``time_unit``, ``horizon``, ``discount_rate``, ``margin`` and ``convention`` (text).
    """
    unit = validate_time_unit(time_unit)
    model_unit = getattr(purchases, "time_unit", None)
    if model_unit is None:
        raise DataValidationError(
            "The purchase model does not know its time unit, so the horizon cannot be converted. Fit it on a "
            "table from summarize_transactions (which records the unit), or with fit(data, time_unit='W').")
    unit_name = UNIT_NAMES[unit]
    horizon = check_horizon(horizon, unit_name)
    discount_rate = check_discount_rate(discount_rate, unit_name[:-1])
    margin = check_margin(margin)
    if not hasattr(purchases, "discounted_purchases"):
        raise DataValidationError(f"purchases must be a fitted purchase model (e.g. BetaGeoModel().fit(summary)), "
                                  f"got {type(purchases).__name__}.")
    ends = np.minimum(np.arange(1, math.ceil(horizon) + 1, dtype=float), horizon)
    model_times = convert_time(ends, unit, model_unit)
    discounts = (1.0 + discount_rate) ** -ends
    value, previous = purchases.discounted_purchases(model_times, discounts, data)
    spend_values = _spend_per_customer(spend, data)
    # fresh arrays: the frame keeps them as they are (no copy into one block)
    out = pd.DataFrame({"clv": value * spend_values * margin, "expected_purchases": previous,
                        "expected_spend": np.array(spend_values, dtype=float)}, index=data.index, copy=False)
    out.attrs.update({"time_unit": unit, "horizon": float(horizon), "discount_rate": float(discount_rate),
                      "margin": float(margin), "convention": clv_convention(horizon, unit, discount_rate, margin)})
    return out
