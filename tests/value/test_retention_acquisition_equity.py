"""Retention, acquisition and customer-equity economics against hand-computed values and brute-force sums."""
import math

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import (acquisition_costs, acquisition_economics, blattberg_deighton, customer_equity,
                                   describe_convention, equity_elasticities, margin_multiple,
                                   optimise_blattberg_deighton, payback_period, reichheld_sasser,
                                   retention_profit_effect, simple_clv)


def test_simple_clv_conventions_hand_computed():
    assert simple_clv(100, 0.8, 0.1, "A") == pytest.approx(266.6667, abs=1e-4)
    assert simple_clv(100, 0.8, 0.1, "B") == pytest.approx(366.6667, abs=1e-4)
    assert simple_clv(100, 0.8, 0.1, "C") == pytest.approx(333.3333, abs=1e-4)
    assert margin_multiple(0.8, 0.1) == pytest.approx(2.6667, abs=1e-4)
    assert simple_clv(100, 0.8, 0.1, "A", acquisition_cost=50) == pytest.approx(216.6667, abs=1e-4)
    assert "convention B" in describe_convention("b")


@pytest.mark.parametrize("convention,start,shift", [("A", 1, 0), ("B", 0, 0), ("C", 1, 1)])
def test_simple_clv_equals_brute_force_sums(convention, start, shift):
    m, r, d = 70.0, 0.75, 0.12
    t = np.arange(start, start + 2000)
    brute = np.sum(m * r ** (t - shift) / (1 + d) ** t)
    assert simple_clv(m, r, d, convention) == pytest.approx(brute, rel=1e-10)
    finite = np.sum((m * r ** (t - shift) / (1 + d) ** t)[:7])
    assert simple_clv(m, r, d, convention, horizon=7) == pytest.approx(finite, rel=1e-12)


def test_simple_clv_validation():
    with pytest.raises(DataValidationError, match="retention rate"):
        simple_clv(100, 1.2, 0.1)
    with pytest.raises(DataValidationError, match="convention"):
        simple_clv(100, 0.8, 0.1, "D")


def test_reichheld_sasser_flat_profile_doubles_value_when_defections_halve():
    out = reichheld_sasser([100], defection=0.10, discount=0.0)
    assert out["tenure_before"] == pytest.approx(10) and out["tenure_after"] == pytest.approx(20)
    assert out["uplift"] == pytest.approx(1.0)          # the mechanical effect the critique points at
    assert "thought experiment" in out["critique"]


def test_reichheld_sasser_profile_against_long_sum():
    profits = [-20, 40, 60, 75, 90]
    d, delta, ac = 0.1, 0.2, 80
    out = reichheld_sasser(profits, delta, d, ac)
    full = np.array(profits + [90] * 3000, dtype=float)
    t = np.arange(1, len(full) + 1)
    npv = lambda dd: -ac + np.sum(full * (1 - dd) ** (t - 1) / (1 + d) ** t)
    assert out["npv_before"] == pytest.approx(npv(0.2), rel=1e-10)
    assert out["npv_after"] == pytest.approx(npv(0.15), rel=1e-10)
    flat = reichheld_sasser(profits, delta, d, ac, flat=True)
    assert flat["uplift"] < out["uplift"]          # part of the uplift comes from profit growing with tenure
    with pytest.raises(DataValidationError, match="smaller cut"):
        reichheld_sasser(profits, 0.04, d)


def test_retention_profit_effect():
    out = retention_profit_effect(1000, 100, 0.8, 0.85, 0.1, "A")
    assert out["clv_after"] == pytest.approx(100 * 0.85 / 0.25)
    assert out["change"] == pytest.approx(1000 * (340 - 266.6667), rel=1e-5)
    assert "convention A" in out["convention"]


