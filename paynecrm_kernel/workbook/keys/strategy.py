"""Keys of chapter 01, strategy development: vision, five forces, six markets, segments and granularity."""
from ...framework.strategy_matrix import QUADRANTS
from ...strategy.matrix import GRANULARITY_LEVELS
from ..schema import Choice, Field, ListOf, MapOf, Number, Record
from ._kinds import LABEL, LABELS, MONEY, PROSE, SCORE_10, SCORE_5, SHARE

_C = "strategy"

#: The segmentation of record, read by the value chapter (:mod:`paynecrm_kernel.value.strategy_link`).
GRANULARITY_CHOICE = "strategy.granularity.choice"
INFORMATION = "strategy.granularity.information"
SEGMENT_FEATURES = "strategy.segments.features"
SEGMENT_COUNT = "strategy.segments.k"
RFM_BINS = "strategy.rfm.bins"
#: The economics of record: one gross margin for every chapter (profit, segment value, acquisition value).
GROSS_MARGIN = "strategy.economics.gross_margin"
#: The pyramid's rule and cut-offs, as the learner set them in the pyramid tool.
PYRAMID_RULE = "strategy.pyramid.rule"
PYRAMID_CUT = "strategy.pyramid.cut_{tier}"
#: The chapter's decisions, read by the later chapters and the report.
DECISION_GRANULARITY = "strategy.decisions.granularity"
DECISION_QUADRANT = "strategy.decisions.matrix_quadrant"
DECISION_PYRAMID = "strategy.decisions.pyramid_tiers"
DECISION_SEGMENTS = "strategy.decisions.segments"

_SUBMISSION = Record({"name": LABEL, "current": MapOf(SCORE_10, 10), "desired": MapOf(SCORE_10, 10)},
                     required=("name",))

FIELDS = [
    Field("strategy.vision.<field>", PROSE, _C, "One part of the vision canvas (vision, customers, value ...).", ""),
    Field("strategy.five_forces.now_<force>", SCORE_5, _C, "Intensity (1-5) of one competitive force today.", 3),
    Field("strategy.five_forces.entrant_<force>", SCORE_5, _C,
          "Intensity (1-5) of one force once a disruptive entrant arrives.", 3),
    Field("strategy.five_forces.disruption_watch", PROSE, _C, "Who could enter, with what, and how.", ""),
    Field("strategy.six_markets.current_<market>", SCORE_10, _C, "Current emphasis (0-10) on one of the six markets.", 5),
    Field("strategy.six_markets.desired_<market>", SCORE_10, _C, "Desired emphasis (0-10) on one of the six markets.", 5),
    Field("strategy.six_markets.submissions", ListOf(_SUBMISSION, 200), _C,
          "Every participant's six-markets ratings, pooled for the group.", []),
    Field(RFM_BINS, Number(2, 10, integer=True), _C, "Number of score bins for recency, frequency, monetary value.", 5),
    Field("strategy.rfm.colour_by", Choice(("customers", "value")), _C, "What the RFM grid colours by.", "customers"),
    Field("strategy.pyramid.cut_<tier>", Number(1, 99, integer=True), _C,
          "Share of customers (%) in one tier of the customer pyramid."),
    Field(GROSS_MARGIN, SHARE, _C, "Gross margin (share of revenue) that every chapter values customers at.", 0.4),
    Field(PYRAMID_RULE, Choice(("share", "profit_sign")), _C,
          "How the lead tier is drawn: the loss-making customers, or a bottom share.", "profit_sign"),
    Field(SEGMENT_FEATURES, LABELS, _C, "Customer features the segmentation clusters on."),
    Field(SEGMENT_COUNT, Number(2, 12, integer=True), _C, "Number of segments k.", 4),
    Field("strategy.granularity.cost_per_segment", MONEY, _C, "Cost of serving one more segment ($ a year).", 2000),
    Field("strategy.granularity.cost_per_customer", MONEY, _C,
          "Marginal cost of treating one customer individually ($ a year).", 5),
    Field(INFORMATION, SHARE, _C, "How information-rich the customer data is (0-1)."),
    Field(GRANULARITY_CHOICE, Choice(tuple(GRANULARITY_LEVELS)), _C, "The segment granularity chosen.", "macro"),
    Field("strategy.granularity.justification", PROSE, _C, "Why this granularity.", ""),
    Field("strategy.exercise.<name>.answer", PROSE, _C, "A learner's written answer to a strategy exercise.", ""),
    Field("strategy.exercise.<name>.choices", ListOf(LABEL, 100), _C,
          "A learner's classification in a strategy exercise.", []),
    Field(DECISION_GRANULARITY, Choice(tuple(GRANULARITY_LEVELS)), _C, "Decision: the segment granularity."),
    Field(DECISION_QUADRANT, Choice(tuple(QUADRANTS)), _C, "Decision: the strategy-matrix quadrant it implies."),
    Field(DECISION_PYRAMID, MapOf(Number(0, 1e9, integer=True), 10), _C,
          "Decision: customers in each tier of the customer pyramid."),
    Field(DECISION_SEGMENTS, MapOf(Number(0, 1e9, integer=True), 200), _C,
          "Decision: the segments of record, by name, with their customers."),
]
