"""Standard errors are computed on first use, give the same numbers as an eager Hessian, and stay fixed."""
import numpy as np
import pytest

from paynecrm_kernel.clv import BetaGeoModel, GammaGammaModel


def _count_evaluations(model, monkeypatch):
    calls = []
    original = type(model)._negloglik_and_grad

    def counted(self, *args):
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(type(model), "_negloglik_and_grad", counted)
    return calls


def test_covariance_is_deferred_until_first_use(cdnow_summary, monkeypatch):
    model = BetaGeoModel()
    calls = _count_evaluations(model, monkeypatch)
    result = model.fit(cdnow_summary)
    after_fit = len(calls)
    assert result._covariance is None
    se = result.standard_errors
    assert len(calls) == after_fit + 2 * 4          # central differences of the gradient, once
    result.conf_int()
    result.summary()
    assert len(calls) == after_fit + 2 * 4          # cached
    columns, weights, _ = model._prepare(cdnow_summary)
    columns, weights = model._compress(columns, weights)
    eager = model._covariance(result.params.to_numpy(), columns, weights)
    np.testing.assert_allclose(se.to_numpy(), np.sqrt(np.diag(eager)), rtol=1e-12)


def test_deferred_covariance_is_read_only(cdnow_spend):
    result = GammaGammaModel().fit(cdnow_spend)
    table = result.covariance
    table.iloc[0, 0] = -1.0
    assert result.covariance.iloc[0, 0] > 0
    with pytest.raises(ValueError):
        result._covariance_matrix()[0, 0] = 1.0
