import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel.data import load_cdnow_summary
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.segmentation import default_rules, quantile_scores, rfm_scores, rfm_segments
from rfm_twin import quantile_scores_numpy


def pandas_reference(x, bins):
    """The obvious pandas recipe the scores must reproduce exactly."""
    return pd.qcut(pd.Series(x).rank(method="first"), bins, labels=False).to_numpy() + 1


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.integers(0, 6), min_size=10, max_size=400), bins=st.integers(2, 10),
       scale=st.sampled_from([1.0, 0.1, 7.3]))
def test_kernel_and_twin_match_pandas_qcut_with_heavy_ties(values, bins, scale):
    x = np.array(values, dtype=float) * scale
    if len(x) < bins:
        return
    ref = pandas_reference(x, bins)
    assert np.array_equal(quantile_scores([x], bins)[0], ref)
    assert np.array_equal(quantile_scores_numpy(x, bins), ref)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.one_of(st.integers(0, 6).map(float), st.floats(-50, 50)), min_size=200, max_size=2000),
       bins=st.integers(2, 20), order=st.sampled_from(["as drawn", "sorted", "reversed"]))
def test_bracketed_boundaries_match_pandas_whatever_the_sample(values, bins, order):
    """Large inputs find the bin boundaries from a sample (here shrunk to 8 values so that small inputs take
    that path, and brackets often miss): the scores must still be exact."""
    import paynecrm_kernel.segmentation.rfm as rfm_module

    x = np.array(values)
    x = np.sort(x) if order == "sorted" else (np.sort(x)[::-1].copy() if order == "reversed" else x)
    old = rfm_module._SAMPLE
    rfm_module._SAMPLE = 8
    try:
        got = quantile_scores([x, -x], bins)
    finally:
        rfm_module._SAMPLE = old
    assert np.array_equal(got[0], pandas_reference(x, bins))
    assert np.array_equal(got[1], pandas_reference(-x, bins))


def test_large_input_takes_the_bracketed_path_and_matches_the_twin():
    rng = np.random.default_rng(7)
    n = 300_000
    for x in (rng.poisson(1.5, n).astype(float), rng.gamma(2, 20, n).round(2), np.sort(rng.normal(size=n))):
        assert np.array_equal(quantile_scores([x], 5)[0], quantile_scores_numpy(x, 5))


@settings(max_examples=30, deadline=None)
@given(n=st.integers(10, 3000), bins=st.integers(2, 10), seed=st.integers(0, 2**32 - 1))
def test_rfm_scores_match_reference_on_random_summaries(n, bins, seed):
    rng = np.random.default_rng(seed)
    T = rng.uniform(1, 80, n).round(2)
    summary = pd.DataFrame({"frequency": rng.poisson(1.5, n), "recency": (T * rng.uniform(0, 1, n)).round(2),
                            "T": T, "monetary_value": rng.gamma(2, 20, n).round(1)})
    scores = rfm_scores(summary, bins=bins)
    assert np.array_equal(scores.r_score, pandas_reference(summary["recency"] - summary["T"], bins))
    assert np.array_equal(scores.f_score, pandas_reference(summary.frequency.astype(float), bins))
    assert np.array_equal(scores.m_score, pandas_reference(summary.monetary_value, bins))


def test_one_thread_equals_many_threads():
    rng = np.random.default_rng(1)
    cols = [rng.integers(0, 5, 20000).astype(float), rng.normal(size=20000), rng.poisson(2, 20000) * 1.0]
    assert np.array_equal(quantile_scores(cols, 5, n_threads=1), quantile_scores(cols, 5, n_threads=2))


def test_recent_buyer_scores_high_and_ties_follow_row_order():
    summary = pd.DataFrame({"frequency": [1, 1, 1, 1], "recency": [10.0, 1.0, 10.0, 10.0], "T": [10.0] * 4,
                            "monetary_value": [5.0, 5.0, 5.0, 5.0]})
    scores = rfm_scores(summary, bins=2)
    # customer 0, 2, 3 bought at the end of the period (time since 0); customer 1 long ago
    assert scores.r_score.tolist() == [1, 1, 2, 2]
    assert scores.time_since_last.tolist() == [0.0, 9.0, 0.0, 0.0]
    # equal values: earlier rows rank lower, so groups are of equal size
    assert scores.f_score.tolist() == [1, 1, 2, 2]


