"""Inventory, stage-by-channel matrix, channel chains, migration matrix, experience gaps, integration check."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.channels import (category_table, channel_chains, channel_inventory, channel_migration,
                                      experience_gaps, integration_check, map_channels, observed_experience,
                                      stage_channel_matrix, standards_template)


@pytest.fixture
def log():
    return pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 2, 2, 3],
        "transaction_id": [10, 10, 10, 20, 20, 21, 30],
        "timestamp": pd.to_datetime(["2023-03-01", "2023-03-02", "2023-03-09", "2023-05-01", "2024-05-02",
                                     "2024-06-01", "2024-01-01"]),
        "channel": ["catalogue", "web", "call_centre", "stores", "web", "web", "stores"],
        "stage": ["awareness", "purchase", "after-sales", "evaluation", "purchase", "purchase", "purchase"],
        "segment": ["x", "x", "x", "y", "y", "y", "x"],
        "outcome": ["completed", "completed", "follow-up needed", "completed", "completed", "completed",
                    "completed"],
        "identified": [False, True, True, True, True, True, True],
        "handling_minutes": [2.0, 1.0, 8.0, 12.0, 1.0, 1.0, 14.0]})


def test_six_categories_physical_to_virtual():
    table = category_table()
    assert table["category"].tolist() == ["Sales force", "Outlets", "Telephony", "Direct marketing", "E-commerce",
                                          "M-commerce"]
    assert table["contact"].tolist()[:2] == ["physical", "physical"]
    mapped = map_channels({"Chat": "e-commerce", "Branch": "Outlets"})
    assert mapped["channel"].tolist() == ["Branch", "Chat"] and mapped["position"].tolist() == [2, 5]


def test_inventory_reach_and_volume(company):
    inventory = channel_inventory(company.channels, company.interactions).set_index("channel")
    assert inventory["interactions"].sum() == len(company.interactions)
    first_hand = company.interactions.groupby("channel")["customer_id"].nunique() / company.interactions[
        "customer_id"].nunique()
    assert inventory["reach"].to_dict() == pytest.approx(first_hand.to_dict())
    assert inventory.loc["sales_force", "richness"] == 5
    assert channel_inventory(company.channels, richness={"web": 3}).set_index("channel").loc["web", "richness"] == 3


def test_stage_channel_matrix(log):
    counts = stage_channel_matrix(log)
    assert counts.loc["purchase", "web"] == 3 and counts.loc["purchase", "stores"] == 1
    assert counts.to_numpy().sum() == len(log)
    shares = stage_channel_matrix(log, normalize="stage")
    assert shares.sum(axis=1).to_numpy() == pytest.approx(1.0)
    by = stage_channel_matrix(log, by="segment", normalize="all")
    assert by.groupby(level=0).sum().sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert stage_channel_matrix(log, normalize="channel").sum(axis=0).to_numpy() == pytest.approx(1.0)


def test_channel_chains(log):
    chains = channel_chains(log, unit_costs={"catalogue": 2.0, "web": 0.5, "call_centre": 6.0, "stores": 11.0})
    x = chains[chains["segment"] == "x"].set_index("chain")
    assert x.loc["catalogue → web → call_centre", "mean_cost"] == pytest.approx(8.5)
    assert x.loc["none → stores → none", "purchases"] == 1
    assert x["share"].sum() == pytest.approx(1.0)


def test_channel_migration(log):
    record = channel_migration(log, freq="Y", normalize=False)
    # customer 2: stores in 2023, web in 2024 (two web contacts); customer 1 has no 2024 contacts
    assert record.attrs["pairs"] == 1 and record.loc["stores", "web"] == 1 and record.attrs["stayed"] == 0.0


def test_experience_gaps_by_hand(log):
    observed = observed_experience(log, surveys=pd.DataFrame({"rated_channel": ["web", "web"],
                                                              "channel_satisfaction": [5, 6]}))
    web = observed[observed["channel"] == "web"].set_index("dimension")["observed"]
    assert web["speed"] == 1.0 and web["consistency"] == 1.0 and web["ease"] == 5.5
    standards = pd.DataFrame({"channel": "web", "dimension": ["speed", "consistency", "ease", "information"],
                              "target": [0.8, 0.9, 6.0, 6.0]})
    gaps, by_channel = experience_gaps(standards, observed, {"speed": 1, "consistency": 1, "ease": 2,
                                                             "information": 5})
    g = gaps.set_index("dimension")
    assert g.loc["speed", "gap"] == pytest.approx(0.25)               # 1.0 minutes against 0.8: 25 % slower
    assert g.loc["consistency", "gap"] == 0.0 and g.loc["consistency", "meets_standard"]
    assert g.loc["ease", "gap"] == pytest.approx(0.5 / 6)
    assert not g.loc["information", "measured"] and g.loc["information", "weight"] == 0
    assert by_channel.loc[0, "weighted_gap"] == pytest.approx(0.25 / 4 + 2 * (0.5 / 6) / 4)
    assert by_channel.loc[0, "worst_dimension"] == "speed"


def test_standards_template_for_the_sample_company(company):
    template = standards_template(company.channels)
    assert len(template) == 30
    gaps, by_channel = experience_gaps(template, observed_experience(company.interactions, company.surveys))
    assert (by_channel["dimensions_measured"] == 4).all()
    assert ((gaps["gap"] >= 0) & np.isfinite(gaps["gap"])).all()


def test_integration_check_by_hand(log):
    by_channel, summary = integration_check(log)
    assert summary["identified_share"] == pytest.approx(6 / 7)
    assert summary["multichannel_customers"] == pytest.approx(2 / 3)
    assert summary["complete_view_share"] == pytest.approx(0.5)
    assert summary["least_identified_channel"] == "catalogue"
    assert summary["resolution_spread"] == pytest.approx(1.0)
    assert by_channel.set_index("channel").loc["web", "interactions"] == 3


def test_integration_check_on_the_sample_company(company):
    by_channel, summary = integration_check(company.interactions)
    planted = company.channels.set_index("channel")["identification_rate"]
    # purchases are always identified, so every channel is at least at its planted rate
    observed = by_channel.set_index("channel")["identified_share"]
    assert (observed >= planted.reindex(observed.index) - 0.02).all()
    assert summary["least_identified_channel"] == "stores"
