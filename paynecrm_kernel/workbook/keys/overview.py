"""Keys of chapter 00, the overview: the CRM continuum, the framework map, the strategy matrix, maturity."""
from ...framework.strategy_matrix import QUADRANTS
from ..schema import Choice, Field, ListOf, MapOf
from ._kinds import LABEL, LABELS, PROSE, RESULTS, SCORE_5, SHARE

_C = "overview"

#: The profile of the organisation computed from the overview's tools (read by later chapters and the report).
PROFILE = "overview.profile"
#: The target position on the CRM strategy matrix.
MATRIX_TARGET = "overview.matrix.target"

FIELDS = [
    Field("overview.continuum.rating_<item>", SCORE_5, _C,
          "Agreement (1-5) with one statement placing the organisation on the CRM continuum.", 3),
    Field("overview.continuum.definition", PROSE, _C, "The team's working definition of CRM today.", ""),
    Field("overview.map.selected", LABEL, _C, "The element of the framework map last opened.", ""),
    Field("overview.matrix.score_<item>", SHARE, _C,
          "Score (0-1) of one indicator placing the organisation on the CRM strategy matrix."),
    Field(MATRIX_TARGET, Choice(tuple(QUADRANTS)), _C, "The strategy-matrix quadrant the team aims for."),
    Field("overview.matrix.route", Choice((0, 1)), _C,
          "The route to the target: 0 information first, 1 individualisation first.", 0),
    Field("overview.maturity.met", LABELS, _C, "Maturity criteria the organisation meets.", []),
    Field("overview.maturity.barriers", MapOf(SCORE_5, 50), _C, "Severity (1-5) of each barrier to CRM.", {}),
    Field("overview.implementation.grid", ListOf(ListOf(SCORE_5, 20), 20), _C,
          "Readiness (1-5) of each implementation component, by element."),
    Field(PROFILE, RESULTS, _C, "The organisation's CRM profile computed from the overview's inputs."),
    Field("overview.exercise.<name>.answer", PROSE, _C, "A learner's written answer to an overview exercise.", ""),
    Field("overview.exercise.<name>.choices", ListOf(LABEL, 100), _C,
          "A learner's classification in an overview exercise.", []),
    Field("overview.target", Choice(tuple(QUADRANTS)), _C, "Target position chosen in the target exercise."),
]
