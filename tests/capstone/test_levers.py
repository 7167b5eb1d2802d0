"""The five processes' levers: segment value under the plan, the plan's checks, old scenarios, the builder."""
from dataclasses import replace

import pytest

from paynecrm_kernel.capstone import (Scenario, compare_scenarios, lever_context, lifetime_factor, load_scenario,
                                      plan_checks, plan_defaults, quadrant_emphasis, scenario_tornado,
                                      segment_values_under)
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.workbook import Workbook

BASE = Scenario("base", retention=0.6, margin=60, acquisition_cost=40, cohort_size=2500, discount=0.1)
VALUES = {"Trade": 200_000.0, "Everyday": 100_000.0, "Lapsed": 20_000.0}


def test_a_priority_segment_is_revalued_by_the_lifetime_factor_and_the_others_keep_their_value():
    plan = replace(BASE, name="plan", retention=0.7, margin=66, priority_segments=("Trade",))
    table = segment_values_under(plan, BASE, VALUES)
    ratio = (66 * 1.1 / (1.1 - 0.7)) / (60 * 1.1 / (1.1 - 0.6))              # 1.1 x 1.25 = 1.375, by hand
    assert ratio == pytest.approx(1.375)
    assert table.loc["Trade", "plan"] == pytest.approx(200_000 * 1.375)
    assert table.loc["Everyday", "plan"] == 100_000 and table.loc["Lapsed", "change"] == 0
    assert table["priority"].tolist() == [True, False, False]
    # summed into customer equity: today's customers of the plan are the segments' sum
    compared = compare_scenarios(BASE, plan, VALUES)
    assert compared.loc["today's customers", "plan"] == pytest.approx(table["plan"].sum())
    assert compared.loc["today's customers", "base"] == pytest.approx(320_000)


def test_without_priority_segments_the_plan_reaches_every_segment_as_the_total_does():
    plan = replace(BASE, name="plan", retention=0.65)
    by_segment = compare_scenarios(BASE, plan, VALUES)
    total = compare_scenarios(BASE, plan, sum(VALUES.values()))
    assert by_segment["plan"].tolist() == pytest.approx(total["plan"].tolist())
    assert segment_values_under(plan, BASE, VALUES)["priority"].all()
    assert lifetime_factor(plan) / lifetime_factor(BASE) == pytest.approx((1.1 - 0.6) / (1.1 - 0.65))


def test_aiming_at_fewer_segments_gains_less_and_the_tornado_accepts_segments():
    everyone = replace(BASE, name="plan", retention=0.7)
    few = replace(everyone, priority_segments=("Lapsed",))
    gain = lambda plan: compare_scenarios(BASE, plan, VALUES).loc["customer equity", "change"]  # noqa: E731
    assert 0 < gain(few) < gain(everyone)
    assert scenario_tornado(BASE, few, VALUES).index[0] == "retention rate"


def test_a_priority_segment_that_is_not_of_record_or_a_bad_value_is_refused_by_name():
    with pytest.raises(DataValidationError, match="Nowhere"):
        segment_values_under(replace(BASE, priority_segments=("Nowhere",)), BASE, VALUES)
    with pytest.raises(DataValidationError, match="Trade"):
        segment_values_under(BASE, BASE, {"Trade": float("nan")})


def test_budgets_and_investments_are_spend_and_the_acquisition_budget_is_not_counted_twice():
    base = replace(BASE, periods=3)
    plan = replace(base, name="plan", data_investment=100_000, it_investment=50_000, retention_budget=10_000,
                   acquisition_budget=1_000_000)
    annuity = 1 / 1.1 + 1 / 1.1 ** 2 + 1 / 1.1 ** 3
    table = compare_scenarios(base, plan, 300_000)
    assert table.loc["CRM spend", "plan"] == pytest.approx(150_000 + 10_000 * annuity)
    assert table.loc["future cohorts", "change"] == 0                 # cohorts already net of acquisition cost


@pytest.mark.parametrize("field, value", [("target_quadrant", "Somewhere"), ("granularity", "nano"),
                                          ("kpi_targets", {"happiness": 1.0}), ("kpi_targets", {"nps": float("inf")}),
                                          ("retention_budget", -1), ("priority_segments", "Trade")])
def test_levers_outside_their_choices_are_refused_with_their_name(field, value):
    with pytest.raises(DataValidationError, match=field):
        replace(BASE, **{field: value})


