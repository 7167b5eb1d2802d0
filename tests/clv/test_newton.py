"""Exact Hessians and the Newton search: kernels against finite differences and twins, grouping kernels
against pandas, and Newton fits at the same optimum as the quasi-Newton search."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import special

from paynecrm_kernel._core import betageo, gammagamma, rowindex
from paynecrm_kernel.clv import BetaGeoModel, GammaGammaModel, ModifiedBetaGeoModel
from paynecrm_kernel.clv._base import Model, group_rows

from twins import gammagamma_loglik


def _indexed_customers(seed, n, days=True):
    rng = np.random.default_rng(seed)
    x = rng.poisson(rng.uniform(0.5, 5), n).astype(float)
    age = rng.uniform(1, 80, n)
    if days:
        age = np.ceil(age * 7) / 7
    t_x = np.where(x > 0, age * rng.uniform(0, 1, n), 0.0)
    if days:
        t_x = np.floor(t_x * 7) / 7
    weights = rng.integers(1, 4, n).astype(float)
    first, merged, times, t_x_index, age_index = rowindex.index_histories(x, t_x, age, weights)
    return x[first], times, t_x_index, age_index, merged


def _bg_hessian(params, data, modified, n_threads=1):
    x, times, t_x_index, age_index, weights = data
    grad, hess = np.empty(4), np.empty((4, 4))
    value = betageo.loglik_grad_hess_indexed(*params, x, times, t_x_index, age_index, weights, grad, hess,
                                             modified, n_threads)
    return value, grad, hess


@settings(max_examples=60, deadline=None)
@given(value=st.floats(1e-6, 1e4))
def test_trigamma_equals_scipy(value):
    out = np.empty(1)
    betageo.trigamma_values(np.array([value]), out)
    assert out[0] == pytest.approx(float(special.polygamma(1, value)), rel=1e-13)


@settings(max_examples=40, deadline=None)
@given(r=st.floats(0.05, 5), alpha=st.floats(0.1, 50), a=st.floats(0.1, 5), b=st.floats(0.1, 5),
       seed=st.integers(0, 10_000), modified=st.sampled_from([0, 1]))
def test_bgnbd_hessian_equals_finite_differences_of_the_gradient(r, alpha, a, b, seed, modified):
    data = _indexed_customers(seed, 60)
    params = np.array([r, alpha, a, b])
    value, grad, hess = _bg_hessian(params, data, modified)
    # the same value and gradient as the gradient-only kernel
    plain = np.empty(4)
    x, times, t_x_index, age_index, weights = data
    assert value == pytest.approx(betageo.loglik_and_grad_indexed(*params, x, times, t_x_index, age_index,
                                                                  weights, plain, modified, 1), rel=1e-12)
    np.testing.assert_allclose(grad, plain, rtol=1e-10, atol=1e-10 * np.abs(plain).max())
    numeric = np.empty((4, 4))
    for j in range(4):
        step = 1e-6 * params[j]
        up, down = params.copy(), params.copy()
        up[j] += step
        down[j] -= step
        numeric[:, j] = (_bg_hessian(up, data, modified)[1] - _bg_hessian(down, data, modified)[1]) / (2 * step)
    np.testing.assert_allclose(hess, hess.T)
    np.testing.assert_allclose(hess, numeric, rtol=2e-4, atol=2e-5 * np.abs(numeric).max())


def test_bgnbd_hessian_one_thread_equals_many():
    data = _indexed_customers(3, 60_000, days=False)
    v1, g1, h1 = _bg_hessian((0.3, 4.0, 0.8, 2.4), data, 0, 1)
    v2, g2, h2 = _bg_hessian((0.3, 4.0, 0.8, 2.4), data, 0, 4)
    assert v1 == pytest.approx(v2, rel=1e-12)
    np.testing.assert_allclose(g1, g2, rtol=1e-10)
    np.testing.assert_allclose(h1, h2, rtol=1e-10)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 400), days=st.booleans())
def test_index_histories_equals_pandas_grouping(seed, n, days):
    rng = np.random.default_rng(seed)
    x = rng.poisson(1.5, n).astype(float)
    age = np.ceil(rng.uniform(0.1, 10, n) * (7 if days else 1e6)) / (7 if days else 1e6)
    t_x = np.where(x > 0, np.floor(age * rng.uniform(0, 1, n) * 7) / 7, 0.0)
    t_x[::7] = -0.0 * t_x[::7]                       # -0.0 and 0.0 are one value
    # repeated rows, next to each other and apart
    x, t_x, age = (np.concatenate((np.repeat(column, 2), column)) for column in (x, t_x, age))
    weights = rng.integers(1, 5, len(x)).astype(float)
    first, merged, times, t_x_index, age_index = rowindex.index_histories(x, t_x, age, weights)
    assert merged.sum() == weights.sum()
    codes, expected_first = group_rows((x, t_x + 0.0, age))
    np.testing.assert_array_equal(first, expected_first)
    np.testing.assert_array_equal(merged, np.bincount(codes, weights=weights))
    np.testing.assert_array_equal(times[t_x_index], t_x[first])
    np.testing.assert_array_equal(times[age_index], age[first])
    assert len(np.unique(times)) == len(times)
    values = np.concatenate((t_x, age))
    codes, uniques = rowindex.factorize(values)
    pd_codes, pd_uniques = pd.factorize(values + 0.0)
    np.testing.assert_array_equal(codes, pd_codes)
    np.testing.assert_array_equal(uniques, pd_uniques)


@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel])
def test_newton_fit_is_at_the_quasi_newton_optimum(model_class, cdnow_summary, monkeypatch):
    newton = model_class().fit(cdnow_summary, time_unit="W")
    assert newton.converged and newton.search_path == "newton"
    monkeypatch.setattr(model_class, "search_hessian", None)
    quasi = model_class().fit(cdnow_summary, time_unit="W")
    assert quasi.search_path == "lbfgsb"
    np.testing.assert_allclose(newton.params.to_numpy(), quasi.params.to_numpy(), rtol=1e-5)
    assert newton.log_likelihood >= quasi.log_likelihood - 1e-9 * abs(quasi.log_likelihood)


def test_far_start_and_fallback_reach_the_same_optimum(cdnow_summary, monkeypatch):
    reference = BetaGeoModel().fit(cdnow_summary, time_unit="W")
    far = BetaGeoModel(initial_params={"r": 50.0, "alpha": 0.01, "a": 40.0, "b": 0.05}).fit(cdnow_summary,
                                                                                        time_unit="W")
    assert far.converged
    np.testing.assert_allclose(far.params.to_numpy(), reference.params.to_numpy(), rtol=1e-5)
    # where the Newton search does not settle, L-BFGS-B runs from the start as before
    from paynecrm_kernel.clv import _search
    monkeypatch.setattr(_search, "newton_minimize", lambda *args, **kwargs: None)
    fallback = BetaGeoModel().fit(cdnow_summary, time_unit="W")
    assert fallback.converged and fallback.search_path == "lbfgsb"
    np.testing.assert_allclose(fallback.params.to_numpy(), reference.params.to_numpy(), rtol=1e-5)


def test_models_without_an_exact_hessian_keep_the_general_search():
    assert Model.search_hessian is None


def _gg_customers(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 12, n).astype(float)
    m = rng.gamma(3.0, 10.0, n)
    return x, m, rng.integers(1, 4, n).astype(float)


def _gg_hessian(params, x, m, weights, n_threads=1):
    grad, hess = np.empty(3), np.empty((3, 3))
    value = gammagamma.loglik_grad_hess(*params, x, m, np.log(m), weights, grad, hess, n_threads)
    return value, grad, hess


@settings(max_examples=40, deadline=None)
@given(p=st.floats(0.1, 20), q=st.floats(0.1, 20), v=st.floats(0.1, 100), seed=st.integers(0, 10_000))
def test_gamma_gamma_hessian_equals_finite_differences_of_the_gradient(p, q, v, seed):
    x, m, weights = _gg_customers(seed, 50)
    params = np.array([p, q, v])
    value, grad, hess = _gg_hessian(params, x, m, weights)
    plain = np.empty(3)
    assert value == pytest.approx(gammagamma_loglik(params, x, m, weights), rel=1e-12)
    assert value == pytest.approx(gammagamma.loglik_and_grad(*params, x, m, weights, plain, 1), rel=1e-12)
    np.testing.assert_allclose(grad, plain, rtol=1e-10, atol=1e-10 * np.abs(plain).max())
    numeric = np.empty((3, 3))
    for j in range(3):
        step = 1e-6 * params[j]
        up, down = params.copy(), params.copy()
        up[j] += step
        down[j] -= step
        numeric[:, j] = (_gg_hessian(up, x, m, weights)[1] - _gg_hessian(down, x, m, weights)[1]) / (2 * step)
    np.testing.assert_allclose(hess, hess.T)
    np.testing.assert_allclose(hess, numeric, rtol=2e-4, atol=2e-5 * np.abs(numeric).max())


def test_gamma_gamma_hessian_one_thread_equals_many():
    x, m, weights = _gg_customers(4, 60_000)
    v1, g1, h1 = _gg_hessian((6.0, 3.7, 15.0), x, m, weights, 1)
    v2, g2, h2 = _gg_hessian((6.0, 3.7, 15.0), x, m, weights, 4)
    assert v1 == pytest.approx(v2, rel=1e-12)
    np.testing.assert_allclose(g1, g2, rtol=1e-10)
    np.testing.assert_allclose(h1, h2, rtol=1e-10)


def test_gamma_gamma_newton_fit_is_at_the_quasi_newton_optimum(cdnow_spend, monkeypatch):
    newton = GammaGammaModel().fit(cdnow_spend)
    assert newton.converged and newton.search_path == "newton"
    monkeypatch.setattr(GammaGammaModel, "search_hessian", None)
    quasi = GammaGammaModel().fit(cdnow_spend)
    np.testing.assert_allclose(newton.params.to_numpy(), quasi.params.to_numpy(), rtol=1e-5)
    assert newton.log_likelihood >= quasi.log_likelihood - 1e-9 * abs(quasi.log_likelihood)


def test_index_histories_keeps_the_rows_when_most_are_distinct():
    # beyond the probe rows, mostly distinct histories are not merged; times are still indexed
    rng = np.random.default_rng(8)
    n = 70_000
    age = np.ceil(rng.uniform(1, 60, n) * 7) / 7
    x = rng.poisson(2, n).astype(float)
    t_x = np.where(x > 0, age * rng.uniform(0, 1, n), 0.0)
    weights = rng.integers(1, 3, n).astype(float)
    first, merged, times, t_x_index, age_index = rowindex.index_histories(x, t_x, age, weights)
    np.testing.assert_array_equal(first, np.arange(n))
    np.testing.assert_array_equal(merged, weights)
    np.testing.assert_array_equal(times[t_x_index], t_x)
    np.testing.assert_array_equal(times[age_index], age)
    # and the likelihood is the one of the plain kernel
    data = pd.DataFrame({"frequency": x, "recency": t_x, "T": age, "weights": weights})
    model = BetaGeoModel()
    columns, w = model._prepare(data)[:2]
    kept = model._compress(columns, w)
    value_all = model._negloglik_grad_hess(np.log([0.3, 4.0, 0.8, 2.4]), *kept)[0]
    plain = np.empty(4)
    value_plain = betageo.loglik_and_grad(0.3, 4.0, 0.8, 2.4, x, t_x, age, weights, plain, 0, 1)
    assert value_all == pytest.approx(-value_plain, rel=1e-12)