def test_cells_and_cdnow():
    summary = load_cdnow_summary(with_monetary=True).set_index("customer_id")
    scores = rfm_scores(summary)
    assert scores.r_score.value_counts().tolist() == [472, 472, 471, 471, 471]
    row = scores.iloc[0]
    assert row.rfm_cell == f"{row.r_score}{row.f_score}{row.m_score}"
    assert len(scores.rfm_cell.cat.categories) == 125


@pytest.mark.parametrize("change, column", [
    (lambda s: s.drop(columns="T"), "T"),
    (lambda s: s.assign(frequency=[1, np.nan, 2]), "frequency"),
    (lambda s: s.assign(recency=[1.0, 50.0, 2.0]), "recency"),
    (lambda s: s.assign(monetary_value=["a", 1, 2]), "monetary_value"),
])
def test_bad_input_names_the_column(change, column):
    good = pd.DataFrame({"frequency": [1, 2, 3], "recency": [1.0, 2.0, 3.0], "T": [5.0, 5.0, 5.0],
                         "monetary_value": [1.0, 2.0, 3.0]})
    with pytest.raises(DataValidationError) as info:
        rfm_scores(change(good), bins=2)
    assert column in str(info.value)


def test_fewer_customers_than_bins():
    s = pd.DataFrame({"frequency": [1, 2], "recency": [1.0, 2.0], "T": [5.0, 5.0], "monetary_value": [1.0, 2.0]})
    with pytest.raises(DataValidationError, match="2 customer"):
        rfm_scores(s, bins=5)


def test_default_rules_cover_every_score_combination():
    import itertools
    for bins in (2, 3, 4, 5, 7, 10):
        grid = pd.DataFrame(list(itertools.product(range(1, bins + 1), repeat=3)),
                            columns=["r_score", "f_score", "m_score"])
        assert "Unassigned" not in set(rfm_segments(grid, bins=bins))


def test_rules_are_editable_and_first_match_wins():
    scores = pd.DataFrame({"r_score": [5, 1], "f_score": [5, 1], "m_score": [5, 1]})
    rules = default_rules()
    rules.loc[0, "segment"] = "Stars"
    seg = rfm_segments(scores, rules, bins=5)
    assert seg.tolist() == ["Stars", "Lost"]
    only = rules.iloc[[0]]
    assert rfm_segments(scores, only, bins=5).tolist() == ["Stars", "Unassigned"]
    bad = rules.copy()
    bad.loc[1, "r_min"] = 7
    with pytest.raises(DataValidationError, match="r_min"):
        rfm_segments(scores, bad, bins=5)


def test_the_segment_profile_counts_shares_and_carries_the_actions():
    import pandas as pd

    from paynecrm_kernel.segmentation import rfm_grid, rfm_segment_profile

    scores = pd.DataFrame({"segment": ["A", "A", "B", "C"], "time_since_last": [1.0, 3.0, 10.0, 5.0],
                           "frequency": [4, 2, 0, 1], "monetary_value": [10.0, 20.0, 0.0, 5.0],
                           "value": [40.0, 40.0, 0.0, 20.0], "r_score": [2, 2, 1, 1], "f_score": [2, 2, 1, 1]})
    rules = pd.DataFrame({"segment": ["A", "B"], "action": ["reward", "win back"]})
    profile = rfm_segment_profile(scores, rules)
    assert list(profile.index) == ["A", "B", "C"]
    assert profile.loc["A", "customers"] == 2 and profile.loc["A", "share"] == 0.5
    assert profile.loc["A", "since_last"] == 2.0 and profile.loc["A", "purchases"] == 3.0
    assert profile.loc["A", "value_share"] == 0.8 and profile.loc["C", "value_share"] == 0.2
    assert profile.loc["B", "action"] == "win back" and profile.loc["C", "action"] == ""
    grid = rfm_grid(scores, "customers", bins=2)
    assert grid.loc[2, 2] == 2 and grid.loc[1, 1] == 2 and grid.isna().sum().sum() == 2
    assert rfm_grid(scores, "value", bins=2).loc[2, 2] == 40.0
