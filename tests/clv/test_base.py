"""The shared model/result machinery: immutability, intervals, criteria, errors, warnings, bad input."""
import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.clv import BetaGeoModel
from paynecrm_kernel.errors import ConvergenceWarning, DataValidationError, ModelFitError


def test_result_is_immutable(bgnbd_cdnow):
    with pytest.raises(dataclasses.FrozenInstanceError):
        bgnbd_cdnow.log_likelihood = 0.0
    params = bgnbd_cdnow.params
    params["r"] = 99.0
    assert bgnbd_cdnow.params["r"] != 99.0
    with pytest.raises(ValueError):
        bgnbd_cdnow._values[0] = 1.0


def test_criteria_and_display(bgnbd_cdnow):
    ll = bgnbd_cdnow.log_likelihood
    assert bgnbd_cdnow.aic == pytest.approx(8 - 2 * ll)
    assert bgnbd_cdnow.bic == pytest.approx(4 * np.log(2357) - 2 * ll)
    table = bgnbd_cdnow.summary()
    assert list(table.index) == ["r", "alpha", "a", "b"]
    assert table.attrs["time unit"] == "weeks"
    assert "weeks" in repr(bgnbd_cdnow) and "<table" in bgnbd_cdnow._repr_html_()
    assert bgnbd_cdnow.r == bgnbd_cdnow.params["r"]
    with pytest.raises(ValueError, match="level"):
        bgnbd_cdnow.conf_int(level=95)


def test_non_convergence_warns_with_remedies(cdnow_summary):
    with pytest.warns(ConvergenceWarning, match=r"1\. raise maxiter") as record:
        result = BetaGeoModel(maxiter=2).fit(cdnow_summary, time_unit="W")
    assert not result.converged
    assert "3. add a small L2 penalty" in str(record[0].message)


def test_penalizer_shrinks_log_parameters(cdnow_summary):
    plain = BetaGeoModel().fit(cdnow_summary, time_unit="W")
    shrunk = BetaGeoModel(penalizer=5.0).fit(cdnow_summary, time_unit="W")
    assert np.sum(np.log(shrunk.params) ** 2) < np.sum(np.log(plain.params) ** 2)
    assert shrunk.log_likelihood < plain.log_likelihood


class _BrokenModel(BetaGeoModel):
    """A model whose likelihood is NaN everywhere, as an overflowing kernel would give."""

    def _negloglik_and_grad(self, log_params, columns, weights):
        return float("nan"), np.full(4, np.nan)

    def _negloglik_grad_hess(self, log_params, columns, weights):
        return float("nan"), np.full(4, np.nan), np.full((4, 4), np.nan)


def test_non_finite_start_is_a_model_fit_error():
    data = pd.DataFrame({"frequency": [1.0, 2.0], "recency": [1.0, 2.0], "T": [3.0, 4.0]})
    with pytest.raises(ModelFitError, match="not finite at the starting values"):
        _BrokenModel().fit(data)


def test_configuration_errors():
    with pytest.raises(ValueError, match="penalizer"):
        BetaGeoModel(penalizer=-1)
    with pytest.raises(ValueError, match="unknown names"):
        BetaGeoModel(initial_params={"s": 1.0})


@pytest.mark.parametrize("frame, column, words", [
    (pd.DataFrame({"frequency": [1, 2], "recency": [5.0, 9.0], "T": [6.0, 8.0]}), "recency", "larger than T"),
    (pd.DataFrame({"frequency": [1, -2], "recency": [5.0, 0.0], "T": [6.0, 8.0]}), "frequency", "negative"),
    (pd.DataFrame({"frequency": [1, np.nan], "recency": [5.0, 0.0], "T": [6.0, 8.0]}), "frequency", "missing"),
    (pd.DataFrame({"frequency": [1, 1.5], "recency": [5.0, 1.0], "T": [6.0, 8.0]}), "frequency", "whole number"),
    (pd.DataFrame({"frequency": [1, 0], "recency": [5.0, 1.0], "T": [6.0, 8.0]}), "recency", "must be 0"),
    (pd.DataFrame({"frequency": [1, 0], "recency": [5.0, 0.0], "T": [6.0, -1.0]}), "T", "negative"),
    (pd.DataFrame({"frequency": [1], "recency": [5.0]}), "T", "needs the column"),
])
def test_bad_summaries_raise_clear_errors(frame, column, words):
    with pytest.raises(DataValidationError, match=words) as info:
        BetaGeoModel().fit(frame)
    assert info.value.column == column
    if words != "needs the column":
        assert info.value.rows == [1]


def test_empty_frame_is_a_clear_error():
    with pytest.raises(DataValidationError, match="empty"):
        BetaGeoModel().fit(pd.DataFrame({"frequency": [], "recency": [], "T": []}))


def test_one_customer_fits_without_nan():
    # one customer cannot identify four parameters; the fit still returns finite numbers (documented)
    data = pd.DataFrame({"frequency": [3], "recency": [20.0], "T": [30.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = BetaGeoModel(penalizer=0.01).fit(data, time_unit="W")
    assert np.all(np.isfinite(result.params)) and np.isfinite(result.log_likelihood)


def test_nobody_repeats_gives_a_finite_result():
    data = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0.0, 0.0, 0.0], "T": [10.0, 20.0, 30.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        result = BetaGeoModel(penalizer=0.01).fit(data, time_unit="W")
    assert np.all(np.isfinite(result.params))
    assert np.all(result.expected_purchases(10, data) < 0.5)
