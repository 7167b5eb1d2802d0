"""Keys of chapter 02, value creation: propositions, conjoint, acquisition, retention, segment value, equity."""
from ..schema import Boolean, Choice, Field, Json, MapOf, Number, Record
from ._kinds import DISCOUNT, LABEL, MONEY, MONEY_BY_NAME, PROSE, SHARE, SIGNED_MONEY

_C = "value"

#: The live conjoint study: the published design and each participant's ratings.
CONJOINT_DESIGN = "value.conjoint.design"
CONJOINT_RATINGS = "value.conjoint.ratings"
#: The preference simulator's offer, choice rule and logit scale (replayed by the chapter's decisions).
SIMULATOR_OFFER = "value.simulator.offer"
SIMULATOR_RULE = "value.simulator.rule"
SIMULATOR_SCALE = "value.simulator.scale"
#: Propositions written for segments, one key per segment.
PROPOSITIONS = "value.propositions"

_LEVELS = MapOf(LABEL, 30)
_PROPOSITION = Json(16_000)

FIELDS = [
    # propositions
    Field("value.builder.segment", LABEL, _C, "The segment whose proposition is being written."),
    Field("value.builder.drafts.<segment>", _PROPOSITION, _C, "A proposition draft for one segment."),
    Field(PROPOSITIONS + ".<segment>", _PROPOSITION, _C, "The value proposition saved for one segment."),
    # conjoint, live and on the sample data
    Field("value.conjoint.attributes_text", PROSE, _C, "The attributes and levels of the live conjoint study."),
    Field("value.conjoint.max_profiles", Number(6, 36, integer=True), _C, "Most profiles a participant rates.", 16),
    Field(CONJOINT_DESIGN, Json(64_000), _C, "The conjoint design published to participants."),
    Field(CONJOINT_RATINGS + ".<respondent>", Record({"design": LABEL, "ratings": MapOf(Number(0, 10), 100)},
                                                     required=("design", "ratings")), _C,
          "One participant's ratings of the published profiles (0-10)."),
    Field("value.<study>.n_segments", Number(0, 6, integer=True), _C,
          "Benefit segments to find in a conjoint study (0: the best silhouette).", 0),
    Field(SIMULATOR_OFFER, _LEVELS, _C, "The offer tried in the preference simulator (level per attribute)."),
    Field(SIMULATOR_RULE, Choice(("logit", "first_choice")), _C, "The simulator's choice rule.", "logit"),
    Field(SIMULATOR_SCALE, Number(0.01, 10), _C, "The logit scale of the simulator.", 1.0),
    Field("value.simulator.share", SHARE, _C, "Preference share of the offer in the simulator."),
    # acquisition and retention economics
    Field("value.acquisition.group", LABEL, _C, "How campaigns are grouped (channel, campaign ...)."),
    Field("value.acquisition.horizon", Number(1, 1200), _C,
          "Horizon (months) over which the acquisition tool values each channel's customers.", 12),
    Field("value.<tool>.margin", MONEY, _C, "Margin per customer per period ($) assumed by a tool."),
    Field("value.<tool>.retention", SHARE, _C, "Retention rate per period assumed by a tool."),
    Field("value.<tool>.discount", DISCOUNT, _C, "Discount rate per period assumed by a tool."),
    Field("value.<tool>.acquisition_cost", MONEY, _C, "Cost of acquiring one customer ($) assumed by a tool."),
    Field("value.acquisition.summary", MapOf(Record({"cac": MONEY, "clv_to_cac": SIGNED_MONEY}), 100), _C,
          "Cost to acquire and value-to-cost ratio by channel or campaign."),
    Field("value.clv_simple.convention", Choice(("A", "B")), _C,
          "When the first margin is earned: A if retained, B at once.", "A"),
    Field("value.retention.defection", Number(0, 1), _C, "Defection rate per year.", 0.1),
    Field("value.retention.profits", PROSE, _C, "Profit by year of a customer's life, as typed ($, comma separated)."),
    Field("value.retention.customers", Number(0, 1e8, integer=True), _C, "Customers in the base."),
    Field("value.retention.flat", Boolean(), _C, "Whether the profit profile is flat.", False),
    Field("value.retention.result", MapOf(SIGNED_MONEY, 10), _C, "Value before and after the retention gain."),
    Field("value.sbg.segment", LABEL, _C, "Care-plan segment shown by the sBG projection."),
    Field("value.sbg.fit_periods", Number(2, 100, integer=True), _C, "Renewal periods the sBG model is fitted on.", 4),
    Field("value.sbg.economics", MapOf(MapOf(SIGNED_MONEY, 10), 50), _C, "Subscriber value and churn by segment."),
    # customer equity and budgets
    Field("value.equity.cohort_size", Number(0, 1e8, integer=True), _C, "Customers acquired per future cohort."),
    Field("value.equity.growth", Number(-1, 1), _C, "Growth of cohort size per period."),
    Field("value.equity.periods", Number(1, 100, integer=True), _C, "Future cohorts counted in customer equity."),
    Field("value.equity.result", Record({"total": SIGNED_MONEY, "current": SIGNED_MONEY, "future": SIGNED_MONEY,
                                         "convention": PROSE, "current_convention": PROSE}), _C,
          "Customer equity: current, future and total ($), and how each part was valued."),
    Field("value.budget.<parameter>", Number(0, 1e6), _C,
          "A parameter of the acquisition-retention budget response curves (Blattberg & Deighton)."),
    Field("value.budget.optimum", MapOf(SIGNED_MONEY, 10), _C, "The budget split that maximises customer equity."),
    # segment value
    Field("value.clv.view", LABEL, _C, "The view shown by the CLV explorer."),
    Field("value.clv.segment", LABEL, _C, "The segment shown by the CLV explorer."),
    Field("value.clv.by_segment", MONEY_BY_NAME, _C, "Total 12-month value of each segment ($)."),
    # exercises and decisions
    Field("value.exercise.<name>.answer", PROSE, _C, "A learner's written answer to a value exercise.", ""),
    Field("value.exercise.<name>.choices", Json(8_000), _C, "A learner's classification in a value exercise.", []),
    Field("value.decisions.clv_by_segment", MONEY_BY_NAME, _C, "Decision: value of each segment ($)."),
    Field("value.decisions.clv_convention", PROSE, _C, "Decision: how the segment values were computed."),
    Field("value.decisions.importances", MapOf(Number(0, 100), 50), _C, "Decision: attribute importance (%)."),
    Field("value.decisions.offer", _LEVELS, _C, "Decision: the offer (level per attribute)."),
    Field("value.decisions.offer_share", SHARE, _C, "Decision: preference share of the offer."),
    Field("value.decisions.segment_source", Choice(("strategy", "fallback")), _C,
          "Decision: whether the segments came from the strategy chapter or the fallback."),
    Field("value.decisions.subscriber_clv", MONEY_BY_NAME, _C, "Decision: care-plan subscriber value by segment ($)."),
    Field("value.decisions.top_segment", LABEL, _C, "Decision: the segment whose customers are worth most each."),
    Field("value.decisions.best_channel", LABEL, _C,
          "Decision: the channel whose customers repay their acquisition cost best."),
]

