import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.segmentation import (cluster_diagnostics, customer_pyramid, gini, granularity_tradeoff,
                                          kmeans_segments, lorenz_curve, top_share, whale_curve)


def test_gini_of_known_distributions():
    assert gini(np.ones(100)) == pytest.approx(0.0)
    n = 1000
    one_has_all = np.zeros(n)
    one_has_all[0] = 5.0
    assert gini(one_has_all) == pytest.approx(1 - 1 / n)
    # uniform on (0, 1): G = 1/3; exponential: G = 1/2
    rng = np.random.default_rng(0)
    assert gini(rng.uniform(0, 1, 200_000)) == pytest.approx(1 / 3, abs=0.005)
    assert gini(rng.exponential(1, 200_000)) == pytest.approx(0.5, abs=0.005)


def test_gini_is_twice_the_area_between_diagonal_and_lorenz():
    v = np.random.default_rng(3).gamma(0.7, 10, 500)
    curve = lorenz_curve(v)
    area = np.trapezoid(curve.share_value, curve.share_customers)
    assert gini(v) == pytest.approx(1 - 2 * area, abs=1e-12)


def test_top_share_and_whale_curve():
    assert top_share([1, 1, 1, 1, 6], k=0.2) == pytest.approx(0.6)
    curve, summary = whale_curve([10, 5, -3, -2])
    assert summary["total_profit"] == 10
    assert summary["peak_share"] == pytest.approx(1.5)
    assert summary["loss_customers"] == 0.5
    assert curve.cumulative_profit_share.iloc[-1] == pytest.approx(1.0)
    with pytest.raises(DataValidationError):
        gini([1, -1, 2])


@pytest.mark.parametrize("rule", ["share", "profit_sign"])
def test_pyramid_shares_sum_to_one(rule):
    v = pd.Series(np.random.default_rng(5).normal(20, 30, 997))
    result = customer_pyramid(v, cuts=(0.1, 0.35, 0.7), rule=rule)
    assert result.profile.share_customers.sum() == pytest.approx(1.0)
    assert result.profile.share_value.sum() == pytest.approx(1.0)
    assert result.profile.customers.sum() == len(v)
    if rule == "share":
        assert result.profile.customers.tolist() == [99, 249, 349, 300]
    else:
        assert (v[result.tiers == "Lead"] < 0).all() and (v[result.tiers != "Lead"] >= 0).all()
    # tiers are ordered by value
    means = result.profile.mean_value.dropna()
    assert means.is_monotonic_decreasing


def test_pyramid_bad_cuts():
    with pytest.raises(DataValidationError, match="increasing"):
        customer_pyramid([1, 2, 3, 4, 5], cuts=(0.5, 0.2, 0.8))


def test_kmeans_finds_planted_groups_and_describes_them():
    rng = np.random.default_rng(0)
    a = pd.DataFrame({"x": rng.normal(0, 1, 300), "y": rng.normal(0, 1, 300)})
    b = pd.DataFrame({"x": rng.normal(8, 1, 100), "y": rng.normal(8, 1, 100)})
    data = pd.concat([a, b], ignore_index=True)
    res = kmeans_segments(data, ["x", "y"], k=2, log=False)
    assert res.profile.customers.tolist() == [300, 100]
    assert res.silhouette > 0.7
    assert "much higher" in res.profile.loc[2, "description"]
    diag = cluster_diagnostics(data, ["x", "y"], ks=range(2, 5), log=False)
    assert diag.silhouette.idxmax() == 2
    assert diag.r_squared.is_monotonic_increasing
    with pytest.raises(DataValidationError):
        kmeans_segments(data.head(3), ["x", "y"], k=3)


