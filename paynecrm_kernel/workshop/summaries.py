"""The group's picture of each question, as plain JSON data for the facilitator's screen and the workbook.

:func:`summarise` turns the stored answers of one question into its summary: everyone's markers on the CRM
continuum and the strategy matrix (placed with the framework's own scoring), maturity stages, rating
distributions, vote shares, the NPS, grouped ideas and the pooled conjoint part-worths (estimated with
:func:`paynecrm_kernel.value.fit_part_worths`). The live conjoint design is the one the facilitator
published from the value chapter, or else the chapter's starting design (:func:`live_design`).

The value-creation library (statsmodels and scikit-learn underneath) is imported when a conjoint design is
first needed, so the workshop server starts in about a second; it warms it up in the background.
"""
from __future__ import annotations

import warnings

import pandas as pd

from ..data.sample_company import truth
from ..errors import DataValidationError, DataWarning
from ..framework import (MATRIX_ITEMS, QUADRANTS, STAGES, continuum_position, matrix_position,
                         maturity_stage)
from .pooling import describe_values, group_ideas, nps_summary, rating_distribution, vote_shares

__all__ = ["summarise", "live_design", "conjoint_fingerprint", "conjoint_ratings", "STARTING_PROFILES"]

#: Profiles of the starting design, as in the value chapter.
STARTING_PROFILES = 18


def live_design(workbook=None):
    """The conjoint design participants rate: the one published in ``workbook``, else the starting design."""
    from ..value import generate_design, load_design

    design = load_design(workbook) if workbook is not None else None
    if design is None:
        design = generate_design(truth()["conjoint"]["attributes"], STARTING_PROFILES)
    return design


def conjoint_fingerprint(design):
    """The design's fingerprint (:func:`paynecrm_kernel.value.design_fingerprint`): answers carry it."""
    from ..value import design_fingerprint

    return design_fingerprint(design)


def conjoint_ratings(answers, design):
    """Long table of the conjoint answers made under ``design`` (others are left out).

    Returns
    -------
    pandas.DataFrame
        ``respondent_id, profile_id``, one column per attribute, ``rating`` (0-10).
    """
    from ..value import design_fingerprint

    fingerprint = design_fingerprint(design)
    rows = []
    for answer in answers:
        value = answer["value"]
        if not isinstance(value, dict) or value.get("design") != fingerprint:
            continue
        for pid, rating in value.get("ratings", {}).items():
            pid = int(pid)
            if pid in design.profiles.index:
                rows.append({"respondent_id": answer["participant_id"], "profile_id": pid,
                             **design.profiles.loc[pid].to_dict(), "rating": float(rating)})
    return pd.DataFrame(rows, columns=["respondent_id", "profile_id", *design.attributes, "rating"])


def _continuum(question, answers):
    markers = []
    for a in answers:
        score = continuum_position([a["value"][key] for key, _label in question.items])
        markers.append({"position": score.position, "team": a["team"]})
    spread = describe_values([m["position"] for m in markers], bounds=(1, 3))
    return {**spread, "markers": markers}


def _matrix(_question, answers):
    markers = []
    for a in answers:
        place = matrix_position({k: a["value"][k] for k in MATRIX_ITEMS})
        markers.append({"x": place.x, "y": place.y, "quadrant": place.quadrant, "team": a["team"]})
    counts = {q: sum(m["quadrant"] == q for m in markers) for q in QUADRANTS}
    return {"n": len(markers), "markers": markers, "quadrants": counts,
            "x": describe_values([m["x"] for m in markers], bounds=(0, 1)),
            "y": describe_values([m["y"] for m in markers], bounds=(0, 1))}


def _maturity(question, answers):
    stages = [maturity_stage(a["value"]).stage for a in answers]
    ticked = {key: sum(key in a["value"] for a in answers) / len(answers) for key, _label in question.items}
    labels = ["Not yet at stage 1", *STAGES]
    return {**rating_distribution(stages, (0, len(STAGES))), "stage_labels": labels, "criteria": ticked}


def _ratings(question, answers):
    items = []
    for key, label in question.items:
        items.append({"key": key, "label": label,
                      **rating_distribution([a["value"][key] for a in answers], question.scale)})
    return {"n": len(answers), "scale": list(question.scale), "scale_labels": list(question.scale_labels),
            "items": items}


def _sliders(question, answers):
    return {"n": len(answers), "items": [{"key": key, "label": label,
                                          **describe_values([a["value"][key] for a in answers], bounds=(0, 1))}
                                         for key, label in question.items]}


def _choice(question, answers):
    table = vote_shares([a["value"] for a in answers], question.options)
    return {"n": len(answers), "options": [{"key": key, **row} for key, row in table.to_dict("index").items()]}


def _nps(_question, answers):
    scores = [a["value"] for a in answers]
    return {**nps_summary(scores), "counts": [scores.count(s) for s in range(11)]}


def _ideas(_question, answers):
    ideas = [idea for a in answers for idea in a["value"]]
    return {"n": len(answers), "n_ideas": len(ideas), "groups": group_ideas(ideas)}


def _conjoint(_question, answers, design):
    from ..value import design_fingerprint, fit_part_worths

    ratings = conjoint_ratings(answers, design)
    base = {"n": int(ratings["respondent_id"].nunique()), "n_ratings": len(ratings),
            "design": design_fingerprint(design), "n_profiles": design.n_profiles}
    if ratings.empty:
        return {**base, "status": "No ratings of the current design yet."}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            fit = fit_part_worths(ratings, design.attributes, individual=False)
    except DataValidationError as exc:
        return {**base, "status": f"Not enough ratings to estimate the part-worths yet: {exc}"}
    table = fit.part_worths()
    levels = [{"attribute": r["attribute"], "level": r["level"], "part_worth": float(r["part_worth"]),
               "std_err": None if pd.isna(r["std_err"]) else float(r["std_err"])}
              for r in table.to_dict("records")]
    importances = {k: float(v) for k, v in fit.importances().items()}
    return {**base, "status": "ok", "rsquared": float(fit.rsquared), "cov_type": fit.cov_type,
            "part_worths": levels, "importances": importances}


_ANALYSES = {"ratings": _ratings, "sliders": _sliders, "checklist": _maturity, "choice": _choice, "nps": _nps,
             "ideas": _ideas}
_SPECIAL = {"overview.continuum": _continuum, "overview.matrix": _matrix}


def summarise(question, answers, design=None):
    """Summarise one question's answers.

    Parameters
    ----------
    question : Question
    answers : list of dict
        The question's answers as :meth:`WorkshopStore.answers` returns them.
    design : ConjointDesign, optional
        For the conjoint question: the live design (default :func:`live_design` without a workbook).

    Returns
    -------
    dict
        ``question_id``, ``kind`` and ``n`` (participants who answered), plus what the kind adds up to; with
        no answers only those three.
    """
    head = {"question_id": question.id, "kind": question.kind}
    if question.kind == "conjoint":
        return {**head, **_conjoint(question, answers, design if design is not None else live_design())}
    if not answers:
        return {**head, "n": 0}
    analyse = _SPECIAL.get(question.id, _ANALYSES[question.kind])
    return {**head, **analyse(question, answers)}
