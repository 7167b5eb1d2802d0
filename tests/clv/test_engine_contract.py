"""The contract every CLV model keeps: fit leaves the model alone, records its search path, validates as its
predictions do, identifies its parameters or says it cannot; results are immutable and buildable at given
parameters; economic inputs are checked; the path from a file to every customer's value works."""
import threading
import warnings

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel import clv
from paynecrm_kernel.clv import (BetaGeoBetaBinomModel, BetaGeoModel, BetaGeoResult, GammaGammaModel,
                                 GammaGammaResult, ModifiedBetaGeoModel, ParetoNBDModel, ShiftedBetaGeoModel)
from paynecrm_kernel.errors import ConvergenceWarning, DataValidationError

SURVIVORS = [1000, 631, 468, 382, 326, 289, 262, 241]
DONATIONS = pd.DataFrame({"frequency": [0, 1, 1, 2, 3, 3, 4, 6], "recency": [0, 1, 4, 3, 5, 6, 6, 6],
                          "periods": [6] * 8, "weights": [300, 40, 30, 50, 60, 40, 80, 120]})


def _data(model_class, cdnow_summary, cdnow_spend):
    if model_class is GammaGammaModel:
        return cdnow_spend
    if model_class is ShiftedBetaGeoModel:
        return SURVIVORS
    if model_class is BetaGeoBetaBinomModel:
        return DONATIONS
    return cdnow_summary


ALL_MODELS = [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel, GammaGammaModel, BetaGeoBetaBinomModel,
              ShiftedBetaGeoModel]
PATHS = {BetaGeoModel: "newton", ModifiedBetaGeoModel: "newton", GammaGammaModel: "newton",
         ParetoNBDModel: "lbfgsb+newton", BetaGeoBetaBinomModel: "lbfgsb", ShiftedBetaGeoModel: "lbfgsb"}


@pytest.mark.parametrize("model_class", ALL_MODELS)
def test_fit_leaves_the_model_unchanged_and_records_its_search_path(model_class, cdnow_summary, cdnow_spend):
    model = model_class()
    before = dict(vars(model))
    result = model.fit(_data(model_class, cdnow_summary, cdnow_spend), time_unit="W")
    assert vars(model) == before
    assert result.converged and result.search_path == PATHS[model_class]
    assert result.summary().attrs["search"] == PATHS[model_class]


def test_pareto_nbd_on_many_customers_starts_from_a_subsample(cdnow_summary):
    # 23,570 customers (CDNOW's 2,357 ten times): the subsample's Hessian steers quasi-Newton steps, which
    # settle, then Newton steps with a difference Hessian
    weighted = cdnow_summary.assign(weights=10.0)
    result = ParetoNBDModel().fit(weighted, time_unit="W")
    plain = ParetoNBDModel().fit(cdnow_summary, time_unit="W")
    assert result.search_path == "quasi-newton+newton" and result.converged
    np.testing.assert_allclose(result.params, plain.params, rtol=1e-5)


