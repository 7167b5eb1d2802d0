"""CRM scenarios: customer equity and the return on the CRM investment, base against plan.

A scenario states the few assumptions that drive customer equity (Blattberg & Deighton 1996; Gupta, Lehmann &
Stuart 2004): retention, margin, acquisition cost and cohort size, the discount rate, plus what the CRM plan
costs and saves (a one-off investment, a running cost, the cost-to-serve saving from channel migration). The
return on the CRM investment is the change in customer equity against the incremental spend, both in present
value (Rust, Lemon & Zeithaml 2004).
"""
import math
from dataclasses import asdict, dataclass, fields, replace

import pandas as pd

from ..errors import DataValidationError
from ..value import customer_equity

__all__ = ["Scenario", "ScenarioResult", "compare_scenarios", "evaluate_scenario", "scenario_tornado"]

#: Assumptions that the tornado varies, with the direction that improves equity.
DRIVERS = {"retention": "retention rate", "margin": "margin per period", "acquisition_cost": "acquisition cost",
           "cohort_size": "new customers per period", "discount": "discount rate",
           "cost_to_serve_saving": "cost-to-serve saving"}
_BOUNDS = {"retention": (0, 0.99), "margin": (0, 1e7), "acquisition_cost": (0, 1e7), "cohort_size": (0, 1e9),
           "discount": (0.001, 1), "cost_to_serve_saving": (0, 1e10), "investment": (0, 1e12),
           "running_cost": (0, 1e10), "periods": (1, 50)}


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

    def __post_init__(self):
        for name, (low, high) in _BOUNDS.items():
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
                raise DataValidationError(f"Scenario {self.name!r}: {name} = {value!r} must be a number from "
                                          f"{low:g} to {high:g}.", column=name)

    def to_dict(self):
        """Plain data, as the workbook stores it."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data):
        """The scenario saved as ``data`` (unknown fields ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


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
    spend = s.investment + _annuity(s.running_cost, s.discount, s.periods)
    return ScenarioResult(s, equity["current"], equity["future"], savings, spend)


def _current_value(base, scenario, base_current):
    """Today's customers valued under ``scenario``: the base value scaled by margin and by expected lifetime.

    A customer's value is proportional to the margin and, for a constant retention rate r and discount rate d,
    to (1 + d) / (1 + d - r); the ratio of these factors carries the base value over to the scenario.
    """
    def factor(s):
        return s.margin * (1 + s.discount) / (1 + s.discount - s.retention)
    return base_current * factor(scenario) / factor(base) if factor(base) else 0.0


def compare_scenarios(base, plan, base_current_clv):
    """Base against plan: equity, savings, spend, and the return on the CRM investment.

    Returns
    -------
    pandas.DataFrame
        Rows ``today's customers``, ``future cohorts``, ``customer equity``, ``cost-to-serve savings``,
        ``CRM spend``, ``value to the firm``; columns ``base``, ``plan``, ``change``. ``attrs["roi"]`` is the
        return on the incremental CRM spend, (change in equity + change in savings - change in spend) divided by
        the change in spend (None when the plan spends no more than the base).
    """
    b = evaluate_scenario(base, base_current_clv)
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
