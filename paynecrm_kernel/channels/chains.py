"""Channel chains: which channels customers use at each buying stage, and how they move between channels.

* :func:`stage_channel_matrix`: interactions by buying stage and channel (counts or shares), overall or per
  segment: the heat map of a channel chain (McDonald & Wilson 2002).
* :func:`channel_chains`: for every purchase, the channel used in each phase (pre-sale, sale, after-sale;
  the phase's most used channel, "none" if the phase has no contact), counted per segment with its cost.
* :func:`channel_migration`: each customer's *channel of record* per period (the channel with most of their
  contacts, ties to the latest contact) and the matrix of moves from one period to the next.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import numeric_column
from .log import PHASES, validate_log

__all__ = ["channel_chains", "channel_migration", "channel_of_record", "stage_channel_matrix"]

_NORMALIZE = (None, "stage", "channel", "all")


def stage_channel_matrix(log, by=None, normalize=None, stage_phases=None):
    """Interactions by buying stage (rows) and channel (columns).

    Parameters
    ----------
    log : pandas.DataFrame
        ``customer_id, channel, stage`` (and the ``by`` column).
    by : str, optional
        A column to split by, e.g. "segment": the rows become (segment, stage).
    normalize : {None, "stage", "channel", "all"}
        Counts, or shares within each stage row, each channel column, or of all interactions (per ``by``
        group).

    Returns
    -------
    pandas.DataFrame
        Stages in buying order (and ``by`` groups) as the index, channels as columns.
    """
    if normalize not in _NORMALIZE:
        raise DataValidationError(f"normalize must be one of {_NORMALIZE}, not {normalize!r}.")
    clean = validate_log(log, need=("customer", "channel", "stage"), stage_phases=stage_phases)
    keys = ([by] if by else []) + ["stage"]
    if by and by not in clean.columns:
        raise DataValidationError(f"The interaction log has no column {by!r} to split by.", column=by)
    table = clean.groupby(keys + ["channel"], observed=True).size().unstack("channel", fill_value=0)
    table = table.reindex(columns=list(pd.unique(clean["channel"])), fill_value=0)
    if normalize == "stage":
        table = table.div(table.sum(axis=1), axis=0)
    elif normalize in ("channel", "all"):
        groups = table.groupby(level=0) if by else None
        if normalize == "channel":
            table = table / (groups.transform("sum") if by else table.sum(axis=0))
        else:
            totals = groups.sum().sum(axis=1) if by else table.to_numpy().sum()
            table = table.div(table.index.get_level_values(0).map(totals), axis=0) if by else table / totals
    return table.fillna(0.0)


def channel_chains(log, by="segment", unit="transaction_id", unit_costs=None, top=None, stage_phases=None):
    """The channel chains of purchases: the channel used before, at and after each sale.

    Parameters
    ----------
    log : pandas.DataFrame
        ``customer_id, channel, stage`` and ``unit`` (the purchase a contact belongs to); the ``by`` column
        or None.
    by : str or None, default "segment"
    unit : str, default "transaction_id"
    unit_costs : pandas.Series, optional
        Cost per interaction by channel; adds the mean cost of the chain's contacts.
    top : int, optional
        Keep the most frequent chains of each group.

    Returns
    -------
    pandas.DataFrame
        ``[by], chain, pre-sale, sale, after-sale, purchases, share`` (of the group's purchases) and
        ``mean_cost`` with unit costs.
    """
    clean = validate_log(log, need=("customer", "channel", "stage"), stage_phases=stage_phases)
    for column in [unit] + ([by] if by else []):
        if column not in clean.columns:
            raise DataValidationError(f"The interaction log has no column {column!r}; channel chains group the "
                                      "contacts of each purchase by it.", column=column)
    counts = clean.groupby([unit, "phase", "channel"], observed=True).size().rename("n").reset_index()
    counts = counts.sort_values([unit, "phase", "n"], ascending=[True, True, False], kind="stable")
    main = counts.drop_duplicates([unit, "phase"]).pivot(index=unit, columns="phase", values="channel")
    main = main.reindex(columns=list(PHASES)).astype(object).fillna("none")
    main["chain"] = main[list(PHASES)].agg(" → ".join, axis=1)
    if by:
        main[by] = clean.groupby(unit)[by].first()
    if unit_costs is not None:
        costs = _unit_costs(unit_costs, clean["channel"])
        main["cost"] = clean.assign(cost=clean["channel"].map(costs)).groupby(unit)["cost"].sum()
    keys = ([by] if by else []) + ["chain"] + list(PHASES)
    agg = {"purchases": ("chain", "size")}
    if unit_costs is not None:
        agg["mean_cost"] = ("cost", "mean")
    out = main.groupby(keys, observed=True).agg(**agg).reset_index()
    group_total = out.groupby(by)["purchases"].transform("sum") if by else out["purchases"].sum()
    out["share"] = out["purchases"] / group_total
    out = out.sort_values(([by] if by else []) + ["purchases"], ascending=[True] * bool(by) + [False],
                          kind="stable")
    if top is not None:
        out = out.groupby(by).head(int(top)) if by else out.head(int(top))
    return out.reset_index(drop=True)


def _unit_costs(unit_costs, channels):
    costs = pd.Series(unit_costs, dtype=object)
    frame = costs.rename("unit_cost").to_frame()
    costs = pd.Series(numeric_column(frame, "unit_cost", "The unit costs"), index=costs.index.astype(str))
    missing = sorted(set(pd.unique(channels)) - set(costs.index))
    if missing:
        raise DataValidationError(f"The unit costs lack channel(s) {missing}; give every channel of the log a "
                                  "cost per interaction.", column="unit_cost")
    return costs


def channel_of_record(log, freq="Y"):
    """Each customer's main channel per period: most contacts, ties to the channel of the latest contact.

    Parameters
    ----------
    log : pandas.DataFrame
        ``customer_id, timestamp, channel``.
    freq : str, default "Y"
        Period length: "Y" (year), "Q" (quarter) or "M" (month).

    Returns
    -------
    pandas.DataFrame
        ``customer_id, period, channel, contacts``.
    """
    if freq not in ("Y", "Q", "M"):
        raise DataValidationError(f"freq must be 'Y', 'Q' or 'M', not {freq!r}.")
    clean = validate_log(log, need=("customer", "timestamp", "channel"))
    clean = clean.assign(period=clean["timestamp"].dt.to_period(freq))
    stats = clean.groupby(["customer_id", "period", "channel"], observed=True).agg(
        contacts=("timestamp", "size"), latest=("timestamp", "max")).reset_index()
    stats = stats.sort_values(["customer_id", "period", "contacts", "latest"],
                              ascending=[True, True, False, False], kind="stable")
    return stats.drop_duplicates(["customer_id", "period"])[["customer_id", "period", "channel", "contacts"]] \
        .reset_index(drop=True)


def channel_migration(log, freq="Y", normalize=True):
    """Matrix of channel-of-record moves from each period to the next, for customers active in both.

    Returns
    -------
    pandas.DataFrame
        Rows: channel of record in the earlier period; columns: in the later period. Shares of each row
        (``normalize=True``) or customer counts. ``attrs``: ``pairs`` (customer-period pairs counted),
        ``stayed`` (share that kept their channel of record).
    """
    record = channel_of_record(log, freq)
    nxt = record.assign(period=record["period"] - 1)
    pairs = record.merge(nxt, on=["customer_id", "period"], suffixes=("_from", "_to"))
    if pairs.empty:
        raise DataValidationError("No customer has contacts in two consecutive periods; use a shorter period "
                                  "(freq='Q' or 'M') or a longer log.", column="timestamp")
    channels = list(pd.unique(record["channel"]))
    table = pd.crosstab(pairs["channel_from"], pairs["channel_to"]).reindex(index=channels, columns=channels,
                                                                            fill_value=0)
    table.index.name, table.columns.name = "from", "to"
    stayed = float(np.trace(table.to_numpy()) / len(pairs))
    if normalize:
        table = table.div(table.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
    table.attrs.update(pairs=len(pairs), stayed=stayed)
    return table
