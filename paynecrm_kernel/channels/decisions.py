"""The chapter's inputs as saved by its tools, and its decisions.

* :func:`saved_moves`, :func:`saved_standards` and :func:`saved_importance` read what the migration simulator
  and the standards editor saved (the workbook's defaults where nothing was saved);
* :func:`target_chains` proposes each segment's target channel chain: its most frequent chain today, with the
  planned migration applied where it moves at least half of a phase's contacts;
* :func:`save_channel_decisions` records the target chains, the standards, the migration plan, the projected
  cost to serve per segment and the projected change in cost and value under the declared decision keys.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import html

import pandas as pd

from ..errors import DataValidationError
from ..theme import format_currency
from ..workbook.keys import channels as keys
from .experience import DIMENSIONS
from .log import PHASES, STAGE_PHASES

__all__ = ["ChannelDecisions", "save_channel_decisions", "saved_importance", "saved_moves", "saved_standards",
           "target_chains"]

_MOVE_FIELDS = ("segment", "stage", "from_channel", "to_channel", "share")


def saved_moves(workbook):
    """The migration simulator's move as a plan of one move (empty when the share moved is 0).

    Returns
    -------
    list of dict
        ``segment, stage, from_channel, to_channel, share``.
    """
    move = {name: workbook.get(f"{keys.MIGRATION}.{name}") for name in _MOVE_FIELDS}
    return [move] if move["share"] > 0 and move["from_channel"] != move["to_channel"] else []


def saved_standards(workbook, template):
    """The standards as edited in the standards editor, else the template's starting targets.

    Parameters
    ----------
    workbook : Workbook
    template : pandas.DataFrame
        :func:`~.experience.standards_template` (``channel, dimension, target`` ...).
    """
    edited = workbook.get(keys.STANDARD_TARGETS) or {}
    out = template.copy()
    out["target"] = [float(edited.get(c, {}).get(d, t)) for c, d, t in
                     zip(out["channel"], out["dimension"], out["target"])]
    return out


def saved_importance(workbook):
    """Importance of each experience dimension as set in the standards editor (equal where nothing is saved)."""
    saved = workbook.get(keys.IMPORTANCE) or {}
    return {d: float(saved.get(d, 1.0)) for d in DIMENSIONS}


def target_chains(chains, moves=()):
    """Each segment's target channel chain: its most frequent chain, with the migration plan applied.

    Parameters
    ----------
    chains : pandas.DataFrame
        :func:`~.chains.channel_chains` by segment (``segment, chain, pre-sale, sale, after-sale, purchases``).
    moves : list of dict
        The migration plan; a move changes a phase's channel when it moves at least half of the contacts of
        that phase's stage (or of every stage) for the segment (or for every segment).

    Returns
    -------
    dict
        ``{segment: "pre-sale channel → sale channel → after-sale channel"}``.
    """
    needed = ["segment", "purchases", *PHASES]
    if not isinstance(chains, pd.DataFrame) or any(c not in chains.columns for c in needed):
        raise DataValidationError(f"Pass channel_chains(log, by='segment'): a table with {', '.join(needed)}.")
    top = chains.sort_values("purchases", ascending=False, kind="stable").drop_duplicates("segment")
    out = {}
    for _, row in top.sort_values("segment").iterrows():
        chain = {phase: row[phase] for phase in PHASES}
        for move in moves:
            if move["share"] < 0.5 or move["segment"] not in ("all", row["segment"]):
                continue
            for phase in PHASES:
                in_phase = move["stage"] == "all" or STAGE_PHASES.get(move["stage"]) == phase
                if in_phase and chain[phase] == move["from_channel"]:
                    chain[phase] = move["to_channel"]
        out[str(row["segment"])] = " → ".join(chain[p] for p in PHASES)
    return out


@dataclass(frozen=True)
class ChannelDecisions:
    """The chapter's saved decisions (see :func:`save_channel_decisions`)."""

    target_chain: dict
    standards: dict
    migration_plan: list
    cost_to_serve: dict
    projected: dict
    #: Display names of channels and segments (for reading only; the workbook holds the keys).
    labels: dict = field(default_factory=dict, repr=False, compare=False)

    def _name(self, key):
        return self.labels.get(key, key)

    def __str__(self):
        lines = ["Target channel chain (pre-sale → sale → after-sale):"]
        lines += [f"  {self._name(segment)}: {' → '.join(self._name(c) for c in chain.split(' → '))}"
                  for segment, chain in self.target_chain.items()]
        lines.append(f"Experience standards saved for {len(self.standards)} channels on "
                     f"{len(DIMENSIONS)} dimensions.")
        for move in self.migration_plan:
            segment = "all" if move["segment"] == "all" else self._name(move["segment"])
            lines.append(f"Migration: move {100 * move['share']:.0f} % of the {move['stage']} contacts of "
                         f"{segment} customers from {self._name(move['from_channel'])} to "
                         f"{self._name(move['to_channel'])}.")
        if not self.migration_plan:
            lines.append("Migration: no move planned.")
        total = sum(self.cost_to_serve.values())
        lines.append(f"Projected cost to serve: {format_currency(total)} a year.")
        p = self.projected
        lines.append(f"Projected change in cost to serve: {format_currency(p['cost_change'])} a year; in lifetime "
                     f"value: {format_currency(p['value_change'])}; value at risk: "
                     f"{format_currency(p['value_at_risk'])}; customers pushed below break-even: "
                     f"{p['pushed_below']:,.0f}.")
        return "\n".join(lines)

    def _repr_html_(self):
        lines = "<br>".join(html.escape(line).replace("  ", "&nbsp;&nbsp;") for line in str(self).splitlines())
        return f"<div class='tex2jax_ignore mathjax_ignore'>{lines}</div>"       # "$" is money, not mathematics


