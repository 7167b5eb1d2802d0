"""Multichannel integration: channel inventory, journeys and channel chains, attribution, cost to serve,
channel migration, experience standards and the integration check."""
from .bootstrap import METHODS, attribution_intervals, compare_attribution
from .chains import channel_chains, channel_migration, channel_of_record, stage_channel_matrix
from .decisions import (ChannelDecisions, save_channel_decisions, saved_importance, saved_moves,
                        saved_standards, target_chains)
from .cost_to_serve import (activity_rates, cost_to_serve, customer_profitability, interaction_costs,
                            profitability_by, time_driven_rates, whale_curve_by)
from .experience import DIMENSIONS, METRICS, experience_gaps, observed_experience, standards_template
from .flows import OUTCOMES, journey_flows
from .heuristics import HEURISTICS, RETIRED_NOTE, heuristic_attribution
from .integration import integration_check
from .inventory import CATEGORIES, category_table, channel_inventory, map_channels, with_richness
from .journeys import Journeys, build_journeys
from .log import LOG_COLUMNS, PHASES, STAGE_PHASES, STAGES, validate_log
from .markov import MAX_ORDER, markov_attribution, removal_effects, select_markov_order
from .migration import MigrationResult, simulate_migration
from .paths import PATH_SEPARATOR, PathTable, as_path_table, paths_frame
from .shapley import EXACT_LIMIT, GAMES, shapley_attribution, shapley_values
from .simulation import simulate_removal_effects
from .summaries import (attribution_table, chain_table, credit_check_table, gap_table, integration_table,
                        inventory_table, journeys_table, migration_table, profitability_table, stage_mix_table)

__all__ = [
    "METHODS", "attribution_intervals", "compare_attribution",
    "channel_chains", "channel_migration", "channel_of_record", "stage_channel_matrix",
    "activity_rates", "cost_to_serve", "customer_profitability", "interaction_costs", "profitability_by",
    "time_driven_rates", "whale_curve_by",
    "DIMENSIONS", "METRICS", "experience_gaps", "observed_experience", "standards_template",
    "HEURISTICS", "RETIRED_NOTE", "heuristic_attribution",
    "integration_check",
    "CATEGORIES", "category_table", "channel_inventory", "map_channels", "with_richness",
    "Journeys", "build_journeys",
    "LOG_COLUMNS", "PHASES", "STAGE_PHASES", "STAGES", "validate_log",
    "MAX_ORDER", "markov_attribution", "removal_effects", "select_markov_order",
    "MigrationResult", "simulate_migration",
    "PATH_SEPARATOR", "PathTable", "as_path_table", "paths_frame",
    "EXACT_LIMIT", "GAMES", "shapley_attribution", "shapley_values",
    "simulate_removal_effects",
    "ChannelDecisions", "save_channel_decisions", "saved_importance", "saved_moves", "saved_standards",
    "target_chains",
    "OUTCOMES", "journey_flows",
    "attribution_table", "chain_table", "credit_check_table", "gap_table", "integration_table", "inventory_table",
    "journeys_table", "migration_table", "profitability_table", "stage_mix_table",
]
