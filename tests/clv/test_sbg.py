"""sBG: Fader & Hardie (2007) estimates and projections, DEL/DERL against brute force, twin, validation."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings, strategies as st

from paynecrm_kernel._core import sbg as kernel
from paynecrm_kernel.clv import ShiftedBetaGeoModel, ShiftedBetaGeoResult
from paynecrm_kernel.data.datasets import load_retention_cohorts
from paynecrm_kernel.errors import DataValidationError

from twins_b import sbg_loglik_grad, sbg_survival_bruteforce

PUBLISHED = {
    "regular": ((0.704, 1.182), -1680.27, [220, 204, 191, 180, 170]),
    "high_end": ((0.668, 3.806), -1611.16, [460, 436, 414, 395, 378]),
}


@pytest.fixture(scope="module")
def cohorts():
    return load_retention_cohorts()


def _result(alpha, beta):
    return ShiftedBetaGeoResult("sBG", ("alpha", "beta"), np.array([alpha, beta]), np.eye(2), -1.0, 1000, True,
                                extra={"cohort_size": 1000.0})


@pytest.mark.parametrize("cohort", ["regular", "high_end"])
def test_reproduces_fader_hardie_2007(cohorts, cohort):
    (alpha, beta), loglik, projected = PUBLISHED[cohort]
    result = ShiftedBetaGeoModel().fit(cohorts[cohort].iloc[:8])
    assert result.converged
    assert result.params["alpha"] == pytest.approx(alpha, abs=1e-3)
    assert result.params["beta"] == pytest.approx(beta, abs=1e-3)
    assert result.log_likelihood == pytest.approx(loglik, abs=0.01)
    projection = result.project(range(8, 13))
    assert list(projection.round().astype(int)) == projected
    assert list(projection.index) == [8, 9, 10, 11, 12]
    assert result.project(8).iloc[0] == pytest.approx(1000.0)
    assert result.extra["cohort_size"] == 1000.0 and len(result.extra["observed"]) == 8


def test_del_published_value_and_brute_force():
    result = _result(0.704, 1.182)
    assert round(result.discounted_expected_lifetime(0.10), 4) == 3.6951
    t = np.arange(0, 4000)
    brute = np.sum(result.survival(t) / 1.10 ** t)
    assert result.discounted_expected_lifetime(0.10) == pytest.approx(brute, rel=1e-12)
    assert result.expected_lifetime_value(100.0, 0.10) == pytest.approx(100.0 * brute, rel=1e-12)


@pytest.mark.parametrize("renewals", [0, 1, 4, 10])
def test_derl_equals_brute_force(renewals):
    result = _result(0.668, 3.806)
    n = renewals + 1
    k = np.arange(0, 5000)
    brute = np.sum(result.survival(n + k) / result.survival(n - 1) / 1.10 ** k)
    assert result.discounted_expected_residual_lifetime(renewals, 0.10) == pytest.approx(brute, rel=1e-10)


def test_survival_retention_and_churn_agree_with_recursion():
    result = _result(0.704, 1.182)
    for t in range(0, 13):
        assert result.survival(t) == pytest.approx(sbg_survival_bruteforce(0.704, 1.182, t), rel=1e-12)
    t = np.arange(1, 13)
    np.testing.assert_allclose(result.retention(t), result.survival(t) / result.survival(t - 1), rtol=1e-12)
    np.testing.assert_allclose(result.churn_probability(t), result.survival(t - 1) - result.survival(t),
                               rtol=1e-10)
    assert np.all(np.diff(result.retention(t)) > 0)     # the sorting effect


@settings(max_examples=50, deadline=None)
@example(params=[3.0, 3.0], lost=[8], alive=8)
@example(params=[-1.9921875, -1.9921875], lost=[109], alive=109)     # zero gradient: rounding error only
@given(params=st.lists(st.floats(-3, 3), min_size=2, max_size=2),
       lost=st.lists(st.integers(0, 300), min_size=1, max_size=15), alive=st.integers(0, 500))
def test_kernel_equals_twin_and_finite_differences(params, lost, alive):
    alpha, beta = 10.0 ** np.array(params)
    periods = len(lost)
    t = np.r_[np.arange(1, periods + 1), periods].astype(float)
    churned = np.r_[np.ones(periods), 0.0]
    weights = np.r_[lost, alive].astype(float)
    grad = np.empty(2)
    value = kernel.loglik_and_grad(alpha, beta, t, churned, weights, grad, 1)
    twin_value, twin_grad = sbg_loglik_grad((alpha, beta), t, churned, weights)
    assert value == pytest.approx(twin_value, rel=1e-12, abs=1e-10)
    np.testing.assert_allclose(grad, twin_grad, rtol=1e-10, atol=1e-8)
    grad_many = np.empty(2)
    assert kernel.loglik_and_grad(alpha, beta, t, churned, weights, grad_many, 3) == pytest.approx(value, rel=1e-13)
    h = 1e-5
    numeric = [(kernel.loglik_and_grad(alpha * np.exp(h), beta, t, churned, weights, np.empty(2), 1)
                - kernel.loglik_and_grad(alpha * np.exp(-h), beta, t, churned, weights, np.empty(2), 1)) / (2 * h),
               (kernel.loglik_and_grad(alpha, beta * np.exp(h), t, churned, weights, np.empty(2), 1)
                - kernel.loglik_and_grad(alpha, beta * np.exp(-h), t, churned, weights, np.empty(2), 1)) / (2 * h)]
    # central differences carry a rounding error of a few eps * (size of the log-gamma terms and of the
    # log-likelihood) / h; near a zero gradient that is all they show
    scale = weights.sum() * (alpha + beta + periods) * np.log(alpha + beta + periods + 1.0) + abs(value)
    rounding = 1e-14 * scale / h
    np.testing.assert_allclose(grad * [alpha, beta], numeric, rtol=1e-5, atol=1e-7 + rounding)


def test_accepts_lists_arrays_and_series(cohorts):
    counts = cohorts["regular"].iloc[:8]
    fits = [ShiftedBetaGeoModel().fit(v) for v in (counts, list(counts), counts.to_numpy())]
    for other in fits[1:]:
        np.testing.assert_allclose(other.params, fits[0].params, rtol=1e-9)


@pytest.mark.parametrize("survivors, message", [
    ([1000, 631, 700, 382], "increase"),
    ([1000, 631, -1, 0], "negative"),
    ([1000, np.nan, 468], "numbers"),
    ([1000, "many", 468], "numbers"),
    ([1000], "at least one later"),
    ([], "at least one later"),
    ([0, 0, 0], "cohort size"),
])
def test_bad_survivor_counts(survivors, message):
    with pytest.raises(DataValidationError, match=message) as info:
        ShiftedBetaGeoModel().fit(survivors)
    assert info.value.column == "survivors"


def test_bad_input_names_positions_and_rejects_tables(cohorts):
    with pytest.raises(DataValidationError) as info:
        ShiftedBetaGeoModel().fit(pd.Series([1000, 600, 650, 500], index=[2010, 2011, 2012, 2013]))
    assert info.value.rows == [2012]
    with pytest.raises(DataValidationError, match="one column"):
        ShiftedBetaGeoModel().fit(cohorts)
    with pytest.raises(ValueError, match="discount_rate"):
        _result(0.7, 1.2).discounted_expected_lifetime(-0.1)
