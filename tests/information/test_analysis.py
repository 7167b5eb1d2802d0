"""Analysis tools: BG/NBD holdout on CDNOW with the published parameters; the propensity model's validation."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.information import (cdnow_holdout_validation, customer_features, fit_propensity,
                                         gains_table, profit_cutoff)


def test_cdnow_calibration_reproduces_the_published_bgnbd_and_forecasts_the_holdout():
    check = cdnow_holdout_validation()
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}    # Fader, Hardie & Lee (2005)
    for name, value in published.items():
        assert check.result.params[name] == pytest.approx(value, abs=0.001)
    assert check.result.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    table = check.table
    assert table["customers"].sum() == 2357 and list(table.index)[-1] == "7+"
    assert table["actual"].is_monotonic_increasing and table["predicted"].is_monotonic_increasing
    assert (table["predicted"] - table["actual"]).abs().max() < 0.4           # repeat purchases per customer
    totals = check.totals
    assert totals["actual"] == 1882 and abs(totals["error"]) < 0.15
    assert check.accuracy["correlation"] > 0.5


@pytest.fixture(scope="module")
def features(company):
    segments = company.customers.set_index("customer_id")["segment"]
    early = customer_features(company.transactions, "2024-06-30", interactions=company.interactions,
                              segments=segments)
    later = customer_features(company.transactions, "2024-09-29", interactions=company.interactions,
                              segments=segments)
    return early, later


def test_features_match_a_direct_count(company, features):
    early, _ = features
    tx = company.transactions
    window = tx[(tx["date"] >= "2024-07-01") & (tx["date"] < "2024-09-30")]
    bought = early.index.isin(window["customer_id"])
    assert (early["bought"].to_numpy() == bought).all()
    assert set(early.index) == set(tx.loc[tx["date"] < "2024-07-01", "customer_id"])


def test_propensity_model_validation(features):
    early, later = features
    model = fit_propensity(early, snapshot="2024-06-30")
    result = model.evaluate()
    assert result["top_decile_lift"] > 2.0 and result["gini"] > 0.4
    assert 0 < result["brier"] < result["base_rate"] * (1 - result["base_rate"])     # beats the base rate
    gains = result["gains"]
    assert gains["cumulative_share_of_buyers"].iloc[-1] == pytest.approx(1.0)
    assert gains["cumulative_lift"].iloc[-1] == pytest.approx(1.0)
    calibration = result["calibration"]
    assert (calibration["observed"] - calibration["predicted"]).abs().max() < 0.1
    staying = model.staying_power(later)
    assert staying.loc["top_decile_lift", "later period"] > 0.8 * staying.loc["top_decile_lift", "validation"]
    assert staying.loc["gini", "later period"] > staying.loc["gini", "validation"] - 0.1


def test_gains_table_by_hand():
    bought = np.array([1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
    table = gains_table(bought, np.linspace(1, 0, 10), n_bins=5)
    assert table["buyers"].tolist() == [2, 1, 0, 0, 0]
    assert table["lift"].iloc[0] == pytest.approx(1.0 / 0.3)


def test_profit_cutoff():
    cutoff, table = profit_cutoff([0.9, 0.5, 0.1, 0.05], value_if_bought=10, cost_per_contact=2,
                                  bought=[1, 1, 0, 0])
    assert cutoff == pytest.approx(0.2)
    assert table.loc[0.5, "expected_profit"] == pytest.approx(0.9 * 10 - 2 + 0.5 * 10 - 2)
    assert table.loc[0.5, "realised_profit"] == pytest.approx(16)
    with pytest.raises(DataValidationError, match="value_if_bought"):
        profit_cutoff([0.5], value_if_bought=0, cost_per_contact=1)


def test_bad_inputs(company):
    with pytest.raises(DataValidationError, match="outcome window"):
        customer_features(company.transactions, "2024-12-01")
    with pytest.raises(DataValidationError, match="'amount'"):
        customer_features(company.transactions.drop(columns="amount"), "2024-06-30")
    same = pd.DataFrame({"log_frequency": np.zeros(60), "bought": np.ones(60, dtype=int)})
    with pytest.raises(DataValidationError, match="same outcome"):
        fit_propensity(same)
