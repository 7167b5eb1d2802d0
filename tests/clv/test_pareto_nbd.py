"""Pareto/NBD: published estimates, kernel against twins and quadrature, gradients, extremes, validation."""
import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import integrate, special

from paynecrm_kernel._core import paretonbd as kernel
from paynecrm_kernel.clv import ParetoNBDModel, ParetoNBDResult
from paynecrm_kernel.clv._inputs import Histories
from paynecrm_kernel.data.datasets import load_cdnow_summary
from paynecrm_kernel.errors import DataValidationError

from twins_b import pareto_nbd_loglik_grad, pareto_nbd_loglik_textbook

PUBLISHED = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary()


@pytest.fixture(scope="module")
def fitted(cdnow):
    return ParetoNBDModel().fit(cdnow, time_unit="W")


def _arrays(frame):
    return tuple(np.ascontiguousarray(frame[c].to_numpy(float)) for c in ("frequency", "recency", "T"))


def _loglik(params, x, t_x, age, weights=None, n_threads=1):
    grad = np.empty(4)
    weights = np.ones_like(x) if weights is None else weights
    value = kernel.loglik_and_grad(*params, x, t_x, age, weights, grad, n_threads)
    return value, grad


@st.composite
def customers(draw, max_size=12):
    n = draw(st.integers(1, max_size))
    rows = []
    for _ in range(n):
        age = draw(st.floats(0.5, 80.0))
        x = draw(st.integers(0, 40))
        t_x = 0.0 if x == 0 else draw(st.floats(0.0, 1.0)) * age
        rows.append((float(x), t_x, age))
    x, t_x, age = (np.ascontiguousarray(v) for v in np.array(rows).T)
    return x, t_x, age


def _log_params(low=-4.0, high=4.0):
    return st.lists(st.floats(low, high), min_size=4, max_size=4).map(lambda v: tuple(10.0 ** np.array(v)))


# --------------------------------------------------------------------------------------- published values
def test_reproduces_published_cdnow_estimates(fitted):
    assert fitted.converged
    for name, value in PUBLISHED.items():
        assert fitted.params[name] == pytest.approx(value, abs=1.5e-3), name
    assert round(fitted.log_likelihood, 1) == -9595.0
    assert isinstance(fitted, ParetoNBDResult)
    assert fitted.time_unit == "W"
    assert (fitted.standard_errors > 0).all()


def test_kernel_equals_paper_form_with_scipy_hyp2f1(cdnow):
    x, t_x, age = _arrays(cdnow)
    for params in [tuple(PUBLISHED.values()), (0.553, 15.0, 0.606, 3.0), (1.5, 2.0, 0.3, 4.0)]:
        per_customer, alive = np.empty_like(x), np.empty_like(x)
        kernel.customer_terms(*params, x, t_x, age, per_customer, alive, 1)
        np.testing.assert_allclose(per_customer, pareto_nbd_loglik_textbook(params, x, t_x, age), rtol=1e-11)


# ------------------------------------------------------------------------------------------- twins, gradient
@settings(max_examples=40, deadline=None)
@given(data=customers(), log_r=st.floats(-2, 1.5), log_s=st.floats(-2, 1.5), log_alpha=st.floats(-1, 2),
       ratio=st.floats(-0.6, 0.6))
def test_kernel_equals_numpy_twin(data, log_r, log_s, log_alpha, ratio):
    # the twin sums a fixed number of series terms: keep z = 1 - min(alpha,beta)/max(alpha,beta) <= 0.75
    params = (10 ** log_r, 10 ** log_alpha, 10 ** log_s, 10 ** (log_alpha + ratio))
    x, t_x, age = data
    weights = np.arange(1.0, len(x) + 1.0)
    value, grad = _loglik(params, x, t_x, age, weights)
    twin_value, twin_grad = pareto_nbd_loglik_grad(params, x, t_x, age, weights)
    assert value == pytest.approx(twin_value, rel=1e-10, abs=1e-9)
    np.testing.assert_allclose(grad, twin_grad, rtol=1e-7, atol=1e-7 * (1 + np.abs(twin_grad).max()))


@settings(max_examples=60, deadline=None)
@given(data=customers(max_size=6), params=_log_params())
def test_gradient_equals_finite_differences_over_whole_range(data, params):
    x, t_x, age = data
    value, grad = _loglik(params, x, t_x, age)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    log_grad = grad * np.array(params)
    h = 1e-6
    for j in range(4):
        up, down = list(params), list(params)
        up[j] *= np.exp(h)
        down[j] *= np.exp(-h)
        numeric = (_loglik(up, x, t_x, age)[0] - _loglik(down, x, t_x, age)[0]) / (2 * h)
        assert log_grad[j] == pytest.approx(numeric, rel=1e-4, abs=1e-4 * (1 + abs(value)) ** 0.5), j


