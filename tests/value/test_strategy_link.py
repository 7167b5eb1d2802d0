"""The value chapter rebuilds the strategy chapter's segments from the workbook, or falls back and says so."""
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.segmentation import customer_base, kmeans_segments, rfm_scores
from paynecrm_kernel.value import DEFAULT_KMEANS_FEATURES, strategy_segments
from paynecrm_kernel.workbook import Workbook

END = "2024-06-30"


@pytest.fixture
def workbook(tmp_path):
    return Workbook.open(tmp_path / "wb.json")


@pytest.fixture(scope="module")
def fallback(company):
    return company.customers.set_index("customer_id")["segment"]


def test_without_saved_choices_the_strategy_chapters_default_segments_are_the_segments_of_record(
        company, workbook, fallback):
    chosen = strategy_segments(workbook, company.transactions, fallback, calibration_end=END)
    assert chosen.source == "strategy" and "k = 4" in chosen.description
    assert strategy_segments(None, company.transactions, calibration_end=END).labels.equals(chosen.labels)
    names = set(chosen.labels.unique())
    assert not any(name.startswith("Segment ") for name in names)
    assert {"Lapsed one-time buyers", "Recent one-time buyers", "Frequent high spenders"} <= names
    assert "pcrm-segment-source" in chosen._repr_html_()


def test_rebuilds_the_saved_kmeans_segments(company, workbook, fallback):
    workbook.update({"strategy.decisions.granularity": "macro", "strategy.segments.k": 3,
                     "strategy.segments.features": ["frequency", "monetary_value"]})
    chosen = strategy_segments(workbook, company.transactions, fallback, calibration_end=END)
    assert chosen.source == "strategy" and "k = 3" in chosen.description
    base = customer_base(company.transactions, calibration_end=END)
    expected = kmeans_segments(rfm_scores(base), ["frequency", "monetary_value"], k=3).labels
    named = chosen.labels.reindex(expected.index)
    assert named.nunique() == 3 and pd.crosstab(named, expected).gt(0).sum(axis=1).eq(1).all()   # one name each
    # every customer has a label; those acquired after the strategy period form their own group
    assert len(chosen.labels) == company.customers["customer_id"].nunique()
    late = chosen.labels.index.difference(base.index)
    assert len(late) > 0 and (chosen.labels[late] == "New since 01 Jul 2024").all()


def test_micro_uses_the_named_rfm_segments(company, workbook, fallback):
    workbook.update({"strategy.decisions.granularity": "micro", "strategy.rfm.bins": 3})
    chosen = strategy_segments(workbook, company.transactions, fallback, calibration_end=END)
    assert "micro" in chosen.description and "3 bins" in chosen.description
    assert 3 <= chosen.labels.nunique() <= 15


def test_granularity_alone_gives_the_default_macro_segments(company, workbook, fallback):
    workbook.set("strategy.decisions.granularity", "one-to-one")
    chosen = strategy_segments(workbook, company.transactions, fallback, calibration_end=END)
    assert "individually" in chosen.description
    assert chosen.labels.nunique() == 5      # four k-means segments + the newly acquired
    assert all(f in chosen.description for f in DEFAULT_KMEANS_FEATURES)


def test_fallback_must_be_a_series(company, workbook):
    with pytest.raises(DataValidationError, match="Series"):
        strategy_segments(workbook, company.transactions, {"a": 1}, calibration_end=END)


def test_cost_to_serve_segments_need_the_interactions_else_fall_back_and_say_why(company, workbook, fallback):
    workbook.update({"strategy.segments.features": ["frequency", "cost_to_serve"], "strategy.segments.k": 3})
    without = strategy_segments(workbook, company.transactions, fallback, calibration_end=END)
    assert without.source == "fallback" and "cost_to_serve" in without.description
    chosen = strategy_segments(workbook, company.transactions, fallback, calibration_end=END,
                               interactions=company.interactions, channels=company.channels)
    assert chosen.source == "strategy" and chosen.labels.nunique() >= 3
