"""Keys of chapter 04, information management: the repository explorer, the data-quality weights, the single
customer view's tier and threshold, the model validation's economics, the application landscape, exercises
and the chapter's decisions."""
from ..schema import Boolean, Choice, Field, ListOf, MapOf, Number
from ._kinds import LABEL, MONEY, PROSE

_C = "information"

#: Weights of the six data-quality dimensions in the index, as edited.
QUALITY_WEIGHTS = "information.quality.weights"
#: The single-customer-view tool's tier of extracts and match threshold.
SCV_TIER = "information.scv.tier"
SCV_THRESHOLD = "information.scv.threshold"
#: The learner's front/back-office answers and the IT scalability checklist.
LANDSCAPE_ANSWERS = "information.landscape.answers"
CHECKLIST = "information.landscape.checklist"

#: The chapter's decisions, read by the performance chapter and the capstone report.
DECISION_QUALITY_INDEX = "information.decisions.data_quality_index"
DECISION_SCV_COVERAGE = "information.decisions.scv_coverage"
DECISION_MODEL_ACCURACY = "information.decisions.model_accuracy"
DECISION_REQUIREMENTS = "information.decisions.requirements"

_FIGURE = Number(-1e9, 1e9)

FIELDS = [
    Field("information.repository.query", LABEL, _C, "The repository query shown in the explorer.",
          "revenue_by_channel"),
    Field(QUALITY_WEIGHTS, MapOf(Number(0, 1), 10), _C,
          "Weight (0-1) of each data-quality dimension in the index; normalised over the measured ones."),
    Field("information.quality.source", LABEL, _C, "Source system whose fields the scorecard details.", "crm"),
    Field(SCV_TIER, Choice(("easy", "medium", "hard")), _C,
          "Tier of the sample extracts linked into one customer view (how messy the files are).", "easy"),
    Field(SCV_THRESHOLD, Number(0.01, 0.9999), _C,
          "Match probability at or above which two records are one customer.", 0.9),
    Field("information.validation.value_if_bought", MONEY, _C,
          "Margin earned when a contacted customer buys ($), for the profit-based cut-off.", 30.0),
    Field("information.validation.cost_per_contact", MONEY, _C, "Cost of one contact ($).", 2.75),
    Field(LANDSCAPE_ANSWERS, MapOf(Choice(("front", "back")), 50), _C,
          "The learner's front- or back-office answer for each application."),
    Field(CHECKLIST, MapOf(Boolean(), 20), _C, "Which IT scalability and integration checks Hearth & Home meets."),
    Field("information.exercise.<name>.answer", PROSE, _C, "A learner's written answer to an information exercise.",
          ""),
    Field(DECISION_QUALITY_INDEX, MapOf(Number(0, 100), 20), _C,
          "Decision: data-quality index (0-100) of each source and overall, with the weights used."),
    Field(DECISION_SCV_COVERAGE, MapOf(_FIGURE, 20), _C,
          "Decision: single-customer-view coverage and linkage quality (shares, counts, threshold)."),
    Field(DECISION_MODEL_ACCURACY, MapOf(_FIGURE, 20), _C,
          "Decision: accuracy of the validated models (holdout error, lift, Gini, Brier score)."),
    Field(DECISION_REQUIREMENTS, ListOf(LABEL, 40), _C, "Decision: the data and IT requirements, one per line."),
]

__all__ = ["CHECKLIST", "DECISION_MODEL_ACCURACY", "DECISION_QUALITY_INDEX", "DECISION_REQUIREMENTS",
           "DECISION_SCV_COVERAGE", "FIELDS", "LANDSCAPE_ANSWERS", "QUALITY_WEIGHTS", "SCV_THRESHOLD", "SCV_TIER"]
