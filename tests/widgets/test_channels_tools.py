"""The multichannel chapter's tools driven headlessly: each shows what the library computes, saves its inputs under
the declared keys and restores them; bad input becomes a message in the tool. Also the library pieces the tools
and the notebook rely on: journey flows, manager tables and the chapter's decisions."""
import re

import pandas as pd
import pytest

from paynecrm_kernel import channels as C
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.data.sample_company.journeys import planted_attribution
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.performance import earlier_decisions
from paynecrm_kernel.widgets import (AttributionComparison, ChannelInventoryGrid, CostToServeTool, JourneySankey,
                                     MigrationSimulator, StandardsEditor)
from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel.workbook.keys import channels as keys


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


@pytest.fixture(scope="module")
def company():
    return sample_company()


@pytest.fixture(scope="module")
def labels(company):
    return dict(company.channels[["channel", "label"]].to_numpy())


@pytest.fixture(scope="module")
def segment_labels(company):
    return dict(company.customers[["segment", "segment_label"]].drop_duplicates().to_numpy())


@pytest.fixture(scope="module")
def journeys(company):
    return C.build_journeys(company.touch_log, value_column="amount",
                            segments=company.customers.set_index("customer_id")["segment"])


@pytest.fixture(scope="module")
def profitability(company):
    costs = C.cost_to_serve(company.interactions, unit_costs=company.channels.set_index("channel")["unit_cost"],
                            customers=company.customers[["customer_id", "segment"]])
    return C.customer_profitability(company.transactions, costs)


@pytest.fixture(scope="module")
def satisfaction(company):
    return company.surveys.groupby("rated_channel")["channel_satisfaction"].mean()


