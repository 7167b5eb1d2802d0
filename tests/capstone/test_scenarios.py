"""Scenarios of the CRM plan: customer equity, savings, spend and the return on the CRM investment."""
import pytest

from paynecrm_kernel.capstone import (Scenario, base_inputs, compare_scenarios, evaluate_scenario, load_scenario,
                                      save_scenario, scenario_tornado)
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import customer_equity
from paynecrm_kernel.workbook import Workbook

BASE = Scenario("base", retention=0.6, margin=60, acquisition_cost=40, cohort_size=2500, discount=0.1)


def test_equity_is_the_value_chapters_customer_equity_and_the_plan_adds_savings_less_spend():
    plan = Scenario("plan", 0.6, 60, 40, 2500, 0.1, cost_to_serve_saving=10_000, investment=50_000,
                    running_cost=1_000, periods=3)
    result = evaluate_scenario(plan, 300_000)
    expected = customer_equity(300_000, cohort_size=2500, margin=60, retention=0.6, discount=0.1,
                               acquisition_cost=40, periods=3)
    assert result.equity == pytest.approx(expected["total"])
    annuity = 1 / 1.1 + 1 / 1.1 ** 2 + 1 / 1.1 ** 3                       # end of each of 3 periods
    assert result.savings == pytest.approx(10_000 * annuity)
    assert result.spend == pytest.approx(50_000 + 1_000 * annuity)
    assert result.value == pytest.approx(result.equity + result.savings - result.spend)


def test_the_return_is_the_gain_over_the_base_per_dollar_of_extra_spend():
    plan = Scenario("plan", 0.65, 60, 40, 2500, 0.1, investment=100_000)
    table = compare_scenarios(BASE, plan, 300_000)
    gain = table.loc["value to the firm", "change"]
    assert table.attrs["roi"] == pytest.approx(gain / 100_000)
    # today's customers are worth more when they stay longer: m(1+d)/(1+d-r) against the base
    assert table.loc["today's customers", "plan"] == pytest.approx(300_000 * (1.1 - 0.6) / (1.1 - 0.65))
    assert compare_scenarios(BASE, BASE, 300_000).attrs["roi"] is None
    assert (compare_scenarios(BASE, BASE, 300_000)["change"] == 0).all()


def test_the_tornado_ranks_retention_first_as_the_literature_finds():
    tornado = scenario_tornado(BASE, Scenario("plan", 0.65, 60, 40, 2500, 0.1), 300_000)
    assert tornado.index[0] == "retention rate"
    assert (tornado["range"] >= 0).all() and tornado["range"].is_monotonic_decreasing


@pytest.mark.parametrize("field, value", [("retention", 1.2), ("discount", 0), ("margin", float("nan")),
                                          ("investment", -5)])
def test_absurd_assumptions_are_refused_with_their_name(field, value):
    with pytest.raises(DataValidationError, match=field):
        Scenario(**dict(BASE.to_dict(), **{field: value}))


def test_the_base_comes_from_the_earlier_chapters_and_scenarios_are_kept(tmp_path):
    wb = Workbook.open(tmp_path / "team.json")
    base, current, notes = base_inputs(wb)
    assert current == 0 and len(notes) == 2 and base.retention == 0.6
    wb.update({"value.decisions.clv_by_segment": {"a": 100.0, "b": 250.5}, "value.equity.retention": 0.7,
               "value.equity.margin": 80.0, "value.equity.discount": 0.08, "value.equity.acquisition_cost": 30.0,
               "value.equity.cohort_size": 1000})
    base, current, notes = base_inputs(wb)
    assert current == 350.5 and notes == [] and (base.retention, base.margin) == (0.7, 80.0)
    plan = Scenario.from_dict(dict(base.to_dict(), name="plan", investment=1000))
    save_scenario(wb, plan)
    assert load_scenario(Workbook.open(wb.path), "plan", base) == plan
    assert load_scenario(wb, "stretch", base).name == "stretch"


def test_the_scenario_builder_saves_the_plan_and_shows_the_return(tmp_path):
    from paynecrm_kernel.widgets import ScenarioBuilder

    wb = Workbook.open(tmp_path / "team.json")
    wb.set("value.decisions.clv_by_segment", {"a": 200_000.0, "b": 100_000.0})
    tool = ScenarioBuilder(workbook=wb)
    assert "no extra spend" in tool.readout.value
    tool.sliders["investment"].value = 200_000
    tool.sliders["retention"].value = 0.7
    saved = wb.get("capstone.scenarios.plan")
    assert saved["investment"] == 200_000 and saved["retention"] == 0.7
    assert "Return on the CRM investment" in tool.readout.value and "%" in tool.readout.value
    assert len(tool.tornado.data) == 2 and tool.message_kind != "error"
    again = ScenarioBuilder(workbook=wb)                                    # a reload shows the saved plan
    assert again.sliders["retention"].value == 0.7