def test_loglik_and_gradient_finite_at_extreme_parameters():
    x = np.array([0.0, 1, 5, 40, 200])
    t_x = np.array([0.0, 3, 20, 38, 1])
    age = np.full(5, 39.0)
    corners = [1e-4, 1e-2, 1.0, 1e2, 1e4]
    for params in itertools.product(corners, repeat=4):
        value, grad = _loglik(params, x, t_x, age)
        assert np.isfinite(value) and np.all(np.isfinite(grad)), params


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")
@pytest.mark.parametrize("params, x, t_x, age", [
    ((1e-4, 1e4, 1e-4, 1e-4), 0.0, 0.0, 39.0),      # z = 1 - 1e-8: the split integral
    ((0.5, 1e-4, 2.0, 1e4), 3.0, 10.0, 39.0),       # symmetric form, far from alpha = beta
    ((1e4, 1e3, 1e-3, 1.0), 12.0, 30.0, 39.0),      # large r
    ((0.3, 50.0, 1.0, 0.01), 2.0, 0.5, 70.0),       # s = 1 exactly (removable singularity)
    ((0.3, 50.0, 2.0, 0.01), 0.0, 0.0, 70.0),       # s = 2, x = 0
])
def test_loglik_matches_quadrature_in_hard_regions(params, x, t_x, age):
    r, alpha, s, beta = params

    def log_integrand(v):
        return -(r + x) * np.log(alpha + v) - (s + 1.0) * np.log(beta + v)

    peak = log_integrand(t_x)
    edges = t_x + np.r_[0.0, np.geomspace(1e-9, age - t_x, 80)]
    integral = sum(integrate.quad(lambda v: np.exp(log_integrand(v) - peak), lo, hi, epsabs=0, epsrel=1e-12,
                                  limit=400)[0]
                   for lo, hi in zip(edges[:-1], edges[1:]))
    first = -(r + x) * np.log(alpha + age) - s * np.log(beta + age)
    expected = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
                + np.logaddexp(first, np.log(s) + peak + np.log(integral)))
    value, _ = _loglik(params, np.array([x]), np.array([t_x]), np.array([age]))
    assert value == pytest.approx(expected, rel=1e-9)


def test_one_thread_equals_many(cdnow):
    x, t_x, age = _arrays(cdnow)
    params = tuple(PUBLISHED.values())
    one, grad_one = _loglik(params, x, t_x, age, n_threads=1)
    many, grad_many = _loglik(params, x, t_x, age, n_threads=4)
    assert one == pytest.approx(many, rel=1e-13)
    np.testing.assert_allclose(grad_one, grad_many, rtol=1e-11)
    ll1, al1, ll4, al4 = (np.empty_like(x) for _ in range(4))
    kernel.customer_terms(*params, x, t_x, age, ll1, al1, 1)
    kernel.customer_terms(*params, x, t_x, age, ll4, al4, 4)
    np.testing.assert_array_equal(al1, al4)


def test_weights_equal_expanded_data(cdnow):
    sample = cdnow.iloc[:300]
    counts = np.arange(300) % 4 + 1
    weighted = sample.assign(weights=counts)
    expanded = sample.loc[sample.index.repeat(counts)]
    model = ParetoNBDModel(initial_params=PUBLISHED)
    assert model.negative_log_likelihood(PUBLISHED, weighted) == pytest.approx(
        model.negative_log_likelihood(PUBLISHED, expanded), rel=1e-12)
    fit_w, fit_e = model.fit(weighted), model.fit(expanded)
    np.testing.assert_allclose(fit_w.params, fit_e.params, rtol=1e-5)
    assert fit_w.n_obs == fit_e.n_obs == counts.sum()


# --------------------------------------------------------------------------------------------- predictions
def test_probability_alive_and_expectations_on_cdnow(fitted, cdnow):
    alive = fitted.probability_alive(cdnow)
    assert alive.between(0, 1).all() and alive.index.equals(cdnow.index)
    first = cdnow.iloc[[0]]                                # x = 2, t_x = 30.43, T = 38.86
    x, t_x, age = 2.0, 30.43, 38.86
    r, alpha, s, beta = fitted.params
    loglik = pareto_nbd_loglik_textbook((r, alpha, s, beta), x, t_x, age)
    head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    expected_alive = np.exp(head - (r + x) * np.log(alpha + age) - s * np.log(beta + age) - loglik)
    assert alive.iloc[0] == pytest.approx(expected_alive, rel=1e-10)
    expected = fitted.expected_purchases(39, first).iloc[0]
    closed = ((r + x) * (beta + age) / ((alpha + age) * (s - 1))
              * (1 - ((beta + age) / (beta + age + 39)) ** (s - 1)) * expected_alive)
    assert expected == pytest.approx(closed, rel=1e-10)
    assert fitted.expected_purchases(39) == pytest.approx(
        r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + 39)) ** (s - 1)), rel=1e-12)
    assert fitted.probability_alive() == 1.0


