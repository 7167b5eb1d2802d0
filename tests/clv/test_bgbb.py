"""BG/BB: published donation estimates, kernel against its twin, gradients, predictions, validation."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy import special

from paynecrm_kernel._core import bgbb as kernel
from paynecrm_kernel.clv import BetaGeoBetaBinomModel, BetaGeoBetaBinomResult
from paynecrm_kernel.data.datasets import load_donations
from paynecrm_kernel.errors import DataValidationError

from twins_b import bgbb_loglik_grad

PUBLISHED = {"alpha": 1.204, "beta": 0.750, "gamma": 0.657, "delta": 2.783}


@pytest.fixture(scope="module")
def donations():
    return load_donations()


@pytest.fixture(scope="module")
def fitted(donations):
    return BetaGeoBetaBinomModel().fit(donations)


def _columns(frame):
    return tuple(np.ascontiguousarray(frame[c].to_numpy(float)) for c in ("frequency", "recency", "periods"))


def _result(params):
    return BetaGeoBetaBinomResult("BG/BB", ("alpha", "beta", "gamma", "delta"), np.asarray(params, float),
                                  np.eye(4), -1.0, 1, True)


@st.composite
def patterns(draw):
    n_rows = draw(st.integers(1, 8))
    rows = []
    for _ in range(n_rows):
        n = draw(st.integers(1, 12))
        x = draw(st.integers(0, n))
        t_x = 0 if x == 0 else draw(st.integers(x, n))
        rows.append((x, t_x, n, draw(st.integers(1, 50))))
    return pd.DataFrame(rows, columns=["frequency", "recency", "periods", "weights"])


def test_reproduces_published_donation_estimates(fitted):
    assert fitted.converged
    for name, value in PUBLISHED.items():
        assert fitted.params[name] == pytest.approx(value, abs=1.5e-3), name
    assert fitted.log_likelihood == pytest.approx(-33225.58, abs=0.01)
    assert fitted.n_obs == 11104


@settings(max_examples=40, deadline=None)
@given(frame=patterns(), params=st.lists(st.floats(-2, 2), min_size=4, max_size=4))
def test_kernel_equals_twin_and_finite_differences(frame, params):
    params = 10.0 ** np.array(params)
    x, t_x, n = _columns(frame)
    weights = frame["weights"].to_numpy(float)
    grad = np.empty(4)
    value = kernel.loglik_and_grad(*params, x, t_x, n, weights, grad, 1)
    twin_value, twin_grad = bgbb_loglik_grad(params, x, t_x, n, weights)
    assert value == pytest.approx(twin_value, rel=1e-11)
    np.testing.assert_allclose(grad, twin_grad, rtol=1e-9, atol=1e-9)
    h = 1e-6
    for j in range(4):
        step = np.zeros(4)
        step[j] = h * params[j]
        up = kernel.loglik_and_grad(*(params + step), x, t_x, n, weights, np.empty(4), 1)
        down = kernel.loglik_and_grad(*(params - step), x, t_x, n, weights, np.empty(4), 1)
        assert grad[j] * params[j] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-5)


def test_one_thread_equals_many(donations):
    x, t_x, n = _columns(donations)
    weights = donations["weights"].to_numpy(float)
    g1, g4 = np.empty(4), np.empty(4)
    v1 = kernel.loglik_and_grad(*PUBLISHED.values(), x, t_x, n, weights, g1, 1)
    v4 = kernel.loglik_and_grad(*PUBLISHED.values(), x, t_x, n, weights, g4, 4)
    assert v1 == pytest.approx(v4, rel=1e-13)
    np.testing.assert_allclose(g1, g4, rtol=1e-11)


def test_weights_equal_expanded_data(donations):
    small = donations.assign(weights=donations["weights"] // 100 + 1)
    expanded = small.loc[small.index.repeat(small["weights"])].drop(columns="weights")
    model = BetaGeoBetaBinomModel()
    assert model.negative_log_likelihood(PUBLISHED, small) == pytest.approx(
        model.negative_log_likelihood(PUBLISHED, expanded), rel=1e-12)
    np.testing.assert_allclose(model.fit(small).params, model.fit(expanded).params, rtol=1e-5)


def test_predictions_match_brute_force(fitted, donations):
    alpha, beta, gamma, delta = fitted.params
    alive = fitted.probability_alive(donations)
    assert alive.between(0, 1).all()
    # never donated again in 6 years: alive in year 7 by Bayes' rule over the paper's likelihood terms
    x, t_x, n = 0, 0, 6
    lb_ab, lb_gd = special.betaln(alpha, beta), special.betaln(gamma, delta)
    terms = [special.betaln(alpha + x, beta + n - x) - lb_ab + special.betaln(gamma, delta + n) - lb_gd]
    terms += [special.betaln(alpha + x, beta + t_x - x + i) - lb_ab + special.betaln(gamma + 1, delta + t_x + i)
              - lb_gd for i in range(n - t_x)]
    likelihood = np.exp(special.logsumexp(terms))
    p_alive = np.exp(terms[0]) * (delta + n) / (gamma + delta + n) / likelihood
    assert alive.iloc[0] == pytest.approx(p_alive, rel=1e-10)
    # expected donations in the next 5 years: the paper's closed form (FHS 2010, eq. 13)
    closed = (np.exp(special.betaln(alpha + x + 1, beta + n - x) - lb_ab) / likelihood * delta / (gamma - 1)
              * np.exp(special.gammaln(gamma + delta) - special.gammaln(1 + delta))
              * (np.exp(special.gammaln(1 + delta + n) - special.gammaln(gamma + delta + n))
                 - np.exp(special.gammaln(1 + delta + n + 5) - special.gammaln(gamma + delta + n + 5))))
    assert fitted.expected_purchases(5, donations).iloc[0] == pytest.approx(closed, rel=1e-10)
    new = alpha / (alpha + beta) * delta / (gamma - 1) * (
        1 - np.exp(special.gammaln(gamma + delta) + special.gammaln(1 + delta + 5)
                   - special.gammaln(gamma + delta + 5) - special.gammaln(1 + delta)))
    assert fitted.expected_purchases(5) == pytest.approx(new, rel=1e-10)
    assert fitted.probability_alive() == pytest.approx(delta / (gamma + delta))


@settings(max_examples=30, deadline=None)
@given(frame=patterns(), params=st.lists(st.floats(-2, 2), min_size=4, max_size=4), horizon=st.integers(0, 20))
def test_alive_in_unit_interval_and_expectation_increases(frame, params, horizon):
    result = _result(10.0 ** np.array(params))
    alive = result.probability_alive(frame)
    assert ((alive >= 0) & (alive <= 1)).all()
    now, later = result.expected_purchases(horizon, frame), result.expected_purchases(horizon + 1, frame)
    assert (later >= now).all() and np.isfinite(later).all()
    assert (result.expected_purchases(0, frame) == 0).all()


@pytest.mark.parametrize("change, column", [
    (lambda d: d.assign(recency=d["periods"] + 1), "recency"),
    (lambda d: d.assign(frequency=d["recency"] + 1), "frequency"),
    (lambda d: d.assign(frequency=0.5), "frequency"),
    (lambda d: d.assign(weights=-1), "weights"),
    (lambda d: d.assign(periods=np.nan), "periods"),
    (lambda d: d.assign(periods=0, recency=0, frequency=0), "periods"),
    (lambda d: d.assign(frequency=0), "recency"),
])
def test_bad_input_names_the_column(donations, change, column):
    with pytest.raises(DataValidationError) as info:
        BetaGeoBetaBinomModel().fit(change(donations))
    assert info.value.column == column


def test_empty_frame_and_zero_weights(donations):
    with pytest.raises(DataValidationError, match="empty"):
        BetaGeoBetaBinomModel().fit(donations.iloc[:0])
    with pytest.raises(DataValidationError, match="add up to 0"):
        BetaGeoBetaBinomModel().fit(donations.assign(weights=0))
    with pytest.raises(ValueError, match="whole number"):
        _result(list(PUBLISHED.values())).expected_purchases(2.5)
