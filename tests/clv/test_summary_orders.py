"""The customer summary does not depend on the row order of the log, whichever pass of the compiled core
takes it: the streaming pass (rows in day order within each customer), the counting sort by day then the
streaming pass (any other order of days spanning a moderate range) and the customer buckets (the general
case). Each path is shown taken and equal to the others."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel._core import summary as kernel
from paynecrm_kernel.clv import summarize_transactions
from paynecrm_kernel.clv import summary as summary_module

EXACT = ("first", "frequency", "recency", "T", "frequency_holdout")
SUMMED = ("monetary", "monetary_holdout")
FAR = 1 << 20           # days: beyond the counting sort by day, which stops at max(rows, 2**18) days


def _kernel_pass(codes, days, amounts, n_customers, calibration_end, n_threads=1):
    names = ("first", "frequency", "recency", "T", "monetary", "frequency_holdout", "monetary_holdout")
    out = {name: np.empty(n_customers) for name in names}
    out["first"] = np.empty(n_customers, dtype=np.int64)
    path = kernel.summarize(np.ascontiguousarray(codes, dtype=np.int64), np.ascontiguousarray(days, dtype=np.int64),
                            np.ascontiguousarray(amounts, dtype=float), n_customers, calibration_end,
                            *(out[name] for name in names), n_threads)
    return path, out


def _assert_same(left, right):
    for name in EXACT:
        np.testing.assert_array_equal(left[name], right[name], err_msg=name)
    for name in SUMMED:
        np.testing.assert_allclose(left[name], right[name], rtol=1e-12, atol=0, err_msg=name)


def _orders(codes, days, seed):
    """Row orders of one log: by date, by customer then date, shuffled."""
    return {"date": np.argsort(days, kind="stable"),
            "customer": np.lexsort((days, codes)),
            "shuffled": np.random.default_rng(seed).permutation(len(days))}


@pytest.fixture(scope="module")
def cdnow_columns(cdnow_sample):
    codes, _ = pd.factorize(cdnow_sample["customer_id"])
    days = pd.to_datetime(cdnow_sample["date"], format="%Y%m%d").to_numpy().astype("datetime64[D]").astype(np.int64)
    return codes.astype(np.int64), days, cdnow_sample["amount"].to_numpy(dtype=float)


def test_every_pass_is_taken_and_gives_the_same_summary(cdnow_columns):
    # the CDNOW sample has same-day purchases and customers with more rows than an insertion-sorted bucket
    codes, days, amounts = cdnow_columns
    n, end = int(codes.max()) + 1, int(days.max()) - 200
    orders = _orders(codes, days, seed=3)
    results = {name: _kernel_pass(codes[o], days[o], amounts[o], n, end) for name, o in orders.items()}
    assert {name: path for name, (path, _) in results.items()} == {
        "date": "stream", "customer": "stream", "shuffled": "day order"}
    # one more customer, far in the future: the days span too many values for the counting sort
    codes_far, days_far = np.append(codes, n), np.append(days, days.min() + FAR)
    amounts_far = np.append(amounts, 5.0)
    shuffled = np.random.default_rng(4).permutation(len(days_far))
    path, buckets = _kernel_pass(codes_far[shuffled], days_far[shuffled], amounts_far[shuffled], n + 1, end)
    assert path == "buckets"
    assert buckets["first"][n] == days.min() + FAR          # after calibration_end: the caller drops it
    buckets = {name: values[:n] for name, values in buckets.items()}
    for _, out in results.values():
        _assert_same(out, buckets)


def test_buckets_in_parallel_equal_one_thread(cdnow_columns):
    codes, days, amounts = cdnow_columns
    codes, days, amounts = np.append(codes, codes.max() + 1), np.append(days, days.min() - FAR), np.append(amounts, 1.0)
    order = np.random.default_rng(5).permutation(len(days))
    n, end = int(codes.max()) + 1, int(days.max())
    path_one, one = _kernel_pass(codes[order], days[order], amounts[order], n, end, n_threads=1)
    path_two, two = _kernel_pass(codes[order], days[order], amounts[order], n, end, n_threads=2)
    assert path_one == path_two == "buckets"
    for name in one:
        np.testing.assert_array_equal(one[name], two[name], err_msg=name)


def _expected_path(codes, days):
    """The pass the core should take for a log: streaming when every customer's days come in order, else
    the counting sort by day when the days span at most max(rows, 2**18) values, else the buckets."""
    by_customer = np.lexsort((np.arange(len(codes)), codes))         # stable: each customer's rows as they come
    same = codes[by_customer][1:] == codes[by_customer][:-1]
    if np.all(np.diff(days[by_customer])[same] >= 0):
        return "stream"
    return "day order" if days.max() - days.min() + 1 <= max(len(days), 1 << 18) else "buckets"


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), n_rows=st.integers(1, 400), n_customers=st.integers(1, 60),
       n_days=st.integers(1, 120), far=st.booleans())
def test_passes_agree_on_random_logs(seed, n_rows, n_customers, n_days, far):
    # few days and customers: many same-day purchases, small and large buckets, holdout rows
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, n_customers, n_rows)
    days = rng.integers(0, n_days, n_rows) + 10_000
    amounts = rng.integers(0, 50, n_rows) * 0.25 + rng.random(n_rows)
    if far:                                     # one purchase far away sends a shuffled log to the buckets
        days[rng.integers(0, n_rows)] += FAR
    n = int(codes.max()) + 1
    end = 10_000 + int(rng.integers(0, n_days))
    paths, outs = {}, {}
    for name, order in _orders(codes, days, seed).items():
        paths[name], outs[name] = _kernel_pass(codes[order], days[order], amounts[order], n, end)
    assert paths["date"] == paths["customer"] == "stream"
    assert paths["shuffled"] == _expected_path(*(column[_orders(codes, days, seed)["shuffled"]] for column in
                                                  (codes, days)))
    present = np.bincount(codes, minlength=n) > 0
    for out in outs.values():
        assert (out["first"][~present] == end + 1).all()        # codes without rows are not customers
        _assert_same({k: v[present] for k, v in outs["date"].items()}, {k: v[present] for k, v in out.items()})


def _three_orders(log):
    return {"shuffled": log.sample(frac=1.0, random_state=7, ignore_index=True),
            "date": log.sort_values("date", kind="stable", ignore_index=True),
            "customer": log.sort_values(["customer_id", "date"], kind="stable", ignore_index=True)}


@pytest.mark.parametrize("calibration_end", [None, "1997-09-30"])
def test_row_order_does_not_change_the_summary(cdnow_sample, monkeypatch, calibration_end):
    taken = []

    class Spy:
        @staticmethod
        def summarize(*args):
            taken.append(kernel.summarize(*args))
            return taken[-1]

    monkeypatch.setattr(summary_module, "_kernel", Spy)
    log = cdnow_sample.assign(date=pd.to_datetime(cdnow_sample["date"], format="%Y%m%d"))
    summaries = {name: summarize_transactions(frame, "customer_id", "date", "amount", time_unit="W",
                                              calibration_end=calibration_end, observation_end="1998-06-30")
                 for name, frame in _three_orders(log).items()}
    assert taken == ["day order", "stream", "stream"]
    reference = summaries["date"]
    for name, summary in summaries.items():
        summary = summary.loc[reference.index]
        assert list(summary.columns) == list(reference.columns), name
        for column in summary.columns:
            if column.startswith("monetary"):
                np.testing.assert_allclose(summary[column], reference[column], rtol=1e-12, err_msg=name)
            else:
                np.testing.assert_array_equal(summary[column], reference[column], err_msg=f"{name} {column}")
        assert summary.attrs == reference.attrs


def test_customers_acquired_late_are_dropped_in_any_order(cdnow_sample):
    log = cdnow_sample.assign(date=pd.to_datetime(cdnow_sample["date"], format="%Y%m%d"))
    late = pd.DataFrame({"customer_id": [90_001, 90_001, 90_002], "date": pd.to_datetime(
        ["1998-01-05", "1998-01-02", "1998-02-01"]), "amount": [3.0, 4.0, 5.0]})
    log = pd.concat([log, late], ignore_index=True)
    for frame in _three_orders(log).values():
        out = summarize_transactions(frame, "customer_id", "date", "amount", calibration_end="1997-12-31")
        assert out.attrs["excluded_customers"] == 2 and not out.index.isin([90_001, 90_002]).any()
        assert len(out) == 2357
