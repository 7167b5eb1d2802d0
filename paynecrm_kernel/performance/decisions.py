"""The performance chapter's inputs from the workbook, what it reads of earlier chapters, and its decisions.

* :func:`saved_standards` and :func:`saved_typed_values` give the scorecard's standards and typed KPI values as
  edited in the scorecard tool (the catalogue's example standards where nothing was edited);
* :func:`earlier_decisions` reads what the strategy, value and channel chapters saved and says plainly what is
  missing;
* :func:`yearly_cost_saving` takes the cost reduction from the channel chapter's migration plan, or else from
  meeting the cost-to-serve standard;
* :func:`save_performance_decisions` records the scorecard with its targets, the current status of every KPI
  and the projected shareholder results for the capstone report.
"""
from __future__ import annotations

from dataclasses import dataclass
import html
import math

import pandas as pd

from ..errors import DataValidationError
from ..theme import PROCESS_NAMES, format_currency, format_percent
from ..workbook.keys import performance as keys
from .kpi import KPI_CATALOGUE
from ._checks import check_number
from .scorecard import Standard, process_diagnostics, strategy_feedback

__all__ = ["EARLIER_KEYS", "EarlierDecisions", "PerformanceDecisions", "earlier_decisions", "saved_standards",
           "saved_typed_values", "save_performance_decisions", "yearly_cost_saving"]

#: How the projected shareholder results are named for people.
_RESULT_LABELS = {"customer_equity": "Customer equity", "cost_reduction_value": "Value of cost reductions",
                  "operating_value": "Operating value", "shareholder_value": "Shareholder value (customer-based)",
                  "market_capitalisation": "Market capitalisation", "enterprise_value": "Enterprise value",
                  "ce_to_enterprise_value": "Operating value / enterprise value",
                  "ce_to_market_capitalisation": "Operating value / market capitalisation",
                  "leverage_effect": "Leverage effect (% per 1 % of customer equity)"}

#: What the chapter reads from earlier chapters: key -> what it is.
EARLIER_KEYS = {
    "strategy.decisions.granularity": "the segment granularity chosen in the strategy chapter",
    "value.decisions.clv_by_segment": "the lifetime value of each segment from the value chapter",
    "value.equity.result": "customer equity from the value chapter's customer-equity tool",
    "channels.decisions.projected": "the projected change in cost to serve from the channel chapter's migration plan",
}


def saved_standards(workbook, catalogue=KPI_CATALOGUE):
    """Every KPI's standard: the one saved by the scorecard tool, else the catalogue's example.

    Returns
    -------
    dict
        ``{kpi key: Standard}`` for every KPI that has a target.
    """
    edited = (workbook.get(keys.STANDARDS) if workbook is not None else None) or {}
    out = {}
    for kpi in catalogue:
        saved = edited.get(kpi.key)
        if saved is not None:
            out[kpi.key] = Standard(saved["target"], saved["tolerance"], saved["direction"])
        elif kpi.target is not None:
            out[kpi.key] = Standard(kpi.target, kpi.tolerance, kpi.direction)
    return out


def saved_typed_values(workbook):
    """The KPI values typed in the scorecard tool, ``{kpi key: value}`` (empty without a workbook)."""
    return dict((workbook.get(keys.TYPED_VALUES) if workbook is not None else None) or {})


@dataclass(frozen=True)
class EarlierDecisions:
    """What earlier chapters saved (``found``: key -> value) and what is missing (``missing``: key -> what)."""

    found: dict
    missing: dict

    def notes(self):
        """One sentence per missing input, saying what the chapter uses instead."""
        return [f"Not yet in the workbook: {what} ({key}); this chapter uses Hearth & Home's own figures instead."
                for key, what in self.missing.items()]

    def __str__(self):
        lines = [f"Read from the workbook: {EARLIER_KEYS[key]}." for key in self.found]
        return "\n".join(lines + self.notes()) or "Nothing to read."

    def _repr_html_(self):
        return "<br>".join(html.escape(line) for line in str(self).splitlines())


def earlier_decisions(workbook, wanted=EARLIER_KEYS):
    """Read the earlier chapters' decisions that this chapter uses.

    A key the workbook does not declare (its chapter is not part of this workbook yet) or that nothing has saved
    is reported as missing, never guessed.

    Returns
    -------
    EarlierDecisions
    """
    found, missing = {}, {}
    for key, what in wanted.items():
        if workbook is not None and workbook.schema.field(key) is not None and key in workbook:
            found[key] = workbook.get(key)
        else:
            missing[key] = what
    return EarlierDecisions(found, missing)


