"""Every engine gives the customer table of the in-memory path (summarize_transactions), to the last digit."""
import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel.clv import summarize_transactions
from paynecrm_kernel.scale import customer_table, summarize

from conftest import CALIBRATION_END, OBSERVATION_END, random_log

MONEY = ("monetary_value", "monetary_value_holdout")


def assert_same_summary(got, expected, exact_money=True):
    """Same customers, columns and attrs; times and counts bit for bit, money bit for bit when its sums are exact
    (else to the rounding of the summation order)."""
    expected = expected.sort_index()
    assert list(got.columns) == list(expected.columns)
    assert list(got.index) == list(expected.index) and got.index.name == expected.index.name
    assert got.attrs == expected.attrs
    for column in got.columns:
        if column in MONEY and not exact_money:
            np.testing.assert_allclose(got[column].to_numpy(), expected[column].to_numpy(), rtol=1e-12, atol=0)
        else:
            np.testing.assert_array_equal(got[column].to_numpy(), expected[column].to_numpy(), err_msg=column)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), string_ids=st.booleans(), unit=st.sampled_from(["D", "W", "M"]),
       order=st.sampled_from(["random", "date", "customer"]), holdout=st.booleans(), amount=st.booleans())
def test_duckdb_equals_in_memory_on_random_logs(seed, string_ids, unit, order, holdout, amount):
    log = random_log(seed, string_ids=string_ids, order=order)
    options = dict(amount="amount" if amount else None, time_unit=unit,
                   calibration_end="2024-03-15" if holdout else None, observation_end="2024-05-10")
    expected = summarize_transactions(log, **options)
    assert_same_summary(summarize(log, **options), expected)


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 10_000), string_ids=st.booleans(), holdout=st.booleans())
def test_dask_equals_in_memory_on_random_logs(seed, string_ids, holdout):
    import dask.dataframe as dd

    log = random_log(seed, string_ids=string_ids)
    options = dict(amount="amount", time_unit="W", calibration_end="2024-03-15" if holdout else None)
    got = summarize(dd.from_pandas(log, npartitions=3), engine="dask", **options)
    assert_same_summary(got, summarize_transactions(log, **options))


@pytest.mark.parametrize("kind", ["parquet", "folder", "csv"])
def test_cdnow_files_through_duckdb(cdnow_files, cdnow_log, kind):
    options = dict(amount="amount", calibration_end=CALIBRATION_END, observation_end=OBSERVATION_END)
    got = summarize(cdnow_files[kind], **options)
    if kind == "csv":                     # CSV fields are text: ids are strings, as read_transactions reads them
        got.index = got.index.astype(np.int64)
        got = got.sort_index()
    expected = summarize_transactions(cdnow_log, **options)
    assert len(got) == 2357
    assert_same_summary(got, expected, exact_money=False)


def test_duckdb_relation_and_its_connection(cdnow_files, cdnow_log):
    con = duckdb.connect()
    relation = con.read_parquet(str(cdnow_files["parquet"]))
    got = summarize(relation, amount="amount", connection=con)
    assert_same_summary(got, summarize_transactions(cdnow_log, amount="amount"), exact_money=False)


@pytest.mark.parametrize("engine", ["pandas", "dask"])
def test_other_engines_read_the_partitioned_folder(cdnow_files, cdnow_log, engine):
    options = dict(amount="amount", calibration_end=CALIBRATION_END, observation_end=OBSERVATION_END)
    got = summarize(str(cdnow_files["folder"]), engine=engine, **options)
    assert_same_summary(got, summarize_transactions(cdnow_log, **options), exact_money=False)


def test_customer_table_stays_in_duckdb(cdnow_files):
    table = customer_table(cdnow_files["folder"], amount="amount", calibration_end=CALIBRATION_END)
    assert len(table) == 2357 and table.attrs["time_unit"] == "W"
    batches = list(table.batches(1000))
    assert [len(b) for b in batches] == [1000, 1000, 357]
    assert sum(len(b) for b in batches) == 2357 and batches[0].index.name == "customer_id"
    table.drop()


def test_same_day_purchases_merge_and_first_day_is_not_counted():
    log = pd.DataFrame({"id": [1, 1, 1, 1, 2], "day": ["2024-01-01", "2024-01-01 18:00", "2024-01-05",
                                                        "2024-01-05", "2024-01-02"],
                        "value": [10.0, 5.0, 2.0, 3.0, 1.0]})
    got = summarize(log, "id", "day", "value", time_unit="D")
    assert got.loc[1, "frequency"] == 1 and got.loc[1, "recency"] == 4 and got.loc[1, "monetary_value"] == 5
    assert got.loc[2].tolist() == [0.0, 0.0, 3.0, 0.0]          # a customer since 2 January, observed to 5 January
    assert_same_summary(got, summarize_transactions(log, "id", "day", "value", time_unit="D"))


def test_summarize_transactions_hands_a_file_to_the_out_of_core_engine(cdnow_files, cdnow_log):
    options = dict(amount="amount", calibration_end=CALIBRATION_END, observation_end=OBSERVATION_END)
    got = summarize_transactions(str(cdnow_files["folder"]), **options)
    assert_same_summary(got, summarize_transactions(cdnow_log, **options), exact_money=False)
