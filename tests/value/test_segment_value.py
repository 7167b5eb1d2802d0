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
    assert result.pyramid["mean_value"].is_monotonic_decreasing
    assert "12 months" in result.convention and "margin 0.3" in result.convention


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
