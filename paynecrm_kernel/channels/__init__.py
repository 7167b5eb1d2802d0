"""Multichannel integration: channel inventory, journeys, attribution, cost to serve and channel migration."""
from .bootstrap import METHODS, attribution_intervals, compare_attribution
from .heuristics import HEURISTICS, RETIRED_NOTE, heuristic_attribution
from .journeys import Journeys, build_journeys
from .log import LOG_COLUMNS, PHASES, STAGE_PHASES, STAGES, validate_log
from .markov import MAX_ORDER, markov_attribution, removal_effects, select_markov_order
from .paths import PATH_SEPARATOR, PathTable, as_path_table, paths_frame
from .shapley import EXACT_LIMIT, GAMES, shapley_attribution, shapley_values
from .simulation import simulate_removal_effects

__all__ = [
    "METHODS", "attribution_intervals", "compare_attribution",
    "HEURISTICS", "RETIRED_NOTE", "heuristic_attribution",
    "Journeys", "build_journeys",
    "LOG_COLUMNS", "PHASES", "STAGE_PHASES", "STAGES", "validate_log",
    "MAX_ORDER", "markov_attribution", "removal_effects", "select_markov_order",
    "PATH_SEPARATOR", "PathTable", "as_path_table", "paths_frame",
    "EXACT_LIMIT", "GAMES", "shapley_attribution", "shapley_values",
    "simulate_removal_effects",
]
