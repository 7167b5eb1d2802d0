"""Retention economics: the simple retention-based CLV and the profit effect of better retention.

Simple CLV (constant margin ``m`` per period, retention ``r``, discount rate ``d``, infinite horizon) has
three textbook forms that differ only in *when* the first margin arrives (Fader & Hardie 2012, "Reconciling
and Clarifying CLV Formulas"); the workbook always states which one a figure uses:

* **A** ``m r / (1 + d - r)``: the first margin is earned only if the customer is retained through period 1
  (Capon; Kotler & Keller; Lehmann & Winer; Gupta & Lehmann's rule of thumb has this form).
* **B** ``m (1 + d) / (1 + d - r)``: the current period's margin is included at t = 0 (Blattberg et al. 2008).
* **C** ``m / (1 + d - r)``: the first margin arrives for certain at the end of period 1 (Ofek; Davis).

Reichheld & Sasser (1990) argued that cutting defections raises profit sharply because profit per customer
grows with tenure. :func:`reichheld_sasser` recomputes their thought experiment from a profit-by-tenure
profile; the critique (Sharp: halving the defection rate mechanically doubles the expected tenure of a
constant-retention customer) is stated with every result.
"""
from __future__ import annotations

import math

import numpy as np

from ..errors import DataValidationError

__all__ = ["CONVENTIONS", "describe_convention", "simple_clv", "margin_multiple", "reichheld_sasser",
           "retention_profit_effect", "expected_tenure", "REICHHELD_SASSER_CRITIQUE",
           "REICHHELD_SASSER_EXAMPLES"]

#: The three timing conventions of the simple CLV formula.
CONVENTIONS = {
    "A": "first margin at the end of period 1, only if the customer is retained (m·r/(1+d−r))",
    "B": "first margin now, at t = 0, then every period the customer stays (m·(1+d)/(1+d−r))",
    "C": "first margin for certain at the end of period 1 (m/(1+d−r))",
}

#: The critique to show with the Reichheld & Sasser headline (paraphrased).
REICHHELD_SASSER_CRITIQUE = (
    "The headline is a thought experiment, not a measured finding: with a constant retention rate the expected "
    "tenure is 1/(defection rate), so halving defections from 10 % to 5 % doubles the expected tenure from "
    "10 to 20 years, and the profit gain follows mechanically (Sharp's critique).")

#: The article's own examples (Reichheld & Sasser 1990): effect of a 5-point cut in the defection rate.
REICHHELD_SASSER_EXAMPLES = {
    "Bank branch system": 0.85,
    "Insurance brokerage": 0.50,
    "Auto-service chain": 0.30,
}


def _check(name, value, low, high, low_open=False, high_open=False):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise DataValidationError(f"{name} must be a number, not {value!r}.") from None
    ok = math.isfinite(value) and (value > low if low_open else value >= low) and \
        (value < high if high_open else value <= high)
    if not ok:
        lo = "(" if low_open else "["
        hi = ")" if high_open else "]"
        raise DataValidationError(f"{name} = {value!r} is outside {lo}{low}, {high}{hi}; enter a value in that range.")
    return value


def describe_convention(convention):
    """The sentence that states a timing convention, e.g. ``"convention A: first margin ..."``."""
    convention = _convention(convention)
    return f"convention {convention}: {CONVENTIONS[convention]}"


def _convention(convention):
    c = str(convention).upper().strip()
    if c not in CONVENTIONS:
        raise DataValidationError(f"Unknown CLV timing convention {convention!r}; use 'A', 'B' or 'C'.")
    return c


def margin_multiple(retention, discount, convention="A"):
    """CLV per unit of margin, e.g. ``r/(1+d-r)`` = 2.67 at r = 0.8, d = 0.10 under convention A."""
    return simple_clv(1.0, retention, discount, convention)


def simple_clv(margin, retention, discount, convention="A", *, acquisition_cost=0.0, horizon=None):
    """Simple retention-based CLV under a stated timing convention.

    Parameters
    ----------
    margin : float
        Margin per period, net of the costs to serve and retain.
    retention : float
        Retention rate per period, in [0, 1).
    discount : float
        Discount rate per period, >= 0.
    convention : {"A", "B", "C"}
        Timing of the first margin (see the module docstring).
    acquisition_cost : float
        Subtracted once, for a customer not yet acquired.
    horizon : int, optional
        Number of margin payments counted (finite horizon; a *truncated* value, not a lifetime value).
        Under A and C these are periods 1..horizon, under B periods 0..horizon-1.

    Returns
    -------
    float
    """
    m = _check("The margin", margin, -1e12, 1e12)
    r = _check("The retention rate", retention, 0.0, 1.0, high_open=True)
    d = _check("The discount rate", discount, 0.0, 10.0)
    c = _convention(convention)
    ac = _check("The acquisition cost", acquisition_cost, 0.0, 1e12)
    q = r / (1.0 + d)
    if horizon is None:
        if r >= 1 + d:
            raise DataValidationError("Retention must be below 1 + discount rate for a finite lifetime value.")
        value = {"A": m * r / (1 + d - r), "B": m * (1 + d) / (1 + d - r), "C": m / (1 + d - r)}[c]
    else:
        t = int(horizon)
        if t < 0:
            raise DataValidationError(f"The horizon must be a whole number of periods >= 0, not {horizon!r}.")
        geometric = t if math.isclose(q, 1.0) else (1 - q ** t) / (1 - q)
        value = {"A": m * q * geometric, "B": m * geometric, "C": m / (1 + d) * geometric}[c]
    return float(value - ac)


