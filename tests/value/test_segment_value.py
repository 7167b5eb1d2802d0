"""Segment lifetime value end to end on the sample company: fit per segment, holdout check, CLV, pyramid."""
import warnings

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import segment_lifetime_value


@pytest.fixture(scope="module")
def result(company):
    segments = company.customers.set_index("customer_id")["segment"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # the notebook path must not emit warnings
        return segment_lifetime_value(company.transactions, segments, calibration_end="2024-06-30")


def test_every_segment_gets_its_own_models_and_passes_the_holdout_check(result):
    table = result.segments
    assert table["own_models"].all() and len(table) == 4
    error = (table["holdout_predicted"] - table["holdout_actual"]).abs() / table["holdout_actual"]
    assert (error < 0.2).all(), error


def test_recovered_parameters_order_segments_like_the_planted_truth(result, company):
    truth = company.truth["segments"]
    planted_rate = pd.Series({k: v["bgnbd"]["r"] / v["bgnbd"]["alpha"] for k, v in truth.items()})
    fitted_rate = result.segments["bgnbd_r"] / result.segments["bgnbd_alpha"]
    assert list(fitted_rate.sort_values().index) == list(planted_rate.sort_values().index)
    planted_spend = pd.Series({k: v["gamma_gamma"]["mean_spend"] for k, v in truth.items()})
    fitted_spend = result.segments["gg_p"] * result.segments["gg_v"] / (result.segments["gg_q"] - 1)
    np.testing.assert_allclose(fitted_spend[planted_spend.index], planted_spend, rtol=0.25)


def test_clv_sums_and_pyramid_are_consistent(result):
    customers = result.customers
    assert customers["clv"].ge(0).all() and customers["probability_alive"].between(0, 1).all()
    assert result.segments["total_clv"].sum() == pytest.approx(customers["clv"].sum())
    assert result.segments["share_of_clv"].sum() == pytest.approx(1)
    assert result.pyramid["customers"].sum() == len(customers)
    assert result.pyramid["mean_value"].dropna().is_monotonic_decreasing
    assert "12 months" in result.convention and "margin 0.3" in result.convention
    assert (customers["net_value"] == customers["clv"]).all()       # no cost to serve given
    assert result.pyramid.loc["Lead", "customers"] == 0             # nobody loses money before cost to serve


def test_missing_segments_are_named(company):
    segments = company.customers.set_index("customer_id")["segment"].iloc[10:]
    with pytest.raises(DataValidationError, match="have no segment"):
        segment_lifetime_value(company.transactions, segments, calibration_end="2024-06-30")


def test_a_segment_acquired_after_the_calibration_period_has_no_holdout_check(company):
    # e.g. the strategy chapter's segments, where later customers form their own group
    first = company.transactions.groupby("customer_id")["date"].min()
    late = first[first > "2024-06-30"].index
    segments = pd.Series(np.where(first.index.isin(late), "new", "established"), index=first.index)
    out = segment_lifetime_value(company.transactions, segments, calibration_end="2024-06-30")
    assert out.holdout["new"] is None and np.isnan(out.segments.loc["new", "holdout_actual"])
    assert out.holdout["established"] is not None
    assert out.customers.loc[late, "clv"].notna().all()


def test_micro_segments_from_the_strategy_chapter_get_finite_values_without_warnings(tmp_path):
    """RFM-named micro segments are small and behaviourally extreme: their fits must still give usable values."""
    from paynecrm_kernel.data.sample_company import sample_company
    from paynecrm_kernel.value import strategy_segments
    from paynecrm_kernel.workbook import Workbook

    wb = Workbook.open(tmp_path / "wb.json")
    wb.update({"strategy.decisions.granularity": "micro", "strategy.rfm.bins": 3})
    company = sample_company()
    fallback = company.customers.set_index("customer_id")["segment"]
    chosen = strategy_segments(wb, company.transactions, fallback, calibration_end="2024-06-30",
                               fallback_name="planted")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = segment_lifetime_value(company.transactions, chosen.labels, calibration_end="2024-06-30")
    assert np.isfinite(result.customers["clv"]).all()
    assert result.segments["holdout_predicted"].drop(index=[s for s in result.segments.index if s.startswith("New")]
                                                     ).notna().all()
    assert any("penalty" in note for note in result.notes)


@pytest.fixture(scope="module")
def record(company):
    """The segments of record of the default run (trade accounts apart, four behavioural segments)."""
    from paynecrm_kernel.segmentation import customer_base
    from paynecrm_kernel.value import cost_per_purchase, strategy_segments
    trade = company.customers.set_index("customer_id")["customer_type"].eq("business")
    chosen = strategy_segments(None, company.transactions, calibration_end="2024-06-30",
                               interactions=company.interactions, channels=company.channels, trade_accounts=trade)
    full = customer_base(company.transactions, interactions=company.interactions, channels=company.channels)
    return chosen.labels, cost_per_purchase(full)


def test_behavioural_segments_miss_their_holdout_and_the_pooled_fit_is_the_remedy(company, record):
    labels, costs = record
    kwargs = dict(calibration_end="2024-06-30", margin=0.4, cost_to_serve=costs)
    own = segment_lifetime_value(company.transactions, labels, models="per_segment", **kwargs).segments
    pooled = segment_lifetime_value(company.transactions, labels, models="pooled", **kwargs).segments
    cut_on_behaviour = own.index[own["own_models"] & (own.index != "Trade accounts")]
    assert len(cut_on_behaviour) >= 2
    assert (own.loc[cut_on_behaviour, "holdout_error"].abs() > 0.3).all()          # truncated heterogeneity
    assert all("off by" in note for note in own.loc[cut_on_behaviour, "note"])
    assert (pooled["holdout_error"].dropna().abs() < 0.2).all()                     # one fit, aggregated
    small = own.index[~own["own_models"] & own["holdout_actual"].notna()]
    assert len(small) and all("Cannot be fitted" in own.loc[s, "note"] for s in small)    # said on screen
    assert pooled.loc[pooled.index.str.startswith("New"), "note"].str.contains("No holdout").all()


def test_net_value_subtracts_the_cost_to_serve_of_the_expected_purchases_and_lead_holds_the_loss_makers(
        company, record):
    labels, costs = record
    result = segment_lifetime_value(company.transactions, labels, calibration_end="2024-06-30", margin=0.4,
                                    cost_to_serve=costs, models="pooled")
    customers = result.customers
    purchases = customers["clv"] / (customers["expected_spend"] * 0.4)
    np.testing.assert_allclose(customers["net_value"], customers["clv"] - purchases * costs[customers.index])
    lead = customers["tier"] == "Lead"
    assert lead.sum() == (customers["net_value"] < 0).sum() > 0 and (customers.loc[lead, "net_value"] < 0).all()
    assert result.total_net_value < result.total_clv
    assert "cost to serve" in result.convention
    by_horizon = result.value_by_horizon([6, 12, 36])
    np.testing.assert_allclose(by_horizon[12.0], result.segments["mean_net_value"][by_horizon.index], rtol=1e-9)
    assert (by_horizon.diff(axis=1).iloc[:, 1:] > 0).all().all()


def test_bad_cost_to_serve_and_fit_choice_are_named(company):
    segments = company.customers.set_index("customer_id")["segment"]
    with pytest.raises(DataValidationError, match="models must be"):
        segment_lifetime_value(company.transactions, segments, calibration_end="2024-06-30", models="each")
    bad = pd.Series(-1.0, index=segments.index)
    with pytest.raises(DataValidationError, match="cost_to_serve must be numbers >= 0"):
        segment_lifetime_value(company.transactions, segments, calibration_end="2024-06-30", cost_to_serve=bad)
