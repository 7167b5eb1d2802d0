"""Each customer's predicted value: the individual score of one-to-one segmentation.

A BG/NBD purchase model and a Gamma-Gamma spend model (:mod:`paynecrm_kernel.clv`) are fitted on the customer
table, and each customer's expected value of repeat purchases over a horizon follows from them
(:func:`paynecrm_kernel.clv.customer_lifetime_value`). Customers whose first purchase falls on the last day of
the period (``T = 0``) carry no information for the fit and are left out of it; their prediction uses an age
of one day, so every customer gets a value.
"""
import numpy as np

from ..clv import DAYS_PER_UNIT, BetaGeoModel, GammaGammaModel, customer_lifetime_value
from ._checks import as_frame, require_columns

__all__ = ["predicted_value"]


def predicted_value(base, horizon, time_unit=None, discount_rate=0.0, margin=1.0):
    """Predict each customer's value of repeat purchases over ``horizon`` (BG/NBD x Gamma-Gamma).

    Parameters
    ----------
    base : pandas.DataFrame
        One row per customer with ``frequency``, ``recency``, ``T`` and ``monetary_value`` (as from
        :func:`customer_base` or :func:`paynecrm_kernel.clv.summarize_transactions`).
    horizon : float
        Length of the prediction horizon, in ``time_unit``.
    time_unit : {"D", "W", "M"}, optional
        Unit of ``recency``, ``T`` and ``horizon``; defaults to ``base.attrs["time_unit"]``.
    discount_rate : float
        Discount rate per ``time_unit`` (0: undiscounted, comparable with spend observed over the horizon).
    margin : float
        Share of spend counted as value (1: spend itself).

    Returns
    -------
    pandas.Series
        ``clv`` by customer (index of ``base``); ``attrs`` holds the ``convention`` (text), ``time_unit``,
        ``horizon`` and the fitted ``purchase_model`` and ``spend_model`` results.
    """
    base = as_frame(base, "predicted_value: the customer table")
    require_columns(base, ["frequency", "recency", "T", "monetary_value"], "predicted_value: the customer table")
    unit = time_unit or base.attrs.get("time_unit", "W")
    fit = base.loc[base["T"] > 0]
    purchases = BetaGeoModel().fit(fit[["frequency", "recency", "T"]], time_unit=unit)
    spend = GammaGammaModel().fit(fit[["frequency", "monetary_value"]])
    one_day = 1.0 / DAYS_PER_UNIT[unit]
    data = base[["frequency", "recency", "T", "monetary_value"]].assign(T=np.maximum(base["T"], one_day))
    table = customer_lifetime_value(purchases, spend, data, horizon=horizon, time_unit=unit,
                                    discount_rate=discount_rate, margin=margin)
    value = table["clv"].rename("clv")
    value.attrs = {"convention": table.attrs.get("convention", ""), "time_unit": unit, "horizon": horizon,
                   "purchase_model": purchases, "spend_model": spend}
    return value
