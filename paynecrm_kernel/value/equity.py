"""Customer equity: the value of the current customers plus future cohorts, net of acquisition cost.

* :func:`customer_equity` follows the cohort form of Gupta, Lehmann & Stuart (2004): the CLV of today's
  customers plus, for each future cohort ``k``, ``n_k (CLV_new - AC) / (1 + d)^k``.
* :func:`equity_elasticities` gives the percentage change in customer equity for a 1 % better retention,
  margin, acquisition cost and discount rate (the kind of comparison Gupta, Lehmann & Stuart report:
  retention mattered far more than acquisition cost).
* :func:`blattberg_deighton` and :func:`optimise_blattberg_deighton` implement the stylised
  acquisition/retention trade-off of Blattberg & Deighton (1996): acquisition rate
  ``a = a_max (1 - exp(-k1 A))``, retention ``r = r_max (1 - exp(-k2 R))``, and customer equity per prospect
  ``a m - A + a (m - R/r) r'/(1 - r')`` with ``r' = r/(1+d)``. The notation is the workbook's rendering of
  the article's model.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from .retention import describe_convention, simple_clv

__all__ = ["cohort_economics", "customer_equity", "equity_elasticities", "blattberg_deighton", "optimise_blattberg_deighton"]


def _finite(name, value, low=-math.inf, high=math.inf):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise DataValidationError(f"{name} must be a number, not {value!r}.") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise DataValidationError(f"{name} = {value!r} must be between {low} and {high}.")
    return value


def customer_equity(current_clv, *, cohort_size, margin, retention, discount, acquisition_cost,
                    periods=10, growth=0.0, convention="A", horizon=None):
    """Customer equity of the current base plus ``periods`` future cohorts.

    Parameters
    ----------
    current_clv : float or array-like
        CLV of each current customer (or their sum), already in money of today.
    cohort_size : float
        Customers acquired in the first future period; later cohorts grow by ``growth`` per period.
    margin, retention, discount : float
        Margin per period, retention rate and discount rate of a new customer (simple CLV).
    acquisition_cost : float
        Cost of acquiring one new customer.
    periods : int
        Number of future cohorts counted (cohorts arrive at the start of periods 1..periods).
    growth : float
        Growth of cohort size per period.
    convention : {"A", "B", "C"}
        Timing convention of the new customers' CLV (stated in the result).
    horizon : int, optional
        Periods of each new customer's life counted (the same horizon as ``current_clv``); unlimited if None.

    Returns
    -------
    dict
        ``current`` (value of today's base), ``future`` (future cohorts, net of acquisition cost),
        ``total``, ``cohorts`` (a DataFrame: period, customers, clv, net value, present value) and
        ``convention``.
    """
    current = float(np.sum(np.asarray(current_clv, dtype=float)))
    if not math.isfinite(current):
        raise DataValidationError("The current customers' CLVs must be finite numbers.")
    n0 = _finite("The cohort size", cohort_size, 0)
    d = _finite("The discount rate", discount, 0, 10)
    g = _finite("The cohort growth", growth, -1, 10)
    ac = _finite("The acquisition cost", acquisition_cost, 0)
    periods = int(_finite("The number of future cohorts", periods, 0, 1000))
    clv_new = simple_clv(margin, retention, discount, convention, horizon=horizon)
    k = np.arange(1, periods + 1)
    customers = n0 * (1 + g) ** (k - 1)
    net = customers * (clv_new - ac)
    present = net / (1 + d) ** k
    cohorts = pd.DataFrame({"period": k, "customers": customers, "clv": clv_new,
                            "net_value": net, "present_value": present})
    future = float(present.sum())
    described = describe_convention(convention)
    if horizon is not None:
        described += f", over {int(horizon)} periods"
    return {"current": current, "future": future, "total": current + future, "cohorts": cohorts,
            "convention": described}


def cohort_economics(value_one, value_two, discount):
    """Margin and retention per period of a new customer, backed out of their value over one and two periods.

    Under convention A over a finite horizon, a customer worth ``v1`` over one period and ``v2`` over two has
    ``v1 = m r / (1 + d)`` and ``v2 - v1 = m r^2 / (1 + d)^2``, so ``r = (1 + d)(v2 - v1) / v1`` and
    ``m = v1 (1 + d) / r``: the simple model then reproduces the purchase models' first two periods, and
    customer equity can value new cohorts with inputs from the data over the same horizon as today's customers.

    Returns
    -------
    dict
        ``margin`` and ``retention`` per period.
    """
    v1 = _finite("The value over one period", value_one, 1e-12)
    v2 = _finite("The value over two periods", value_two, v1)
    d = _finite("The discount rate", discount, 0, 10)
    retention = (1 + d) * (v2 - v1) / v1
    if not 0 < retention < 1:
        raise DataValidationError(f"The values over one and two periods ({v1:,.2f}, {v2:,.2f}) imply a retention "
                                  f"rate of {retention:.3f}, outside (0, 1); check the values and the discount rate.")
    return {"margin": v1 * (1 + d) / retention, "retention": retention}


def equity_elasticities(current_customers=None, *, current_margin=None, cohort_size, margin, retention, discount,
                        acquisition_cost, periods=10, growth=0.0, convention="A", step=0.01, current_clv=None,
                        horizon=None):
    """Percentage change in customer equity for a 1 % improvement in each driver.

    The current base is valued either with the same simple CLV as new customers (``current_customers``
    customers at ``current_margin``) or, when ``current_clv`` is given, at that value (e.g. the customers' CLV
    from the BG/NBD + Gamma-Gamma segment models), which scales with the margin and is otherwise held fixed:
    the retention rate, discount rate, acquisition cost and cohort size then act on the future cohorts only.
    An improvement means retention, margin and cohort size up by ``step`` (relative), acquisition cost and
    discount rate down by ``step``.

    Returns
    -------
    pandas.Series
        Relative change in customer equity per driver, largest effect first.
    """
    if current_clv is None and (current_customers is None or current_margin is None):
        raise DataValidationError("Give either current_clv or both current_customers and current_margin.")
    fixed = None if current_clv is None else float(np.sum(np.asarray(current_clv, dtype=float)))
    cm0 = current_margin if current_margin is not None else margin

    def total(m=margin, r=retention, d=discount, ac=acquisition_cost, cm=cm0, n=cohort_size):
        if fixed is None:
            current = current_customers * simple_clv(cm, r, d, convention)
        else:
            current = fixed * (m / margin if margin else 1.0)
        return customer_equity(current, cohort_size=n, margin=m, retention=r, discount=d, acquisition_cost=ac,
                               periods=periods, growth=growth, convention=convention, horizon=horizon)["total"]

    base = total()
    if base == 0:
        raise DataValidationError("Customer equity is zero, so relative changes are undefined.")
    changes = {
        "Retention rate +1 %": total(r=min(retention * (1 + step), 0.999999)),
        "Margin +1 %": total(m=margin * (1 + step), cm=cm0 * (1 + step)),
        "Acquisition cost −1 %": total(ac=acquisition_cost * (1 - step)),
        "Discount rate −1 %": total(d=discount * (1 - step)),
        "Cohort size +1 %": total(n=cohort_size * (1 + step)),
    }
    out = pd.Series({k: v / base - 1 for k, v in changes.items()}, name="relative_change")
    return out.reindex(out.abs().sort_values(ascending=False).index)


def blattberg_deighton(acquisition_spend, retention_spend, *, a_max, k1, r_max, k2, margin, discount):
    """Customer equity per prospect under Blattberg & Deighton's acquisition/retention model.

    Parameters
    ----------
    acquisition_spend : float or ndarray
        Acquisition spend ``A`` per prospect.
    retention_spend : float or ndarray
        Retention spend ``R`` per retained customer per period.
    a_max, r_max : float
        Ceilings of the acquisition and retention rates (in (0, 1]).
    k1, k2 : float
        How fast spending approaches the ceilings.
    margin : float
        Margin per period of a customer.
    discount : float
        Discount rate per period.

    Returns
    -------
    dict of float or ndarray
        ``equity`` (per prospect), ``acquisition_rate`` and ``retention_rate``.
    """
    a_max = _finite("a_max", a_max, 0, 1)
    r_max = _finite("r_max", r_max, 0, 0.999999)
    k1 = _finite("k1", k1, 0)
    k2 = _finite("k2", k2, 0)
    m = _finite("The margin", margin)
    d = _finite("The discount rate", discount, 0, 10)
    spend_a = np.asarray(acquisition_spend, dtype=float)
    spend_r = np.asarray(retention_spend, dtype=float)
    if np.any(spend_a < 0) or np.any(spend_r < 0):
        raise DataValidationError("Spending cannot be negative.")
    a = a_max * (1 - np.exp(-k1 * spend_a))
    r = r_max * (1 - np.exp(-k2 * spend_r))
    rp = r / (1 + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        retained = np.where(r > 0, a * (m - spend_r / np.where(r > 0, r, 1)) * rp / (1 - rp), 0.0)
    equity = a * m - spend_a + retained
    return {"equity": equity, "acquisition_rate": a, "retention_rate": r}


def optimise_blattberg_deighton(*, a_max, k1, r_max, k2, margin, discount, max_acquisition=None,
                                max_retention=None, n_grid=81):
    """Grid search for the acquisition and retention spend that maximise customer equity per prospect.

    Returns
    -------
    dict
        ``acquisition_spend``, ``retention_spend``, ``equity``, ``acquisition_rate``, ``retention_rate`` at
        the optimum, and the grid (``grid_a``, ``grid_r``, ``grid_equity`` with rows = retention spend).
    """
    m = _finite("The margin", margin, 0)
    top_a = _finite("max_acquisition", max_acquisition if max_acquisition is not None else m, 0)
    top_r = _finite("max_retention", max_retention if max_retention is not None else m, 0)
    n_grid = int(_finite("n_grid", n_grid, 3, 1001))
    grid_a = np.linspace(0, top_a, n_grid)
    grid_r = np.linspace(0, top_r, n_grid)
    aa, rr = np.meshgrid(grid_a, grid_r)
    values = blattberg_deighton(aa, rr, a_max=a_max, k1=k1, r_max=r_max, k2=k2, margin=margin,
                                discount=discount)
    i, j = np.unravel_index(int(np.argmax(values["equity"])), aa.shape)
    return {"acquisition_spend": float(aa[i, j]), "retention_spend": float(rr[i, j]),
            "equity": float(values["equity"][i, j]), "acquisition_rate": float(values["acquisition_rate"][i, j]),
            "retention_rate": float(values["retention_rate"][i, j]),
            "grid_a": grid_a, "grid_r": grid_r, "grid_equity": values["equity"]}
