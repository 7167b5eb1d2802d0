"""Contractual retention by segment: pooled survivor curves, naive vs sBG projections, value of a subscriber."""
import pandas as pd
import pytest
from scipy import special

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import naive_and_sbg_projections, segment_retention_economics, segment_survivors

# Fader & Hardie (2007), "regular" cohort, years 0-7 and 8-12
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]


def _cohorts():
    rows = []
    for seg, size, keep in (("a", 100, 0.8), ("b", 50, 0.6)):
        for start, age in ((0, 5), (1, 4), (2, 2)):
            for t in range(age + 1):
                rows.append({"segment": seg, "cohort": start, "period": t, "active": round(size * keep ** t)})
    return pd.DataFrame(rows)


def test_segment_survivors_pools_only_cohorts_observed_long_enough():
    table = segment_survivors(_cohorts(), periods=4)
    # cohorts 0 (age 5, cut at 4) and 1 (age 4) are pooled; cohort 2 (age 2) is left out
    assert table.index.tolist() == [0, 1, 2, 3, 4]
    assert table["a"].tolist() == [200, 160, 128, 102, 82]
    assert table.attrs["cohorts"] == {"a": 2, "b": 2}


def test_segment_survivors_errors_name_the_problem():
    with pytest.raises(DataValidationError, match="active"):
        segment_survivors(_cohorts().drop(columns="active"))
    with pytest.raises(DataValidationError, match="longest has 5"):
        segment_survivors(_cohorts(), periods=9)
    bad = _cohorts()
    bad.loc[3, "active"] = -1
    with pytest.raises(DataValidationError, match="non-negative") as err:
        segment_survivors(bad, periods=4)
    assert err.value.rows == [3]


def test_sbg_projects_the_regular_cohort_better_than_naive_curves():
    table = naive_and_sbg_projections(REGULAR, 7)
    # Fader & Hardie (2007): alpha = 0.704, beta = 1.182 on years 1-7 of the regular cohort
    assert table.attrs["alpha"] == pytest.approx(0.704, abs=0.01)
    assert table.attrs["beta"] == pytest.approx(1.182, abs=0.01)
    mape = table.attrs["mape"]
    assert mape["sBG"] < 0.05 < mape["exponential"] < mape["linear"]
    # the naive curves under-project later survival (the sorting effect they ignore)
    later = table.iloc[8:]
    assert (later["linear"] < later["actual"]).all() and (later["exponential"] < later["actual"]).all()
    assert table["actual"].iloc[0] == 1.0


def test_projection_checks_the_number_of_fitted_periods():
    with pytest.raises(DataValidationError, match="between 2 and 11"):
        naive_and_sbg_projections(REGULAR, 12)
    with pytest.raises(DataValidationError):
        naive_and_sbg_projections(REGULAR, 1)


def test_retention_economics_on_the_sample_company(company):
    survivors = segment_survivors(company.subscription_cohorts, periods=12)
    fees = company.subscriptions.groupby("segment")["monthly_fee"].mean()
    table = segment_retention_economics(survivors, fees, discount_rate=0.01)
    assert set(table.index) == {"trade", "enthusiasts", "everyday", "bargain"}
    # value = fee x DEL, DEL = 2F1(1, beta; alpha + beta; 1/(1+d))
    row = table.loc["everyday"]
    del_ = special.hyp2f1(1, row["beta"], row["alpha"] + row["beta"], 1 / 1.01)
    assert row["expected_lifetime"] == pytest.approx(del_)
    assert row["clv"] == pytest.approx(row["fee"] * del_)
    # retention rises with tenure, and the mean churn is near the planted one (rough on these small cohorts)
    assert (table["retention_last"] > table["retention_first"]).all()
    for seg in table.index:
        truth = company.truth["segments"][seg]["care_plan"]
        planted = truth["alpha"] / (truth["alpha"] + truth["beta"])
        assert table.loc[seg, "mean_churn"] == pytest.approx(planted, abs=0.06)
    assert table.loc["trade", "clv"] == table["clv"].max()
    assert "t = 0" in table.attrs["convention"] and table.attrs["time_unit"] == "months"


def test_retention_economics_needs_a_fee_per_segment():
    survivors = pd.DataFrame({"a": [100, 80, 70, 65], "b": [50, 30, 25, 22]})
    with pytest.raises(DataValidationError, match="No fee for segment"):
        segment_retention_economics(survivors, {"a": 10.0})
