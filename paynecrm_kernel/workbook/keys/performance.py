"""Keys of chapter 05, performance assessment: the service-profit chain, customer-equity drivers, the scorecard
and its standards, the NPS calculator, KPI trends, exercises and the chapter's decisions."""
from ..schema import Choice, Field, MapOf, Number, Record
from ._kinds import DISCOUNT, LABEL, MONEY, PROSE, SHARE, SIGNED_MONEY

_C = "performance"

#: The scorecard's standards as edited (one record per KPI), read by the decisions and the report.
STANDARDS = "performance.scorecard.standards"
#: Values typed for the KPIs nothing computes (penetration, consistency score ...).
TYPED_VALUES = "performance.scorecard.typed"
#: The chapter's decisions, read by the capstone report.
DECISION_SCORECARD = "performance.decisions.scorecard"
DECISION_STATUS = "performance.decisions.status"
DECISION_VALUES = "performance.decisions.values"
DECISION_PROJECTED = "performance.decisions.projected"
DECISION_FURTHEST = "performance.decisions.furthest_process"
DECISION_FEEDBACK = "performance.decisions.feedback"

_STATUS = Choice(("green", "amber", "red", "not measured"))
_STANDARD = Record({"target": Number(-1e12, 1e12), "tolerance": Number(0, 1e12),
                    "direction": Choice(("higher", "lower"))}, required=("target", "tolerance", "direction"))

FIELDS = [
    # shareholder results: the service-profit chain and customer equity
    Field("performance.chain.source", LABEL, _C, "The chain metric whose difference is tried in the what-if.",
          "employee_satisfaction"),
    Field("performance.chain.change_sd", Number(-3, 3), _C,
          "Difference tried in the what-if, in standard deviations of the metric.", 1.0),
    Field("performance.equity.valuation", Choice(("model_clv", "simple_clv")), _C,
          "How today's customers are valued: their model CLV, or the simple CLV as Gupta et al. did.", "simple_clv"),
    Field("performance.equity.retention", SHARE, _C, "Retention rate per year assumed for customer equity.", 0.6),
    Field("performance.equity.margin", MONEY, _C, "Margin per customer and year ($) assumed for customer equity.",
          60.0),
    Field("performance.equity.discount", DISCOUNT, _C, "Discount rate per year assumed for customer equity.", 0.10),
    Field("performance.equity.acquisition_cost", MONEY, _C, "Cost of acquiring one customer ($).", 40.0),
    Field("performance.equity.cohort_size", Number(0, 1e8, integer=True), _C,
          "Customers acquired per future yearly cohort.", 2500),
    Field("performance.equity.result", Record({"total": SIGNED_MONEY, "current": SIGNED_MONEY,
                                               "future": SIGNED_MONEY}), _C,
          "Customer equity in the drivers tool: today's customers, future cohorts and the total ($)."),
    # performance monitoring: scorecard, NPS, trends
    Field(STANDARDS, MapOf(_STANDARD, 100), _C, "Standard (target, tolerance, direction) of each KPI, as edited."),
    Field(TYPED_VALUES, MapOf(Number(-1e12, 1e12), 100), _C, "Values typed for KPIs that nothing computes."),
    Field("performance.scorecard.kpi", LABEL, _C, "The KPI whose standard is being edited.", "nps"),
    Field("performance.scorecard.tree_by", Choice(("process", "block", "perspective")), _C,
          "The middle level of the KPI tree.", "process"),
    Field("performance.nps.by", Choice(("segment", "rated_channel")), _C,
          "Whether the NPS calculator splits respondents by segment or by the channel rated.", "segment"),
    Field("performance.nps.group", LABEL, _C, "The segment or channel shown in detail (or 'all').", "all"),
    Field("performance.nps.method", Choice(("adjusted_wald", "wald", "bootstrap")), _C,
          "The NPS interval method.", "adjusted_wald"),
    Field("performance.trend.kpi", LABEL, _C, "The KPI shown on the trend chart.", "cost_to_serve"),
    # exercises and decisions
    Field("performance.exercise.<name>.answer", PROSE, _C, "A learner's written answer to a performance exercise.",
          ""),
    Field(DECISION_SCORECARD, MapOf(_STANDARD, 100), _C, "Decision: the scorecard's KPIs with their standards."),
    Field(DECISION_STATUS, MapOf(_STATUS, 100), _C, "Decision: current red/amber/green status of each KPI."),
    Field(DECISION_VALUES, MapOf(Number(-1e15, 1e15), 100), _C,
          "Decision: the current value of each measured KPI, in its unit."),
    Field(DECISION_PROJECTED, MapOf(SIGNED_MONEY, 20), _C,
          "Decision: projected shareholder results (customer equity, cost reduction, shareholder value, $)."),
    Field(DECISION_FURTHEST, LABEL, _C, "Decision: the process furthest from its standards."),
    Field(DECISION_FEEDBACK, PROSE, _C, "Decision: the feedback to the strategy review, one line per process."),
]