def test_inventory_grid_rates_richness_and_keeps_it(company, labels, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    expected = C.channel_inventory(company.channels, company.interactions)
    tool = ChannelInventoryGrid(expected, labels=labels, workbook=wb)
    assert tool.message == "" and "pcrm-channel-inventory" in tool._dom_classes
    points = tool.chart.data[0]
    assert list(points.x) == expected["position"].tolist() and list(points.y) == expected["unit_cost"].tolist()
    assert points.marker.size[0] == pytest.approx(14 + 46 * expected["reach"].iloc[0])
    table = _text(tool.table.value)
    assert "Trade account managers" in table and "$92.00" in table and "86.9 %" in table    # web reaches 86.9 %
    tool.richness["web"].value = 4
    assert wb.get(keys.RICHNESS)["web"] == 4 and tool.inventory.set_index("channel").at["web", "richness"] == 4
    pd.testing.assert_frame_equal(tool.inventory, C.channel_inventory(company.channels, company.interactions,
                                                                      richness={"web": 4}))
    again = ChannelInventoryGrid(expected, workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.richness["web"].value == 4 and again.richness["stores"].value == 4


def test_journey_flows_add_up_and_refuse_a_segment_of_plain_paths(journeys):
    flows = C.journey_flows(journeys)
    total, bought = journeys.journeys.shape[0], int(journeys.journeys["converted"].sum())
    assert flows.attrs == {"journeys": total, "purchases": bought}
    assert flows.loc[flows["source_step"] == 1, "journeys"].sum() == total          # every journey leaves touch 1
    into = flows.groupby("target")["journeys"].sum()
    assert into["purchase"] == bought and into["no purchase"] == total - bought
    assert (flows.loc[flows["target"] == "no purchase", "purchases"] == 0).all()
    trade = C.journey_flows(journeys, segment="trade", max_touches=3)
    assert trade.attrs["journeys"] == int((journeys.journeys["segment"] == "trade").sum())
    assert trade["target_step"].max() == 4 and "later touches" in set(trade["source"])
    with pytest.raises(DataValidationError, match="segment"):
        C.journey_flows(journeys.path_table(), segment="trade")
    with pytest.raises(DataValidationError, match="max_touches"):
        C.journey_flows(journeys, max_touches=40)


def test_sankey_filters_by_segment_and_keeps_the_choice(journeys, labels, segment_labels, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = JourneySankey(journeys, labels=labels, segment_labels=segment_labels, workbook=wb)
    assert tool.message == "" and sum(tool.chart.data[0].link.value) == C.journey_flows(journeys)["journeys"].sum()
    tool.segment.value = "trade"
    flows = C.journey_flows(journeys, segment="trade")
    sankey = tool.chart.data[0]
    assert list(sankey.link.value) == flows["journeys"].tolist()
    assert "1. Trade account managers" in sankey.node.label and "purchase" in sankey.node.label
    rate = flows.attrs["purchases"] / flows.attrs["journeys"]
    assert f"{100 * rate:.1f} %" in _text(tool.summary.value)
    assert wb.get("channels.sankey.segment") == "trade"
    again = JourneySankey(journeys, workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.segment.value == "trade"


def test_attribution_tool_shows_the_library_credit_with_intervals(journeys, labels, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    intervals = {m: C.attribution_intervals(journeys, m, n_resamples=20) for m in C.METHODS}
    tool = AttributionComparison(journeys, intervals=intervals, labels=labels, workbook=wb, n_resamples=20)
    assert tool.message == ""
    expected = C.compare_attribution(journeys)
    pd.testing.assert_frame_equal(tool.comparison, expected)
    markov = next(t for t in tool.chart.data if t.name == "Markov")
    assert list(markov.y) == pytest.approx(expected["markov"].tolist())
    assert list(markov.error_y.array) == pytest.approx((intervals["markov"]["upper"] - expected["markov"]).tolist())
    table = _text(tool.table.value)
    catalogue = expected.set_index("channel").loc["catalogue"]
    assert f"{catalogue['markov']:,.0f}" in table and "Last touch (history)" in table
    assert "Catalogue and direct mail" in _text(tool.summary.value)      # most undervalued by last click
    tool.order.value = 2
    pd.testing.assert_frame_equal(tool.comparison, C.compare_attribution(journeys, order=2))
    assert wb.get("channels.attribution.order") == 2
    again = tool.intervals("markov")                                    # computed once, the same on every run
    pd.testing.assert_frame_equal(again, C.attribution_intervals(journeys, "markov", n_resamples=20, order=2))
    tool.measure.value = "value"
    assert tool.comparison["markov"].sum() == pytest.approx(journeys.journeys["value"].sum())
    assert "$" in _text(tool.table.value) and wb.get("channels.attribution.measure") == "value"
    restored = AttributionComparison(journeys, intervals=intervals, workbook=Workbook.open(tmp_path / "wb.json"),
                                     n_resamples=20, order_selection=tool.selection)
    assert restored.order.value == 2 and restored.measure.value == "value"


def test_cost_tool_edits_unit_costs_and_shows_the_whale_curve(company, labels, segment_labels, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = CostToServeTool(company.interactions, company.customers, company.transactions, company.channels,
                           labels=labels, segment_labels=segment_labels, workbook=wb)
    assert tool.message == "" and "pcrm-cost-to-serve" in tool._dom_classes
    tool.unit_costs["sales_force"].value = 60.0
    costs = dict(zip(company.channels["channel"], company.channels["unit_cost"]), sales_force=60.0)
    assert wb.get(keys.UNIT_COSTS) == costs
    expected = C.customer_profitability(company.transactions, C.cost_to_serve(
        company.interactions, unit_costs=costs, customers=company.customers[["customer_id", "segment"]]))
    pd.testing.assert_frame_equal(tool.profitability(), expected)
    curve, summary = C.whale_curve_by(expected)
    whole = tool.chart.data[0]
    assert whole.name == "All customers" and max(whole.y) == pytest.approx(summary.at[0, "peak_share"])
    assert f"{100 * summary.at[0, 'peak_share']:.0f} %" in _text(tool.summary.value)
    trade = C.profitability_by(expected).set_index("segment").loc["trade"]
    assert f"${trade['cost_to_serve']:,.0f}" in _text(tool.table.value)
    tool.by.value = "main_channel"
    assert "Web shop and e-mail" in _text(tool.table.value) and len(tool.chart.data) == 1 + 6
    again = CostToServeTool(company.interactions, company.customers, company.transactions, company.channels,
                            workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.unit_costs["sales_force"].value == 60.0 and again.by.value == "main_channel"


def test_migration_simulator_weighs_cost_against_value(company, profitability, satisfaction, segment_labels,
                                                       tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = MigrationSimulator(company.interactions, profitability, company.channels, satisfaction,
                              segment_labels=segment_labels, workbook=wb)
    tool.segment.value, tool.from_channel.value, tool.to_channel.value = "trade", "sales_force", "call_centre"
    move = {"segment": "trade", "stage": "after-sales", "from_channel": "sales_force", "to_channel": "call_centre",
            "share": 0.5}
    assert tool.moves() == [move] and C.saved_moves(wb) == [move]
    expected = C.simulate_migration(company.interactions, profitability, [move],
                                    company.channels.set_index("channel")["unit_cost"], satisfaction, retention=0.6)
    total = expected.by_segment.set_index("segment").loc["all segments"]
    assert total["cost_change"] < 0 < total["value_at_risk"]
    summary = _text(tool.summary.value)
    assert f"${-total['cost_change']:,.0f}" in summary and f"${total['value_at_risk']:,.0f}" in summary
    assert "Trade accounts" in _text(tool.table.value)
    wb.set(keys.UNIT_COSTS, {"sales_force": 200.0})                    # edited in the cost tool: used here
    tool.share.value = 0.6
    assert tool.unit_costs()["sales_force"] == 200.0
    assert tool.result().by_segment["cost_change"].iloc[-1] < 2 * total["cost_change"]
    tool.share.value = 0.0
    assert tool.message_kind == "info" and "Nothing moves" in tool.message and C.saved_moves(wb) == []
    again = MigrationSimulator(company.interactions, profitability, company.channels, satisfaction,
                               workbook=Workbook.open(tmp_path / "wb.json"))
    assert (again.segment.value, again.from_channel.value, again.share.value) == ("trade", "sales_force", 0.0)


def test_standards_editor_saves_targets_and_shows_the_gaps(company, labels, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    template = C.standards_template(company.channels)
    observed = C.observed_experience(company.interactions, company.surveys)
    tool = StandardsEditor(template, observed, labels=labels, workbook=wb)
    assert tool.channel.value == "call_centre" and tool.target_boxes["speed"].value == 6.0
    tool.target_boxes["speed"].value = 8.0                            # the call centre's 7.6 minutes now meet it
    assert wb.get(keys.STANDARD_TARGETS)["call_centre"]["speed"] == 8.0
    gaps, by_channel = C.experience_gaps(C.saved_standards(wb, template), observed)
    heat = tool.chart.data[0]
    assert heat.z[2][0] == pytest.approx(0.0) and heat.text[2][3] == "not measured"
    worst = by_channel.sort_values("weighted_gap").iloc[-1]
    assert labels[worst["channel"]] in _text(tool.summary.value)
    tool.channel.value = "stores"
    assert tool.target_boxes["speed"].value == 12.0                  # shows the stores' standard, saves nothing
    for slider in tool.importance.values():
        slider.value = 0.0
    assert tool.message_kind == "error" and "importance" in tool.message
    tool.importance["personalisation"].value = 1.0
    assert tool.message == "" and C.saved_importance(wb)["personalisation"] == 1.0
    again = StandardsEditor(template, observed, workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.channel.value == "stores" and again.targets["call_centre"]["speed"] == 8.0


def test_decisions_are_saved_under_the_declared_keys_and_read_by_performance(company, profitability, satisfaction,
                                                                             tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    chains = C.channel_chains(company.interactions.merge(company.customers[["customer_id", "segment"]]))
    plan = C.saved_moves(wb)                                          # the simulator's defaults
    assert plan == [{"segment": "all", "stage": "after-sales", "from_channel": "call_centre", "to_channel": "web",
                     "share": 0.5}]
    targets = C.target_chains(chains, plan)
    assert targets["trade"] == "sales_force → sales_force → web"      # the account managers' calls move to the web
    assert C.target_chains(chains)["trade"] == "sales_force → sales_force → call_centre"
    migration = C.simulate_migration(company.interactions, profitability, plan,
                                     company.channels.set_index("channel")["unit_cost"], satisfaction, retention=0.6)
    standards = C.saved_standards(wb, C.standards_template(company.channels))
    decisions = C.save_channel_decisions(wb, targets, standards, plan, migration, labels={"trade": "Trade accounts"})
    assert wb.get(keys.DECISION_TARGET_CHAIN) == targets and wb.get(keys.DECISION_MIGRATION_PLAN) == plan
    assert wb.get(keys.DECISION_STANDARDS)["app"]["speed"] == 0.5
    total = migration.by_segment.set_index("segment")
    assert sum(wb.get(keys.COST_TO_SERVE).values()) == pytest.approx(total.at["all segments", "cost_after"])
    assert wb.get(keys.DECISION_PROJECTED)["cost_change"] == pytest.approx(total.at["all segments", "cost_change"])
    assert "Trade accounts: sales_force" in str(decisions) and "<br>" in decisions._repr_html_()
    read = earlier_decisions(wb).found                                 # the performance chapter reads the plan
    assert read[keys.DECISION_PROJECTED]["cost_change"] == pytest.approx(total.at["all segments", "cost_change"])
    with pytest.raises(DataValidationError, match="channel_chains"):
        C.target_chains(pd.DataFrame({"segment": ["a"]}))


def test_manager_tables_round_and_label(journeys, labels):
    check = C.credit_check_table(C.markov_attribution(journeys), planted_attribution(), labels)
    assert check.index.name == "channel" and "Catalogue and direct mail" in check.index
    differences = check["difference (points)"].map(float)
    assert differences.abs().max() < 1.5                               # the planted credit is recovered
    with pytest.raises(DataValidationError, match="planted"):
        C.credit_check_table(C.markov_attribution(journeys), planted_attribution().iloc[:2])
    with pytest.raises(DataValidationError, match="attribution table"):
        C.attribution_table(pd.DataFrame({"channel": ["web"]}))


def test_an_empty_plan_is_the_status_quo(company, profitability, satisfaction):
    result = C.simulate_migration(company.interactions, profitability, [],
                                  company.channels.set_index("channel")["unit_cost"], satisfaction, retention=0.6)
    by = result.by_segment
    assert (by["moved_interactions"] == 0).all() and (by["cost_change"] == 0).all()
    assert (by["value_at_risk"] == 0).all() and (by["pushed_below"] == 0).all()
    pd.testing.assert_series_equal(by["clv_after"], by["clv_before"], check_names=False)


def test_results_show_as_manager_tables(journeys, segment_labels, company, profitability, satisfaction):
    table = C.journeys_table(journeys, segment_labels)
    assert table.loc["Trade accounts", "conversion rate"] == "29.7 %"
    assert table.loc["Trade accounts", "journeys"] == "1,516"
    assert "Trade accounts" not in journeys._repr_html_() and "29.7 %" in journeys._repr_html_()
    result = C.simulate_migration(company.interactions, profitability, [],
                                  company.channels.set_index("channel")["unit_cost"], satisfaction, retention=0.6)
    assert "All segments" in result._repr_html_() and "nan" not in result._repr_html_().lower()
