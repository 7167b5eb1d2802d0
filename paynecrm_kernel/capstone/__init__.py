"""The capstone: the five processes as one plan, compared as scenarios, with the return on the CRM investment."""
from .inputs import STARTING_ASSUMPTIONS, base_inputs, load_scenario, save_scenario
from .scenarios import DRIVERS, Scenario, ScenarioResult, compare_scenarios, evaluate_scenario, scenario_tornado

__all__ = ["DRIVERS", "STARTING_ASSUMPTIONS", "base_inputs", "load_scenario", "save_scenario", "Scenario", "ScenarioResult", "compare_scenarios", "evaluate_scenario", "scenario_tornado"]
