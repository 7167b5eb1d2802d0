"""Gamma-Gamma: published values on the 946 CDNOW repeat customers, kernel twin, gradient, predictions."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel._core import gammagamma as kernel
from paynecrm_kernel.clv import GammaGammaModel
from paynecrm_kernel.errors import DataValidationError

from twins import gammagamma_loglik, numeric_gradient


@pytest.fixture(scope="module")
def spend_fit(cdnow_spend):
    return GammaGammaModel().fit(cdnow_spend)


def test_reproduces_published_values(spend_fit):
    assert spend_fit.params["p"] == pytest.approx(6.25, abs=0.005)
    assert spend_fit.params["q"] == pytest.approx(3.74, abs=0.005)
    assert spend_fit.params["v"] == pytest.approx(15.44, abs=0.01)
    assert spend_fit.n_obs == 946
    assert spend_fit.extra["customers without repeat purchase"] == 1411
    assert spend_fit.population_mean_spend == pytest.approx(35.17, abs=0.01)


def test_expected_spend_shrinks_towards_population_mean(spend_fit, cdnow_spend):
    spend = spend_fit.expected_spend(cdnow_spend)
    repeat = cdnow_spend["frequency"] > 0
    mean = spend_fit.expected_spend()
    own = cdnow_spend.loc[repeat, "monetary_value"]
    between = (np.minimum(own, mean) - 1e-9 <= spend[repeat]) & (spend[repeat] <= np.maximum(own, mean) + 1e-9)
    assert between.all()
    assert (spend[~repeat] == mean).all()


def test_kernel_equals_twin_and_gradient():
    rng = np.random.default_rng(4)
    x = rng.integers(1, 20, 300).astype(float)
    m = rng.gamma(3, 10, 300)
    w = rng.integers(1, 3, 300).astype(float)
    grad = np.empty(3)
    params = np.array([4.0, 3.0, 12.0])
    value = kernel.loglik_and_grad(*params, x, m, w, grad, 1)
    assert value == pytest.approx(gammagamma_loglik(params, x, m, w), rel=1e-12)
    np.testing.assert_allclose(grad, numeric_gradient(lambda p: gammagamma_loglik(p, x, m, w), params), rtol=1e-5)


@settings(max_examples=30, deadline=None)
@given(p=st.floats(0.2, 20), q=st.floats(0.2, 20), v=st.floats(0.5, 100), seed=st.integers(0, 1000))
def test_gradient_property(p, q, v, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 30, 25).astype(float)
    m = rng.gamma(2, 20, 25) + 0.01
    w = np.ones(25)
    grad = np.empty(3)
    kernel.loglik_and_grad(p, q, v, x, m, w, grad, 1)
    numeric = numeric_gradient(lambda prm: gammagamma_loglik(prm, x, m, w), np.array([p, q, v]))
    np.testing.assert_allclose(grad, numeric, rtol=2e-5, atol=1e-6 * np.abs(numeric).max())


def test_one_thread_equals_many():
    rng = np.random.default_rng(5)
    x = rng.integers(1, 20, 50_000).astype(float)
    m = rng.gamma(3, 10, 50_000)
    w = np.ones_like(x)
    g1, g2 = np.empty(3), np.empty(3)
    v1 = kernel.loglik_and_grad(4.0, 3.0, 12.0, x, m, w, g1, 1)
    v2 = kernel.loglik_and_grad(4.0, 3.0, 12.0, x, m, w, g2, 4)
    assert v1 == pytest.approx(v2, rel=1e-12)
    np.testing.assert_allclose(g1, g2, rtol=1e-10)


def test_nobody_with_a_repeat_purchase_is_a_clear_error():
    data = pd.DataFrame({"frequency": [0, 0], "monetary_value": [0.0, 0.0]})
    with pytest.raises(DataValidationError, match="none of the 2"):
        GammaGammaModel().fit(data)


def test_zero_spend_is_left_out_and_negative_spend_is_named(cdnow_spend):
    data = cdnow_spend.copy()
    data.loc[data.index[0], "monetary_value"] = 0.0         # customer 1 has two repeat purchases
    result = GammaGammaModel().fit(data)
    assert result.n_obs == 945 and result.extra["repeat customers with zero spend"] == 1
    bad = pd.DataFrame({"frequency": [1, 2, 3], "monetary_value": [10.0, -5.0, 12.0]}, index=["a", "b", "c"])
    with pytest.raises(DataValidationError, match="cannot be negative") as info:
        GammaGammaModel().fit(bad)
    assert info.value.rows == ["b"] and info.value.column == "monetary_value"