@pytest.mark.parametrize("model_class", [BetaGeoModel, ParetoNBDModel, GammaGammaModel])
def test_two_fits_of_one_model_in_two_threads_equal_sequential_fits(model_class, cdnow_summary, cdnow_spend):
    data = _data(model_class, cdnow_summary, cdnow_spend)
    halves = [data.iloc[: len(data) // 2 + 300], data.iloc[len(data) // 2 - 300:]]
    model = model_class()
    sequential = [model.fit(half, time_unit="W") for half in halves]
    threaded = [None, None]

    def fit(i):
        threaded[i] = model.fit(halves[i], time_unit="W")

    workers = [threading.Thread(target=fit, args=(i,)) for i in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for alone, together in zip(sequential, threaded):
        np.testing.assert_allclose(together.params, alone.params, rtol=1e-12)
        np.testing.assert_allclose(together.standard_errors, alone.standard_errors, rtol=1e-9)


# ------------------------------------------------------------------------------- fit and predict alike
HISTORY_ROWS = [({"frequency": 2.5}, "frequency", "whole number"), ({"frequency": -1.0}, "frequency", "negative"),
                ({"recency": 40.0}, "recency", "larger than T"), ({"T": -1.0}, "T", "negative"),
                ({"frequency": np.nan}, "frequency", "missing")]


def _error(call):
    with pytest.raises(DataValidationError) as info:
        call()
    return str(info.value), info.value.column, info.value.rows


@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel])
@pytest.mark.parametrize("change, column, words", HISTORY_ROWS)
def test_purchase_models_refuse_the_same_rows_in_fit_and_predictions(model_class, change, column, words,
                                                                     cdnow_summary):
    good = cdnow_summary.iloc[:200].astype(float)
    bad = good.copy()
    for name, value in change.items():
        bad.loc[bad.index[7], name] = value
    result = model_class().fit(good, time_unit="W")
    expected = _error(lambda: model_class().fit(bad, time_unit="W"))
    assert expected[1] == column and words in expected[0] and expected[2] == [bad.index[7]]
    for predict in (lambda: result.probability_alive(bad), lambda: result.expected_purchases(10, bad),
                    lambda: result.discounted_purchases([4.0, 8.0], [0.99, 0.98], bad)):
        assert _error(predict) == expected


@pytest.mark.parametrize("change, column, words", [({"frequency": 2.5}, "frequency", "whole number"),
                                                   ({"monetary_value": -50.0}, "monetary_value", "negative"),
                                                   ({"monetary_value": np.inf}, "monetary_value", "infinite")])
def test_spend_model_refuses_the_same_rows_in_fit_and_prediction(change, column, words, cdnow_spend):
    bad = cdnow_spend.astype(float)
    for name, value in change.items():
        bad.loc[bad.index[3], name] = value
    result = GammaGammaModel().fit(cdnow_spend)
    expected = _error(lambda: GammaGammaModel().fit(bad))
    assert expected[1] == column and words in expected[0] and expected[2] == [bad.index[3]]
    assert _error(lambda: result.expected_spend(bad)) == expected


def test_discrete_model_refuses_the_same_rows_in_fit_and_predictions():
    bad = DONATIONS.assign(recency=[0, 1, 4, 3, 5, 6, 7, 6])
    result = BetaGeoBetaBinomModel().fit(DONATIONS)
    expected = _error(lambda: BetaGeoBetaBinomModel().fit(bad))
    assert expected[1] == "recency" and expected[2] == [6]
    assert _error(lambda: result.probability_alive(bad)) == expected
    assert _error(lambda: result.expected_purchases(3, bad)) == expected


# ----------------------------------------------------------------------------------- results
def test_results_at_published_parameters(cdnow_summary):
    published = BetaGeoResult.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="W")
    assert published.search_path == "given" and not published.converged
    assert published.params.to_dict() == {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    spend = GammaGammaResult.from_params(p=6.25, q=3.74, v=15.44)
    assert spend.population_mean_spend == pytest.approx(6.25 * 15.44 / 2.74, rel=1e-12)
    with pytest.raises(ValueError, match="exactly the parameters"):
        BetaGeoResult.from_params(r=0.243, alpha=4.414, a=0.793)
    with pytest.raises(ValueError, match="positive"):
        BetaGeoResult.from_params(r=-0.243, alpha=4.414, a=0.793, b=2.426)


def test_extra_is_read_only(cdnow_spend):
    result = GammaGammaModel().fit(cdnow_spend)
    with pytest.raises(TypeError):
        result.extra["edited"] = 1
    assert "edited" not in result.extra and result.extra["customers without repeat purchase"] == 1411


# ---------------------------------------------------------------------------- identification
@pytest.mark.parametrize("frame, words", [
    (pd.DataFrame({"frequency": [3.0], "recency": [20.0], "T": [30.0]}), "1 distinct customer history"),
    (pd.DataFrame({"frequency": [0.0] * 3, "recency": [0.0] * 3, "T": [10.0, 20.0, 30.0]}), "no customer has a repeat"),
    (pd.DataFrame({"frequency": [2.0] * 50, "recency": [5.0] * 50, "T": [9.0] * 50}), "1 distinct customer history"),
])
@pytest.mark.parametrize("model_class", [BetaGeoModel, ModifiedBetaGeoModel, ParetoNBDModel])
def test_data_that_cannot_identify_a_purchase_model_never_report_convergence(model_class, frame, words):
    with pytest.warns(ConvergenceWarning, match=words):
        result = model_class().fit(frame, time_unit="W")
    assert not result.converged


def test_data_that_cannot_identify_the_spend_or_retention_model_never_report_convergence():
    same = pd.DataFrame({"frequency": [1, 2, 3, 4], "monetary_value": [20.0] * 4})
    with pytest.warns(ConvergenceWarning, match="same mean spend"):
        assert not GammaGammaModel().fit(same).converged
    with pytest.warns(ConvergenceWarning, match="at least two periods"):
        assert not ShiftedBetaGeoModel().fit([1000, 631]).converged
    with pytest.warns(ConvergenceWarning, match="nobody left"):
        assert not ShiftedBetaGeoModel().fit([1000, 1000, 1000]).converged


def test_a_penalty_identifies_what_the_data_do_not():
    frame = pd.DataFrame({"frequency": [0.0] * 3, "recency": [0.0] * 3, "T": [10.0, 20.0, 30.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        result = BetaGeoModel(penalizer=0.01).fit(frame, time_unit="W")
    assert result.converged and np.all(result.expected_purchases(10, frame) < 0.5)


# ----------------------------------------------------------------------------- economic inputs
@pytest.mark.parametrize("settings, words", [
    ({"discount_rate": -0.01}, "discount_rate"), ({"discount_rate": -1.0}, "discount_rate"),
    ({"discount_rate": 10.0}, "percentage"), ({"horizon": -12}, "horizon"), ({"horizon": 0}, "horizon"),
    ({"margin": 30}, "margin"), ({"margin": -0.1}, "margin"), ({"discount_rate": float("nan")}, "discount_rate"),
])
def test_absurd_economic_inputs_are_refused(settings, words, bgnbd_cdnow, cdnow_summary):
    arguments = {"horizon": 12, "time_unit": "M", "discount_rate": 0.01, "margin": 0.3, **settings}
    with pytest.raises(DataValidationError, match=words):
        clv.customer_lifetime_value(bgnbd_cdnow, 20.0, cdnow_summary, **arguments)


def test_sbg_discounting_is_bounded(cdnow_summary):
    result = ShiftedBetaGeoModel().fit(SURVIVORS)
    assert result.discounted_expected_lifetime(0.1) > 1
    for rate in (0.0, -0.1, 5.0):
        with pytest.raises(DataValidationError, match="discount_rate"):
            result.discounted_expected_lifetime(rate)


# --------------------------------------------------------------------- from a file to every value
def test_the_readme_example_values_customers_first_seen_on_the_last_day(tmp_path, cdnow_sample):
    from paynecrm_kernel.data import read_transactions, validate_transactions

    log = cdnow_sample[["customer_id", "date", "amount"]].copy()
    log["date"] = pd.to_datetime(log["date"], format="%Y%m%d").dt.strftime("%Y-%m-%d")
    last_day = log["date"].max()
    newcomers = pd.DataFrame({"customer_id": [90001, 90002], "date": [last_day, last_day], "amount": [25.0, 40.0]})
    pd.concat([log, newcomers]).to_csv(tmp_path / "sales.csv", index=False)

    raw = read_transactions(tmp_path / "sales.csv")
    tx, report = validate_transactions(raw.frame, **raw.mapping)
    summary = clv.summarize_transactions(tx, "customer_id", "date", "amount", time_unit="W")
    purchases = clv.BetaGeoModel().fit(summary)
    value = clv.customer_lifetime_value(purchases, clv.GammaGammaModel().fit(summary),
                                        summary, horizon=12, time_unit="M", discount_rate=0.01)
    assert (summary.loc[[90001, 90002], "T"] == 0).all()
    assert purchases.converged and purchases.extra["customers first seen on the last day (T = 0)"] == 2
    assert len(value) == len(summary) and value["clv"].notna().all() and (value["clv"] >= 0).all()
    # a customer first seen on the last day is valued as a new customer
    newcomer = purchases.expected_purchases(12 * 30.4375 / 7)
    assert value.loc[90001, "expected_purchases"] == pytest.approx(newcomer, rel=1e-12)
