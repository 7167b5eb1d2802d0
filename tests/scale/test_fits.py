"""Fits on the distinct histories (with weights) are the fits on all customers; the published CDNOW values."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.clv import GammaGammaModel, summarize_transactions
from paynecrm_kernel.scale import customer_table, fit_purchases, fit_spend
from paynecrm_kernel.scale.fits import purchase_model

from conftest import CALIBRATION_END, OBSERVATION_END

PUBLISHED_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}      # Fader, Hardie & Lee (2005), CDNOW


@pytest.fixture(scope="module")
def table(cdnow_files):
    return customer_table(cdnow_files["folder"], amount="amount", calibration_end=CALIBRATION_END,
                          observation_end=OBSERVATION_END)


@pytest.fixture(scope="module")
def everyone(cdnow_log):
    return summarize_transactions(cdnow_log, amount="amount", calibration_end=CALIBRATION_END,
                                  observation_end=OBSERVATION_END)


def test_histories_expand_to_the_customers(table, everyone):
    histories = table.histories(holdout=True)
    assert histories["weights"].sum() == len(everyone) == 2357
    assert len(histories) < len(everyone) / 2
    expanded = histories.loc[histories.index.repeat(histories["weights"].astype(int)), ["frequency", "recency", "T"]]
    ordered = everyone[["frequency", "recency", "T"]].sort_values(["frequency", "recency", "T"])
    np.testing.assert_array_equal(expanded.to_numpy(), ordered.to_numpy())
    assert histories["frequency_holdout_sum"].sum() == everyone["frequency_holdout"].sum()


@pytest.mark.parametrize("model", ["bgnbd", "mbgnbd", "paretonbd"])
def test_weighted_fit_is_the_fit_on_all_customers(table, everyone, model):
    weighted = fit_purchases(table, model)
    full = purchase_model(model).fit(everyone)
    np.testing.assert_allclose(weighted.params.to_numpy(), full.params.to_numpy(), rtol=1e-8)
    assert weighted.log_likelihood == pytest.approx(full.log_likelihood, rel=1e-12)
    np.testing.assert_allclose(weighted.standard_errors.to_numpy(), full.standard_errors.to_numpy(), rtol=1e-5)
    assert weighted.time_unit == "W" and weighted.converged


def test_bgnbd_reproduces_published_cdnow_values(table):
    result = fit_purchases(table, "bgnbd")
    for name, value in PUBLISHED_BG.items():
        assert result.params[name] == pytest.approx(value, abs=1e-3), name
    assert result.log_likelihood == pytest.approx(-9582.4, abs=0.05)


def test_spend_fit_on_repeat_buyers(table, everyone):
    ours = fit_spend(table)
    theirs = GammaGammaModel().fit(everyone)
    np.testing.assert_allclose(ours.params.to_numpy(), theirs.params.to_numpy(), rtol=1e-6)


def test_unknown_model_and_missing_amount(cdnow_files):
    table = customer_table(cdnow_files["parquet"])
    with pytest.raises(ValueError, match="bgnbd"):
        fit_purchases(table, "bg")
    with pytest.raises(ValueError, match="amount column"):
        fit_spend(table)
    assert isinstance(table.histories(), pd.DataFrame)