def save_channel_decisions(workbook, target_chain, standards, migration_plan, migration, labels=None):
    """Save the chapter's decisions under its declared keys.

    Parameters
    ----------
    workbook : Workbook
    target_chain : dict
        ``{segment: chain}`` (:func:`target_chains`).
    standards : pandas.DataFrame
        ``channel, dimension, target`` (:func:`saved_standards`).
    migration_plan : list of dict
        The moves (:func:`saved_moves`).
    migration : MigrationResult
        :func:`~.migration.simulate_migration` of the plan.
    labels : dict, optional
        Display names of channels and segments, for the summary shown.

    Returns
    -------
    ChannelDecisions
    """
    if not {"channel", "dimension", "target"} <= set(getattr(standards, "columns", ())):
        raise DataValidationError("standards must be a table with 'channel', 'dimension' and 'target'.")
    by = getattr(migration, "by_segment", None)
    if by is None:
        raise DataValidationError("migration must be the result of simulate_migration(...).")
    standard_map = {}
    for channel, dimension, target in zip(standards["channel"], standards["dimension"], standards["target"]):
        standard_map.setdefault(str(channel), {})[str(dimension)] = float(target)
    segments = by[by["segment"] != "all segments"]
    cost = {str(s): float(v) for s, v in zip(segments["segment"], segments["cost_after"])}
    total = by[by["segment"] == "all segments"].iloc[0]
    projected = {"cost_change": float(total["cost_change"]), "value_change": float(total["value_change"]),
                 "value_at_risk": float(total["value_at_risk"]), "pushed_below": float(total["pushed_below"])}
    plan = [{k: (float(m[k]) if k == "share" else str(m[k])) for k in _MOVE_FIELDS} for m in migration_plan]
    for key, value in ((keys.DECISION_TARGET_CHAIN, dict(target_chain)), (keys.DECISION_STANDARDS, standard_map),
                       (keys.DECISION_MIGRATION_PLAN, plan), (keys.COST_TO_SERVE, cost),
                       (keys.DECISION_PROJECTED, projected)):
        workbook.set(key, value)
    return ChannelDecisions(dict(target_chain), standard_map, plan, cost, projected, dict(labels or {}))