def expected_tenure(defection):
    """Expected number of periods a customer stays with a constant defection rate: ``1/δ``."""
    delta = _check("The defection rate", defection, 0.0, 1.0, low_open=True)
    return 1.0 / delta


def _profile_npv(profits, retention, discount, acquisition_cost):
    """``-AC + sum_t pi_t r^(t-1) / (1+d)^t``, the last year's profit continuing for ever (closed-form tail)."""
    profits = np.asarray(profits, dtype=float)
    t = np.arange(1, len(profits) + 1)
    head = float(np.sum(profits * retention ** (t - 1) / (1 + discount) ** t))
    q = retention / (1 + discount)
    n = len(profits)
    tail = profits[-1] * retention ** n / (1 + discount) ** (n + 1) / (1 - q)
    return float(-acquisition_cost + head + tail)


def reichheld_sasser(profits, defection, discount, acquisition_cost=0.0, *, cut=0.05, flat=False):
    """Value of a customer before and after a cut in the defection rate (Reichheld & Sasser 1990).

    ``NPV(δ) = -AC + Σ_t π_t (1-δ)^(t-1) / (1+d)^t`` with the profit-by-tenure profile ``π_t``; after the last
    year of the profile, the last year's profit is assumed to continue (a workbook convention).

    Parameters
    ----------
    profits : sequence of float
        Profit per customer in years 1, 2, ... of the relationship (grows with tenure in the article).
    defection : float
        Current defection rate δ per year, in (0, 1].
    discount : float
        Discount rate per year.
    acquisition_cost : float
        Up-front cost of acquiring the customer.
    cut : float
        Cut in the defection rate, in percentage points as a share (0.05 = 5 points, e.g. 10 % -> 5 %).
    flat : bool
        Replace the profile by its average profit in every year, to show how much of the uplift comes from
        profit growing with tenure.

    Returns
    -------
    dict
        ``npv_before``, ``npv_after``, ``uplift`` (relative change; NaN when the value now is not positive),
        ``tenure_before``, ``tenure_after``
        (years), ``defection_after`` and ``critique``.
    """
    try:
        profits = np.asarray([float(p) for p in profits], dtype=float)
    except (TypeError, ValueError):
        raise DataValidationError("The profit-by-tenure profile must be a list of numbers, one per year.") from None
    if profits.size == 0 or not np.all(np.isfinite(profits)):
        raise DataValidationError("Enter a profit for at least year 1; every entry must be a number.")
    delta = _check("The defection rate", defection, 0.0, 1.0, low_open=True)
    cut = _check("The cut in the defection rate", cut, 0.0, 1.0)
    if cut >= delta:
        raise DataValidationError(f"A cut of {100 * cut:.1f} points would take the defection rate of "
                                  f"{100 * delta:.1f} % to zero or below; choose a smaller cut.")
    d = _check("The discount rate", discount, 0.0, 10.0)
    ac = _check("The acquisition cost", acquisition_cost, 0.0, 1e12)
    if flat:
        profits = np.full_like(profits, profits.mean())
    before = _profile_npv(profits, 1 - delta, d, ac)
    after = _profile_npv(profits, 1 - (delta - cut), d, ac)
    uplift = after / before - 1 if before > 0 else float("nan")
    return {"npv_before": before, "npv_after": after, "uplift": uplift,
            "tenure_before": 1 / delta, "tenure_after": 1 / (delta - cut), "defection_after": delta - cut,
            "critique": REICHHELD_SASSER_CRITIQUE}


def retention_profit_effect(n_customers, margin, retention, new_retention, discount, convention="A"):
    """Change in the value of a customer base when its retention rate changes.

    Returns
    -------
    dict
        ``clv_before``, ``clv_after`` (per customer, in the stated convention), ``base_before``,
        ``base_after``, ``change`` (base_after - base_before), ``relative_change`` and ``convention``.
    """
    n = _check("The number of customers", n_customers, 0, 1e12)
    before = simple_clv(margin, retention, discount, convention)
    after = simple_clv(margin, new_retention, discount, convention)
    rel = after / before - 1 if before > 0 else float("nan")
    return {"clv_before": before, "clv_after": after, "base_before": n * before, "base_after": n * after,
            "change": n * (after - before), "relative_change": rel,
            "convention": describe_convention(convention)}
