"""Keys of chapter 06, the capstone: scenarios of the whole CRM plan and the roadmap's owners and KPIs."""
from ...framework.strategy_matrix import QUADRANTS
from ...strategy.matrix import GRANULARITY_LEVELS
from ..schema import Choice, Field, ListOf, MapOf, Number, Record
from ._kinds import DISCOUNT, LABEL, MONEY, PROSE, SHARE

_C = "capstone"

#: Scenarios, one key per scenario name (``capstone.scenarios.base``, ``capstone.scenarios.plan`` ...).
SCENARIOS = "capstone.scenarios"
#: Who owns each process's phase of the roadmap (process key -> one of :data:`OWNERS`).
ROADMAP_OWNERS = "capstone.roadmap.owners"
#: The KPI that tracks each process's phase of the roadmap (process key -> KPI key of the performance chapter).
ROADMAP_KPIS = "capstone.roadmap.kpis"

#: The owners a roadmap phase can be given.
OWNERS = ("CRM steering group", "Marketing", "Sales", "Customer service", "IT", "Finance", "Operations",
          "Human resources")

_BIG_MONEY = Number(0, 1e12)
# Fields after ``periods`` were added with the five processes' levers; a scenario saved before has none of them,
# and reads with their defaults (no target position, every segment, no budgets, no KPI targets).
_SCENARIO = Record({"name": LABEL, "retention": Number(0, 0.99), "margin": MONEY, "acquisition_cost": MONEY,
                    "cohort_size": Number(0, 1e9), "discount": DISCOUNT, "cost_to_serve_saving": MONEY,
                    "investment": _BIG_MONEY, "running_cost": MONEY, "periods": Number(1, 50, integer=True),
                    "target_quadrant": Choice(tuple(QUADRANTS)), "granularity": Choice(tuple(GRANULARITY_LEVELS)),
                    "priority_segments": ListOf(LABEL, 500), "offer": MapOf(LABEL, 30),
                    "acquisition_budget": MONEY, "retention_budget": MONEY, "data_investment": _BIG_MONEY,
                    "it_investment": _BIG_MONEY, "kpi_targets": MapOf(Number(-1e12, 1e12), 100)},
                   required=("name", "retention", "margin", "acquisition_cost", "cohort_size", "discount"))

FIELDS = [
    Field(SCENARIOS + ".<name>", _SCENARIO, _C,
          "A scenario of the CRM plan: retention, margin ($), acquisition cost ($), cohort size, discount rate, "
          "cost-to-serve saving ($), investment ($), running cost ($), horizon, target strategy-matrix position, "
          "granularity, priority segments, proposition, acquisition and retention budgets ($), data and IT "
          "investments ($) and KPI targets."),
    Field(ROADMAP_OWNERS, MapOf(Choice(OWNERS), 10), _C, "Owner of each process's phase of the roadmap."),
    Field(ROADMAP_KPIS, MapOf(LABEL, 10), _C, "KPI (performance chapter's key) tracking each process's phase."),
    Field("capstone.exercise.<name>.answer", PROSE, _C, "A learner's written answer to a capstone exercise.", ""),
    Field("capstone.swing", SHARE, _C, "How far each assumption is moved in the sensitivity chart.", 0.1),
]
