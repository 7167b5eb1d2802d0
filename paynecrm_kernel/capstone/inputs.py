"""The scenarios' starting point, taken from what the earlier chapters saved in the workbook."""
from dataclasses import dataclass, replace

from ..framework.strategy_matrix import QUADRANTS
from ..workbook.keys import capstone as keys
from ..workbook.keys import channels as channel_keys
from ..workbook.keys import overview as overview_keys
from ..workbook.keys import performance as performance_keys
from ..workbook.keys import strategy as strategy_keys
from .scenarios import Scenario

__all__ = ["LeverContext", "STARTING_ASSUMPTIONS", "base_inputs", "lever_context", "load_scenario", "plan_defaults",
           "save_scenario", "segment_values_of_record"]

_SEGMENT_VALUES = "value.decisions.clv_by_segment"

#: Assumptions used when the value chapter's customer-equity tool saved none (its own starting values).
STARTING_ASSUMPTIONS = {"retention": 0.6, "margin": 60.0, "acquisition_cost": 40.0, "cohort_size": 2500.0,
                        "discount": 0.10}
_EQUITY_INPUTS = {"retention": "value.equity.retention", "margin": "value.equity.margin",
                  "acquisition_cost": "value.equity.acquisition_cost", "cohort_size": "value.equity.cohort_size",
                  "discount": "value.equity.discount"}


def base_inputs(workbook):
    """The base scenario, the value of today's customers, and notes on where each came from.

    Today's customers are valued at the total of the value chapter's segment values
    (``value.decisions.clv_by_segment``); the other assumptions are the customer-equity tool's inputs
    (``value.equity.*``), or :data:`STARTING_ASSUMPTIONS` where it saved none.

    Returns
    -------
    (Scenario, float, list of str)
    """
    notes = []
    assumed = {}
    for name, key in _EQUITY_INPUTS.items():
        saved = workbook.get(key)
        assumed[name] = float(saved) if saved is not None else STARTING_ASSUMPTIONS[name]
    if any(workbook.get(key) is None for key in _EQUITY_INPUTS.values()):
        notes.append("Some assumptions are the value chapter's starting values: the team has not set them in its "
                     "customer-equity tool.")
    values = workbook.get(_SEGMENT_VALUES)
    if values:
        current = float(sum(values.values()))
    else:
        current = 0.0
        notes.append("Today's customers count as nothing: the value chapter has not saved segment values yet.")
    saved = workbook.get(f"{keys.SCENARIOS}.base")
    base = Scenario.from_dict(saved) if saved else Scenario("base", **assumed)
    return base, current, notes


def load_scenario(workbook, name, fallback):
    """The scenario saved under ``name``, or ``fallback`` renamed to ``name``."""
    saved = workbook.get(f"{keys.SCENARIOS}.{name}")
    if saved:
        return Scenario.from_dict(saved)
    return Scenario.from_dict(dict(fallback.to_dict(), name=name))


def save_scenario(workbook, scenario):
    """Save ``scenario`` under its name."""
    workbook.set(f"{keys.SCENARIOS}.{scenario.name}", scenario.to_dict())


def segment_values_of_record(workbook):
    """The value of each segment of record today (``value.decisions.clv_by_segment``), or {} when unsaved."""
    return {str(k): float(v) for k, v in (workbook.get(_SEGMENT_VALUES) or {}).items()}


@dataclass(frozen=True)
class LeverContext:
    """What the earlier chapters saved that the plan's levers start from or are checked against.

    Attributes
    ----------
    segment_values : dict
        Segment of record -> its value today (value chapter).
    quadrant_now : str or None
        The strategy-matrix quadrant the strategy chapter's granularity implies (or the overview's placement).
    target_quadrant : str or None
        The target the overview chose.
    granularity : str or None
        The strategy chapter's granularity.
    information : float or None
        The strategy chapter's rating of customer information (0-1).
    offer : dict
        The value chapter's chosen offer (level per attribute); ``offer_share`` its preference share.
    offer_share : float or None
    channel_saving : float or None
        The channel chapter's projected saving in cost to serve ($ a year), from its migration plan.
    kpi_standards : dict
        KPI key -> the performance chapter's target (its saved scorecard).
    kpi_status : dict
        KPI key -> the performance chapter's red/amber/green status now.
    retention_ceiling : float or None
        Ceiling of the value chapter's retention response curve (``value.budget.r_max``).
    """

    segment_values: dict
    quadrant_now: object
    target_quadrant: object
    granularity: object
    information: object
    offer: dict
    offer_share: object
    channel_saving: object
    kpi_standards: dict
    kpi_status: dict
    retention_ceiling: object


def lever_context(workbook):
    """Read the earlier chapters' decisions that the scenario levers use (see :class:`LeverContext`)."""
    profile = workbook.get(overview_keys.PROFILE) or {}
    target = workbook.get(overview_keys.MATRIX_TARGET) or (profile.get("matrix_target")
                                                           if isinstance(profile, dict) else None)
    now = workbook.get(strategy_keys.DECISION_QUADRANT) or (profile.get("matrix_quadrant")
                                                            if isinstance(profile, dict) else None)
    projected = workbook.get(channel_keys.DECISION_PROJECTED) or {}
    change = projected.get("cost_change")
    saving = max(-float(change), 0.0) if isinstance(change, (int, float)) else None
    scorecard = workbook.get(performance_keys.DECISION_SCORECARD) or {}
    information = workbook.get(strategy_keys.INFORMATION)
    ceiling = workbook.get("value.budget.r_max")
    return LeverContext(
        segment_values=segment_values_of_record(workbook),
        quadrant_now=now if now in QUADRANTS else None, target_quadrant=target if target in QUADRANTS else None,
        granularity=workbook.get(strategy_keys.DECISION_GRANULARITY),
        information=None if information is None else float(information),
        offer=dict(workbook.get("value.decisions.offer") or {}), offer_share=workbook.get(
            "value.decisions.offer_share"),
        channel_saving=saving, kpi_standards={k: float(v["target"]) for k, v in scorecard.items()},
        kpi_status=dict(workbook.get(performance_keys.DECISION_STATUS) or {}),
        retention_ceiling=None if ceiling is None else float(ceiling))


def plan_defaults(base, context):
    """The plan a team starts from: the base, with the levers the earlier chapters already decided.

    The target position is the overview's, the granularity the strategy chapter's, the cost-to-serve saving
    the channel chapter's migration plan, and the KPI targets the performance chapter's standards. Nothing else
    changes: the plan starts worth what the base is worth, plus the channel saving.

    Parameters
    ----------
    base : Scenario
    context : LeverContext

    Returns
    -------
    Scenario
        Named ``"plan"``.
    """
    changes = {"name": "plan", "target_quadrant": context.target_quadrant or context.quadrant_now,
               "granularity": context.granularity, "kpi_targets": dict(context.kpi_standards)}
    if context.channel_saving is not None:
        changes["cost_to_serve_saving"] = context.channel_saving
    return replace(base, **changes)