def test_granularity_tradeoff():
    rng = np.random.default_rng(2)
    group = np.repeat([0, 1, 2, 3], 250)
    value = pd.Series(group * 10.0 + rng.normal(0, 1, 1000))
    table = granularity_tradeoff(value, {"macro": group // 2, "micro": group,
                                         "one-to-one": value + rng.normal(0, 1, 1000)}, cost_per_segment=10)
    assert table.loc["macro", "segments"] == 2 and table.loc["micro", "segments"] == 4
    assert table.loc["micro", "r_squared"] > table.loc["macro", "r_squared"] > 0.5
    assert table.loc["one-to-one", "segments"] == 1000
    assert table.loc["one-to-one", "management_cost"] == 10           # one programme, no marginal cost given
    digital = granularity_tradeoff(value, {"micro": group, "one-to-one": value}, cost_per_segment=10,
                                   cost_per_customer=0.5)
    assert digital.loc["one-to-one", "management_cost"] == 10 + 0.5 * 1000
    assert digital.loc["micro", "management_cost"] == 40
    with pytest.raises(DataValidationError, match="cost_per_customer"):
        granularity_tradeoff(value, {"micro": group}, cost_per_customer=-1)
    # eta squared equals the R^2 of OLS on segment dummies
    import statsmodels.api as sm
    dummies = sm.add_constant(pd.get_dummies(group, drop_first=True).astype(float))
    assert table.loc["micro", "r_squared"] == pytest.approx(sm.OLS(value, dummies).fit().rsquared)


def test_predicted_value_covers_every_customer_and_rises_with_repeat_buying():
    from paynecrm_kernel.data import sample_company
    from paynecrm_kernel.segmentation import customer_base, predicted_value

    company = sample_company()
    base = customer_base(company.transactions, calibration_end="2024-06-30")
    value = predicted_value(base, horizon=26)
    assert value.index.equals(base.index) and np.isfinite(value).all() and (value >= 0).all()
    assert (base["T"] == 0).any()                       # customers acquired on the last day still get a value
    assert "26 weeks" in value.attrs["convention"]
    # same age, last purchase just now and the same spend: more repeat purchases, more expected value
    probe = pd.DataFrame({"frequency": [1, 4, 8], "recency": [60.0] * 3, "T": [60.0] * 3,
                          "monetary_value": [50.0] * 3})
    probe.attrs["time_unit"] = "W"
    more = predicted_value(pd.concat([base[probe.columns], probe], ignore_index=True), horizon=26).iloc[-3:]
    assert more.is_monotonic_increasing and more.iloc[0] < more.iloc[-1]


def test_segments_are_named_from_their_profiles():
    from paynecrm_kernel.segmentation import name_segments, segment_profile
    base = pd.DataFrame({
        "frequency": [0, 0, 0, 0, 0, 0, 3, 4, 1, 1, 9, 8],
        "recency": [0, 0, 0, 0, 0, 0, 20, 30, 5, 6, 50, 51],
        "T": [60, 55, 58, 5, 6, 4, 40, 50, 50, 52, 52, 52],
        "revenue": [50, 60, 40, 80, 70, 90, 400, 500, 150, 160, 3000, 2500],
        "main_channel": ["web"] * 10 + ["sales_force"] * 2,
    })
    labels = pd.Series([1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5])
    names = name_segments(base, labels)
    assert names.to_dict() == {"1": "Lapsed one-time buyers", "2": "Recent one-time buyers",
                               "3": "Frequent high spenders", "4": "Lapsing repeat buyers", "5": "Trade accounts"}
    profile = segment_profile(base, labels)
    assert profile.loc["5", "sales_force_share"] == 1 and profile.loc["1", "one_time_share"] == 1
    assert profile["share_customers"].sum() == pytest.approx(1)
    with pytest.raises(DataValidationError, match="no segment"):
        segment_profile(base, labels.iloc[:5])


def test_segments_of_record_keep_trade_accounts_apart_and_name_every_segment():
    from paynecrm_kernel.data.sample_company import sample_company
    from paynecrm_kernel.segmentation import TRADE_ACCOUNTS, customer_base, segments_of_record
    company = sample_company()
    base = customer_base(company.transactions, calibration_end="2024-06-30")
    trade = company.customers.set_index("customer_id")["customer_type"].eq("business")
    labels = segments_of_record(base, k=4, trade_accounts=trade)
    assert labels.nunique() == 5 and (labels[trade.reindex(base.index)] == TRADE_ACCOUNTS).all()
    assert set(labels.unique()) == {TRADE_ACCOUNTS, "Lapsed one-time buyers", "Recent one-time buyers",
                                    "Lapsing repeat buyers", "Frequent high spenders"}
    assert segments_of_record(base, k=4).nunique() == 4
    with pytest.raises(DataValidationError, match="cost_to_serve"):
        segments_of_record(base, ["frequency", "cost_to_serve"])