def yearly_cost_saving(earlier, card, purchases_per_year):
    """The yearly cost reduction to value as a shareholder result, and where it comes from.

    The channel chapter's projected change in cost to serve (``channels.decisions.projected["cost_change"]``, $ a
    year, negative for a saving) when it was saved; otherwise the saving if the cost to serve per purchase came
    down to its standard's target, over ``purchases_per_year`` purchases.

    Parameters
    ----------
    earlier : EarlierDecisions
    card : pandas.DataFrame
        A :func:`~.scorecard.scorecard` with the ``cost_to_serve`` KPI.
    purchases_per_year : float

    Returns
    -------
    tuple of (float, str)
        The saving in $ a year (0 when costs rise or the target is met) and the words naming its source (no
        dollar sign: a notebook page would typeset the text between two of them as maths).
    """
    purchases = check_number("The number of purchases a year", purchases_per_year, 0)
    projected = earlier.found.get("channels.decisions.projected")
    if projected is not None and "cost_change" in projected:
        saving = max(-float(projected["cost_change"]), 0.0)
        return saving, "the channel chapter's migration plan"
    if "cost_to_serve" not in card.index or card.at["cost_to_serve", "value"] != card.at["cost_to_serve", "value"]:
        raise DataValidationError("The scorecard has no measured cost to serve per purchase; give the interactions "
                                  "and channels tables among its inputs, or save the channel chapter's decisions.")
    excess = max(float(card.at["cost_to_serve", "value"] - card.at["cost_to_serve", "target"]), 0.0)
    saving = excess * purchases
    return saving, (f"meeting the cost-to-serve target ({excess:,.2f} dollars less per purchase, on {purchases:,.0f} "
                    "purchases a year)")


@dataclass(frozen=True)
class PerformanceDecisions:
    """The chapter's saved decisions (see :func:`save_performance_decisions`)."""

    scorecard: dict
    status: dict
    projected: dict
    furthest_process: str
    feedback: str

    def rows(self):
        """The decisions as (item, value) pairs for people: money with separators, ratios as percentages."""
        counts = pd.Series(self.status).value_counts()
        rows = [("KPIs with a standard", str(len(self.scorecard))),
                ("Status now", ", ".join(f"{int(counts.get(s, 0))} {s}"
                                         for s in ("green", "amber", "red", "not measured"))),
                ("Furthest from standard", self.furthest_process)]
        for name, value in self.projected.items():
            label = _RESULT_LABELS.get(name, name.replace("_", " ").capitalize())
            rows.append((label, f"{value:.2f}" if name == "leverage_effect" else
                         format_percent(value) if name.startswith("ce_to_") else format_currency(value)))
        return rows

    def __str__(self):
        return "\n".join(f"{item}: {value}" for item, value in self.rows())

    def _repr_html_(self):
        # one figure per cell: a notebook page typesets text between two dollar signs of one cell as maths
        body = "".join(f"<tr><td style='text-align:left'>{html.escape(item)}</td>"
                       f"<td style='text-align:right'>{html.escape(value)}</td></tr>" for item, value in self.rows())
        return (f"<table class='pcrm-decisions tex2jax_ignore mathjax_ignore'><thead><tr><th>Decision</th>"
                f"<th style='text-align:right'>Value</th></tr></thead><tbody>{body}</tbody></table>")


def save_performance_decisions(workbook, card, projected):
    """Save the scorecard with its standards, the current status, the projected shareholder results and the
    process furthest from standard under the chapter's declared decision keys.

    Parameters
    ----------
    workbook : Workbook
    card : pandas.DataFrame
        A :func:`~.scorecard.scorecard`.
    projected : mapping
        Projected shareholder results (e.g. :func:`~.shareholder_value.customer_based_valuation`'s output):
        names to finite numbers ($, except ``leverage_effect``).

    Returns
    -------
    PerformanceDecisions
    """
    needed = {"target", "tolerance", "direction", "status", "process", "shortfall", "name"}
    if not isinstance(card, pd.DataFrame) or not needed <= set(card.columns):
        raise DataValidationError("Give the table returned by scorecard(...) as card.")
    numbers = {}
    for name, value in dict(projected).items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value):
                raise DataValidationError(f"The projected result '{name}' is {value}; give a finite number.")
            ratio = name == "leverage_effect" or str(name).startswith("ce_to_")
            numbers[str(name)] = round(float(value), 4 if ratio else 2)
    with_target = card.dropna(subset=["target"])
    standards = {key: {"target": float(row["target"]), "tolerance": float(row["tolerance"]),
                       "direction": row["direction"]} for key, row in with_target.iterrows()}
    status = {key: str(value) for key, value in card["status"].items()}
    measured = pd.to_numeric(card["value"], errors="coerce")
    values = {key: round(float(value), 4) for key, value in measured.items() if math.isfinite(value)}
    diagnostics = process_diagnostics(card)
    behind = diagnostics[(diagnostics["red"] + diagnostics["amber"]) > 0]
    furthest = PROCESS_NAMES[behind.index[0]] if len(behind) else "none: every measured KPI meets its standard"
    feedback = "\n".join(strategy_feedback(card))
    workbook.update({keys.DECISION_SCORECARD: standards, keys.DECISION_STATUS: status, keys.DECISION_VALUES: values,
                     keys.DECISION_PROJECTED: numbers, keys.DECISION_FURTHEST: furthest,
                     keys.DECISION_FEEDBACK: feedback})
    return PerformanceDecisions(standards, status, numbers, furthest, feedback)
