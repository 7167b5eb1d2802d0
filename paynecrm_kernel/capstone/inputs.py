"""The scenarios' starting point, taken from what the earlier chapters saved in the workbook."""
from ..workbook.keys import capstone as keys
from .scenarios import Scenario

__all__ = ["STARTING_ASSUMPTIONS", "base_inputs", "load_scenario", "save_scenario"]

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
    values = workbook.get("value.decisions.clv_by_segment")
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
