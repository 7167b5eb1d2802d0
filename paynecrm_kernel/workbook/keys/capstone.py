"""Keys of chapter 06, the capstone: scenarios of the whole CRM plan."""
from ..schema import Field, Number, Record
from ._kinds import DISCOUNT, LABEL, MONEY, PROSE, SHARE

_C = "capstone"

#: Scenarios, one key per scenario name (``capstone.scenarios.base``, ``capstone.scenarios.plan`` ...).
SCENARIOS = "capstone.scenarios"

_SCENARIO = Record({"name": LABEL, "retention": Number(0, 0.99), "margin": MONEY, "acquisition_cost": MONEY,
                    "cohort_size": Number(0, 1e9), "discount": DISCOUNT, "cost_to_serve_saving": MONEY,
                    "investment": Number(0, 1e12), "running_cost": MONEY, "periods": Number(1, 50, integer=True)},
                   required=("name", "retention", "margin", "acquisition_cost", "cohort_size", "discount"))

FIELDS = [
    Field(SCENARIOS + ".<name>", _SCENARIO, _C,
          "A scenario of the CRM plan: retention, margin ($), acquisition cost ($), cohort size, discount rate, "
          "cost-to-serve saving ($), investment ($), running cost ($) and horizon."),
    Field("capstone.exercise.<name>.answer", PROSE, _C, "A learner's written answer to a capstone exercise.", ""),
    Field("capstone.swing", SHARE, _C, "How far each assumption is moved in the sensitivity chart.", 0.1),
]
