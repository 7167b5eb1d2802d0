"""Cost to serve (ABC and time-driven ABC), profitability, whale curves and the migration simulator,
against values computed by hand."""
import pandas as pd
import pytest

from paynecrm_kernel.channels import (activity_rates, cost_to_serve, customer_profitability, interaction_costs,
                                      profitability_by, simulate_migration, time_driven_rates, whale_curve_by)
from paynecrm_kernel.value import simple_clv


@pytest.fixture
def small_log():
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 2, 3],
        "timestamp": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-06-01", "2024-02-01", "2024-09-01",
                                     "2025-01-01"]),
        "channel": ["stores", "call_centre", "web", "call_centre", "call_centre", "web"],
        "stage": ["purchase", "after-sales", "purchase", "evaluation", "after-sales", "purchase"],
        "handling_minutes": [10.0, 6.0, 1.0, 8.0, 4.0, 2.0]})


UNIT = {"stores": 12.0, "call_centre": 6.0, "web": 0.5}


def test_abc_and_tdabc_rates():
    rates = activity_rates(pd.DataFrame({"activity": ["call_centre"], "cost_pool": [600_000.0],
                                         "driver_volume": [100_000]}))
    assert rates.loc[0, "rate"] == 6.0
    minutes = time_driven_rates(pd.DataFrame({"channel": ["call_centre"], "capacity_cost": [560_000.0],
                                              "practical_minutes": [700_000.0]}))
    assert minutes.loc[0, "cost_per_minute"] == pytest.approx(0.8)


def test_cost_to_serve_by_hand(small_log):
    cts = cost_to_serve(small_log, UNIT, customers=pd.DataFrame({"customer_id": [1, 2, 3, 4]})).set_index(
        "customer_id")
    assert cts["cost_to_serve"].to_dict() == {1: 18.5, 2: 12.0, 3: 0.5, 4: 0.0}
    assert cts.loc[1, "main_channel"] in {"stores", "call_centre", "web"}
    assert cts.loc[2, "main_channel"] == "call_centre" and cts.loc[4, "main_channel"] == "none"
    assert cts.loc[1, "call_centre_share"] == pytest.approx(1 / 3)
    tdabc = interaction_costs(small_log, cost_per_minute={"stores": 1.0, "call_centre": 0.8, "web": 0.1})
    assert tdabc["cost"].tolist() == pytest.approx([10.0, 4.8, 0.1, 6.4, 3.2, 0.2])


def test_profitability_and_whale_curve_by_hand(small_log):
    tx = pd.DataFrame({"customer_id": [1, 1, 2, 3], "amount": [100.0, 50.0, 20.0, 10.0]})
    cts = cost_to_serve(small_log, UNIT)
    cts["segment"] = ["a", "b", "a"]
    profit = customer_profitability(tx, cts, gross_margin=0.4).set_index("customer_id")
    assert profit["profit"].to_dict() == pytest.approx({1: 60 - 18.5, 2: 8 - 12.0, 3: 4 - 0.5})
    assert profit["profitable"].to_dict() == {1: True, 2: False, 3: True}
    by = profitability_by(profit.reset_index(), "segment").set_index("segment")
    assert by.loc["b", "loss_makers"] == 1 and by.loc["a", "cost_to_serve"] == pytest.approx(19.0)
    curve, summary = whale_curve_by(profit.reset_index())
    total = 41.5 - 4 + 3.5
    assert summary.loc[0, "peak_share"] == pytest.approx(45 / total)
    assert curve["cumulative_profit_share"].iloc[-1] == pytest.approx(1.0)


def test_sample_company_whale_curve_rises_above_total(company):
    unit = company.channels.set_index("channel")["unit_cost"]
    cts = cost_to_serve(company.interactions, unit, customers=company.customers[["customer_id", "segment"]])
    profit = customer_profitability(company.transactions, cts, gross_margin=0.4)
    assert profit["cost_to_serve"].sum() == pytest.approx(
        (company.interactions["channel"].map(unit)).sum())
    _, summary = whale_curve_by(profit, "segment")
    assert (summary["peak_share"] >= 1).all()
    trade = profitability_by(profit).set_index("segment").loc["trade"]
    assert trade["cost_to_serve_per_customer"] > 10 * profitability_by(profit).set_index("segment").loc[
        "bargain", "cost_to_serve_per_customer"]


def test_migration_by_hand(small_log):
    customers = pd.DataFrame({"customer_id": [1, 2, 3], "segment": ["a", "b", "a"],
                              "gross_profit": [100.0, 20.0, 10.0]})
    satisfaction = {"stores": 5.5, "call_centre": 4.5, "web": 5.0}
    moves = [{"segment": "b", "stage": "after-sales", "from_channel": "call_centre", "to_channel": "web",
              "share": 0.5}]
    result = simulate_migration(small_log, customers, moves, UNIT, satisfaction, {"a": 0.8, "b": 0.6},
                                discount=0.1, retention_per_point=0.04, years=2)
    row = result.customers.set_index("customer_id").loc[2]
    # customer 2: 2 call-centre contacts, 1 after-sales; half of it moves to the web
    assert row["moved_interactions"] == pytest.approx(0.5)
    assert row["cost_before"] == pytest.approx(12.0 / 2)
    assert row["cost_after"] == pytest.approx((12.0 + 0.5 * (0.5 - 6.0)) / 2)
    assert row["satisfaction_change"] == pytest.approx(0.5 * 0.5 / 2)
    assert row["retention_after"] == pytest.approx(0.6 + 0.04 * 0.125)
    margin_after = (20.0 - 12.0 + 2.75) / 2
    assert row["clv_after"] == pytest.approx(simple_clv(margin_after, 0.605, 0.1, "A"))
    assert row["clv_before"] == pytest.approx(simple_clv((20.0 - 12.0) / 2, 0.6, 0.1, "A"))
    assert row["value_at_risk"] == 0.0
    assert row["below_break_even_before"] == False  # noqa: E712 (numpy bool)
    untouched = result.customers.set_index("customer_id").loc[[1, 3]]
    assert (untouched["clv_after"] == untouched["clv_before"]).all()
    total = result.by_segment.set_index("segment").loc["all segments"]
    assert total["cost_change"] == pytest.approx(-2.75 / 2)


def test_migration_to_a_costlier_channel_pushes_customers_below_break_even(small_log):
    customers = pd.DataFrame({"customer_id": [1, 2, 3], "segment": "a", "gross_profit": [30.0, 20.0, 10.0]})
    satisfaction = {"stores": 5.0, "call_centre": 6.0, "web": 4.0}
    result = simulate_migration(small_log, customers, [{"from_channel": "web", "to_channel": "stores",
                                                        "share": 1.0}], UNIT, satisfaction, 0.7, years=1)
    by = result.customers.set_index("customer_id")
    assert bool(by.loc[3, "pushed_below"])                      # 10 - 12 < 0 after its web contact moves
    assert by.loc[1, "retention_after"] == pytest.approx(0.7 + 0.03 * 1 / 3)
    stores_to_web = simulate_migration(small_log, customers, [{"from_channel": "stores", "to_channel": "web",
                                                               "share": 1.0}], UNIT, satisfaction, 0.7, years=1)
    assert stores_to_web.by_segment.set_index("segment").loc["a", "value_at_risk"] > 0
