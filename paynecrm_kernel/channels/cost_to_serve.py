"""Cost to serve and customer profitability: activity-based and time-driven activity-based costing.

* **ABC** (activity-based costing): an activity's rate is its cost pool over its driver volume,
  ``rate_a = cost pool_a / driver volume_a``; a customer's cost is the sum over activities of their driver
  volume times the rate. With channels as activities and interactions as the driver, the rate is the unit
  cost per interaction.
* **TDABC** (time-driven ABC, Kaplan & Anderson 2004): a channel's cost per minute is the cost of the
  capacity supplied over the practical capacity in minutes; an interaction costs its handling minutes times
  that rate, so long contacts cost more than short ones.
* Customer profit = gross margin on revenue - cost to serve. The **whale curve** (Cooper & Kaplan 1991)
  ranks customers by profit and plots the cumulative share of total profit; it rises above 100 % and falls
  back as the loss-makers are added.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ..segmentation import whale_curve
from ._checks import as_frame, number, numeric_column, require_columns, rows_text
from .log import validate_log

__all__ = ["activity_rates", "cost_to_serve", "customer_profitability", "interaction_costs",
           "profitability_by", "time_driven_rates", "whale_curve_by"]


def activity_rates(activities):
    """ABC rates: cost pool over driver volume for every activity.

    Parameters
    ----------
    activities : pandas.DataFrame
        ``activity, cost_pool, driver_volume`` (e.g. channel, yearly cost of the channel, interactions).

    Returns
    -------
    pandas.DataFrame
        The table with ``rate`` (cost per unit of driver).
    """
    frame = as_frame(activities, "The activity table", "Pass 'activity', 'cost_pool' and 'driver_volume'.")
    require_columns(frame, ["activity", "cost_pool", "driver_volume"], "The activity table")
    pool = numeric_column(frame, "cost_pool", "The activity table")
    volume = numeric_column(frame, "driver_volume", "The activity table")
    if (volume == 0).any():
        rows, text = rows_text(frame.index, volume == 0)
        raise DataValidationError(f"The activity table: 'driver_volume' is 0 in rows {text}; a rate needs a "
                                  "positive volume. Remove the activity or enter its volume.",
                                  column="driver_volume", rows=rows)
    return frame.assign(rate=pool / volume)


def time_driven_rates(capacity):
    """TDABC rates: cost of capacity supplied over practical capacity in minutes, per channel.

    Parameters
    ----------
    capacity : pandas.DataFrame
        ``channel, capacity_cost`` (cost of the people and equipment in the period) and
        ``practical_minutes`` (minutes they can work, typically 80-85 % of the theoretical).

    Returns
    -------
    pandas.DataFrame
        The table with ``cost_per_minute``.
    """
    frame = as_frame(capacity, "The capacity table", "Pass 'channel', 'capacity_cost' and 'practical_minutes'.")
    require_columns(frame, ["channel", "capacity_cost", "practical_minutes"], "The capacity table")
    cost = numeric_column(frame, "capacity_cost", "The capacity table")
    minutes = numeric_column(frame, "practical_minutes", "The capacity table")
    if (minutes == 0).any():
        rows, text = rows_text(frame.index, minutes == 0)
        raise DataValidationError(f"The capacity table: 'practical_minutes' is 0 in rows {text}.",
                                  column="practical_minutes", rows=rows)
    return frame.assign(cost_per_minute=cost / minutes)


def _per_channel(values, name, log_index, log_channels):
    if isinstance(values, pd.DataFrame):
        raise DataValidationError(f"{name} must be one number per channel (a dict or Series), not a table.")
    series = pd.Series(values, dtype=object)
    clean = pd.Series(numeric_column(series.rename(name).to_frame(), name, name), index=series.index.astype(str))
    unknown = ~log_channels.isin(clean.index).to_numpy()
    if unknown.any():
        rows, text = rows_text(log_index, unknown)
        raise DataValidationError(
            f"{name} lack channel(s) {sorted(set(log_channels[unknown]))[:5]} used in the log (rows {text}). "
            "Give every channel a value.", column="channel", rows=rows)
    return log_channels.map(clean).to_numpy(dtype=float)


def interaction_costs(log, unit_costs=None, cost_per_minute=None):
    """The cost of every interaction: a unit cost per contact (ABC) or minutes x cost per minute (TDABC).

    Parameters
    ----------
    log : pandas.DataFrame
        ``customer_id, channel`` and, for TDABC, ``handling_minutes``.
    unit_costs : dict or pandas.Series, optional
        Cost per interaction by channel.
    cost_per_minute : dict or pandas.Series, optional
        Cost per handling minute by channel (takes precedence over ``unit_costs``).

    Returns
    -------
    pandas.DataFrame
        The validated log with a ``cost`` column.
    """
    if unit_costs is None and cost_per_minute is None:
        raise DataValidationError("Pass unit_costs (cost per interaction by channel) or cost_per_minute "
                                  "(time-driven: cost per handling minute by channel).")
    need = ("customer", "channel") + (("minutes",) if cost_per_minute is not None else ())
    clean = validate_log(log, need=need)
    if cost_per_minute is not None:
        rate = _per_channel(cost_per_minute, "The costs per minute", clean.index, clean["channel"])
        cost = rate * clean["handling_minutes"].to_numpy(dtype=float)
    else:
        cost = _per_channel(unit_costs, "The unit costs", clean.index, clean["channel"])
    return clean.assign(cost=cost)


def cost_to_serve(log, unit_costs=None, cost_per_minute=None, customers=None):
    """Cost to serve per customer, with interactions, channel mix and main channel.

    Parameters
    ----------
    log, unit_costs, cost_per_minute
        As :func:`interaction_costs`.
    customers : pandas.DataFrame, optional
        ``customer_id`` (and e.g. ``segment``) of every customer to report, including those without
        contacts (cost 0); their other columns are kept.

    Returns
    -------
    pandas.DataFrame
        One row per customer: ``customer_id, interactions, cost_to_serve, main_channel`` (most contacts;
        "none" without contacts) and ``<channel>_share`` (share of the customer's interactions) per channel.
    """
    costed = interaction_costs(log, unit_costs, cost_per_minute)
    per = costed.groupby("customer_id").agg(interactions=("cost", "size"), cost_to_serve=("cost", "sum"))
    mix = pd.crosstab(costed["customer_id"], costed["channel"], normalize="index")
    per["main_channel"] = mix.idxmax(axis=1)
    per = per.join(mix.add_suffix("_share")).reset_index()
    if customers is not None:
        require_columns(customers, ["customer_id"], "The customer table")
        per = customers.merge(per, on="customer_id", how="left")
        fill = {c: 0.0 for c in per.columns if c.endswith("_share") or c in ("interactions", "cost_to_serve")}
        per = per.fillna(fill).fillna({"main_channel": "none"})
        per["interactions"] = per["interactions"].astype(np.int64)
    return per


def customer_profitability(transactions, costs, gross_margin=0.4):
    """Revenue, gross margin, cost to serve and profit per customer.

    Parameters
    ----------
    transactions : pandas.DataFrame
        ``customer_id, amount`` (revenue per purchase, >= 0).
    costs : pandas.DataFrame
        From :func:`cost_to_serve` (``customer_id, cost_to_serve`` and any other columns, kept).
    gross_margin : float, default 0.4
        Gross margin as a share of revenue (revenue minus cost of goods sold).

    Returns
    -------
    pandas.DataFrame
        ``costs`` with ``revenue``, ``gross_profit``, ``profit`` (gross profit - cost to serve) and
        ``profitable``.
    """
    tx = as_frame(transactions, "The transactions", "Pass one row per purchase with 'customer_id' and 'amount'.")
    require_columns(tx, ["customer_id", "amount"], "The transactions")
    amount = numeric_column(tx, "amount", "The transactions")
    margin = number(gross_margin, "The gross margin", 0.0, 1.0)
    require_columns(costs, ["customer_id", "cost_to_serve"], "The cost-to-serve table")
    revenue = pd.Series(amount, index=tx.index).groupby(tx["customer_id"].to_numpy()).sum()
    out = costs.copy()
    out["revenue"] = out["customer_id"].map(revenue).fillna(0.0)
    out["gross_profit"] = out["revenue"] * margin
    out["profit"] = out["gross_profit"] - out["cost_to_serve"]
    out["profitable"] = out["profit"] >= 0
    out.attrs["gross_margin"] = margin
    return out


def profitability_by(profitability, by="segment"):
    """Customers, revenue, cost to serve, profit and loss-makers per group (segment or main channel)."""
    require_columns(profitability, [by, "revenue", "cost_to_serve", "profit"], "The profitability table")
    grouped = profitability.groupby(by, observed=True)
    out = grouped.agg(customers=("profit", "size"), revenue=("revenue", "sum"),
                      cost_to_serve=("cost_to_serve", "sum"), profit=("profit", "sum"),
                      loss_makers=("profit", lambda p: int((p < 0).sum())))
    out["cost_to_serve_per_customer"] = out["cost_to_serve"] / out["customers"]
    out["cost_to_serve_share_of_revenue"] = out["cost_to_serve"] / out["revenue"].where(out["revenue"] > 0)
    out["loss_maker_share"] = out["loss_makers"] / out["customers"]
    return out.reset_index().fillna({"cost_to_serve_share_of_revenue": 0.0})


def whale_curve_by(profitability, by=None):
    """The whale curve of customer profit, for all customers or per group.

    Returns
    -------
    curve : pandas.DataFrame
        ``[by], share_customers, cumulative_profit_share``.
    summary : pandas.DataFrame
        One row per group: ``total_profit, peak_profit, peak_share`` (e.g. 1.6 = the profitable customers
        earn 160 % of the total profit), ``peak_at`` (share of customers at the peak), ``loss_customers``.
    """
    require_columns(profitability, ["profit"] + ([by] if by else []), "The profitability table")
    groups = profitability.groupby(by, observed=True) if by else [("all customers", profitability)]
    curves, rows = [], []
    for key, part in groups:
        curve, summary = whale_curve(part["profit"].reset_index(drop=True))
        curves.append(curve.assign(**{by or "group": key}))
        rows.append({by or "group": key, **summary})
    return pd.concat(curves, ignore_index=True), pd.DataFrame(rows)
