"""The capstone's tools driven headlessly: the scenario builder's levers and the roadmap's owners and KPIs."""
import pytest

from paynecrm_kernel.workbook import Workbook

GRID = [[3, 2, 4, 4, 5], [3, 3, 3, 1, 3], [4, 4, 4, 4, 4], [2, 3, 3, 3, 3]]


@pytest.fixture
def workbook(tmp_path):
    wb = Workbook.open(tmp_path / "team.json")
    wb.update({"value.decisions.clv_by_segment": {"Trade": 200_000.0, "Everyday": 100_000.0},
               "strategy.decisions.granularity": "micro", "strategy.granularity.information": 0.4,
               "overview.matrix.target": "Individualized CRM",
               "value.decisions.offer": {"price": "99", "delivery": "next day"},
               "channels.decisions.projected": {"cost_change": -50_000.0},
               "performance.decisions.scorecard": {"nps": {"target": 15, "tolerance": 5, "direction": "higher"},
                                                   "scv_coverage": {"target": 95, "tolerance": 5,
                                                                    "direction": "higher"}},
               "performance.decisions.status": {"nps": "red"}})
    return wb


def test_the_builder_starts_from_the_chapters_decisions_and_warns_where_they_disagree(workbook):
    from paynecrm_kernel.widgets import ScenarioBuilder

    tool = ScenarioBuilder(workbook=workbook)
    assert tool.quadrant.value == "Individualized CRM" and tool.granularity.value == "micro"
    assert tool.sliders["cost_to_serve_saving"].value == 50_000
    assert any("treats customers individually" in w for w in tool.warnings)
    assert "treats customers individually" in tool.checks.value
    assert "Trade" in tool.segments.value and "Standard" in tool.kpi_table.value
    tool.quadrant.value = "Customer-based marketing"                     # the target sets its granularity
    assert tool.granularity.value == "micro"
    tool.sliders["data_investment"].value = 200_000
    assert tool.warnings == [] and tool.checks.value == ""
    assert workbook.get("capstone.scenarios.plan")["target_quadrant"] == "Customer-based marketing"


def test_priority_segments_move_only_their_value_and_are_kept(workbook):
    from paynecrm_kernel.widgets import ScenarioBuilder

    tool = ScenarioBuilder(workbook=workbook)
    tool.priority.value = ("Trade",)
    tool.sliders["retention_budget"].value = 20_000
    tool.sliders["retention"].value = 0.7
    segments = tool.segment_table
    assert segments.loc["Everyday", "change"] == 0 and segments.loc["Trade", "change"] > 0
    assert tool.comparison.loc["today's customers", "plan"] == pytest.approx(segments["plan"].sum())
    assert "Trade (priority)" in tool.segments.value
    tool.offer.value = True
    saved = workbook.get("capstone.scenarios.plan")
    assert saved["priority_segments"] == ["Trade"] and saved["offer"] == {"price": "99", "delivery": "next day"}
    again = ScenarioBuilder(workbook=workbook)
    assert again.priority.value == ("Trade",) and again.offer.value and again.plan == tool.plan


def test_kpi_targets_start_at_the_standard_and_are_saved_with_the_plan(workbook):
    from paynecrm_kernel.widgets import ScenarioBuilder

    tool = ScenarioBuilder(workbook=workbook)
    tool.kpi.value = "nps"
    assert tool.kpi_target.value == 15
    tool.kpi_target.value = 25
    assert workbook.get("capstone.scenarios.plan")["kpi_targets"]["nps"] == 25
    assert "Net Promoter Score" in tool.kpi_table.value and "red" in tool.kpi_table.value
    tool.kpi.value = "cac"                                               # no standard saved: the catalogue's
    assert tool.kpi_target.value == 45


def test_a_saved_priority_segment_that_left_the_segments_of_record_is_dropped_with_a_note(workbook):
    from paynecrm_kernel.widgets import ScenarioBuilder

    tool = ScenarioBuilder(workbook=workbook)
    tool.priority.value = ("Trade",)
    workbook.set("value.decisions.clv_by_segment", {"Everyday": 100_000.0})
    again = ScenarioBuilder(workbook=workbook)
    assert again.plan.priority_segments == () and again.message_kind != "error"
    assert "no longer segments of record" in again._inputs.children[-1].value


def test_the_roadmap_phases_the_processes_and_saves_owners_and_kpis(workbook):
    from paynecrm_kernel.widgets import RoadmapTool

    tool = RoadmapTool(workbook=workbook)
    assert tool.roadmap is None and "Rate the implementation grid" in tool.message
    assert "not phased" in tool.table.value
    workbook.set("overview.implementation.grid", GRID)
    tool = RoadmapTool(workbook=workbook)
    assert tool.roadmap.index[0] == "strategy" and tool.roadmap.at["strategy", "owner"] == "CRM steering group"
    # the scorecard was saved: information's KPI is one of its KPIs, not the register's data-quality index
    assert tool.roadmap.at["information", "kpi"] == "scv_coverage"
    assert [v for _, v in tool.kpis["information"].options] == ["scv_coverage"]
    tool.owners["channels"].value = "Customer service"
    assert workbook.get("capstone.roadmap.owners")["channels"] == "Customer service"
    assert "Customer service" in tool.table.value and "First 90 days" in tool.table.value
    assert RoadmapTool(workbook=workbook).owners["channels"].value == "Customer service"
