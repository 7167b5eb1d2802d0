"""Standard errors are computed on first use, give the same numbers as an eager Hessian, and stay fixed."""
import numpy as np
import pytest

from paynecrm_kernel.clv import BetaGeoModel, GammaGammaModel


def _count_evaluations(model, monkeypatch):
    calls = []
    for name in ("_negloglik_and_grad", "_negloglik_grad_hess"):
        original = getattr(type(model), name)

        def counted(self, *args, _original=original):
            calls.append(1)
            return _original(self, *args)

        monkeypatch.setattr(type(model), name, counted)
    return calls


@pytest.mark.parametrize("model_class, data", [(BetaGeoModel, "cdnow_summary"), (GammaGammaModel, "cdnow_spend")])
def test_covariance_is_deferred_and_costs_no_evaluation(model_class, data, request, monkeypatch):
    # the Newton search ends with the exact Hessian at the estimates: the covariance is its inverse,
    # taken on first use without evaluating the likelihood again
    data = request.getfixturevalue(data)
    model = model_class()
    calls = _count_evaluations(model, monkeypatch)
    result = model.fit(data)
    after_fit = len(calls)
    assert result._covariance is None
    se = result.standard_errors
    result.conf_int()
    result.summary()
    assert len(calls) == after_fit
    columns, weights = model._prepare(data)[:2]
    if model.compress_rows:
        columns, weights = model._compress(columns, weights)
    eager = model._covariance(result.params.to_numpy(), columns, weights)
    np.testing.assert_allclose(se.to_numpy(), np.sqrt(np.diag(eager)), rtol=1e-10)
    # and equal to the inverse of the finite-difference Hessian of the analytic gradient
    monkeypatch.setattr(model, "search_hessian", None)
    differences = model._covariance(result.params.to_numpy(), columns, weights)
    np.testing.assert_allclose(se.to_numpy(), np.sqrt(np.diag(differences)), rtol=1e-5)


def test_deferred_covariance_is_read_only(cdnow_spend):
    result = GammaGammaModel().fit(cdnow_spend)
    table = result.covariance
    table.iloc[0, 0] = -1.0
    assert result.covariance.iloc[0, 0] > 0
    with pytest.raises(ValueError):
        result._covariance_matrix()[0, 0] = 1.0
