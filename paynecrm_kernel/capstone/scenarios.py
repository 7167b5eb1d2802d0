"""CRM scenarios: customer equity and the return on the CRM investment, base against plan.

A scenario states the few assumptions that drive customer equity (Blattberg & Deighton 1996; Gupta, Lehmann &
Stuart 2004): retention, margin, acquisition cost and cohort size, the discount rate, plus what the CRM plan
costs and saves (a one-off investment, a running cost, the cost-to-serve saving from channel migration). The
return on the CRM investment is the change in customer equity against the incremental spend, both in present
value (Rust, Lemon & Zeithaml 2004).

It also carries the levers of the five processes that are choices rather than numbers: the target position on
the CRM strategy matrix and the granularity (strategy), the priority segments and the proposition launched to
them (value), the acquisition and retention budgets, the data and IT investments (information) and the KPI
targets (performance). What each does to the figures is stated where it acts: the priority segments in
:mod:`.segments`, the budgets and investments in :func:`evaluate_scenario`, the position and the budgets'
consistency in :mod:`.checks`.
"""
import math
from dataclasses import asdict, dataclass, field, fields, replace

import pandas as pd

from ..errors import DataValidationError
from ..framework.strategy_matrix import QUADRANTS
from ..performance.kpi import KPI_CATALOGUE
from ..strategy.matrix import GRANULARITY_LEVELS
from ..value import customer_equity
from .segments import lifetime_factor, segment_values_under

__all__ = ["Scenario", "ScenarioResult", "compare_scenarios", "evaluate_scenario", "scenario_tornado"]

#: Assumptions that the tornado varies, with the direction that improves equity.
DRIVERS = {"retention": "retention rate", "margin": "margin per period", "acquisition_cost": "acquisition cost",
           "cohort_size": "new customers per period", "discount": "discount rate",
           "cost_to_serve_saving": "cost-to-serve saving"}
_BOUNDS = {"retention": (0, 0.99), "margin": (0, 1e7), "acquisition_cost": (0, 1e7), "cohort_size": (0, 1e9),
           "discount": (0.001, 1), "cost_to_serve_saving": (0, 1e10), "investment": (0, 1e12),
           "running_cost": (0, 1e10), "periods": (1, 50), "acquisition_budget": (0, 1e10),
           "retention_budget": (0, 1e10), "data_investment": (0, 1e12), "it_investment": (0, 1e12)}
_KPI_KEYS = {k.key for k in KPI_CATALOGUE}


