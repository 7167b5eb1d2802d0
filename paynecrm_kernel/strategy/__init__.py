"""Strategy development: five forces, the vision canvas, the six markets model and the strategy-matrix
implication of the customer-strategy choices."""
from .decisions import StrategyDecisions, information_score, save_strategy_decisions
from .five_forces import FORCES, disruption_shift, five_forces_summary
from .matrix import GRANULARITY_LEVELS, QUADRANTS, matrix_position
from .six_markets import MARKETS, six_markets_summary
from .vision import VISION_FIELDS, vision_completeness, vision_statement

__all__ = ["FORCES", "StrategyDecisions", "save_strategy_decisions", "GRANULARITY_LEVELS", "MARKETS", "QUADRANTS", "VISION_FIELDS", "disruption_shift",
           "five_forces_summary", "information_score", "matrix_position", "six_markets_summary", "vision_completeness",
           "vision_statement"]
