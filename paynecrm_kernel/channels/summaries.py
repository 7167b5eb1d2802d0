"""Tables for managers: the chapter's results with money, shares and counts formatted as a manager reads them.

Each function takes a result of the library and returns a small DataFrame of text, indexed by what a row is
about (a channel, a segment), with column names in plain words. ``labels`` maps channel or segment keys to
display names (e.g. ``{"call_centre": "Call centre"}``); unknown keys are shown as they are.
"""
from __future__ import annotations

import pandas as pd

from ..errors import DataValidationError
from ..theme import format_currency, format_number, format_percent
from .experience import DIMENSIONS, METRICS
from .heuristics import HEURISTICS

__all__ = ["attribution_table", "chain_table", "credit_check_table", "gap_table", "integration_table",
           "inventory_table", "journeys_table", "migration_table", "profitability_table", "stage_mix_table"]

_RULE_NAMES = {"first_touch": "First touch", "last_touch": "Last touch", "linear": "Linear",
               "position_based": "Position (40/20/40)", "time_decay": "Time decay"}


def _name(key, labels):
    return (labels or {}).get(key, str(key))


def _require(frame, columns, what):
    if not isinstance(frame, pd.DataFrame) or any(c not in frame.columns for c in columns):
        raise DataValidationError(f"{what} needs a table with columns {', '.join(columns)}.")


def inventory_table(inventory, labels=None):
    """:func:`~.inventory.channel_inventory` for managers: physical to virtual, cost, richness, reach."""
    _require(inventory, ["channel", "category", "contact", "unit_cost", "richness"], "The inventory table")
    out = pd.DataFrame({
        "category (physical → virtual)": [f"{p}. {c}" for p, c in zip(inventory["position"], inventory["category"])],
        "contact": inventory["contact"].to_numpy(),
        "cost per interaction": [format_currency(v, decimals=2) for v in inventory["unit_cost"]],
        "richness (1-5)": [format_number(v, 0) for v in inventory["richness"]]},
        index=pd.Index([_name(c, labels) for c in inventory["channel"]], name="channel"))
    if "reach" in inventory.columns:
        out["customers reached"] = [format_percent(v) for v in inventory["reach"]]
        out["share of interactions"] = [format_percent(v) for v in inventory["interaction_share"]]
    return out


def attribution_table(comparison, intervals=None, labels=None, level=0.95, value=False):
    """Conversions (or their value, in dollars) credited to each channel by every model, whole numbers; Markov and
    Shapley with intervals.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :func:`~.bootstrap.compare_attribution`.
    intervals : dict, optional
        ``{"markov": frame, "shapley": frame}`` from :func:`~.bootstrap.attribution_intervals`.
    value : bool, default False
        The credit is sales value (shown in dollars).
    """
    _require(comparison, ["channel", "markov", "shapley"], "The attribution table")
    show = format_currency if value else format_number
    out = pd.DataFrame(index=pd.Index([_name(c, labels) for c in comparison["channel"]], name="channel"))
    for rule in HEURISTICS:
        if rule in comparison.columns:
            out[_RULE_NAMES[rule] + " (history)"] = [show(v) for v in comparison[rule]]
    for model, title in (("markov", "Markov (removal effects)"), ("shapley", "Shapley")):
        out[title] = [show(v) for v in comparison[model]]
        frame = (intervals or {}).get(model)
        if frame is not None:
            out[f"{title}: {100 * level:g} % interval"] = [f"{show(lo)} to {show(hi)}"
                                                        for lo, hi in zip(frame["lower"], frame["upper"])]
    return out


def credit_check_table(estimated, planted, labels=None):
    """Estimated credit shares against known (planted) ones: each channel's share of the purchases.

    Parameters
    ----------
    estimated : pandas.DataFrame
        ``channel, share`` (e.g. :func:`~.markov.markov_attribution`).
    planted : pandas.DataFrame
        ``channel, share`` (e.g. the sample company's ``planted_attribution()``).
    """
    _require(estimated, ["channel", "share"], "The estimated credit")
    _require(planted, ["channel", "share"], "The planted credit")
    truth = planted.set_index("channel")["share"]
    missing = sorted(set(estimated["channel"]) - set(truth.index))
    if missing:
        raise DataValidationError(f"The planted credit lacks channel(s) {missing}.", column="channel")
    known = truth.loc[estimated["channel"]].to_numpy()
    return pd.DataFrame({"estimated share of purchases": [format_percent(v) for v in estimated["share"]],
                         "planted share": [format_percent(v) for v in known],
                         "difference (points)": [f"{100 * (e - k):+.1f}" for e, k in zip(estimated["share"], known)]},
                        index=pd.Index([_name(c, labels) for c in estimated["channel"]], name="channel"))


def chain_table(chains, labels=None, segment_labels=None):
    """:func:`~.chains.channel_chains` for managers: each segment's chains with their share and mean cost."""
    _require(chains, ["chain", "purchases", "share"], "The channel-chain table")
    names = [" → ".join(_name(c, labels) for c in str(chain).split(" → ")) for chain in chains["chain"]]
    out = pd.DataFrame({"chain (pre-sale → sale → after-sale)": names,
                        "purchases": [format_number(v) for v in chains["purchases"]],
                        "share of the segment's purchases": [format_percent(v) for v in chains["share"]]})
    if "mean_cost" in chains.columns:
        out["mean cost of the contacts"] = [format_currency(v, decimals=2) for v in chains["mean_cost"]]
    if "segment" in chains.columns:
        out.index = pd.Index([_name(s, segment_labels) for s in chains["segment"]], name="segment")
    return out