@dataclass(frozen=True)
class Scenario:
    """The assumptions of one scenario; money per period in the workbook's currency.

    Parameters
    ----------
    name : str
    retention : float
        Share of customers kept from one period to the next (0 to 0.99).
    margin : float
        Margin per customer per period.
    acquisition_cost : float
        Cost of acquiring one new customer.
    cohort_size : float
        New customers acquired per period.
    discount : float
        Discount rate per period.
    cost_to_serve_saving : float
        Saving per period from serving customers through cheaper channels.
    investment : float
        One-off CRM investment at the start (data, IT, programmes).
    running_cost : float
        Incremental cost per period of running the plan.
    periods : int
        Horizon in periods: future cohorts counted and years of savings and running costs.
    target_quadrant : str or None
        Strategy: the position on the CRM strategy matrix the plan aims for (checked against the other levers in
        :func:`~.checks.plan_checks`; it sets no figure by itself).
    granularity : {"macro", "micro", "one-to-one"} or None
        Strategy: how finely the plan treats customers (with the strategy chapter's information rating, it
        places the plan on the matrix).
    priority_segments : tuple of str
        Value: the segments of record the plan aims at. The plan's retention and margin apply to them only
        (every segment when empty); see :func:`~.segments.segment_values_under`.
    offer : dict
        Value: the proposition launched to the priority segments (level per attribute, from the value
        chapter's simulator). Recorded and reported; its effect on the figures is the retention and margin
        the team sets for the priority segments.
    acquisition_budget : float
        Spend per period on winning new customers. Future cohorts are already valued net of cohort size times
        acquisition cost, so the budget is not counted again; it is checked against them.
    retention_budget : float
        Extra spend per period on keeping customers (loyalty, service recovery): counted in the spend.
    data_investment, it_investment : float
        One-off investments in data (quality, single customer view) and in systems: counted in the spend.
    kpi_targets : dict
        Performance: target value of KPIs of the performance chapter's catalogue, by KPI key.
    """

    name: str
    retention: float
    margin: float
    acquisition_cost: float
    cohort_size: float
    discount: float
    cost_to_serve_saving: float = 0.0
    investment: float = 0.0
    running_cost: float = 0.0
    periods: int = 10
    target_quadrant: object = None
    granularity: object = None
    priority_segments: tuple = ()
    offer: dict = field(default_factory=dict)
    acquisition_budget: float = 0.0
    retention_budget: float = 0.0
    data_investment: float = 0.0
    it_investment: float = 0.0
    kpi_targets: dict = field(default_factory=dict)

    __hash__ = None                     # holds mappings (offer, KPI targets): compared, never hashed

    def __post_init__(self):
        for name, (low, high) in _BOUNDS.items():
            value = getattr(self, name)
            if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                    or not low <= value <= high):
                raise DataValidationError(f"Scenario {self.name!r}: {name} = {value!r} must be a number from "
                                          f"{low:g} to {high:g}.", column=name)
        for name, allowed in (("target_quadrant", QUADRANTS), ("granularity", GRANULARITY_LEVELS)):
            value = getattr(self, name)
            if value is not None and value not in allowed:
                raise DataValidationError(f"Scenario {self.name!r}: {name} = {value!r} must be one of "
                                          f"{', '.join(allowed)}.", column=name)
        if isinstance(self.priority_segments, str) or not all(isinstance(s, str) for s in self.priority_segments):
            raise DataValidationError(f"Scenario {self.name!r}: priority_segments must be a list of segment "
                                      "names.", column="priority_segments")
        object.__setattr__(self, "priority_segments", tuple(self.priority_segments))
        object.__setattr__(self, "offer", {str(k): str(v) for k, v in dict(self.offer or {}).items()})
        targets = dict(self.kpi_targets or {})
        unknown = sorted(set(targets) - _KPI_KEYS)
        if unknown:
            raise DataValidationError(f"Scenario {self.name!r}: kpi_targets names no KPI {', '.join(unknown)} of the performance "
                                      f"chapter's catalogue; KPIs: {', '.join(sorted(_KPI_KEYS))}.",
                                      column="kpi_targets")
        for key, value in targets.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise DataValidationError(f"Scenario {self.name!r}: kpi_targets gives KPI {key} the target {value!r}; give "
                                          "a finite number.", column="kpi_targets")
        object.__setattr__(self, "kpi_targets", {k: float(v) for k, v in targets.items()})

    def to_dict(self):
        """Plain data, as the workbook stores it (unset choices left out)."""
        data = asdict(self)
        data["priority_segments"] = list(self.priority_segments)
        return {k: v for k, v in data.items() if v is not None}

    @classmethod
    def from_dict(cls, data):
        """The scenario saved as ``data`` (unknown fields ignored; fields it lacks take their defaults)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names and v is not None})

    @property
    def one_off_spend(self):
        """The plan's one-off spend: programme investment plus data and IT investments."""
        return self.investment + self.data_investment + self.it_investment

    @property
    def spend_per_period(self):
        """The plan's spend each period: running cost plus the retention budget."""
        return self.running_cost + self.retention_budget


@dataclass(frozen=True)
class ScenarioResult:
    """Customer equity of a scenario and what its plan costs and saves, all in present value."""

    scenario: Scenario
    current: float
    future: float
    savings: float
    spend: float

    @property
    def equity(self):
        """Customer equity: today's customers plus future cohorts net of acquisition cost."""
        return self.current + self.future

    @property
    def value(self):
        """Equity plus the savings, less the plan's spend: what the scenario is worth to the firm."""
        return self.equity + self.savings - self.spend


def _annuity(amount, rate, periods):
    """Present value of ``amount`` at the end of each of ``periods`` periods."""
    return amount * (1 - (1 + rate) ** -periods) / rate


