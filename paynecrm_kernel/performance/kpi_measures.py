"""KPIs computed from data: each function takes named tables (or results) and returns one number.

These are the measures behind :data:`~.kpi.KPI_CATALOGUE`. Each names the chapter whose data or analysis it
uses; the time unit is stated in the KPI's unit. Column names are the sample company's (see
``docs/sample-company.md``); a firm's own tables need the same columns.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import numeric_column, require_frame
from .nps import nps

__all__ = ["target_revenue_share", "mean_segment_clv", "customer_acquisition_cost", "contract_retention",
           "cost_to_serve", "first_contact_resolution", "single_customer_view_coverage", "data_quality_index",
           "clv_holdout_error", "net_promoter_score", "mean_rating"]


def target_revenue_share(transactions, customers, target_segments):
    """Share of revenue (%) from customers in the target segments (strategy chapter)."""
    require_frame(transactions, ["customer_id", "amount"], "transactions")
    require_frame(customers, ["customer_id", "segment"], "customers")
    targets = {target_segments} if isinstance(target_segments, str) else set(target_segments)
    unknown = targets - set(customers["segment"].astype(str))
    if not targets or unknown:
        raise DataValidationError(f"Target segment(s) {sorted(unknown) or '(none)'} are not segments of the "
                                  f"customer table; choose among {sorted(customers['segment'].astype(str).unique())}.",
                                  column="segment")
    amount = numeric_column(transactions, "amount", "transactions", 0)
    in_target = transactions["customer_id"].isin(customers.loc[customers["segment"].astype(str).isin(targets),
                                                               "customer_id"]).to_numpy()
    return float(100 * amount[in_target].sum() / amount.sum())


def mean_segment_clv(segment_value):
    """Mean CLV per customer ($) from the value chapter's segment models (``SegmentValueResult``)."""
    if not hasattr(segment_value, "customers") or "clv" not in getattr(segment_value, "customers"):
        raise DataValidationError("Give the value chapter's segment_lifetime_value(...) result as 'segment_value'.")
    return float(segment_value.customers["clv"].mean())


def customer_acquisition_cost(campaigns, *, spend="cost", acquired="customers_acquired"):
    """Campaign spend per customer acquired ($; value chapter's acquisition economics)."""
    require_frame(campaigns, [spend, acquired], "campaigns")
    cost = numeric_column(campaigns, spend, "campaigns", 0).sum()
    won = numeric_column(campaigns, acquired, "campaigns", 0).sum()
    if won == 0:
        raise DataValidationError("The campaigns acquired no customers, so the cost per acquisition is undefined.",
                                  column=acquired)
    return float(cost / won)


def contract_retention(subscriptions):
    """Monthly retention of the care-plan contracts (%): 1 - cancellations / contract-months observed."""
    require_frame(subscriptions, ["tenure_months", "churned"], "subscriptions")
    months = numeric_column(subscriptions, "tenure_months", "subscriptions", 0).sum()
    if months == 0:
        raise DataValidationError("No contract has been observed for a month yet; retention is undefined.")
    return float(100 * (1 - subscriptions["churned"].astype(bool).sum() / months))


def _interaction_costs(interactions, channels):
    require_frame(interactions, ["channel"], "interactions")
    require_frame(channels, ["channel", "unit_cost"], "channels")
    unit_cost = pd.Series(numeric_column(channels, "unit_cost", "channels", 0), index=channels["channel"])
    cost = interactions["channel"].map(unit_cost)
    unknown = np.flatnonzero(cost.isna().to_numpy())
    if len(unknown):
        raise DataValidationError(f"{len(unknown):,} interaction(s) use channels missing from the channel table, "
                                  f"e.g. rows {interactions.index[unknown[:10]].tolist()}; add their unit costs.",
                                  column="channel", rows=interactions.index[unknown[:50]].tolist())
    return cost.to_numpy(dtype=float)


def cost_to_serve(interactions, channels):
    """Contact cost per purchase ($): every contact (before, at and after the sale) at its channel's unit cost,
    divided by the purchases in the same log (channel chapter). Per purchase, so any period compares."""
    require_frame(interactions, ["stage"], "interactions")
    cost = _interaction_costs(interactions, channels)
    purchases = int((interactions["stage"] == "purchase").sum())
    if purchases == 0:
        raise DataValidationError("The interactions hold no purchase, so the cost per purchase is undefined.",
                                  column="stage")
    return float(cost.sum() / purchases)


def first_contact_resolution(interactions):
    """Share (%) of service contacts (not purchases) completed at the first contact (channel chapter)."""
    require_frame(interactions, ["stage", "outcome"], "interactions")
    service = interactions[interactions["stage"] != "purchase"]
    if service.empty:
        raise DataValidationError("There are no service contacts (every interaction is a purchase).", column="stage")
    return float(100 * (service["outcome"] == "completed").mean())


def single_customer_view_coverage(interactions):
    """Share (%) of contacts linked to the customer record (information management chapter)."""
    require_frame(interactions, ["identified"], "interactions")
    return float(100 * interactions["identified"].astype(bool).mean())


def data_quality_index(customers, transactions, *, required=("customer_id", "segment", "region", "acquisition_date",
                                                            "preferred_channel")):
    """Mean (%) of three DAMA UK (2013) dimensions measurable here.

    Completeness (filled cells of the required customer columns), uniqueness (distinct customer ids) and
    validity (transactions with a positive amount and a parseable date).
    """
    require_frame(customers, list(required), "customers")
    require_frame(transactions, ["amount", "date"], "transactions")
    completeness = float(customers[list(required)].notna().to_numpy().mean())
    uniqueness = customers["customer_id"].nunique() / len(customers)
    amount = pd.to_numeric(transactions["amount"], errors="coerce")
    valid = (amount > 0) & pd.to_datetime(transactions["date"], errors="coerce").notna()
    return float(100 * np.mean([completeness, uniqueness, float(valid.mean())]))


def clv_holdout_error(segment_value):
    """Absolute error (%) of the value chapter's predicted holdout repeat purchases, customers pooled."""
    table = getattr(segment_value, "segments", None)
    if table is None or not {"holdout_actual", "holdout_predicted", "customers"} <= set(table.columns):
        raise DataValidationError("Give the value chapter's segment_lifetime_value(...) result as 'segment_value'.")
    weights = table["customers"].to_numpy(dtype=float)
    actual = float(np.sum(table["holdout_actual"].to_numpy() * weights))
    predicted = float(np.sum(table["holdout_predicted"].to_numpy() * weights))
    if actual == 0:
        raise DataValidationError("Nobody bought in the holdout period, so the relative error is undefined.")
    return float(100 * abs(predicted - actual) / actual)


def net_promoter_score(surveys, column="nps"):
    """Net Promoter Score (points, -100 to 100) of the survey."""
    require_frame(surveys, [column], "survey responses")
    return nps(surveys[column]).score


def mean_rating(table, column, what):
    """Mean of a rating or metric column (e.g. satisfaction 1-7, employee turnover %)."""
    require_frame(table, [column], what)
    return float(numeric_column(table, column, what).mean())
