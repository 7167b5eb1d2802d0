"""Channel migration simulator: move interactions between channels and see cost saved against value at risk.

A *move* shifts a share of one segment's interactions at one stage (or all stages) from one channel to
another. For each customer i with ``N_i`` interactions, of which ``x_i`` move from channel a to b:

* cost to serve changes by ``x_i (u_b - u_a)`` (unit costs per interaction);
* their experienced satisfaction by ``x_i (s_b - s_a) / N_i`` (channel satisfaction scores, e.g. survey
  means on a 1-7 scale);
* their yearly retention by ``retention_per_point`` times that change (an assumption the team states; the
  default, 3 points of retention per satisfaction point, is the workbook's illustration, not a finding);
* their lifetime value is the simple retention-based CLV (:func:`paynecrm_kernel.value.simple_clv`, timing
  convention A) of their yearly margin after cost to serve.

The value at risk is the loss of lifetime value that comes from lower retention; customers pushed below
break-even are those whose yearly profit turns negative.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ..value import margin_multiple
from ._checks import as_frame, number, require_columns, share_column
from .cost_to_serve import interaction_costs

__all__ = ["MigrationResult", "simulate_migration"]

_MOVE_COLUMNS = ["segment", "stage", "from_channel", "to_channel", "share"]


@dataclass(frozen=True)
class MigrationResult:
    """Outcome of :func:`simulate_migration`.

    Attributes
    ----------
    by_segment : pandas.DataFrame
        One row per segment and a total row: ``customers, interactions, moved_interactions,
        cost_before, cost_after, cost_change`` (per year), ``satisfaction_change`` (mean),
        ``retention_before, retention_after`` (mean yearly), ``clv_before, clv_after, value_change,
        value_at_risk`` (totals), ``below_break_even_before, below_break_even_after, pushed_below``.
    customers : pandas.DataFrame
        The same per customer.
    assumptions : dict
        Discount rate, retention sensitivity, years of log, CLV convention.
    """

    by_segment: pd.DataFrame
    customers: pd.DataFrame
    assumptions: dict = field(default_factory=dict)

    def _repr_html_(self):
        from .summaries import migration_table

        return migration_table(self).to_html()


def _moves(moves, channels, segments, stages):
    if isinstance(moves, list) and not moves:                   # no move: the status quo
        return pd.DataFrame(columns=_MOVE_COLUMNS)
    frame = as_frame(pd.DataFrame(moves) if isinstance(moves, list) else moves, "The moves",
                     "Pass rows with 'segment', 'stage', 'from_channel', 'to_channel' and 'share'.")
    frame = frame.copy()
    for column, default in (("segment", "all"), ("stage", "all")):
        if column not in frame.columns:
            frame[column] = default
    require_columns(frame, _MOVE_COLUMNS, "The moves")
    frame["share"] = share_column(frame, "share", "The moves")
    for column, allowed in (("from_channel", channels), ("to_channel", channels),
                            ("segment", list(segments) + ["all"]), ("stage", list(stages) + ["all"])):
        bad = ~frame[column].astype(str).isin(allowed)
        if bad.any():
            raise DataValidationError(f"The moves: unknown {column} {sorted(set(frame.loc[bad, column]))}; use one "
                                      f"of {', '.join(map(str, allowed))}.", column=column)
    return frame


def simulate_migration(log, customers, moves, unit_costs, satisfaction, retention, discount=0.10,
                       retention_per_point=0.03, years=None):
    """Simulate moving interactions between channels, per segment.

    Parameters
    ----------
    log : pandas.DataFrame
        Interaction log: ``customer_id, timestamp, channel`` and ``stage`` when moves name stages.
    customers : pandas.DataFrame
        One row per customer: ``customer_id, segment, gross_profit`` (yearly gross profit is
        ``gross_profit / years``), e.g. from :func:`~.cost_to_serve.customer_profitability`.
    moves : pandas.DataFrame or list of dict
        ``segment`` ("all" for every segment), ``stage`` ("all" for every stage), ``from_channel``,
        ``to_channel``, ``share`` (0-1 of the from-channel's interactions moved); an empty list is the status
        quo (nothing moves).
    unit_costs, satisfaction : dict or pandas.Series
        Cost per interaction and satisfaction score by channel.
    retention : float or dict
        Yearly retention rate (per segment with a dict), below 1.
    discount : float, default 0.10
        Yearly discount rate.
    retention_per_point : float, default 0.03
        Change in yearly retention per point of satisfaction (assumption).
    years : float, optional
        Years covered by the log (default: from its first to its last timestamp).

    Returns
    -------
    MigrationResult
    """
    costed = interaction_costs(log, unit_costs=unit_costs)
    require_columns(customers, ["customer_id", "segment", "gross_profit"], "The customer table")
    segment_of = customers.set_index("customer_id")["segment"]
    costed = costed[costed["customer_id"].isin(segment_of.index)]
    if costed.empty:
        raise DataValidationError("No interaction of the log belongs to a customer of the customer table.",
                                  column="customer_id")
    costed["segment"] = costed["customer_id"].map(segment_of).to_numpy()
    stages = list(pd.unique(costed["stage"].astype(str))) if "stage" in costed.columns else []
    channels = list(pd.Series(unit_costs).index.astype(str))
    plan = _moves(moves, channels, pd.unique(segment_of), stages)
    sat = pd.Series(satisfaction, dtype=float)
    missing = sorted((set(plan["from_channel"]) | set(plan["to_channel"])) - set(sat.index))
    if missing:
        raise DataValidationError(f"The satisfaction scores lack channel(s) {missing}.", column="satisfaction")
    cost = pd.Series(unit_costs, dtype=float)
    moved = np.zeros(len(costed))
    cost_change = np.zeros(len(costed))
    sat_change = np.zeros(len(costed))
    stage_text = costed["stage"].astype(str).to_numpy() if stages else np.full(len(costed), "all")
    for move in plan.itertuples(index=False):
        hit = (costed["channel"].to_numpy() == move.from_channel)
        if move.segment != "all":
            hit &= costed["segment"].to_numpy() == move.segment
        if move.stage != "all":
            hit &= stage_text == move.stage
        moved += hit * move.share
        cost_change += hit * move.share * (cost[move.to_channel] - cost[move.from_channel])
        sat_change += hit * move.share * (sat[move.to_channel] - sat[move.from_channel])
    if (moved > 1 + 1e-9).any():
        raise DataValidationError("The moves take more than 100 % of some interactions away (moves from the same "
                                  "channel, segment and stage add up to over 1); lower their shares.",
                                  column="share")
    years = _years(costed, years)
    per = pd.DataFrame({"customer_id": costed["customer_id"].to_numpy(), "n": 1, "moved": moved,
                        "cost": costed["cost"].to_numpy(), "cost_change": cost_change, "sat": sat_change})
    per = per.groupby("customer_id").sum()
    table = customers[["customer_id", "segment", "gross_profit"]].set_index("customer_id").join(per).fillna(0.0)
    table["satisfaction_change"] = np.where(table["n"] > 0, table["sat"] / table["n"].where(table["n"] > 0), 0.0)
    return _value(table, retention, discount, retention_per_point, years)


def _years(costed, years):
    if years is not None:
        return number(years, "years", 1 / 365, 100)
    if "timestamp" not in costed.columns:
        raise DataValidationError("Pass years (the length of the log) or a log with timestamps.")
    span = (costed["timestamp"].max() - costed["timestamp"].min()).days / 365.25
    return max(span, 1 / 365)


def _value(table, retention, discount, sensitivity, years):
    discount = number(discount, "The discount rate", 0.0, 1.0)
    sensitivity = number(sensitivity, "retention_per_point", 0.0, 0.5)
    segments = table["segment"]
    if isinstance(retention, dict):
        unknown = sorted(set(segments) - set(retention))
        if unknown:
            raise DataValidationError(f"The retention rates lack segment(s) {unknown}.", column="retention")
        base = segments.map({k: number(v, f"The retention of {k}", 0.0, 0.99) for k, v in retention.items()})
    else:
        base = pd.Series(number(retention, "The retention rate", 0.0, 0.99), index=table.index)
    after = (base + sensitivity * table["satisfaction_change"]).clip(0.0, 0.99)
    margin = (table["gross_profit"] - table["cost"]) / years
    new_margin = margin - table["cost_change"] / years
    multiple = np.vectorize(lambda r: margin_multiple(r, discount, "A"), otypes=[float])
    out = table.assign(
        cost_before=table["cost"] / years, cost_after=(table["cost"] + table["cost_change"]) / years,
        retention_before=base, retention_after=after,
        clv_before=margin * multiple(base.to_numpy()), clv_after=new_margin * multiple(after.to_numpy()),
        clv_same_retention=new_margin * multiple(base.to_numpy()),
        below_break_even_before=margin < 0, below_break_even_after=new_margin < 0)
    out["value_at_risk"] = (out["clv_same_retention"] - out["clv_after"]).clip(lower=0.0)
    out["pushed_below"] = out["below_break_even_after"] & ~out["below_break_even_before"]
    out = out.rename(columns={"n": "interactions", "moved": "moved_interactions"}).reset_index()
    sums = ["interactions", "moved_interactions", "cost_before", "cost_after", "clv_before", "clv_after",
            "value_at_risk", "below_break_even_before", "below_break_even_after", "pushed_below"]
    means = ["satisfaction_change", "retention_before", "retention_after"]
    by = out.groupby("segment").agg(customers=("customer_id", "size"), **{c: (c, "sum") for c in sums},
                                    **{c: (c, "mean") for c in means})
    total = out.agg({**{c: "sum" for c in sums}, **{c: "mean" for c in means}})
    by.loc["all segments"] = {**total.to_dict(), "customers": len(out)}
    by["cost_change"] = by["cost_after"] - by["cost_before"]
    by["value_change"] = by["clv_after"] - by["clv_before"]
    columns = ["customers", "interactions", "moved_interactions", "cost_before", "cost_after", "cost_change",
               "satisfaction_change", "retention_before", "retention_after", "clv_before", "clv_after",
               "value_change", "value_at_risk", "below_break_even_before", "below_break_even_after", "pushed_below"]
    by = by[columns].reset_index()
    for c in ("customers", "below_break_even_before", "below_break_even_after", "pushed_below"):
        by[c] = by[c].astype(np.int64)
    customer_columns = ["customer_id", "segment"] + [c for c in columns[1:] if c in out.columns and
                                                     c not in ("customers", "cost_change", "value_change")]
    assumptions = {"discount": discount, "retention_per_point": sensitivity, "years": years,
                   "convention": "A: first margin at the end of year 1, if retained"}
    return MigrationResult(by, out[customer_columns], assumptions)
