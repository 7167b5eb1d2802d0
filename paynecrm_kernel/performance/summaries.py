"""The chapter's results as tables for managers: readable headings, figures rounded and in their units.

Each function takes a result of this package and returns a DataFrame of formatted text, indexed by what its
rows are, so a notebook shows it as it is.
"""
from __future__ import annotations

import pandas as pd

from ..errors import DataValidationError
from ..theme import format_currency, format_percent
from .service_profit_chain import CHAIN_METRICS

__all__ = ["chain_link_table", "valuation_table", "growth_predictor_table", "diagnostics_table",
           "satisfaction_table"]


def _name(variable, labels):
    return labels.get(variable, (variable.replace("_", " ").capitalize(), ""))[0]


def chain_link_table(result, planted=None, labels=CHAIN_METRICS):
    """Every link of an estimated chain: standardised coefficient, its interval, R² and, if given, the planted value.

    Parameters
    ----------
    result : ServiceProfitChainResult
    planted : mapping, optional
        ``{outcome: {predictor: beta}}`` (the sample company's ``truth["service_profit_chain"]``).
    labels : mapping
        Variable -> (display name, unit).
    """
    rows = {}
    for (outcome, predictor), row in result.links.iterrows():
        entry = {"coefficient (β)": f"{row['beta']:+.2f}",
                 f"{100 * result.level:g} % interval": f"{row['lower']:+.2f} to {row['upper']:+.2f}",
                 "R² of the link": f"{row['r_squared']:.2f}"}
        if planted is not None:
            entry["planted β"] = f"{planted[outcome][predictor]:+.2f}"
        rows[f"{_name(predictor, labels)} → {_name(outcome, labels)}"] = entry
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "link"
    return table


_VALUATION_ROWS = {"customer_equity": "Customer equity", "cost_reduction_value": "Value of cost reductions",
                   "operating_value": "Operating value (customer equity + cost reductions)",
                   "non_operating_assets": "Non-operating assets (cash ...)", "debt": "Debt",
                   "shareholder_value": "Shareholder value (customer-based)",
                   "market_capitalisation": "Market capitalisation", "enterprise_value": "Enterprise value",
                   "ce_to_enterprise_value": "Operating value / enterprise value",
                   "leverage_effect": "Leverage effect (% change in shareholder value per 1 % of customer equity)"}


def valuation_table(valuation, *, debt=None, non_operating_assets=None):
    """:func:`~.shareholder_value.customer_based_valuation`'s result as a two-column table ($ and ratios)."""
    if not isinstance(valuation, dict) or "shareholder_value" not in valuation:
        raise DataValidationError("Give the dict returned by customer_based_valuation(...).")
    values = dict(valuation, debt=debt, non_operating_assets=non_operating_assets)
    rows = {}
    for key, label in _VALUATION_ROWS.items():
        value = values.get(key)
        if value is None:
            continue
        rows[label] = (f"{value:.2f}" if key == "leverage_effect" else format_percent(value) if key.startswith("ce_")
                       else format_currency(-value if key == "debt" else value))
    return pd.DataFrame({"value": rows}).rename_axis("")


def growth_predictor_table(comparison):
    """NPS and satisfaction against growth (:func:`~.growth_link.compare_growth_predictors`), one row each."""
    predictors = comparison["predictors"]
    names = {"nps": "Net Promoter Score", "satisfaction": "Mean satisfaction (1-7)"}
    table = pd.DataFrame({
        "correlation with next-year growth": predictors["r"].map(lambda v: f"{v:.2f}"),
        "95 % interval": [f"{lo:.2f} to {hi:.2f}" for lo, hi in zip(predictors["lower"], predictors["upper"])],
        "R² of growth": predictors["r_squared"].map(lambda v: f"{v:.2f}"),
    }).rename(index=names)
    table.index.name = f"across {len(comparison['units'])} stores"
    return table


def diagnostics_table(diagnostics):
    """:func:`~.scorecard.process_diagnostics` for managers: one row per process, furthest from standard first."""
    rows = {}
    for _, row in diagnostics.iterrows():
        measured = int(row["measured"])
        rows[row["process_name"]] = {
            "KPIs measured": f"{measured} of {measured + int(row['not_measured'])}",
            "green / amber / red": f"{int(row['green'])} / {int(row['amber'])} / {int(row['red'])}",
            "mean shortfall (tolerances)": "—" if measured == 0 else f"{row['mean_shortfall']:.1f}",
            "worst KPI": row["worst_kpi"] if measured else "—",
            "KPIs worsening": str(int(row["worsening"])),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "process"
    return table


def satisfaction_table(summary, labels=None):
    """:func:`~.satisfaction.satisfaction_summary` by group: mean with its interval and the top-box share."""
    labels = dict(labels or {})
    table = pd.DataFrame({
        "mean satisfaction (1-7)": summary["mean"].map(lambda v: f"{v:.2f}"),
        "95 % interval": [f"{lo:.2f} to {hi:.2f}" for lo, hi in zip(summary["lower"], summary["upper"])],
        "top box (6-7)": summary["top_box_share"].map(format_percent),
        "respondents": summary["n"].map(lambda v: f"{int(v):,}"),
    })
    table.index = [labels.get(g, str(g)) for g in summary.index]
    table.index.name = summary.index.name
    return table
