"""The capstone: the five processes as one plan, compared as scenarios, with the return on the CRM investment."""
from .checks import QuadrantEmphasis, plan_checks, quadrant_emphasis
from .inputs import (STARTING_ASSUMPTIONS, LeverContext, base_inputs, lever_context, load_scenario, plan_defaults,
                     save_scenario, segment_values_of_record)
from .roadmap import (DEFAULT_KPIS, DEFAULT_OWNERS, OWNERS, PHASES, kpi_choices, roadmap_assignments,
                      roadmap_of_record, roadmap_table)
from .scenarios import DRIVERS, Scenario, ScenarioResult, compare_scenarios, evaluate_scenario, scenario_tornado
from .segments import lifetime_factor, segment_values_under

__all__ = ["DEFAULT_KPIS", "DEFAULT_OWNERS", "DRIVERS", "OWNERS", "PHASES", "STARTING_ASSUMPTIONS", "LeverContext",
           "QuadrantEmphasis", "Scenario", "ScenarioResult", "base_inputs", "compare_scenarios", "evaluate_scenario",
           "kpi_choices", "lever_context", "lifetime_factor", "load_scenario", "plan_defaults", "plan_checks",
           "quadrant_emphasis", "roadmap_assignments", "roadmap_of_record", "roadmap_table", "save_scenario",
           "scenario_tornado", "segment_values_of_record", "segment_values_under"]
