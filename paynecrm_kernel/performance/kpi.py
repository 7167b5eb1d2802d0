"""The KPI catalogue and tree: from shareholder value down to KPIs for each of the five processes.

Each :class:`KPI` says which process it monitors, its balanced-scorecard perspective (Kaplan & Norton:
financial, customer, internal process, learning and growth), the shareholder-results block it feeds (Payne &
Frow's Handbook: employee value, customer value, shareholder value, cost reduction), its unit and which way is
better, and where its value comes from: a function of named inputs (tables or results of other chapters)
or, where nothing computes it, a typed figure. The example targets are the workbook's, for the sample
company; a firm sets its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd

from ..errors import DataValidationError
from ..theme import PROCESS_NAMES
from . import kpi_measures as M

__all__ = ["KPI", "KPI_CATALOGUE", "PERSPECTIVES", "BLOCKS", "kpi_tree", "kpi_values", "kpi_catalogue_table"]

PERSPECTIVES = ("financial", "customer", "internal process", "learning and growth")
BLOCKS = ("employee value", "customer value", "shareholder value", "cost reduction")
DIRECTIONS = ("higher", "lower")


@dataclass(frozen=True)
class KPI:
    """A key performance indicator and where its value comes from.

    Attributes
    ----------
    key, name : str
        Identifier and display name.
    process : str
        One of the five process keys (``strategy``, ``value``, ``channels``, ``information``, ``performance``).
    perspective : str
        Balanced-scorecard perspective, one of :data:`PERSPECTIVES`.
    block : str
        Shareholder-results block it feeds, one of :data:`BLOCKS`.
    unit : str
        Unit of the value, with its time unit where it has one.
    direction : {"higher", "lower"}
        Which way is better.
    source : str
        The chapter and function that compute it, or "typed".
    inputs : tuple of str
        Names of the inputs ``compute`` needs.
    compute : callable, optional
        ``compute(**inputs) -> float``; None for a typed KPI.
    target, tolerance : float
        The example standard (see :mod:`.scorecard`).
    """

    key: str
    name: str
    process: str
    perspective: str
    block: str
    unit: str
    direction: str
    source: str
    inputs: tuple = ()
    compute: Callable = field(default=None, repr=False, compare=False)
    target: float = None
    tolerance: float = 0.0

    def __post_init__(self):
        for attribute, allowed in (("process", tuple(PROCESS_NAMES)), ("perspective", PERSPECTIVES),
                                   ("block", BLOCKS), ("direction", DIRECTIONS)):
            if getattr(self, attribute) not in allowed:
                raise DataValidationError(f"KPI '{self.key}': {attribute} {getattr(self, attribute)!r} is not one "
                                          f"of {allowed}.")

    @property
    def typed(self):
        """True when no function computes the KPI: its value is entered."""
        return self.compute is None

    def value(self, inputs):
        """Compute the KPI from ``inputs`` (a mapping with every name in :attr:`inputs`)."""
        missing = [name for name in self.inputs if name not in inputs]
        if self.typed or missing:
            raise DataValidationError(f"KPI '{self.name}' needs {'a typed value' if self.typed else missing}.")
        return float(self.compute(**{name: inputs[name] for name in self.inputs}))


def _k(key, name, process, perspective, block, unit, direction, source, inputs=(), compute=None, target=None,
       tolerance=0.0):
    return KPI(key, name, process, perspective, block, unit, direction, source, tuple(inputs), compute, target,
               tolerance)


#: The workbook's KPI catalogue for the sample company (targets and tolerances are illustrative).
KPI_CATALOGUE = (
    _k("target_revenue_share", "Revenue share from target segments", "strategy", "financial", "shareholder value",
       "% of revenue", "higher", "strategy chapter: performance.kpi_measures.target_revenue_share",
       ("transactions", "customers", "target_segments"), M.target_revenue_share, 60.0, 5.0),
    _k("segment_penetration", "Penetration of target segments", "strategy", "customer", "customer value",
       "% of the segments' market", "higher", "typed", target=12.0, tolerance=2.0),
    _k("mean_clv", "Mean customer lifetime value", "value", "financial", "shareholder value",
       "$ per customer (12 months, 30 % margin)", "higher", "value chapter: value.segment_lifetime_value",
       ("segment_value",), M.mean_segment_clv, 70.0, 10.0),
    _k("cac", "Customer acquisition cost", "value", "financial", "shareholder value", "$ per customer acquired",
       "lower", "value chapter: campaigns (value.acquisition_costs)", ("campaigns",), M.customer_acquisition_cost,
       45.0, 10.0),
    _k("contract_retention", "Care-plan retention", "value", "customer", "customer value", "% per month",
       "higher", "value chapter: subscriptions", ("subscriptions",), M.contract_retention, 85.0, 3.0),
    _k("cost_to_serve", "Cost to serve per purchase", "channels", "internal process", "cost reduction",
       "$ of contact cost per purchase", "lower", "channel chapter: interactions x channel unit costs",
       ("interactions", "channels"), M.cost_to_serve, 30.0, 5.0),
    _k("first_contact_resolution", "First-contact resolution", "channels", "internal process", "customer value",
       "% of service contacts", "higher", "channel chapter: interactions", ("interactions",),
       M.first_contact_resolution, 85.0, 5.0),
    _k("channel_consistency", "Cross-channel consistency score", "channels", "customer", "customer value",
       "score 1-7", "higher", "typed", target=5.5, tolerance=0.5),
    _k("scv_coverage", "Single-customer-view coverage", "information", "learning and growth", "customer value",
       "% of contacts linked to a customer", "higher", "information chapter: interactions.identified",
       ("interactions",), M.single_customer_view_coverage, 95.0, 5.0),
    _k("data_quality", "Data-quality index", "information", "learning and growth", "cost reduction",
       "% (completeness, uniqueness, validity)", "higher", "information chapter: customers and transactions",
       ("customers", "transactions"), M.data_quality_index, 98.0, 2.0),
    _k("clv_holdout_error", "CLV model holdout error", "information", "learning and growth", "shareholder value",
       "% of actual repeat purchases", "lower", "value chapter: segment models' holdout check",
       ("segment_value",), M.clv_holdout_error, 10.0, 5.0),
    _k("nps", "Net Promoter Score", "performance", "customer", "customer value", "points (-100 to 100)",
       "higher", "performance chapter: performance.nps", ("surveys",), M.net_promoter_score, 10.0, 10.0),
    _k("customer_satisfaction", "Customer satisfaction", "performance", "customer", "customer value",
       "mean score 1-7", "higher", "performance chapter: surveys",
       ("surveys",), lambda surveys: M.mean_rating(surveys, "satisfaction", "survey responses"), 5.5, 0.5),
    _k("employee_satisfaction", "Employee satisfaction", "performance", "learning and growth", "employee value",
       "mean score 1-7 across stores", "higher", "performance chapter: employee_units",
       ("employee_units",), lambda employee_units: M.mean_rating(employee_units, "employee_satisfaction",
                                                                 "store table"), 5.4, 0.3),
    _k("employee_turnover", "Employee turnover", "performance", "learning and growth", "employee value",
       "% per year, mean across stores", "lower", "performance chapter: employee_units",
       ("employee_units",), lambda employee_units: M.mean_rating(employee_units, "employee_turnover",
                                                                 "store table"), 25.0, 5.0),
    _k("customer_equity", "Customer equity", "performance", "financial", "shareholder value", "$ (present value)",
       "higher", "performance chapter: customer equity (value.customer_equity)", ("customer_equity",),
       lambda customer_equity: float(customer_equity), 1_000_000.0, 150_000.0),
)


def kpi_catalogue_table(catalogue=KPI_CATALOGUE):
    """The catalogue as a DataFrame (one row per KPI, indexed by key), without the compute functions."""
    return pd.DataFrame([{"key": k.key, "name": k.name, "process": k.process, "process_name": PROCESS_NAMES[k.process],
                          "perspective": k.perspective, "block": k.block, "unit": k.unit, "direction": k.direction,
                          "source": k.source, "inputs": ", ".join(k.inputs), "typed": k.typed, "target": k.target,
                          "tolerance": k.tolerance} for k in catalogue]).set_index("key")


def kpi_tree(catalogue=KPI_CATALOGUE, by="process"):
    """The KPI tree: shareholder value at the root, then processes (or blocks, or perspectives), then KPIs.

    Parameters
    ----------
    catalogue : sequence of KPI
    by : {"process", "block", "perspective"}
        The middle level.

    Returns
    -------
    pandas.DataFrame
        One row per node: ``node``, ``parent`` (None at the root), ``level`` (0-2), ``label``, and for KPI
        leaves their ``process``, ``perspective`` and ``block``.
    """
    if by not in ("process", "block", "perspective"):
        raise DataValidationError(f"by must be 'process', 'block' or 'perspective', not {by!r}.")
    labels = {"process": dict(PROCESS_NAMES), "block": {b: b.capitalize() for b in BLOCKS},
              "perspective": {p: p.capitalize() for p in PERSPECTIVES}}[by]
    rows = [{"node": "shareholder_value", "parent": None, "level": 0,
             "label": "Shareholder value (customer equity and cost reduction)"}]
    rows += [{"node": f"{by}:{key}", "parent": "shareholder_value", "level": 1, "label": label}
             for key, label in labels.items()]
    rows += [{"node": k.key, "parent": f"{by}:{getattr(k, by)}", "level": 2, "label": k.name, "process": k.process,
              "perspective": k.perspective, "block": k.block} for k in catalogue]
    return pd.DataFrame(rows)


def kpi_values(inputs=None, typed=None, catalogue=KPI_CATALOGUE):
    """Value of every KPI: computed from ``inputs`` where possible, else typed, else not measured.

    Parameters
    ----------
    inputs : mapping, optional
        Named inputs (tables, results, figures), e.g. ``{"surveys": company.surveys, ...}``.
    typed : mapping, optional
        ``{kpi key: value}`` for KPIs that nothing computes (a typed value also overrides a computed one).
    catalogue : sequence of KPI

    Returns
    -------
    pandas.DataFrame
        Indexed by KPI key: ``value`` and ``origin`` ("computed", "typed" or "not measured: ..." with the
        missing inputs).
    """
    inputs, typed = dict(inputs or {}), dict(typed or {})
    keys = {k.key for k in catalogue}
    unknown = sorted(set(typed) - keys)
    if unknown:
        raise DataValidationError(f"Typed value(s) for unknown KPI(s) {unknown}; KPIs: {sorted(keys)}.")
    rows = {}
    for kpi in catalogue:
        if kpi.key in typed:
            try:
                value = float(typed[kpi.key])
            except (TypeError, ValueError):
                raise DataValidationError(f"The typed value of '{kpi.name}' must be a number, not "
                                          f"{typed[kpi.key]!r}.") from None
            rows[kpi.key] = {"value": value, "origin": "typed"}
            continue
        missing = [name for name in kpi.inputs if name not in inputs]
        if kpi.typed or missing:
            reason = "type a value" if kpi.typed else f"needs {', '.join(missing)}"
            rows[kpi.key] = {"value": None, "origin": f"not measured: {reason}"}
        else:
            rows[kpi.key] = {"value": kpi.value(inputs), "origin": "computed"}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["value"] = table["value"].astype(float)
    return table
