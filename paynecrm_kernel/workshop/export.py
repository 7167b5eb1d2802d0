"""The group's answers out of the workshop: a flat table (CSV) and the ``workshop.*`` keys of a workbook.

:func:`to_workbook` brings the results into a :class:`~paynecrm_kernel.workbook.Workbook`, where the later
chapters and the capstone report read them. The keys it writes are listed in :data:`WORKBOOK_KEYS`, and
declared in the workbook's schema (:mod:`paynecrm_kernel.workbook.keys.workshop`).
"""
from __future__ import annotations

import pandas as pd

from ..workbook.keys import workshop as workshop_keys
from .questions import QUESTIONS, get_question
from .summaries import summarise

__all__ = ["answers_table", "to_workbook", "WORKBOOK_FIELDS", "WORKBOOK_KEYS"]

#: Keys written by :func:`to_workbook`: key -> (type, meaning). Every question's summary is a dict with
#: ``question_id``, ``kind`` and ``n`` (participants and teams who answered) plus the fields named here.

#: The declarations of the keys written by :func:`to_workbook` (in the workbook's schema).
WORKBOOK_FIELDS = tuple(workshop_keys.FIELDS)
#: Keys written by :func:`to_workbook`: key -> meaning.
WORKBOOK_KEYS = {f.key: f.meaning for f in WORKBOOK_FIELDS}


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
    workbook.update(values)
    return sorted(values)
