"""KPI catalogue, tree, standards, RAG rules at their boundaries, trends, scorecard and diagnostics."""
import math

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.performance import (KPI_CATALOGUE, PERSPECTIVES, Standard, kpi_catalogue_table, kpi_tree,
                                         kpi_trend, kpi_values, nps, process_diagnostics, rag_status, scorecard,
                                         shortfall, strategy_feedback)
from paynecrm_kernel.performance import kpi_measures as M


@pytest.mark.parametrize("value,status", [(80, "green"), (80.5, "green"), (79.999, "amber"), (75, "amber"),
                                          (74.999, "red"), (10, "red")])
def test_rag_higher_is_better_at_its_boundaries(value, status):
    assert rag_status(value, Standard(80, 5, "higher")) == status


@pytest.mark.parametrize("value,status", [(12, "green"), (11, "green"), (12.001, "amber"), (15, "amber"),
                                          (15.001, "red")])
def test_rag_lower_is_better_at_its_boundaries(value, status):
    assert rag_status(value, Standard(12, 3, "lower")) == status


def test_rag_boundaries_survive_decimal_rounding():
    assert rag_status(0.2, Standard(0.3, 0.1, "higher")) == "amber"       # 0.3 - 0.1 = 0.19999999999999998
    assert rag_status(0.4, Standard(0.3, 0.1, "lower")) == "amber"
    assert rag_status(0.1 + 0.2, Standard(0.3, 0.0, "lower")) == "green"
    assert rag_status(49.0, Standard(50, 0, "higher")) == "red"


def test_shortfall_in_tolerances():
    standard = Standard(80, 5, "higher")
    assert shortfall(90, standard) == 0 and shortfall(77.5, standard) == pytest.approx(0.5)
    assert shortfall(70, standard) == pytest.approx(2.0)
    assert math.isinf(shortfall(70, Standard(80, 0, "higher")))


def test_standard_validation():
    with pytest.raises(DataValidationError, match="direction"):
        Standard(1, 1, "up")
    with pytest.raises(DataValidationError, match="tolerance"):
        Standard(1, -1, "higher")
    with pytest.raises(DataValidationError, match="KPI value"):
        rag_status(float("nan"), Standard(1, 1, "higher"))


def test_trend_from_the_least_squares_slope():
    standard = Standard(50, 4, "higher")
    rising = kpi_trend([40, 42, 44, 46], standard)
    assert rising["slope"] == pytest.approx(2.0) and rising["change"] == pytest.approx(6.0)
    assert rising["trend"] == "improving"
    assert kpi_trend([40, 42, 44, 46], Standard(50, 4, "lower"))["trend"] == "worsening"
    assert kpi_trend([1, 40, 40.3, 40.6, 40.9], standard)["trend"] == "steady"   # window 4: change 0.9 < 1.0
    assert kpi_trend([1, 40, 40.3, 40.6, 40.9], standard, window=5)["trend"] == "improving"
    with pytest.raises(DataValidationError, match="two periods"):
        kpi_trend([1], standard)


def test_catalogue_covers_the_five_processes_and_tree_hangs_from_shareholder_value():
    table = kpi_catalogue_table()
    assert set(table["process"]) == {"strategy", "value", "channels", "information", "performance"}
    assert set(table["perspective"]) <= set(PERSPECTIVES)
    assert table["typed"].sum() == 2 and (table.loc[~table["typed"], "inputs"] != "").all()
    tree = kpi_tree()
    assert tree.loc[tree["level"] == 0, "node"].tolist() == ["shareholder_value"]
    leaves = tree[tree["level"] == 2]
    assert len(leaves) == len(KPI_CATALOGUE) and set(leaves["parent"]) <= set(tree["node"])
    assert set(kpi_tree(by="perspective").query("level == 1")["label"]) == {p.capitalize() for p in PERSPECTIVES}
    with pytest.raises(DataValidationError, match="by must be"):
        kpi_tree(by="colour")


@pytest.fixture(scope="module")
def inputs(company):
    return {"transactions": company.transactions, "customers": company.customers, "campaigns": company.campaigns,
            "subscriptions": company.subscriptions, "interactions": company.interactions,
            "channels": company.channels, "surveys": company.surveys, "employee_units": company.employee_units,
            "target_segments": ["trade", "enthusiasts"]}


def test_kpis_computed_from_the_sample_company(company, inputs):
    values = kpi_values(inputs, typed={"channel_consistency": 5.1})
    assert values.at["nps", "value"] == pytest.approx(nps(company.surveys["nps"]).score)
    assert values.at["nps", "origin"] == "computed" and values.at["channel_consistency", "origin"] == "typed"
    campaigns = company.campaigns
    assert values.at["cac", "value"] == pytest.approx(campaigns["cost"].sum() / campaigns["customers_acquired"].sum())
    assert values.at["scv_coverage", "value"] == pytest.approx(100 * company.interactions["identified"].mean())
    assert values.at["data_quality", "value"] == pytest.approx(100.0)      # the sample tables are clean
    assert values.at["mean_clv", "origin"] == "not measured: needs segment_value"
    assert values.at["segment_penetration", "origin"] == "not measured: type a value"
    revenue = company.transactions.merge(company.customers[["customer_id", "segment"]], on="customer_id")
    share = revenue.loc[revenue["segment"].isin(["trade", "enthusiasts"]), "amount"].sum() / revenue["amount"].sum()
    assert values.at["target_revenue_share", "value"] == pytest.approx(100 * share)