def evaluate_scenario(scenario, current_clv):
    """Customer equity, savings and spend of ``scenario`` in present value.

    The spend is the one-off spend (:attr:`Scenario.one_off_spend`: investment, data and IT) now plus the
    present value of the spend per period (:attr:`Scenario.spend_per_period`: running cost and retention
    budget) over the horizon. The acquisition budget is not added: future cohorts are valued net of their
    acquisition cost already.

    Parameters
    ----------
    scenario : Scenario
    current_clv : float
        Value of today's customers under this scenario's assumptions (:func:`compare_scenarios` derives it
        from the base value for a plan).
    """
    s = scenario
    equity = customer_equity(current_clv, cohort_size=s.cohort_size, margin=s.margin, retention=s.retention,
                             discount=s.discount, acquisition_cost=s.acquisition_cost, periods=s.periods)
    savings = _annuity(s.cost_to_serve_saving, s.discount, s.periods)
    spend = s.one_off_spend + _annuity(s.spend_per_period, s.discount, s.periods)
    return ScenarioResult(s, equity["current"], equity["future"], savings, spend)


def _current_value(base, scenario, base_current):
    """Today's customers valued under ``scenario``: the base value scaled by margin and by expected lifetime.

    A customer's value is proportional to the margin and, for a constant retention rate r and discount rate d,
    to (1 + d) / (1 + d - r); the ratio of these factors carries the base value over to the scenario. Given
    segment values (a mapping), only the scenario's priority segments are carried over (all when it names
    none): :func:`~.segments.segment_values_under`.
    """
    if isinstance(base_current, dict):
        return float(segment_values_under(scenario, base, base_current)["plan"].sum())
    return base_current * lifetime_factor(scenario) / lifetime_factor(base) if lifetime_factor(base) else 0.0


def _total(base_current):
    return float(sum(base_current.values())) if isinstance(base_current, dict) else base_current


def compare_scenarios(base, plan, base_current_clv):
    """Base against plan: equity, savings, spend, and the return on the CRM investment.

    Parameters
    ----------
    base, plan : Scenario
    base_current_clv : float or dict
        Value of today's customers in the base: a total, or the value of each segment of record (then the plan's
        retention and margin reach its priority segments only).

    Returns
    -------
    pandas.DataFrame
        Rows ``today's customers``, ``future cohorts``, ``customer equity``, ``cost-to-serve savings``,
        ``CRM spend``, ``value to the firm``; columns ``base``, ``plan``, ``change``. ``attrs["roi"]`` is the
        return on the incremental CRM spend, (change in equity + change in savings - change in spend) divided by
        the change in spend (None when the plan spends no more than the base).
    """
    if isinstance(base_current_clv, dict):
        base_current_clv = {str(k): float(v) for k, v in base_current_clv.items()}
    b = evaluate_scenario(base, _total(base_current_clv))
    p = evaluate_scenario(plan, _current_value(base, plan, base_current_clv))
    rows = {"today's customers": (b.current, p.current), "future cohorts": (b.future, p.future),
            "customer equity": (b.equity, p.equity), "cost-to-serve savings": (b.savings, p.savings),
            "CRM spend": (b.spend, p.spend), "value to the firm": (b.value, p.value)}
    table = pd.DataFrame(rows, index=["base", "plan"]).T
    table["change"] = table["plan"] - table["base"]
    extra = p.spend - b.spend
    table.attrs["roi"] = float(table.loc["value to the firm", "change"] / extra) if extra > 0 else None
    return table


def scenario_tornado(base, plan, base_current_clv, swing=0.10):
    """How much the plan's value to the firm moves when each assumption is ``swing`` worse or better.

    ``base_current_clv`` is a total or segment values, as for :func:`compare_scenarios`.

    Returns
    -------
    pandas.DataFrame
        One row per driver (:data:`DRIVERS`): ``low`` and ``high`` value to the firm, and ``range``; largest
        range first.
    """
    rows = {}
    for name, label in DRIVERS.items():
        values = []
        for factor in (1 - swing, 1 + swing):
            bounded = min(max(getattr(plan, name) * factor, _BOUNDS[name][0]), _BOUNDS[name][1])
            varied = replace(plan, **{name: bounded})
            values.append(compare_scenarios(base, varied, base_current_clv).loc["value to the firm", "plan"])
        rows[label] = (min(values), max(values))
    table = pd.DataFrame(rows, index=["low", "high"]).T
    table["range"] = table["high"] - table["low"]
    return table.sort_values("range", ascending=False)
