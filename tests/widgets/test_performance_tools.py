"""The performance chapter's tools driven headlessly: each shows what the library computes, saves its inputs
under the declared keys and restores them; bad input becomes a message in the tool."""
import re

import pytest

from paynecrm_kernel import performance as P
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.data.sample_company.performance_data import performance_data
from paynecrm_kernel.widgets import (EquityDriversTool, KPITrendChart, NPSCalculator, ScorecardEditor,
                                     ServiceProfitChainTool)
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel.workbook.keys import performance as keys


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.fixture(scope="module")
def company():
    return sample_company()


@pytest.fixture(scope="module")
def stores(company):
    return performance_data(company)


@pytest.fixture(scope="module")
def inputs(company):
    return {"transactions": company.transactions, "customers": company.customers, "campaigns": company.campaigns,
            "subscriptions": company.subscriptions, "interactions": company.interactions,
            "channels": company.channels, "surveys": company.surveys, "employee_units": company.employee_units,
            "target_segments": ["trade", "enthusiasts"]}


@pytest.fixture(scope="module")
def history(inputs):
    return P.kpi_history(inputs)


@pytest.fixture(scope="module")
def latest(inputs):
    return P.slice_inputs(inputs, "2024-10-01", "2025-01-01")


def test_chain_tool_shows_the_library_what_if_and_keeps_its_inputs(company, tmp_path):
    chain = P.estimate_chain(company.employee_units)
    wb = Workbook.open(tmp_path / "wb.json")
    tool = ServiceProfitChainTool(chain, workbook=wb)
    assert tool.message == "" and "pcrm-chain" in tool._dom_classes
    assert tool.source.value == "employee_satisfaction" and "profit" not in dict(tool.source.options).values()
    tool.source.value = "internal_service_quality"
    tool.change.value = -2.0
    expected = chain.what_if("internal_service_quality", -2.0)
    assert tool.what_if().equals(expected)
    profit = expected.at["profit", "change"]
    assert profit < 0 and f"-${abs(profit):,.1f} thousand a year" in _text(tool.summary.value)
    rows = _text(tool.table.value)
    assert "Employee satisfaction" in rows and f"{expected.at['employee_turnover', 'change_sd']:+.2f}" in rows
    assert "not causes" in _text(tool._inputs.children[2].value)
    layout = tool.diagram.figure.layout
    assert len(layout.shapes) == len(chain.scales) and len(layout.annotations) == len(chain.scales) + len(chain.links)
    assert list(tool.diagram.data[0].text) == [f"{b:+.2f}" for b in chain.links["beta"]]
    assert wb.get("performance.chain.source") == "internal_service_quality"
    assert wb.get("performance.chain.change_sd") == -2.0
    again = ServiceProfitChainTool(chain, workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.source.value == "internal_service_quality" and again.change.value == -2.0


def test_chain_positions_put_bypassed_metrics_below_the_line():
    from paynecrm_kernel.widgets.performance_chain import chain_positions

    position = chain_positions(P.validate_links(P.HESKETT_LINKS))
    assert position["internal_service_quality"] == (0, 0.0) and position["profit"] == (7, 0.0)
    assert position["employee_turnover"][1] == -1.0 and position["revenue_growth"][1] == -1.0
    assert position["customer_satisfaction"][1] == 0.0


def test_equity_drivers_tornado_against_the_published_effects(tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = EquityDriversTool(5000, 300_000.0, workbook=wb)
    tool.retention.value = 0.8
    table = P.customer_equity_elasticities(current_customers=5000, cohort_size=2500, margin=60, retention=0.8,
                                           discount=0.10, acquisition_cost=40, periods=10)
    bars, published = tool.tornado.data
    assert dict(zip(bars.y, bars.x))["Retention rate"] == pytest.approx(table.at["retention", "improvement_effect"])
    assert dict(zip(published.y, published.x)) == {"Discount rate": 1.0, "Acquisition cost": 0.1, "Margin": 1.0,
                                                   "Retention rate": 5.0}
    assert f"${table.attrs['customer_equity']:,.0f}" in _text(tool.readout.value)
    assert wb.get("performance.equity.retention") == 0.8
    assert wb.get("performance.equity.result")["total"] == pytest.approx(table.attrs["customer_equity"])
    tool.valuation.value = "model_clv"          # today's customers at their model CLV: retention acts on cohorts only
    assert tool.elasticities().attrs["current"] == 300_000.0
    assert tool.elasticities().at["retention", "elasticity"] < table.at["retention", "elasticity"]
    again = EquityDriversTool(5000, 300_000.0, workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.valuation.value == "model_clv" and again.retention.value == 0.8
    broken = EquityDriversTool(0, 0.0)         # no customers today, cohorts worth less than they cost: a message
    broken.margin.value = 5
    broken.acquisition.value = 300
    assert broken.message_kind == "error" and "positive value" in broken.message


def test_scorecard_editor_edits_standards_and_typed_values(latest, history, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = ScorecardEditor(latest, history=history.iloc[:-1], workbook=wb)
    card = tool.card
    assert tool.message == "" and card.at["nps", "status"] == "red"
    assert card.at["segment_penetration", "status"] == "not measured"
    counts = card["status"].value_counts()
    assert f"Red {counts['red']} KPIs" in _text(tool.summary.value)
    assert len(tool.tree.data[0].ids) == len(P.kpi_tree())
    tool.kpi.value = "nps"
    tool.target.value = -10.0                  # the NPS now meets its target
    assert tool.card.at["nps", "status"] == "green"
    assert wb.get(keys.STANDARDS)["nps"] == {"target": -10.0, "tolerance": 10.0, "direction": "higher"}
    assert P.saved_standards(wb)["nps"] == P.Standard(-10.0, 10.0, "higher")
    tool.kpi.value = "channel_consistency"
    assert tool.target.value == 5.5 and tool.direction.value == "higher"     # the catalogue's example standard
    tool.typed_value.value = "five"
    assert tool.message_kind == "error" and "not a number" in tool.message and "score 1-7" in tool.message
    assert wb.get(keys.TYPED_VALUES) is None
    tool.typed_value.value = "5.2"
    assert tool.message == "" and tool.card.at["channel_consistency", "status"] == "amber"
    assert P.saved_typed_values(wb) == {"channel_consistency": 5.2}
    tool.tree_by.value = "perspective"
    assert "Customer" in tool.tree.data[0].labels
    again = ScorecardEditor(latest, history=history.iloc[:-1], workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.card.at["nps", "status"] == "green" and again.tree_by.value == "perspective"
    assert again.kpi.value == "channel_consistency" and again.typed_value.value == "5.2"
    for key, row in again.card.dropna(subset=["value", "target"]).iterrows():
        assert row["status"] == P.rag_status(row["value"], P.Standard(row["target"], row["tolerance"],
                                                                      row["direction"])), key


def test_nps_calculator_by_segment_channel_and_wave(company, stores, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = NPSCalculator(company.surveys, waves=stores["store_surveys"], labels={"trade": "Trade accounts"},
                         workbook=wb)
    overall = P.nps(company.surveys["nps"])
    assert f"{overall.score:+.1f}" in _text(tool.detail.value).replace("+-", "-")
    tool.group.value = "trade"
    trade = company.surveys[company.surveys["segment"] == "trade"]
    result = P.nps(trade["nps"])
    assert f"NPS, Trade accounts {result.score:+.1f}" in _text(tool.detail.value)
    assert f"{result.lower:+.1f} to {result.upper:+.1f}" in _text(tool.detail.value)
    waves = stores["store_surveys"]
    waves = waves[waves["segment"] == "trade"]
    change = P.nps_change(waves.loc[waves["wave"] == 1, "nps"], waves.loc[waves["wave"] == 2, "nps"])
    assert f"{change['change']:+.1f} points" in _text(tool.change.value)
    assert wb.get("performance.nps.group") == "trade"
    points = tool.chart.data[0]
    assert list(points.x) == pytest.approx(P.nps_by(company.surveys, "segment")["score"].tolist())
    tool.by.value = "rated_channel"
    assert tool.group.value == "all" and "Call centre" in dict(tool.group.options)
    tool.group.value = "call_centre"
    tool.method.value = "bootstrap"
    assert wb.get("performance.nps.method") == "bootstrap" and "Call centre" in _text(tool.table.value)
    again = NPSCalculator(company.surveys, waves=stores["store_surveys"], workbook=Workbook.open(tmp_path / "wb.json"))
    assert (again.by.value, again.group.value, again.method.value) == ("rated_channel", "call_centre", "bootstrap")
    bad = NPSCalculator(company.surveys.assign(nps=company.surveys["nps"] * 10))
    assert bad.message_kind == "error" and "0 to 10" in bad.message
    missing = NPSCalculator(company.surveys.drop(columns="segment"))
    assert missing.message_kind == "error" and "'segment'" in missing.message


def test_trend_chart_uses_the_saved_standard(history, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = KPITrendChart(history, workbook=wb)
    assert tool.kpi.value == "cost_to_serve" and "nps" not in dict(tool.kpi.options).values()   # one quarter only
    values = history["cost_to_serve"].dropna().to_numpy()
    trend = P.kpi_trend(values, P.Standard(30.0, 5.0, "lower"))
    assert trend["trend"] in _text(tool.readout.value) and len(tool.chart.data[0].y) == len(values)
    wb.set(keys.STANDARDS, {"scv_coverage": {"target": 80.0, "tolerance": 5.0, "direction": "higher"}})
    tool.kpi.value = "scv_coverage"
    assert "target 80.0 %" in _text(tool.readout.value) and wb.get("performance.trend.kpi") == "scv_coverage"
    assert len(tool.chart.figure.layout.shapes) == 3
    short = KPITrendChart(history.iloc[:1])        # one quarter: no trend, a message instead of a traceback
    assert short.message_kind == "error" and "two periods" in short.message


def test_decisions_are_saved_under_the_declared_keys(latest, history, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    earlier = P.earlier_decisions(wb)
    assert earlier.found == {} and "value.decisions.clv_by_segment" in earlier.missing
    assert "Not yet in the workbook" in str(earlier)
    wb.set("value.decisions.clv_by_segment", {"trade": 1000.0})
    assert P.earlier_decisions(wb).found == {"value.decisions.clv_by_segment": {"trade": 1000.0}}
    card = P.scorecard(latest, standards=P.saved_standards(wb), history=history.iloc[:-1])
    projected = P.customer_based_valuation(800_000.0, debt=420_000.0, non_operating_assets=95_000.0)
    decisions = P.save_performance_decisions(wb, card, projected)
    assert wb.get("performance.decisions.status") == card["status"].to_dict()
    assert wb.get("performance.decisions.scorecard")["nps"] == {"target": 10.0, "tolerance": 10.0,
                                                               "direction": "higher"}
    assert wb.get("performance.decisions.projected")["shareholder_value"] == 475_000.0
    measured = card["value"].dropna()
    assert wb.get("performance.decisions.values") == pytest.approx(measured.round(4).to_dict())
    assert set(wb.get("performance.decisions.values")) < set(card.index)        # unmeasured KPIs are left out
    assert decisions.furthest_process == "Performance assessment"
    assert "Leverage effect (% per 1 % of customer equity): 1.68" in str(decisions)
    assert "<td style='text-align:right'>$800,000</td>" in decisions._repr_html_()
    saving, source = P.yearly_cost_saving(P.earlier_decisions(wb), card, 1000)
    excess = card.at["cost_to_serve", "value"] - card.at["cost_to_serve", "target"]
    assert saving == pytest.approx(1000 * max(excess, 0)) and "cost-to-serve target" in source and "$" not in source
    wb.set("channels.decisions.projected", {"cost_change": -12_500.0, "value_change": 3_000.0})
    assert P.yearly_cost_saving(P.earlier_decisions(wb), card, 1000) == (12_500.0, "the channel chapter's "
                                                                                   "migration plan")
    with pytest.raises(DataValidationError, match="scorecard"):
        P.save_performance_decisions(wb, card[["name"]], projected)
    with pytest.raises(DataValidationError, match="finite"):
        P.save_performance_decisions(wb, card, {"customer_equity": float("nan")})