def test_a_scenario_saved_before_the_levers_existed_loads_with_their_defaults(tmp_path):
    wb = Workbook.open(tmp_path / "team.json")
    old = {"name": "plan", "retention": 0.7, "margin": 60.0, "acquisition_cost": 40.0, "cohort_size": 2500,
           "discount": 0.1, "cost_to_serve_saving": 0, "investment": 1000, "running_cost": 0, "periods": 10}
    wb.set("capstone.scenarios.plan", old)
    plan = load_scenario(Workbook.open(wb.path), "plan", BASE)
    assert (plan.retention, plan.target_quadrant, plan.priority_segments, plan.kpi_targets) == (0.7, None, (), {})
    full = replace(plan, target_quadrant="Individualized CRM", granularity="one-to-one", priority_segments=("a",),
                   offer={"price": "low"}, kpi_targets={"nps": 20.0}, data_investment=5.0)
    wb.set("capstone.scenarios.plan", full.to_dict())
    assert load_scenario(Workbook.open(wb.path), "plan", BASE) == full


def test_the_target_position_sets_the_granularity_it_needs():
    assert quadrant_emphasis("Individualized CRM").granularity == "one-to-one"
    assert quadrant_emphasis("Customer-based marketing").granularity == "micro"
    assert quadrant_emphasis("Product-based selling").granularity == "macro"
    assert quadrant_emphasis("Managed service and support").individualised
    with pytest.raises(DataValidationError, match="strategy matrix"):
        quadrant_emphasis("Anywhere")


def test_the_checks_warn_where_the_plan_contradicts_its_target_and_are_silent_where_it_agrees():
    agreed = replace(BASE, name="plan", target_quadrant="Customer-based marketing", granularity="micro",
                     data_investment=100_000)
    assert plan_checks(agreed, BASE, information=0.4) == []
    assert plan_checks(replace(agreed, granularity="macro"), BASE)[0].startswith("The target, Customer-based "
                                                                                 "marketing, puts rich")
    assert any("invests nothing more in data" in w
               for w in plan_checks(replace(agreed, data_investment=0), BASE, information=0.4))
    assert any("treats customers individually" in w
               for w in plan_checks(replace(agreed, target_quadrant="Individualized CRM"), BASE))
    assert any("standard proposition" in w for w in plan_checks(
        replace(BASE, target_quadrant="Product-based selling", granularity="macro", priority_segments=("a",)), BASE))


def test_the_budget_checks_hold_retention_and_new_customers_against_what_pays_for_them():
    keener = replace(BASE, name="plan", retention=0.9)
    assert any("without spending more" in w for w in plan_checks(keener, BASE))
    assert any("ceiling" in w for w in plan_checks(replace(keener, retention_budget=5_000), BASE,
                                                   retention_ceiling=0.85))
    assert plan_checks(replace(keener, retention_budget=5_000), BASE, retention_ceiling=0.95) == []
    short = replace(BASE, acquisition_budget=50_000)                  # buys 1,250 at $40; the plan counts 2,500
    assert plan_checks(short, BASE) == ["The acquisition budget buys 1,250 new customers a period at the plan's "
                                        "acquisition cost; the plan counts 2,500."]
    assert plan_checks(replace(short, acquisition_budget=100_000), BASE) == []


def test_the_plan_starts_from_the_earlier_chapters_decisions(tmp_path):
    wb = Workbook.open(tmp_path / "team.json")
    wb.update({"overview.matrix.target": "Individualized CRM", "strategy.decisions.granularity": "micro",
               "channels.decisions.projected": {"cost_change": -42_000.0},
               "performance.decisions.scorecard": {"nps": {"target": 15, "tolerance": 5, "direction": "higher"}},
               "value.decisions.clv_by_segment": VALUES})
    context = lever_context(wb)
    plan = plan_defaults(BASE, context)
    assert (plan.name, plan.target_quadrant, plan.granularity) == ("plan", "Individualized CRM", "micro")
    assert plan.cost_to_serve_saving == 42_000 and plan.kpi_targets == {"nps": 15.0}
    assert context.segment_values == VALUES and plan.retention == BASE.retention
    empty = lever_context(Workbook.open(tmp_path / "empty.json"))
    assert plan_defaults(BASE, empty) == replace(BASE, name="plan")
