"""The light prediction paths agree with the general kernels they stand in for."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel._core import betageo, checks
from paynecrm_kernel.clv._checks import numeric_column


@pytest.mark.parametrize("modified", [0, 1])
def test_probability_alive_kernel_equals_the_combined_kernel(modified):
    rng = np.random.default_rng(11)
    n = 2000
    age = rng.uniform(0.5, 80, n)
    x = rng.poisson(3, n).astype(float)
    t_x = np.where(x > 0, age * rng.uniform(0, 1, n), 0.0)
    params = (0.3, 5.0, 0.8, 2.4)
    expected, alive = np.empty(n), np.empty(n)
    betageo.predict(*params, x, t_x, age, np.zeros(n), expected, alive, modified, 1)
    light = np.empty(n)
    betageo.probability_alive(*params, x, t_x, age, light, modified, 2)
    np.testing.assert_allclose(light, alive, rtol=1e-12, atol=1e-300)
    bad = np.empty(n)
    betageo.probability_alive(-1.0, 5.0, 0.8, 2.4, x, t_x, age, bad, modified, 1)
    assert np.isnan(bad).all()


def test_numeric_column_fast_path_and_parsing_agree():
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["1", "2", "3"], "c": [1.0, 2.0, 3.0]})
    for column in "abc":
        np.testing.assert_array_equal(numeric_column(frame, column, "test"), [1.0, 2.0, 3.0])


def test_clean_history_check_flags_every_rule():
    good = (np.array([0.0, 2.0, 0.0]), np.array([0.0, 3.0, 0.0]), np.array([5.0, 5.0, 0.0]))
    assert checks.histories_are_clean(*good)         # T = 0: first seen on the last day
    for column, row, value in [(0, 1, 1.5), (0, 1, -1.0), (1, 1, -0.1), (1, 1, 5.1), (2, 0, -1.0),
                               (1, 0, 1.0), (2, 1, np.inf), (0, 1, np.nan), (0, 1, 2.0 ** 60)]:
        bad = [c.copy() for c in good]
        bad[column][row] = value
        assert not checks.histories_are_clean(*bad), (column, row, value)
        # the fused P(alive) pass applies the same rules
        assert not betageo.probability_alive_checked(0.3, 5.0, 0.8, 2.4, *bad, np.empty(3), 0, 1)
    alive, fused = np.empty(3), np.empty(3)
    betageo.probability_alive(0.3, 5.0, 0.8, 2.4, *good, alive, 0, 1)
    assert betageo.probability_alive_checked(0.3, 5.0, 0.8, 2.4, *good, fused, 0, 2)
    np.testing.assert_array_equal(fused, alive)


def test_probability_alive_public_paths_agree(bgnbd_cdnow, cdnow_summary):
    fast = bgnbd_cdnow.probability_alive(cdnow_summary)
    # a recency a rounding error above T, and integer columns: the detailed path clips and parses
    data = cdnow_summary.astype({"frequency": "Int64"})
    data.loc[data.index[0], "recency"] = data["T"].iloc[0] * (1 + 1e-12)
    detailed = bgnbd_cdnow.probability_alive(data)
    np.testing.assert_allclose(detailed.to_numpy()[1:], fast.to_numpy()[1:], rtol=1e-15)
    assert 0 <= detailed.iloc[0] <= 1
    assert fast.index.equals(cdnow_summary.index) and fast.name == "probability_alive"


def test_expected_spend_kernel_matches_the_formula():
    from paynecrm_kernel._core import gammagamma
    x = np.array([0.0, 1.0, 3.0, 10.0])
    m = np.array([0.0, 20.0, 35.5, 12.0])
    p, q, v = 6.25, 3.74, 15.44
    out = np.empty(4)
    assert gammagamma.expected_spend(p, q, v, x, m, out)
    expected = np.where(x > 0, p * (v + x * m) / (p * x + q - 1), p * v / (q - 1))
    np.testing.assert_allclose(out, expected, rtol=1e-15)
    gammagamma.expected_spend(p, 0.5, v, x, m, out)
    assert out[0] == np.inf


def test_expected_purchases_finite_where_the_hypergeometric_c_is_zero():
    # x = 0 and a + b = 1: C = a + b + x - 1 = 0, where the closed form needs its limit
    x, t_x, age = np.zeros(3), np.zeros(3), np.full(3, 10.0)
    t = np.array([1.0, 5.0, 25.0])
    at, near = np.empty(3), np.empty(3)
    betageo.predict(1.0, 1.0, 0.5, 0.5, x, t_x, age, t, at, np.empty(3), 0, 1)
    betageo.predict(1.0, 1.0, 0.5, 0.5 + 1e-7, x, t_x, age, t, near, np.empty(3), 0, 1)
    assert np.all(np.isfinite(at)) and np.all(np.diff(at) > 0)
    np.testing.assert_allclose(at, near, rtol=1e-5)


@pytest.mark.parametrize("modified", [0, 1])
def test_indexed_likelihood_equals_the_plain_one(modified):
    rng = np.random.default_rng(5)
    n = 3000
    age = np.round(rng.uniform(20, 40, n)) / 7
    x = rng.poisson(2, n).astype(float)
    t_x = np.where(x > 0, np.floor(age * 7 * rng.uniform(0, 1, n)) / 7, 0.0)
    weights = rng.integers(1, 4, n).astype(float)
    codes, times = pd.factorize(np.concatenate((t_x, age)))
    plain, indexed = np.empty(4), np.empty(4)
    value = betageo.loglik_and_grad(0.3, 4.0, 0.8, 2.4, x, t_x, age, weights, plain, modified, 1)
    value_indexed = betageo.loglik_and_grad_indexed(0.3, 4.0, 0.8, 2.4, x, np.asarray(times, dtype=float),
                                                    codes[:n].astype(np.int64), codes[n:].astype(np.int64),
                                                    weights, indexed, modified, 2)
    assert value_indexed == pytest.approx(value, rel=1e-13)
    np.testing.assert_allclose(indexed, plain, rtol=1e-12)
    with pytest.raises(IndexError):
        betageo.loglik_and_grad_indexed(0.3, 4.0, 0.8, 2.4, x, np.asarray(times, dtype=float)[:1],
                                        codes[:n].astype(np.int64), codes[n:].astype(np.int64),
                                        weights, indexed, modified, 1)


def test_probability_alive_takes_the_fused_pass_on_clean_histories(bgnbd_cdnow, cdnow_summary, monkeypatch):
    from paynecrm_kernel.clv import _beta_geo_family

    expected = bgnbd_cdnow.probability_alive(cdnow_summary)

    def detailed(*args, **kwargs):
        raise AssertionError("the detailed checks ran on clean histories")

    monkeypatch.setattr(_beta_geo_family.PurchaseResult, "_customers", detailed)
    np.testing.assert_array_equal(bgnbd_cdnow.probability_alive(cdnow_summary), expected)
    with pytest.raises(AssertionError, match="detailed"):
        bgnbd_cdnow.probability_alive(cdnow_summary.assign(T=cdnow_summary["T"] - 100))


def test_spend_rows_take_the_compiled_check_when_clean(cdnow_spend, monkeypatch):
    from paynecrm_kernel.clv import _checks

    clean = cdnow_spend.astype(float)
    expected = _checks.frequency_spend(clean.astype({"frequency": "Int64"}), "test")   # detailed path
    monkeypatch.setattr(_checks, "numeric_column", lambda *args: pytest.fail("detailed checks on clean rows"))
    fast = _checks.frequency_spend(clean, "test")
    for a, b in zip(fast, expected):
        np.testing.assert_array_equal(a, b)


def test_expected_spend_takes_the_fused_check_on_clean_rows(cdnow_spend, monkeypatch):
    from paynecrm_kernel._core import gammagamma
    from paynecrm_kernel.clv import GammaGammaModel, gamma_gamma

    result = GammaGammaModel().fit(cdnow_spend)
    expected = result.expected_spend(cdnow_spend.astype({"frequency": "Int64"}))      # detailed path
    monkeypatch.setattr(gamma_gamma, "frequency_spend", lambda *args: pytest.fail("detailed checks on clean rows"))
    np.testing.assert_array_equal(result.expected_spend(cdnow_spend.astype(float)), expected)
    x, m, out = np.array([1.0, 2.5]), np.array([10.0, 20.0]), np.empty(2)
    assert not gammagamma.expected_spend(6.0, 3.7, 15.0, x, m, out)        # a fractional frequency
