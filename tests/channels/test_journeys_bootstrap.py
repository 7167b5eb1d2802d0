"""Journeys from a log (session, time-out, conversion rules), the exchange format, bootstrap intervals."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.channels import (as_path_table, attribution_intervals, build_journeys, compare_attribution,
                                      markov_attribution, paths_frame)


def _log(rows):
    return pd.DataFrame(rows, columns=["customer_id", "timestamp", "channel", "stage"])


def test_session_timeout_and_conversion_rules():
    log = _log([
        (1, "2024-01-01 10:00", "web", "awareness"),
        (1, "2024-01-01 10:10", "web", "evaluation"),      # same session as the row above
        (1, "2024-01-03 09:00", "stores", "purchase"),     # converts: the journey ends
        (1, "2024-01-05 09:00", "call_centre", "delivery"),  # after-sale: not part of a journey
        (1, "2024-01-10 12:00", "catalogue", "awareness"),
        (1, "2024-03-20 12:00", "app", "evaluation"),      # 70 days later: time-out, new journey
        (1, "2024-03-21 12:00", "web", "purchase"),
        (2, "2024-03-10 08:00", "web", "evaluation"),      # open at the end of the log: dropped
    ])
    journeys = build_journeys(log).journeys
    assert journeys["path"].tolist() == ["web > stores", "catalogue", "app > web"]
    assert journeys["converted"].tolist() == [True, False, True]
    kept = build_journeys(log, keep_open=True).journeys
    assert kept["path"].tolist()[-1] == "web" and len(kept) == 4
    assert build_journeys(log, session_minutes=0).journeys.loc[0, "path"] == "web > web > stores"


def test_planted_journeys_recovered_exactly(touch_log, planted_journeys):
    # no touch merged or split: the generator's touches are more than 30 minutes apart and its journeys more
    # than 30 days apart; every journey starts with an 'awareness' touch unless its first touch is the sale
    frame = planted_journeys.journeys
    assert frame["touches"].sum() == len(touch_log)
    single_sales = (frame["converted"] & (frame["touches"] == 1)).sum()
    assert len(frame) == (touch_log["stage"] == "awareness").sum() + single_sales
    assert planted_journeys.journeys["converted"].sum() == (touch_log["stage"] == "purchase").sum()
    assert planted_journeys.journeys["value"].sum() == pytest.approx(touch_log["amount"].sum())


def test_exchange_format_round_trip(planted_journeys):
    frame = paths_frame(planted_journeys)
    assert list(frame.columns) == ["path", "total_conversions", "total_null", "total_conversion_value"]
    a = markov_attribution(planted_journeys)
    b = markov_attribution(frame, channels=planted_journeys.channels)
    pd.testing.assert_frame_equal(a, b)
    assert as_path_table(frame).total_journeys == len(planted_journeys.journeys)


def test_sample_company_interaction_log_builds_journeys(company):
    log = company.interactions.merge(company.transactions[["transaction_id", "amount"]], on="transaction_id")
    journeys = build_journeys(log, value_column="amount",
                              segments=company.customers.set_index("customer_id")["segment"])
    summary = journeys.summary()
    assert set(summary["segment"]) == {"trade", "enthusiasts", "everyday", "bargain"}
    assert journeys.journeys["converted"].sum() == len(company.transactions)


def test_bootstrap_is_fixed_and_covers_the_estimate(planted_journeys):
    first = attribution_intervals(planted_journeys, n_resamples=100)
    second = attribution_intervals(planted_journeys, n_resamples=100)
    pd.testing.assert_frame_equal(first, second)
    assert (first["lower"] <= first["conversions"]).all() and (first["conversions"] <= first["upper"]).all()
    assert (first["lower"] >= 0).all()
    other_seed = attribution_intervals(planted_journeys, n_resamples=100, seed=1)
    assert not np.allclose(other_seed["lower"], first["lower"])


def test_bootstrap_intervals_cover_planted_credit(planted_journeys):
    from paynecrm_kernel.data.sample_company.journeys import planted_attribution

    truth = planted_attribution()["share"].to_numpy() * planted_journeys.journeys["converted"].sum()
    out = attribution_intervals(planted_journeys, n_resamples=200)
    assert ((out["lower"] <= truth) & (truth <= out["upper"])).sum() >= 5
    shapley = attribution_intervals(planted_journeys, method="shapley", n_resamples=50)
    assert (shapley["upper"] > shapley["lower"]).all()


def test_compare_attribution_columns_sum_to_conversions(planted_journeys):
    out = compare_attribution(planted_journeys)
    total = planted_journeys.journeys["converted"].sum()
    for column in out.attrs["models"]:
        assert out[column].sum() == pytest.approx(total)


@pytest.mark.parametrize("method", ["markov", "shapley"])
def test_bootstrap_of_value(planted_journeys, method):
    out = attribution_intervals(planted_journeys, method=method, n_resamples=40, value=True)
    assert (out["lower"] <= out["value"]).all() and (out["value"] <= out["upper"]).all()
    assert out["value"].sum() == pytest.approx(planted_journeys.journeys["value"].sum())