def test_data_quality_index_falls_with_gaps_duplicates_and_invalid_amounts(company):
    customers = company.customers.head(100).copy()
    transactions = company.transactions.head(100).copy()
    customers.loc[:9, "region"] = None                     # 10 of 500 cells empty: completeness 0.98
    customers.loc[10:14, "customer_id"] = customers.loc[15:19, "customer_id"].to_numpy()   # uniqueness 0.95
    transactions.loc[:3, "amount"] = -1.0                  # validity 0.96
    assert M.data_quality_index(customers, transactions) == pytest.approx(100 * (0.98 + 0.95 + 0.96) / 3)


def test_scorecard_statuses_trends_and_diagnostics(inputs):
    history = {"nps": [0.0, -2.0, -4.0], "cost_to_serve": [70.0, 65.0, 60.0]}
    card = scorecard(inputs, typed={"channel_consistency": 5.2}, history=history,
                     standards={"nps": (0.0, 5.0), "customer_equity": Standard(1e6, 1e5, "higher")})
    assert card.at["nps", "status"] == "red" and card.at["nps", "target"] == 0
    assert card.at["nps", "trend"] == "worsening" and card.at["cost_to_serve", "trend"] == "improving"
    assert card.at["channel_consistency", "status"] == "amber"
    assert card.at["segment_penetration", "status"] == "not measured"
    assert card.at["customer_equity", "status"] == "not measured" and card.at["mean_clv", "trend"] == "no history"
    for key, row in card.dropna(subset=["value"]).iterrows():
        standard = Standard(row["target"], row["tolerance"], row["direction"])
        assert row["status"] == rag_status(row["value"], standard), key
    diagnostics = process_diagnostics(card)
    assert list(diagnostics.index) == diagnostics.sort_values("mean_shortfall", ascending=False).index.tolist()
    top = diagnostics.index[0]
    measured = card[(card["process"] == top) & card["status"].isin(["green", "amber", "red"])]
    assert diagnostics.iloc[0]["mean_shortfall"] == pytest.approx(measured["shortfall"].clip(upper=10).mean())
    lines = strategy_feedback(card)
    assert lines[0].startswith(diagnostics.iloc[0]["process_name"])


def test_feedback_when_everything_meets_its_standard():
    card = scorecard(typed={k.key: (k.target + k.tolerance if k.direction == "higher" else k.target - k.tolerance)
                            for k in KPI_CATALOGUE})
    assert (card["status"] == "green").all()
    assert strategy_feedback(card) == ["Every measured KPI meets its standard; review the targets and the KPIs "
                                       "not yet measured."]


def test_bad_kpi_input(company):
    with pytest.raises(DataValidationError, match="unknown KPI"):
        kpi_values(typed={"happiness": 3})
    with pytest.raises(DataValidationError, match="must be a number"):
        kpi_values(typed={"nps": "high"})
    with pytest.raises(DataValidationError, match="not segments"):
        M.target_revenue_share(company.transactions, company.customers, ["vip"])
    broken = company.interactions.head(50).copy()
    broken.loc[[4, 9], "channel"] = "carrier pigeon"
    with pytest.raises(DataValidationError, match="unit costs") as info:
        M.cost_to_serve(broken, company.channels)
    assert info.value.rows == [4, 9]
    with pytest.raises(DataValidationError, match="History given for unknown"):
        scorecard(history={"mood": [1, 2]})
    with pytest.raises(DataValidationError, match="no column"):
        M.customer_acquisition_cost(company.campaigns.drop(columns="cost"))


def test_kpi_history_per_quarter_from_the_dated_tables(company, inputs):
    from paynecrm_kernel.performance import kpi_history, slice_inputs

    history = kpi_history(inputs)
    assert history.index[0] == pd.Timestamp("2023-01-01") and history.index[-1] == pd.Timestamp("2024-10-01")
    assert {"cost_to_serve", "scv_coverage", "cac"} <= set(history.columns)
    assert "mean_clv" not in history.columns and "employee_turnover" not in history.columns
    interactions = company.interactions
    quarter = interactions[(interactions["timestamp"] >= "2024-04-01") & (interactions["timestamp"] < "2024-07-01")]
    assert history.at[pd.Timestamp("2024-04-01"), "scv_coverage"] == pytest.approx(100 * quarter["identified"].mean())
    assert np.isnan(history.at[pd.Timestamp("2024-04-01"), "nps"])           # the survey ran in the last weeks
    assert ("2024-04-01", "nps") in history.attrs["skipped"]
    latest = slice_inputs(inputs, "2024-10-01", "2025-01-01")
    assert len(latest["customers"]) == len(company.customers)               # customers are cumulative
    card = scorecard(latest, history=history.iloc[:-1])
    assert card.at["cac", "trend"] in {"improving", "worsening", "steady"}
    assert card.at["nps", "trend"] == "no history" and card.at["nps", "status"] == "red"
    broken = dict(inputs, interactions=interactions.assign(timestamp=interactions["timestamp"].astype(object)))
    broken["interactions"].loc[[5], "timestamp"] = "soon"
    with pytest.raises(DataValidationError, match="unparseable") as info:
        kpi_history(broken)
    assert info.value.rows == [5]
