"""Customer equity to shareholder value: closed-form elasticities against finite differences of the value
chapter's model, the published comparison, the leverage effect and the bootstrap interval."""
import numpy as np
import pytest

from paynecrm_kernel import value
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.performance import (GUPTA_LEHMANN_STUART_2004, customer_based_valuation,
                                         customer_equity_elasticities, present_value_of_savings)
from paynecrm_kernel.performance.equity_interval import customer_equity_interval

SETTINGS = dict(cohort_size=400, margin=80.0, retention=0.75, discount=0.11, acquisition_cost=55.0, periods=15,
                growth=0.03)


def _model_equity(current, **changes):
    """Customer equity straight from the value chapter's model (current base valued like new customers)."""
    s = {**SETTINGS, **changes}
    kind, amount = current
    if kind == "clv":
        base = amount * s["margin"] / SETTINGS["margin"]
    else:
        base = amount * value.simple_clv(s["margin"], s["retention"], s["discount"], s["convention"])
    return value.customer_equity(base, cohort_size=s["cohort_size"], margin=s["margin"], retention=s["retention"],
                                 discount=s["discount"], acquisition_cost=s["acquisition_cost"], periods=s["periods"],
                                 growth=s["growth"], convention=s["convention"])["total"]


@pytest.mark.parametrize("convention", ["A", "B", "C"])
@pytest.mark.parametrize("current", [("customers", 2500), ("clv", 150_000.0)])
def test_elasticities_match_central_finite_differences_of_the_model(convention, current):
    kwargs = {"current_customers": current[1]} if current[0] == "customers" else {"current_clv": current[1]}
    table = customer_equity_elasticities(**kwargs, **SETTINGS, convention=convention)
    base = _model_equity(current, convention=convention)
    assert table.attrs["customer_equity"] == pytest.approx(base, rel=1e-12)
    names = {"retention": "retention", "margin": "margin", "acquisition_cost": "acquisition_cost",
             "discount_rate": "discount"}
    h = 1e-6
    for driver, name in names.items():
        up = _model_equity(current, convention=convention, **{name: SETTINGS[name] * (1 + h)})
        down = _model_equity(current, convention=convention, **{name: SETTINGS[name] * (1 - h)})
        assert table.loc[driver, "elasticity"] == pytest.approx((np.log(up) - np.log(down)) / (2 * h), rel=1e-6,
                                                                abs=1e-9), driver
    assert table.loc["acquisition_cost", "improvement_effect"] == -table.loc["acquisition_cost", "elasticity"]


def test_a_gupta_like_firm_lands_near_the_published_elasticities():
    # all value in the customers (no base valued apart), long horizon: the setting of Gupta, Lehmann & Stuart
    table = customer_equity_elasticities(current_customers=1000, cohort_size=100, margin=100, retention=0.8,
                                         discount=0.12, acquisition_cost=50, periods=50)
    effect = table["improvement_effect"]
    assert 3 <= effect["retention"] <= 7
    assert effect["margin"] == pytest.approx(1.0, abs=0.15)
    assert 0.02 <= effect["acquisition_cost"] <= 0.3
    assert effect["retention"] > 4 * effect["discount_rate"]
    assert list(GUPTA_LEHMANN_STUART_2004["published"]) == [5.0, 1.0, 0.1, 1.0]


def test_present_value_of_savings_by_hand():
    assert present_value_of_savings(1000, 0.1) == pytest.approx(10_000)
    assert present_value_of_savings(1000, 0.1, periods=3) == pytest.approx(1000 / 1.1 + 1000 / 1.21 + 1000 / 1.331)
    with pytest.raises(DataValidationError, match="finite value"):
        present_value_of_savings(1000, 0.05, growth=0.05)
    with pytest.raises(DataValidationError, match="saving"):
        present_value_of_savings(-5, 0.1)


def test_customer_based_valuation_and_leverage_effect():
    out = customer_based_valuation(800.0, debt=400.0, non_operating_assets=100.0, market_capitalisation=600.0,
                                   cost_reduction_value=50.0)
    assert out["operating_value"] == 850 and out["shareholder_value"] == 550
    assert out["leverage_effect"] == pytest.approx(850 / 550)
    assert out["enterprise_value"] == 900 and out["ce_to_enterprise_value"] == pytest.approx(850 / 900)
    assert out["ce_to_market_capitalisation"] == pytest.approx(850 / 600)
    with pytest.raises(DataValidationError, match="not positive"):
        customer_based_valuation(100.0, debt=500.0)


def test_bad_input():
    with pytest.raises(DataValidationError, match="not both or neither"):
        customer_equity_elasticities(cohort_size=1, margin=1, retention=0.5, discount=0.1, acquisition_cost=0)
    with pytest.raises(DataValidationError, match="retention rate"):
        customer_equity_elasticities(current_customers=1, cohort_size=1, margin=1, retention=1.5, discount=0.1,
                                     acquisition_cost=0)
    with pytest.raises(DataValidationError, match="positive value"):
        customer_equity_elasticities(current_clv=0, cohort_size=10, margin=10, retention=0.5, discount=0.1,
                                     acquisition_cost=100)


def test_bootstrap_interval_brackets_the_estimate_and_is_seeded(company):
    segments = company.customers.set_index("customer_id")["segment"]
    result = value.segment_lifetime_value(company.transactions, segments, calibration_end="2024-06-30")
    out = customer_equity_interval(result, future_value=1000.0, n_draws=40)
    assert out["estimate"] == pytest.approx(result.total_clv + 1000.0)
    assert out["lower"] < out["estimate"] < out["upper"]
    assert out["upper"] - out["lower"] < 0.3 * out["estimate"]
    rows = out["by_segment"]
    assert (rows["lower"] < rows["estimate"]).all() and (rows["estimate"] < rows["upper"]).all()
    again = customer_equity_interval(result, future_value=1000.0, n_draws=40)
    assert np.array_equal(out["draws"], again["draws"])
    with pytest.raises(DataValidationError, match="do not reproduce"):
        customer_equity_interval(result, margin=0.5, n_draws=40)
