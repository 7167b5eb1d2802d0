"""BG/NBD and MBG/NBD: published values, kernels against their twins, gradients, threads, weights."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel._core import betageo as kernel
from paynecrm_kernel.clv import BetaGeoModel, BetaGeoResult, ModifiedBetaGeoModel

from twins import betageo_loglik, betageo_predict, numeric_gradient

PUBLISHED_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_MBG = {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}
CUSTOMER_1 = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})


def _random_customers(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.poisson(rng.uniform(0.5, 5), n).astype(float)
    age = rng.uniform(1, 80, n)
    t_x = np.where(x > 0, age * rng.uniform(0, 1, n), 0.0)
    return x, t_x, age


def test_bgnbd_reproduces_fader_hardie_lee_2005(bgnbd_cdnow):
    params = bgnbd_cdnow.params
    for name, value in PUBLISHED_BG.items():
        assert params[name] == pytest.approx(value, abs=1e-3), name
    assert bgnbd_cdnow.log_likelihood == pytest.approx(-9582.4, abs=0.05)
    assert bgnbd_cdnow.converged and bgnbd_cdnow.time_unit == "W" and bgnbd_cdnow.n_obs == 2357


def test_mbgnbd_reproduces_published_values(cdnow_summary):
    result = ModifiedBetaGeoModel().fit(cdnow_summary, time_unit="W")
    for name, value in PUBLISHED_MBG.items():
        assert result.params[name] == pytest.approx(value, abs=1e-3), name


def test_conditional_expectation_and_alive_of_customer_1():
    # FHL (2005): at the published parameters, customer 1 (x = 2, t_x = 30.43, T = 38.86) expects 1.226
    # purchases in the next 39 weeks and is alive with probability 0.727
    published = BetaGeoResult.from_params(**PUBLISHED_BG, time_unit="W")
    expected = published.expected_purchases(39, CUSTOMER_1)
    assert expected.iloc[0] == pytest.approx(1.226, abs=5e-4)
    assert published.probability_alive(CUSTOMER_1).iloc[0] == pytest.approx(0.727, abs=5e-4)
    assert expected.attrs["time_unit"] == "W" and expected.index.equals(CUSTOMER_1.index)


def test_standard_errors_and_intervals(bgnbd_cdnow):
    se = bgnbd_cdnow.standard_errors
    assert np.all(np.isfinite(se)) and np.all(se > 0)
    ci = bgnbd_cdnow.conf_int(level=0.9)
    assert (ci["lower"] < bgnbd_cdnow.params).all() and (bgnbd_cdnow.params < ci["upper"]).all()
    wider = bgnbd_cdnow.conf_int(level=0.99)
    assert (wider["lower"] < ci["lower"]).all()
    # the r estimate is well determined: standard error about 0.0126 on this data
    assert se["r"] == pytest.approx(0.0126, abs=0.001)


def test_new_customer_predictions(bgnbd_cdnow):
    times = np.array([1.0, 10.0, 39.0, 78.0])
    expected = bgnbd_cdnow.expected_purchases(times)
    assert np.all(np.diff(expected) > 0)
    assert bgnbd_cdnow.probability_alive() == 1.0
    # P(X(t) = n) sums to one and its mean is E[X(t)]
    n = np.arange(0, 400)
    probs = bgnbd_cdnow.probability_of_purchases(n, 39.0)
    assert probs.sum() == pytest.approx(1.0, abs=1e-8)
    assert (n * probs).sum() == pytest.approx(bgnbd_cdnow.expected_purchases(39.0), rel=1e-6)


@pytest.mark.parametrize("modified", [0, 1])
def test_kernel_equals_numpy_twin(modified):
    x, t_x, age = _random_customers(1, 500)
    weights = np.random.default_rng(2).integers(1, 4, 500).astype(float)
    params = (0.6, 3.0, 1.3, 2.2)
    grad = np.empty(4)
    value = kernel.loglik_and_grad(*params, x, t_x, age, weights, grad, modified, 1)
    assert value == pytest.approx(betageo_loglik(params, x, t_x, age, weights, modified), rel=1e-12)
    t = np.full(500, 20.0)
    expected, alive = np.empty(500), np.empty(500)
    kernel.predict(*params, x, t_x, age, t, expected, alive, modified, 1)
    twin_expected, twin_alive = betageo_predict(params, x, t_x, age, t, modified)
    np.testing.assert_allclose(alive, twin_alive, rtol=1e-12)
    np.testing.assert_allclose(expected, twin_expected, rtol=1e-8)


@settings(max_examples=40, deadline=None)
@given(r=st.floats(0.05, 5), alpha=st.floats(0.1, 50), a=st.floats(0.1, 5), b=st.floats(0.1, 5),
       seed=st.integers(0, 10_000), modified=st.sampled_from([0, 1]))
def test_analytic_gradient_equals_finite_differences(r, alpha, a, b, seed, modified):
    x, t_x, age = _random_customers(seed, 40)
    weights = np.ones(40)
    params = np.array([r, alpha, a, b])
    grad = np.empty(4)
    kernel.loglik_and_grad(*params, x, t_x, age, weights, grad, modified, 1)
    numeric = numeric_gradient(lambda p: betageo_loglik(p, x, t_x, age, weights, modified), params)
    np.testing.assert_allclose(grad, numeric, rtol=2e-5, atol=1e-5 * np.abs(numeric).max())


@settings(max_examples=40, deadline=None)
@given(r=st.floats(0.05, 5), alpha=st.floats(0.1, 50), a=st.floats(0.1, 5), b=st.floats(0.1, 5),
       seed=st.integers(0, 10_000), modified=st.sampled_from([0, 1]))
def test_alive_in_unit_interval_and_expectation_increasing(r, alpha, a, b, seed, modified):
    x, t_x, age = _random_customers(seed, 30)
    out = []
    for t in (1.0, 5.0, 25.0):
        expected, alive = np.empty(30), np.empty(30)
        kernel.predict(r, alpha, a, b, x, t_x, age, np.full(30, t), expected, alive, modified, 1)
        assert np.all((alive >= 0) & (alive <= 1))
        out.append(expected)
    out = np.array(out)
    assert np.all(np.isfinite(out)) and np.all(out > 0)
    assert np.all(np.diff(out, axis=0) > 0)


def test_predictions_stay_finite_for_heavy_buyers():
    # the textbook hypergeometric overflows here; the transformed form does not
    x = np.array([150.0, 400.0, 1500.0])
    t_x, age = np.array([70.0, 77.0, 77.9]), np.full(3, 78.0)
    expected, alive = np.empty(3), np.empty(3)
    kernel.predict(0.243, 4.414, 0.793, 2.426, x, t_x, age, np.full(3, 52.0), expected, alive, 0, 1)
    assert np.all(np.isfinite(expected)) and np.all(expected > 0)
    assert np.all(expected / 52 < x / 78 * 1.2)


def test_one_thread_equals_many():
    x, t_x, age = _random_customers(5, 60_000)
    weights = np.ones_like(x)
    g1, g2 = np.empty(4), np.empty(4)
    v1 = kernel.loglik_and_grad(0.3, 4.0, 0.8, 2.4, x, t_x, age, weights, g1, 0, 1)
    v2 = kernel.loglik_and_grad(0.3, 4.0, 0.8, 2.4, x, t_x, age, weights, g2, 0, 4)
    assert v1 == pytest.approx(v2, rel=1e-12)
    np.testing.assert_allclose(g1, g2, rtol=1e-10)
    e1, a1, e2, a2 = (np.empty_like(x) for _ in range(4))
    t = np.full_like(x, 10.0)
    kernel.predict(0.3, 4.0, 0.8, 2.4, x, t_x, age, t, e1, a1, 0, 1)
    kernel.predict(0.3, 4.0, 0.8, 2.4, x, t_x, age, t, e2, a2, 0, 4)
    np.testing.assert_array_equal(e1, e2)
    np.testing.assert_array_equal(a1, a2)


def test_weights_equal_expanded_data(cdnow_summary):
    small = cdnow_summary.iloc[:300].copy()
    counts = np.random.default_rng(3).integers(1, 4, len(small))
    weighted = small.assign(weights=counts.astype(float))
    expanded = small.loc[small.index.repeat(counts)]
    fit_w = BetaGeoModel().fit(weighted, time_unit="W")
    fit_e = BetaGeoModel().fit(expanded, time_unit="W")
    np.testing.assert_allclose(fit_w.params, fit_e.params, rtol=1e-5)
    assert fit_w.log_likelihood == pytest.approx(fit_e.log_likelihood, rel=1e-9)


def test_fit_is_independent_of_the_time_unit(cdnow_summary):
    days = cdnow_summary.assign(recency=cdnow_summary["recency"] * 7, T=cdnow_summary["T"] * 7)
    result = BetaGeoModel().fit(days, time_unit="D")
    assert result.params["alpha"] == pytest.approx(4.414 * 7, rel=1e-3)
    assert result.params["r"] == pytest.approx(0.243, abs=1e-3)


def test_predictions_at_runaway_parameters_raise_instead_of_returning_nan():
    from paynecrm_kernel.errors import ModelFitError

    data = pd.DataFrame({"frequency": [3.0, 0.0, 5.0], "recency": [20.0, 0.0, 30.0], "T": [40.0, 40.0, 41.0]})
    runaway = BetaGeoResult.from_params(r=637606.6, alpha=33031555.6, a=789.6, b=0.0013, time_unit="W")
    with pytest.raises(ModelFitError, match="penalizer=0.001"):
        runaway.expected_purchases(26.0, data)


def test_a_weighted_fit_counts_customers_not_distinct_rows_in_its_bic(cdnow_summary):
    from paynecrm_kernel.clv import BetaGeoModel

    distinct = (cdnow_summary.groupby(["frequency", "recency", "T"]).size().rename("weights").reset_index())
    weighted, full = BetaGeoModel().fit(distinct), BetaGeoModel().fit(cdnow_summary)
    assert len(distinct) < len(cdnow_summary)
    assert weighted.bic == pytest.approx(full.bic, rel=1e-9)