def test_expected_purchases_continuous_at_s_equal_one():
    at_one = ParetoNBDResult("Pareto/NBD", ("r", "alpha", "s", "beta"), np.array([0.5, 10.0, 1.0, 12.0]),
                             np.eye(4), -1.0, 1, True)
    near = ParetoNBDResult("Pareto/NBD", ("r", "alpha", "s", "beta"), np.array([0.5, 10.0, 1.0 + 1e-9, 12.0]),
                           np.eye(4), -1.0, 1, True)
    assert at_one.expected_purchases(52.0) == pytest.approx(near.expected_purchases(52.0), rel=1e-7)
    assert at_one.expected_purchases(52.0) == pytest.approx(0.5 * 12 / 10 * np.log(64 / 12), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(data=customers(), params=_log_params(-2, 2), t1=st.floats(0.1, 100), dt=st.floats(0.1, 100))
def test_alive_in_unit_interval_and_purchases_increase_in_t(data, params, t1, dt):
    x, t_x, age = data
    frame = pd.DataFrame({"frequency": x, "recency": t_x, "T": age})
    result = ParetoNBDResult("Pareto/NBD", ("r", "alpha", "s", "beta"), np.array(params), np.eye(4), -1.0,
                             len(x), True)
    alive = result.probability_alive(frame)
    assert ((alive >= 0) & (alive <= 1)).all()
    early, late = result.expected_purchases(t1, frame), result.expected_purchases(t1 + dt, frame)
    assert (late >= early).all() and np.isfinite(late).all()
    assert result.expected_purchases(t1 + dt) >= result.expected_purchases(t1)


# ---------------------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("change, column", [
    (lambda d: d.assign(recency=d["T"] + 1.0), "recency"),
    (lambda d: d.assign(frequency=-d["frequency"] - 1), "frequency"),
    (lambda d: d.assign(frequency=d["frequency"] + 0.5), "frequency"),
    (lambda d: d.assign(T=np.where(d.index == 3, np.nan, d["T"])), "T"),
    (lambda d: d.assign(recency=-1.0), "recency"),
])
def test_bad_input_names_the_column(cdnow, change, column):
    with pytest.raises(DataValidationError) as info:
        ParetoNBDModel().fit(change(cdnow.head(20)))
    assert info.value.column == column and info.value.rows


def test_empty_and_missing_columns(cdnow):
    with pytest.raises(DataValidationError, match="empty"):
        ParetoNBDModel().fit(cdnow.iloc[:0])
    with pytest.raises(DataValidationError, match="recency"):
        ParetoNBDModel().fit(cdnow.drop(columns="recency"))
    with pytest.raises(DataValidationError):
        ParetoNBDModel().fit([1, 2, 3])


def test_nobody_repeats_gives_a_documented_result(cdnow):
    # without repeat purchases the data cannot separate dropping out from buying rarely: the fit ends at an
    # edge of the parameter space and says so with a ConvergenceWarning, never a NaN
    frame = cdnow.head(50).assign(frequency=0, recency=0.0)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        result = ParetoNBDModel().fit(frame)
    assert np.isfinite(result.log_likelihood)
    assert result.probability_alive(frame).between(0, 1).all()


# ---------------------------------------------------------------------------------------- grouped kernel
@settings(max_examples=40, deadline=None)
@given(data=customers(max_size=20), params=_log_params(-3, 3), repeats=st.integers(1, 3))
def test_grouped_kernel_equals_row_kernel(data, params, repeats):
    # repeated customers and shared ages exercise the merging of rows and of (x, u) points
    x, t_x, age = (np.ascontiguousarray(np.tile(v, repeats)) for v in data)
    age = np.ascontiguousarray(np.maximum(np.round(age), t_x))
    weights = np.arange(1.0, len(x) + 1.0)
    model = ParetoNBDModel(n_threads=1)
    columns, merged = model._compress(Histories(x, t_x, age), weights)
    assert merged.sum() == pytest.approx(weights.sum(), rel=1e-14)
    value, grad = _loglik(params, x, t_x, age, weights)
    grouped = np.empty(4)
    grouped_value = kernel.loglik_and_grad_grouped(*params, *columns, merged, grouped, 2)
    assert grouped_value == pytest.approx(value, rel=1e-12, abs=1e-10)
    np.testing.assert_allclose(grouped, grad, rtol=1e-9, atol=1e-9 * (1 + np.abs(grad).max()))
    rows = columns.rows()
    for column, original in zip(rows, (x, t_x, age)):
        assert set(column) == set(original)
