"""The group's answers out of the workshop: a flat table (CSV) and the ``workshop.*`` keys of a workbook.

:func:`to_workbook` brings the results into a :class:`~paynecrm_kernel.workbook.Workbook`, where the later
chapters and the capstone report read them. The keys it writes are listed in :data:`WORKBOOK_KEYS`, and
declared for the workbook's schema by :data:`WORKBOOK_FIELDS`; :func:`workshop_schema` adds them to a schema
that does not declare them yet.
"""
from __future__ import annotations

import pandas as pd

from ..errors import WorkbookError
from ..workbook import SCHEMA
from ..workbook.schema import Field, Json, ListOf, Number, Schema, Text
from .questions import QUESTIONS, get_question
from .summaries import summarise

__all__ = ["answers_table", "to_workbook", "workshop_schema", "WORKBOOK_FIELDS", "WORKBOOK_KEYS"]

#: Keys written by :func:`to_workbook`: key -> (type, meaning). Every question's summary is a dict with
#: ``question_id``, ``kind`` and ``n`` (participants and teams who answered) plus the fields named here.
WORKBOOK_KEYS = {
    "workshop.participants": ("int", "participants and teams who joined"),
    "workshop.teams": ("list[str]", "team names given when joining, sorted"),
    "workshop.overview.continuum": ("dict", "continuum positions (1-3): n, mean, sd, low, high (95 % t-interval) "
                                            "and markers [{position, team}]"),
    "workshop.overview.matrix": ("dict", "strategy-matrix places: markers [{x, y, quadrant, team}], quadrants "
                                         "{name: count}, x and y {n, mean, sd, low, high} (0-1)"),
    "workshop.overview.maturity": ("dict", "maturity stages (0-5): n, mean, sd, low, high, counts per stage, "
                                           "stage_labels, criteria {id: share of participants ticking it}"),
    "workshop.overview.readiness": ("dict", "barrier severities 1-5: items [{key, label, n, mean, sd, low, high, "
                                            "counts}]"),
    "workshop.strategy.five_forces": ("dict", "five-force ratings 1-5: items as for readiness"),
    "workshop.strategy.granularity": ("dict", "segment-granularity votes: options [{key, label, votes, share, "
                                              "low, high}] (95 % Wilson intervals)"),
    "workshop.strategy.ideas": ("dict", "ideas: n_ideas, groups [{label, ideas}]"),
    "workshop.value.conjoint": ("dict", "pooled conjoint part-worths (0-10 rating points): status, n, n_ratings, "
                                        "design (fingerprint), rsquared, cov_type, part_worths [{attribute, level, "
                                        "part_worth, std_err}], importances {attribute: %}"),
    "workshop.channels.migration": ("dict", "channel to move mass-market after-sales to: options as for "
                                            "granularity"),
    "workshop.information.data_quality": ("dict", "data-quality dimension that hurts most: options as for "
                                                  "granularity"),
    "workshop.performance.kpi": ("dict", "KPI to watch first: options as for granularity"),
    "workshop.performance.nps": ("dict", "perceived NPS (-100 to 100): n, promoters, passives, detractors, nps, "
                                         "low, high (adjusted Wald, Rocks 2016), counts per score 0-10"),
}

_KINDS = {"workshop.participants": Number(0, 100_000, integer=True), "workshop.teams": ListOf(Text(40), 1_000)}
#: The schema declarations of :data:`WORKBOOK_KEYS` (summaries are structured data of at most 256 kB).
WORKBOOK_FIELDS = tuple(Field(key, _KINDS.get(key, Json(256_000)), "workshop", meaning)
                        for key, (_type, meaning) in WORKBOOK_KEYS.items())


def workshop_schema(base=SCHEMA):
    """``base`` with the workshop's keys added where it does not declare them yet."""
    missing = [f for f in WORKBOOK_FIELDS if base.field(f.key) is None]
    return Schema(base.fields + tuple(missing)) if missing else base


def _flatten(value):
    if isinstance(value, dict) and set(value) == {"design", "ratings"}:
        return [(f"profile {pid}", rating) for pid, rating in value["ratings"].items()]
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return [(str(i + 1), v) for i, v in enumerate(value)]
    return [("", value)]


def answers_table(store):
    """Every answer as a long table, one row per answered item.

    Returns
    -------
    pandas.DataFrame
        ``participant_id, name, team, is_team, chapter, question_id, item, value`` (for a checklist the item
        is the position and the value the ticked criterion; for ideas, one row per idea).
    """
    rows = []
    for answer in store.answers():
        chapter = get_question(answer["question_id"]).chapter
        for item, value in _flatten(answer["value"]):
            rows.append({"participant_id": answer["participant_id"], "name": answer["name"], "team": answer["team"],
                         "is_team": answer["is_team"], "chapter": chapter, "question_id": answer["question_id"],
                         "item": item, "value": value})
    columns = ["participant_id", "name", "team", "is_team", "chapter", "question_id", "item", "value"]
    return pd.DataFrame(rows, columns=columns)


def to_workbook(store, workbook, design=None):
    """Write the group's results into ``workbook`` under ``workshop.*`` keys, in one atomic save.

    Parameters
    ----------
    store : WorkshopStore
    workbook : paynecrm_kernel.workbook.Workbook
    design : ConjointDesign, optional
        The live conjoint design (its ratings are pooled).

    Returns
    -------
    list of str
        The keys written (see :data:`WORKBOOK_KEYS`); questions nobody answered are left out.
    """
    participants = store.participants()
    values = {"workshop.participants": len(participants),
              "workshop.teams": sorted({p.team for p in participants if p.team})}
    for question in QUESTIONS:
        answers = store.answers(question.id)
        summary = summarise(question, answers, design)
        if summary.get("n"):
            values[f"workshop.{question.id}"] = summary
    undeclared = sorted(k for k in values if workbook.schema.field(k) is None)
    if undeclared:
        raise WorkbookError(f"This workbook's schema does not declare {', '.join(undeclared)}; open it with "
                            "Workbook.open(path, schema=workshop_schema()) or declare WORKBOOK_FIELDS in "
                            "paynecrm_kernel/workbook/keys.")
    workbook.update(values)
    return sorted(values)
