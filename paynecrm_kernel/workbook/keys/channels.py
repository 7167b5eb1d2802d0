"""Keys of chapter 03, multichannel integration: the channel inventory, the journey Sankey, attribution, cost to
serve, the migration simulator, the experience standards, exercises and the chapter's decisions."""
from ..schema import Choice, Field, ListOf, MapOf, Number, Record
from ._kinds import LABEL, MONEY, PROSE, SCORE_5, SHARE, SIGNED_MONEY

_C = "channels"

#: Richness ratings (1-5) of the firm's channels, as rated in the inventory grid.
RICHNESS = "channels.inventory.richness"
#: Cost per interaction of each channel, as edited in the cost-to-serve tool.
UNIT_COSTS = "channels.cost.unit_costs"
#: The migration simulator's move and assumptions (read by the decisions).
MIGRATION = "channels.migration"
#: Standard (target) of each channel on each experience dimension, as edited.
STANDARD_TARGETS = "channels.standards.targets"
#: Importance of each experience dimension, as set in the standards editor.
IMPORTANCE = "channels.standards.importance"

#: The chapter's decisions, read by the performance chapter and the capstone report.
DECISION_TARGET_CHAIN = "channels.decisions.target_chain"
DECISION_STANDARDS = "channels.decisions.standards"
DECISION_MIGRATION_PLAN = "channels.decisions.migration_plan"
COST_TO_SERVE = "channels.decisions.cost_to_serve"
DECISION_PROJECTED = "channels.decisions.projected"

_TARGET = Number(0, 1e6)
_MOVE = Record({"segment": LABEL, "stage": LABEL, "from_channel": LABEL, "to_channel": LABEL, "share": SHARE},
               required=("segment", "stage", "from_channel", "to_channel", "share"))

FIELDS = [
    Field(RICHNESS, MapOf(SCORE_5, 50), _C,
          "Richness (1-5) of each channel: the information and empathy one contact carries."),
    Field("channels.sankey.segment", LABEL, _C, "Segment whose journeys the Sankey shows ('all' for every one).",
          "all"),
    Field("channels.attribution.order", Number(1, 4, integer=True), _C,
          "Order of the Markov chain used for attribution (touches remembered).", 1),
    Field("channels.attribution.measure", Choice(("conversions", "value")), _C,
          "Whether attribution credits conversions or their value.", "conversions"),
    Field(UNIT_COSTS, MapOf(MONEY, 50), _C, "Cost of one interaction in each channel ($)."),
    Field("channels.cost.gross_margin", SHARE, _C, "Gross margin as a share of revenue, for customer profit.", 0.4),
    Field("channels.cost.by", Choice(("segment", "main_channel")), _C,
          "Whether profitability is shown by segment or by the customer's main channel.", "segment"),
    Field(f"{MIGRATION}.segment", LABEL, _C, "Segment whose interactions move ('all' for every segment).", "all"),
    Field(f"{MIGRATION}.stage", LABEL, _C, "Buying stage whose interactions move ('all' for every stage).",
          "after-sales"),
    Field(f"{MIGRATION}.from_channel", LABEL, _C, "Channel the interactions move from.", "call_centre"),
    Field(f"{MIGRATION}.to_channel", LABEL, _C, "Channel the interactions move to.", "web"),
    Field(f"{MIGRATION}.share", SHARE, _C, "Share of the from-channel's interactions moved.", 0.5),
    Field(f"{MIGRATION}.retention", Number(0, 0.99), _C, "Yearly retention rate before the move.", 0.6),
    Field(f"{MIGRATION}.retention_per_point", Number(0, 0.5), _C,
          "Change in yearly retention per point of channel satisfaction (an assumption).", 0.03),
    Field(STANDARD_TARGETS, MapOf(MapOf(_TARGET, 10), 50), _C,
          "Target of each channel on each experience dimension (minutes, shares or 1-7 scores)."),
    Field("channels.standards.channel", LABEL, _C, "The channel whose standards are being edited.", "call_centre"),
    Field(IMPORTANCE, MapOf(Number(0, 1), 10), _C, "Importance of each experience dimension (0-1)."),
    Field("channels.exercise.<name>.answer", PROSE, _C, "A learner's written answer to a channel exercise.", ""),
    Field(DECISION_TARGET_CHAIN, MapOf(LABEL, 50), _C,
          "Decision: target channel chain (pre-sale → sale → after-sale) of each segment."),
    Field(DECISION_STANDARDS, MapOf(MapOf(_TARGET, 10), 50), _C,
          "Decision: the experience standard of each channel on each dimension."),
    Field(DECISION_MIGRATION_PLAN, ListOf(_MOVE, 50), _C,
          "Decision: the channel migration plan (moves of interactions)."),
    Field(COST_TO_SERVE, MapOf(MONEY, 50), _C, "Decision: projected cost to serve by segment ($ a year)."),
    Field(DECISION_PROJECTED, MapOf(SIGNED_MONEY, 20), _C,
          "Decision: projected change in cost to serve ($ a year), in lifetime value and value at risk ($)."),
]