def journeys_table(journeys, segment_labels=None):
    """:meth:`~.journeys.Journeys.summary` for managers: journeys, purchases, conversion rate, mean touches."""
    summary = journeys.summary()
    key = summary.columns[0]
    return pd.DataFrame({"journeys": [format_number(v) for v in summary["journeys"]],
                         "purchases": [format_number(v) for v in summary["conversions"]],
                         "conversion rate": [format_percent(v) for v in summary["conversion_rate"]],
                         "touches per journey": [format_number(v, 1) for v in summary["mean_touches"]]},
                        index=pd.Index([_name(s, segment_labels) for s in summary[key]],
                                       name="segment" if key == "segment" else ""))


def stage_mix_table(matrix, labels=None):
    """A stage-by-channel share matrix (:func:`~.chains.stage_channel_matrix`) as percentages."""
    out = matrix.apply(lambda column: column.map(format_percent))
    out.columns = [_name(c, labels) for c in matrix.columns]
    out.columns.name = None
    out.index.name = "buying stage"
    return out


def profitability_table(by_group, labels=None):
    """:func:`~.cost_to_serve.profitability_by` for managers: revenue, cost to serve, profit, loss-makers."""
    _require(by_group, ["customers", "revenue", "cost_to_serve", "profit", "loss_maker_share"],
             "The profitability table")
    key = by_group.columns[0]
    return pd.DataFrame({
        "customers": [format_number(v) for v in by_group["customers"]],
        "revenue": [format_currency(v) for v in by_group["revenue"]],
        "cost to serve": [format_currency(v) for v in by_group["cost_to_serve"]],
        "cost to serve per customer": [format_currency(v) for v in by_group["cost_to_serve_per_customer"]],
        "cost to serve, % of revenue": [format_percent(v) for v in by_group["cost_to_serve_share_of_revenue"]],
        "profit after cost to serve": [format_currency(v) for v in by_group["profit"]],
        "loss-making customers": [format_percent(v) for v in by_group["loss_maker_share"]]},
        index=pd.Index([_name(g, labels) for g in by_group[key]], name=key.replace("_", " ")))


def migration_table(result, labels=None):
    """A :class:`~.migration.MigrationResult` per segment: cost change, value change, value at risk."""
    by = getattr(result, "by_segment", None)
    _require(by, ["segment", "cost_change", "value_change", "value_at_risk", "pushed_below"], "The migration table")
    return pd.DataFrame({
        "customers": [format_number(v) for v in by["customers"]],
        "interactions moved": [format_number(v) for v in by["moved_interactions"]],
        "cost to serve a year, before": [format_currency(v) for v in by["cost_before"]],
        "change in cost a year": [format_currency(v) for v in by["cost_change"]],
        "change in lifetime value": [format_currency(v) for v in by["value_change"]],
        "value at risk (lower retention)": [format_currency(v) for v in by["value_at_risk"]],
        "pushed below break-even": [format_number(v) for v in by["pushed_below"]]},
        index=pd.Index([_name(s, {"all segments": "All segments", **(labels or {})}) for s in by["segment"]],
                       name="segment"))


def gap_table(gaps, by_channel, labels=None):
    """Experience gaps (:func:`~.experience.experience_gaps`): per channel, each dimension's observed value
    against its standard, and the weighted gap."""
    _require(gaps, ["channel", "dimension", "target", "observed", "measured"], "The gap table")
    rows = {}
    for (channel, dimension), row in gaps.set_index(["channel", "dimension"]).iterrows():
        entry = rows.setdefault(channel, {})
        unit = _unit(dimension)
        entry[dimension] = (f"{_format(row['observed'], unit)} vs {_format(row['target'], unit)}"
                            if row["measured"] else f"not measured (standard {_format(row['target'], unit)})")
    out = pd.DataFrame.from_dict(rows, orient="index")[[d for d in DIMENSIONS if any(d in r for r in rows.values())]]
    weighted = by_channel.set_index("channel").reindex(out.index)
    out["weighted gap"] = [format_percent(v) for v in weighted["weighted_gap"]]
    out["worst dimension"] = weighted["worst_dimension"].to_numpy()
    out.index = pd.Index([_name(c, labels) for c in out.index], name="channel")
    return out


def _unit(dimension):
    metric = METRICS[dimension]["metric"]
    return "min" if "minutes" in metric else ("share" if "resolution" in metric or "share" in metric else "score")


def _format(value, unit):
    if value != value:
        return "—"
    return {"min": f"{value:,.1f} min", "share": format_percent(value)}.get(unit, f"{value:.1f}")


def integration_table(by_channel, labels=None):
    """:func:`~.integration.integration_check` per channel: identification, resolution and handling time."""
    _require(by_channel, ["channel", "interactions", "identified_share"], "The integration table")
    out = pd.DataFrame({"interactions": [format_number(v) for v in by_channel["interactions"]],
                        "linked to a known customer": [format_percent(v) for v in by_channel["identified_share"]]},
                       index=pd.Index([_name(c, labels) for c in by_channel["channel"]], name="channel"))
    if "first_contact_resolution" in by_channel.columns:
        out["first-contact resolution"] = [format_percent(v) for v in by_channel["first_contact_resolution"]]
    if "mean_handling_minutes" in by_channel.columns:
        out["mean handling time"] = [f"{v:,.1f} min" for v in by_channel["mean_handling_minutes"]]
    return out
