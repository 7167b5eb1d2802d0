"""Value creation: value propositions, conjoint value assessment, acquisition, retention and customer equity."""
from .acquired_value import ChannelValue, channel_value
from .acquisition import HEALTHY_CLV_TO_CAC, acquisition_costs, acquisition_economics, clv_to_cac, payback_period
from .conjoint import ConjointResult, fit_part_worths, importances_from_part_worths
from .design import (ConjointDesign, d_efficiency, d_efficient_design, dummy_matrix, full_factorial,
                     generate_design, min_profiles, term_names, validate_attributes)
from .equity import blattberg_deighton, cohort_economics, customer_equity, equity_elasticities, optimise_blattberg_deighton
from .market import (SIMULATOR_RULE, SIMULATOR_SCALE, BenefitSegments, benefit_segments, offer_from,
                     saved_simulation, share_of_preference, validate_offers)
from .offer_economics import best_offers, offer_economics, offer_margin, parse_price, proposition_effect
from .proposition import CostItem, ValueProposition, load_propositions, parse_cost_lines, save_proposition
from .renewal import RetentionRoute, renewal_retention, retention_route
from .reports import (ValueDecisions, part_worth_report, projection_report, retention_report,
                      save_value_decisions, segment_value_report)
from .retention import (CONVENTIONS, REICHHELD_SASSER_CRITIQUE, REICHHELD_SASSER_EXAMPLES, describe_convention,
                        expected_tenure, margin_multiple, reichheld_sasser, retention_profit_effect, simple_clv)
from .segment_value import HOLDOUT_TOLERANCE, SegmentValueResult, cost_per_purchase, segment_lifetime_value
from .strategy_link import DEFAULT_KMEANS_FEATURES, ChosenSegments, strategy_segments
from .subscription import (PROJECTION_METHODS, SBG_CONVENTION, naive_and_sbg_projections,
                           segment_retention_economics, segment_survivors)
from .workshop import (collect_ratings, design_fingerprint, load_design, new_respondent_id, published_design,
                       save_design, save_ratings)

__all__ = [
    "ChannelValue", "channel_value", "HEALTHY_CLV_TO_CAC", "acquisition_costs", "acquisition_economics", "clv_to_cac", "payback_period",
    "ConjointResult", "fit_part_worths", "importances_from_part_worths",
    "ConjointDesign", "d_efficiency", "d_efficient_design", "dummy_matrix", "full_factorial", "generate_design",
    "min_profiles", "term_names", "validate_attributes",
    "blattberg_deighton", "cohort_economics", "customer_equity", "equity_elasticities", "optimise_blattberg_deighton",
    "SIMULATOR_RULE", "SIMULATOR_SCALE", "BenefitSegments", "benefit_segments", "offer_from", "saved_simulation",
    "share_of_preference", "validate_offers",
    "best_offers", "offer_economics", "offer_margin", "parse_price", "proposition_effect",
    "CostItem", "ValueProposition", "load_propositions", "parse_cost_lines", "save_proposition",
    "CONVENTIONS", "REICHHELD_SASSER_CRITIQUE", "REICHHELD_SASSER_EXAMPLES", "describe_convention",
    "expected_tenure", "margin_multiple", "reichheld_sasser", "retention_profit_effect", "simple_clv",
    "RetentionRoute", "renewal_retention", "retention_route",
    "ValueDecisions", "part_worth_report", "projection_report", "retention_report", "save_value_decisions",
    "segment_value_report",
    "HOLDOUT_TOLERANCE", "SegmentValueResult", "cost_per_purchase", "segment_lifetime_value",
    "PROJECTION_METHODS", "SBG_CONVENTION", "naive_and_sbg_projections", "segment_retention_economics",
    "segment_survivors",
    "DEFAULT_KMEANS_FEATURES", "ChosenSegments", "strategy_segments",
    "collect_ratings", "design_fingerprint", "load_design", "new_respondent_id", "published_design", "save_design",
    "save_ratings",
]
