"""From customer equity to shareholder value: elasticities, cost reduction and the leverage effect.

* :func:`customer_equity_elasticities` differentiates the value chapter's customer-equity model
  (:func:`paynecrm_kernel.value.customer_equity`: today's customers plus future cohorts net of acquisition
  cost) in closed form, and sets the elasticities beside those Gupta, Lehmann & Stuart (2004, *JMR* 41(1))
  report for five firms: a 1 % improvement in retention, margin or acquisition cost raised firm value by about
  5 %, 1 % and 0.1 %, and retention mattered almost five times as much as a 1 % change in the discount rate.
* :func:`present_value_of_savings` turns a cost reduction per period (e.g. cost-to-serve savings from the
  channel chapter) into present value, Payne & Frow's fourth shareholder result.
* :func:`customer_based_valuation` follows Schulze, Skiera & Wiesel (2012, *JM* 76(2)): customer equity
  values the operating business, so it is compared with the *enterprise* value (market capitalisation plus
  debt, less non-operating assets), not with market capitalisation; the equity holders' value is customer
  equity plus non-operating assets less debt, and a 1 % change in customer equity moves it by the
  *leverage effect* ``CE / shareholder value`` per cent (1.55 on average over 2,000+ firms and ten years).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ..value import simple_clv
from ..value.retention import describe_convention
from ._checks import check_number

__all__ = ["GUPTA_LEHMANN_STUART_2004", "SCHULZE_SKIERA_WIESEL_2012_LEVERAGE", "customer_equity_elasticities",
           "present_value_of_savings", "customer_based_valuation"]

#: Published effect on firm value of a 1 % improvement in each driver (Gupta, Lehmann & Stuart 2004: about
#: 5 % for retention, within 3-7 across their five firms; about 1 % for margin; 0.02-0.3 % for acquisition
#: cost; the discount rate's effect about a fifth of retention's).
GUPTA_LEHMANN_STUART_2004 = pd.DataFrame(
    {"published": [5.0, 1.0, 0.1, 1.0], "published_low": [3.0, 1.0, 0.02, np.nan],
     "published_high": [7.0, 1.0, 0.3, np.nan],
     "source": ["about 5 % (3-7 % across five firms)", "about 1 %", "about 0.1 % (0.02-0.3 %)",
                "retention's effect is almost five times the discount rate's"]},
    index=pd.Index(["retention", "margin", "acquisition_cost", "discount_rate"], name="driver"))

#: Average leverage effect (CE / shareholder value) reported by Schulze, Skiera & Wiesel (2012).
SCHULZE_SKIERA_WIESEL_2012_LEVERAGE = 1.55

# d CLV / d(margin, retention, discount) of the simple CLV under each timing convention, with D = 1 + d - r
_DERIVATIVES = {
    "A": lambda m, r, d, D: (r / D, m * (1 + d) / D ** 2, -m * r / D ** 2),
    "B": lambda m, r, d, D: ((1 + d) / D, m * (1 + d) / D ** 2, -m * r / D ** 2),
    "C": lambda m, r, d, D: (1 / D, m / D ** 2, -m / D ** 2),
}


def _clv_gradient(margin, retention, discount, convention):
    return _DERIVATIVES[convention](margin, retention, discount, 1 + discount - retention)


def customer_equity_elasticities(current_clv=None, *, current_customers=None, current_margin=None, cohort_size,
                                 margin, retention, discount, acquisition_cost, periods=10, growth=0.0,
                                 convention="A"):
    """Elasticities of customer equity to its drivers, in closed form, beside the published ones.

    The model is the value chapter's: ``CE = current + sum_k n_k (CLV_new - AC) / (1 + d)^k``. Today's
    customers are valued either at ``current_clv`` (e.g. their BG/NBD + Gamma-Gamma CLV; it scales with the
    margin and is otherwise fixed, so retention and the discount rate act on future cohorts only) or as
    ``current_customers`` customers with the simple CLV at ``current_margin`` (then retention and discount act
    on them too, as in Gupta, Lehmann & Stuart). A margin change scales every margin.

    Returns
    -------
    pandas.DataFrame
        Per driver (retention, margin, acquisition_cost, discount_rate): ``elasticity`` (d ln CE / d ln x),
        ``improvement_effect`` (per cent change in CE for a 1 % improvement, to first order: + for retention
        and margin, - for acquisition cost and discount rate), the published figures of
        :data:`GUPTA_LEHMANN_STUART_2004`, and ``ratio_to_published``. ``attrs`` holds the customer equity,
        its parts and the convention.
    """
    convention = str(convention).upper()
    if convention not in _DERIVATIVES:
        raise DataValidationError(f"Unknown CLV timing convention {convention!r}; use 'A', 'B' or 'C'.")
    if (current_clv is None) == (current_customers is None):
        raise DataValidationError("Value today's customers one way: give current_clv (their model CLV) or "
                                  "current_customers (with current_margin), not both or neither.")
    m = check_number("The margin", margin, 0)
    r = check_number("The retention rate", retention, 0, 0.999999)
    d = check_number("The discount rate", discount, 1e-9, 10)
    ac = check_number("The acquisition cost", acquisition_cost, 0)
    n0 = check_number("The cohort size", cohort_size, 0)
    g = check_number("The cohort growth", growth, -0.99, 10)
    periods = int(check_number("The number of future cohorts", periods, 0, 1000))
    k = np.arange(1, periods + 1)
    v = 1 / (1 + d)
    n_k = n0 * (1 + g) ** (k - 1)
    s0, s1 = float(np.sum(n_k * v ** k)), float(np.sum(k * n_k * v ** k))
    clv_new = simple_clv(m, r, d, convention)
    dm, dr, dd = _clv_gradient(m, r, d, convention)
    future = (clv_new - ac) * s0
    if current_clv is not None:
        current = float(np.sum(np.asarray(current_clv, dtype=float)))
        d_current = {"retention": 0.0, "margin": current, "discount_rate": 0.0}
    else:
        n_now = check_number("The number of current customers", current_customers, 0)
        cm = check_number("The current customers' margin", m if current_margin is None else current_margin, 0)
        cdm, cdr, cdd = _clv_gradient(cm, r, d, convention)
        current = n_now * simple_clv(cm, r, d, convention)
        d_current = {"retention": n_now * cdr * r, "margin": n_now * cdm * cm, "discount_rate": n_now * cdd * d}
    total = current + future
    if not np.isfinite(total) or total <= 0:
        raise DataValidationError(f"Customer equity is {total:,.2f}; elasticities need a positive value. Check "
                                  "the margin against the acquisition cost.")
    # x dCE/dx for each driver (log-derivatives), today's base and future cohorts together
    log_derivative = {
        "retention": d_current["retention"] + dr * r * s0,
        "margin": d_current["margin"] + dm * m * s0,
        "acquisition_cost": -ac * s0,
        "discount_rate": d_current["discount_rate"] + d * (dd * s0 - (clv_new - ac) * v * s1),
    }
    elasticity = pd.Series(log_derivative) / total
    improves_down = pd.Series({"retention": 1, "margin": 1, "acquisition_cost": -1, "discount_rate": -1})
    table = pd.DataFrame({"elasticity": elasticity, "improvement_effect": elasticity * improves_down})
    table = table.join(GUPTA_LEHMANN_STUART_2004)
    table["ratio_to_published"] = table["improvement_effect"] / table["published"]
    table.index.name = "driver"
    table.attrs.update(customer_equity=total, current=current, future=future,
                       convention=describe_convention(convention))
    return table


def present_value_of_savings(savings_per_period, discount, *, periods=None, growth=0.0):
    """Present value of a cost reduction received at the end of each period.

    Parameters
    ----------
    savings_per_period : float
        Saving in the first period (e.g. the channel chapter's cost-to-serve saving per year).
    discount : float
        Discount rate per period.
    periods : int, optional
        Number of periods the saving lasts; None for a perpetuity (needs growth below the discount rate).
    growth : float
        Growth of the saving per period.

    Returns
    -------
    float
    """
    s = check_number("The saving per period", savings_per_period, 0)
    d = check_number("The discount rate", discount, 1e-9, 10)
    g = check_number("The growth of the saving", growth, -0.99, 10)
    if periods is None:
        if g >= d:
            raise DataValidationError("A saving that grows as fast as the discount rate has no finite value; "
                                      "give a number of periods or a lower growth.")
        return s / (d - g)
    t = np.arange(1, int(check_number("The number of periods", periods, 0, 10_000)) + 1)
    return float(np.sum(s * (1 + g) ** (t - 1) / (1 + d) ** t))


def customer_based_valuation(customer_equity_value, *, debt, non_operating_assets=0.0, market_capitalisation=None,
                             cost_reduction_value=0.0):
    """Customer equity set against firm value the way Schulze, Skiera & Wiesel (2012) recommend.

    Parameters
    ----------
    customer_equity_value : float
        Customer equity (value of current and future customers, net of acquisition cost).
    debt : float
        Interest-bearing debt (net of nothing; cash belongs in ``non_operating_assets``).
    non_operating_assets : float
        Cash and other assets not used to serve customers.
    market_capitalisation : float, optional
        The stock market's value of the equity, if listed.
    cost_reduction_value : float
        Present value of cost reductions not already in the margins (:func:`present_value_of_savings`).

    Returns
    -------
    dict
        ``operating_value`` (CE + cost reduction), ``shareholder_value`` (operating value + non-operating
        assets - debt), ``leverage_effect`` (operating value / shareholder value: per cent change in
        shareholder value per 1 % change in customer equity) and, with a market capitalisation,
        ``enterprise_value`` (market capitalisation + debt - non-operating assets), ``ce_to_enterprise_value``
        and, for contrast, the biased ``ce_to_market_capitalisation``.
    """
    ce = check_number("Customer equity", customer_equity_value, 0)
    debt = check_number("Debt", debt, 0)
    noa = check_number("Non-operating assets", non_operating_assets, 0)
    savings = check_number("The value of cost reductions", cost_reduction_value, 0)
    operating = ce + savings
    shareholder = operating + noa - debt
    if shareholder <= 0:
        raise DataValidationError(f"Debt of {debt:,.0f} exceeds the operating value plus non-operating assets "
                                  f"({operating + noa:,.0f}): the customer-based value of the equity is not "
                                  "positive, so the leverage effect is undefined.")
    out = {"customer_equity": ce, "cost_reduction_value": savings, "operating_value": operating,
           "shareholder_value": shareholder, "leverage_effect": operating / shareholder}
    if market_capitalisation is not None:
        cap = check_number("The market capitalisation", market_capitalisation, 1e-9)
        enterprise = cap + debt - noa
        if enterprise <= 0:
            raise DataValidationError(f"The enterprise value (market capitalisation + debt - non-operating assets "
                                      f"= {enterprise:,.0f}) is not positive; check the figures.")
        out.update(market_capitalisation=cap, enterprise_value=enterprise, ce_to_enterprise_value=operating / enterprise,
                   ce_to_market_capitalisation=operating / cap)
    return out
