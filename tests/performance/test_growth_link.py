"""Store survey waves of the sample company, and Keiningham et al.'s question: NPS or satisfaction?"""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.data.sample_company.performance_data import PERFORMANCE_TRUTH, performance_data
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.performance import nps_by, nps_change
from paynecrm_kernel.performance.growth_link import compare_growth_predictors, unit_scores, williams_test


@pytest.fixture(scope="module")
def store_data(company):
    return performance_data(company)


def test_store_surveys_are_repeatable_and_shaped_as_documented(company, store_data):
    surveys = store_data["store_surveys"]
    assert len(surveys) == 2 * 40 * len(company.employee_units)
    assert surveys["satisfaction"].between(1, 7).all() and surveys["nps"].between(0, 10).all()
    assert set(surveys["wave_label"]) == set(PERFORMANCE_TRUTH["waves"].values())
    again = performance_data(company)
    pd.testing.assert_frame_equal(again["store_surveys"], surveys)
    assert not performance_data(company, seed=7)["store_surveys"].equals(surveys)


def test_the_planted_improvement_between_waves_is_detected(store_data):
    surveys = store_data["store_surveys"]
    change = nps_change(surveys.loc[surveys["wave"] == 1, "nps"], surveys.loc[surveys["wave"] == 2, "nps"])
    assert change["significant"] and change["change"] > 0 and change["lower"] > 0
    by_wave = nps_by(surveys, "wave")
    assert by_wave.loc[2, "score"] - by_wave.loc[1, "score"] == pytest.approx(change["change"])
    assert set(nps_by(surveys, ["segment", "rated_channel"], min_responses=30).index.get_level_values(0)) == {
        "trade", "enthusiasts", "everyday", "bargain"}


def test_unit_scores_by_hand():
    frame = pd.DataFrame({"unit_id": ["a"] * 4 + ["b"] * 2, "nps": [10, 9, 3, 8, 0, 7],
                          "satisfaction": [7, 6, 2, 5, 1, 4]})
    table = unit_scores(frame, min_responses=2)
    assert table.loc["a", "nps"] == pytest.approx(25.0) and table.loc["b", "nps"] == pytest.approx(-50.0)
    assert table.loc["a", "satisfaction"] == pytest.approx(5.0) and table.loc["b", "n"] == 2
    with pytest.raises(DataValidationError, match="fewer than 3") as info:
        unit_scores(frame, min_responses=3)
    assert info.value.rows == ["b"]


def test_williams_test_by_hand_and_symmetry():
    r_a, r_b, r_ab, n = 0.5, 0.3, 0.6, 50
    det = 1 - 0.25 - 0.09 - 0.36 + 2 * 0.5 * 0.3 * 0.6
    t = 0.2 * np.sqrt(49 * 1.6 / (2 * 49 / 47 * det + 0.16 * 0.4 ** 3))
    out = williams_test(r_a, r_b, r_ab, n)
    assert out["t"] == pytest.approx(t) and out["dof"] == 47
    swapped = williams_test(r_b, r_a, r_ab, n)
    assert swapped["t"] == pytest.approx(-t) and swapped["p_value"] == pytest.approx(out["p_value"])
    assert williams_test(0.4, 0.4, 0.5, 30)["p_value"] == pytest.approx(1.0)


def test_williams_test_holds_its_size_under_the_null():
    rng = np.random.default_rng(11)
    corr = np.array([[1, 0.4, 0.4], [0.4, 1, 0.5], [0.4, 0.5, 1]])
    root = np.linalg.cholesky(corr)
    rejected = 0
    for _ in range(2000):
        x = rng.standard_normal((60, 3)) @ root.T
        r = np.corrcoef(x, rowvar=False)
        rejected += williams_test(r[0, 1], r[0, 2], r[1, 2], 60)["p_value"] < 0.05
    assert 0.035 < rejected / 2000 < 0.065


def test_nps_tracks_growth_no_better_than_satisfaction(store_data):
    out = compare_growth_predictors(store_data["store_surveys"], store_data["store_growth"])
    assert out["better"] == "neither" and "Keiningham" in out["verdict"]
    predictors = out["predictors"]
    assert (predictors["lower"] > 0).all()          # both go with growth (planted through satisfaction)
    units = out["units"]
    assert predictors.at["nps", "r"] == pytest.approx(np.corrcoef(units["nps"], units["growth"])[0, 1])
    assert predictors.at["satisfaction", "r_squared"] == pytest.approx(predictors.at["satisfaction", "r"] ** 2)


def test_bad_growth_input(store_data):
    growth = store_data["store_growth"].iloc[5:]
    with pytest.raises(DataValidationError, match="no growth figure"):
        compare_growth_predictors(store_data["store_surveys"], growth)
    broken = store_data["store_surveys"].copy()
    broken.loc[[2, 5], "nps"] = 11
    with pytest.raises(DataValidationError, match="0 to 10") as info:
        compare_growth_predictors(broken, store_data["store_growth"])
    assert info.value.rows == [2, 5]


def test_sample_financials_feed_the_customer_based_valuation(store_data):
    from paynecrm_kernel.performance import customer_based_valuation

    f = store_data["financials"]
    out = customer_based_valuation(1_200_000.0, debt=f["debt"], non_operating_assets=f["non_operating_assets"],
                                   market_capitalisation=f["market_capitalisation"])
    assert out["enterprise_value"] == f["market_capitalisation"] + f["debt"] - f["non_operating_assets"]
    assert out["leverage_effect"] > 1       # debt amplifies a change in customer equity for the shareholders