def test_acquisition_costs_and_payback():
    campaigns = pd.DataFrame({"channel": ["web", "web", "stores"], "campaign": ["a", "b", "c"],
                              "spend": [1000, 3000, 5000], "acquired": [50, 50, 100]})
    table = acquisition_costs(campaigns)
    assert table.loc["web", "cac"] == pytest.approx(40) and table.loc["stores", "cac"] == pytest.approx(50)
    assert payback_period(100, 40) == pytest.approx(2.5)
    # with retention 0.5 and no discounting the cumulative margin approaches 2 x margin
    assert math.isinf(payback_period(100, 40, retention=0.5))
    assert payback_period(60, 40, retention=0.5) == pytest.approx(2.0)
    econ = acquisition_economics(campaigns, margin=30, retention=0.8, discount=0.1)
    assert econ.loc["web", "clv"] == pytest.approx(30 / 0.3)
    assert econ.loc["web", "clv_to_cac"] == pytest.approx(100 / 40)
    bad = campaigns.assign(acquired=[50, 0, 0])
    with pytest.raises(DataValidationError, match="acquired no customers"):
        acquisition_costs(bad, by="campaign")
    with pytest.raises(DataValidationError, match=r"rows \[1\]"):
        acquisition_costs(campaigns.assign(spend=[1, -5, 3]))


def test_acquisition_on_sample_company_campaigns(company):
    table = acquisition_costs(company.campaigns, "channel", spend="cost", acquired="customers_acquired")
    total = company.campaigns["cost"].sum() / company.campaigns["customers_acquired"].sum()
    assert np.average(table["cac"], weights=table["acquired"]) == pytest.approx(total)


def test_customer_equity_cohorts():
    out = customer_equity(10_000, cohort_size=100, margin=100, retention=0.8, discount=0.1, acquisition_cost=50,
                          periods=3, convention="A")
    net = 100 * (266.6667 - 50)
    expected = 10_000 + sum(net / 1.1 ** k for k in (1, 2, 3))
    assert out["total"] == pytest.approx(expected, rel=1e-6)
    elastic = equity_elasticities(500, current_margin=100, cohort_size=100, margin=100, retention=0.8, discount=0.1,
                                  acquisition_cost=50)
    assert elastic.index[0] == "Retention rate +1 %"
    assert elastic["Retention rate +1 %"] > elastic["Acquisition cost −1 %"] > 0


def test_blattberg_deighton_formula_and_optimum():
    kw = dict(a_max=0.4, k1=0.05, r_max=0.8, k2=0.1, margin=100, discount=0.1)
    out = blattberg_deighton(20.0, 10.0, **kw)
    a, r = 0.4 * (1 - math.exp(-1)), 0.8 * (1 - math.exp(-1))
    rp = r / 1.1
    assert out["equity"] == pytest.approx(a * 100 - 20 + a * (100 - 10 / r) * rp / (1 - rp))
    best = optimise_blattberg_deighton(**kw, n_grid=201)
    assert best["equity"] >= out["equity"]
    assert 0 < best["acquisition_spend"] < 100 and 0 < best["retention_spend"] < 100


def test_elasticities_with_todays_base_at_its_segment_clv():
    kw = dict(cohort_size=100, margin=100, retention=0.8, discount=0.1, acquisition_cost=50, periods=10)
    base = customer_equity(250_000, **kw)["total"]
    elastic = equity_elasticities(current_clv=250_000, **kw)
    # today's base scales with the margin ...
    margin_up = customer_equity(250_000 * 1.01, **{**kw, "margin": 101})["total"]
    assert elastic["Margin +1 %"] == pytest.approx(margin_up / base - 1)
    # ... and is held fixed when retention changes: only the future cohorts move
    retention_up = customer_equity(250_000, **{**kw, "retention": 0.808})["total"]
    assert elastic["Retention rate +1 %"] == pytest.approx(retention_up / base - 1)
    with pytest.raises(DataValidationError, match="current_clv"):
        equity_elasticities(**kw)


def test_customer_equity_values_new_cohorts_over_the_same_horizon_with_inputs_from_the_data():
    from paynecrm_kernel.value import cohort_economics, customer_equity, simple_clv
    truth = {"margin": 60.0, "retention": 0.7}
    d = 0.1
    v1, v2 = simple_clv(60, 0.7, d, "A", horizon=1), simple_clv(60, 0.7, d, "A", horizon=2)
    backed = cohort_economics(v1, v2, d)
    assert backed["margin"] == pytest.approx(truth["margin"]) and backed["retention"] == pytest.approx(0.7)
    five_years = customer_equity(0.0, cohort_size=1, acquisition_cost=0, discount=d, periods=1, horizon=5, **truth)
    assert five_years["cohorts"]["clv"].iloc[0] == pytest.approx(simple_clv(60, 0.7, d, "A", horizon=5))
    assert "over 5 periods" in five_years["convention"]
    with pytest.raises(DataValidationError, match="outside"):
        cohort_economics(10, 25, 0.1)              # the second year worth more than the first: no retention rate
