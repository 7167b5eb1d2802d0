"""summarize_transactions: the CDNOW summary reproduced, a pandas twin, units and clear errors."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel.clv import summarize_transactions, time_unit_of
from paynecrm_kernel.errors import DataValidationError

from twins import summary_twin


@pytest.fixture(scope="module")
def cdnow_calibration(cdnow_sample):
    return summarize_transactions(cdnow_sample, "customer_id", "date", "amount", time_unit="W",
                                  calibration_end="1997-09-30", observation_end="1998-06-30")


def test_reproduces_cdnow_customers_summary(cdnow_calibration, cdnow_summary):
    ours = cdnow_calibration.loc[cdnow_summary.index]
    for column in ("frequency", "recency", "T"):
        np.testing.assert_array_equal(ours[column].round(2).to_numpy(), cdnow_summary[column].to_numpy())
    assert time_unit_of(cdnow_calibration) == "W"
    assert len(cdnow_calibration) == 2357


def test_mean_repeat_spend_matches_published_zbar(cdnow_calibration, cdnow_spend):
    ours = cdnow_calibration.loc[cdnow_spend.index, "monetary_value"]
    np.testing.assert_allclose(ours.to_numpy(), cdnow_spend["monetary_value"].to_numpy(), atol=0.006)


def test_holdout_columns(cdnow_calibration, cdnow_sample):
    assert (cdnow_calibration["duration_holdout"] == 39.0).all()
    total_days = cdnow_sample.drop_duplicates(["customer_id", "date"]).shape[0]
    assert cdnow_calibration[["frequency", "frequency_holdout"]].to_numpy().sum() + 2357 == total_days


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 300), shuffle=st.booleans(),
       unit=st.sampled_from(["D", "W", "M"]))
def test_equals_pandas_twin(seed, n, shuffle, unit):
    rng = np.random.default_rng(seed)
    log = pd.DataFrame({"cid": rng.choice(["ann", "bob", "cy", "dee", "eve", 7, 8.5], n),
                        "when": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, n), unit="D")
                        + pd.to_timedelta(rng.integers(0, 86_400, n), unit="s"),
                        "value": rng.integers(0, 100, n).astype(float)})
    log.loc[0, "when"] = pd.Timestamp("2024-01-03 10:00")   # someone is a customer before calibration_end
    if not shuffle:
        log = log.sort_values("when", ignore_index=True)
    ours = summarize_transactions(log, "cid", "when", "value", time_unit=unit, calibration_end="2024-02-15",
                                  observation_end="2024-03-31")
    days = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}[unit]
    twin = summary_twin(log, "cid", "when", "value", "2024-02-15", "2024-03-31", days)
    pd.testing.assert_frame_equal(ours.sort_index(key=lambda i: i.astype(str)),
                                  twin.sort_index(key=lambda i: i.astype(str))[ours.columns],
                                  check_names=False, check_index_type=False, rtol=1e-12)


def test_same_day_purchases_are_merged():
    log = pd.DataFrame({"id": [1, 1, 1, 1], "day": ["2024-01-01", "2024-01-05", "2024-01-05", "2024-01-09"],
                        "amount": [10.0, 5.0, 7.0, 3.0]})
    row = summarize_transactions(log, "id", "day", "amount", time_unit="D").loc[1]
    assert (row["frequency"], row["recency"], row["T"]) == (2.0, 8.0, 8.0)
    assert row["monetary_value"] == pytest.approx((12.0 + 3.0) / 2)


def test_integer_yyyymmdd_dates_and_no_amount():
    log = pd.DataFrame({"id": ["a", "a", "b"], "day": [19970101, 19970108, 19970102]})
    out = summarize_transactions(log, "id", "day", time_unit="W")
    assert list(out.columns) == ["frequency", "recency", "T"]
    assert out.loc["a", "recency"] == 1.0 and out.loc["b", "T"] == pytest.approx(6 / 7)


def test_customers_acquired_after_calibration_are_left_out():
    log = pd.DataFrame({"id": [1, 2], "day": ["2024-01-01", "2024-03-01"]})
    out = summarize_transactions(log, "id", "day", calibration_end="2024-02-01")
    assert list(out.index) == [1] and out.attrs["excluded_customers"] == 1


def test_single_customer_single_purchase():
    out = summarize_transactions(pd.DataFrame({"id": [9], "day": ["2024-01-01"]}), "id", "day")
    assert out.loc[9].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("frame, kwargs, column, words", [
    (pd.DataFrame({"id": [], "day": []}), {}, None, "empty"),
    (pd.DataFrame({"id": [1], "day": ["2024-01-01"]}), {"date": "when"}, "when", "no column"),
    (pd.DataFrame({"id": [1, 2], "day": ["2024-01-01", "not a date"]}), {}, "day", "unreadable"),
    (pd.DataFrame({"id": [1, None], "day": ["2024-01-01", "2024-01-02"]}), {}, "id", "missing id"),
    (pd.DataFrame({"id": [1, 2], "day": ["2024-01-01"] * 2, "v": [1.0, -2.0]}), {"amount": "v"}, "v", "negative"),
    (pd.DataFrame({"id": [1, 2], "day": ["2024-01-01"] * 2, "v": [1.0, np.nan]}), {"amount": "v"}, "v", "missing"),
    (pd.DataFrame({"id": [1, 2], "day": ["2024-01-01", "2024-02-01"]}), {"observation_end": "2024-01-15"},
     "day", "before the last transaction"),
])
def test_bad_input_raises_clear_errors(frame, kwargs, column, words):
    kwargs = {"customer_id": "id", "date": "day", **kwargs}
    with pytest.raises(DataValidationError, match=words) as info:
        summarize_transactions(frame, **kwargs)
    assert info.value.column == column
    if column is not None and words not in ("no column",):
        assert info.value.rows == [1]


def test_bad_time_unit():
    with pytest.raises(ValueError, match="'D'"):
        summarize_transactions(pd.DataFrame({"id": [1], "day": ["2024-01-01"]}), "id", "day", time_unit="Y")


def test_dense_codes_equal_sorted_factorisation():
    from paynecrm_kernel._core.rowindex import dense_codes
    rng = np.random.default_rng(4)
    ids = rng.integers(-50, 5000, 20_000)
    codes, distinct = dense_codes(ids, int(ids.min()), int(ids.max()))
    expected_codes, expected_distinct = pd.factorize(ids, sort=True)
    np.testing.assert_array_equal(codes, expected_codes)
    np.testing.assert_array_equal(distinct, expected_distinct)
    with pytest.raises(ValueError):
        dense_codes(ids, int(ids.min()) + 1, int(ids.max()))
