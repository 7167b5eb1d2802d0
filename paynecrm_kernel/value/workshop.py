"""Live conjoint workshops: the study design and everyone's ratings, shared through the workbook.

Every participant's page writes their ratings under ``<prefix>.ratings.<respondent id>`` (one key per
respondent, so pages never overwrite each other: the workbook merges per key); the facilitator's page pools
all of them with :func:`collect_ratings` and estimates the part-worths.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets

import pandas as pd

from ..errors import DataValidationError
from .design import ConjointDesign

__all__ = ["save_design", "load_design", "published_design", "save_ratings", "collect_ratings",
           "new_respondent_id", "design_fingerprint"]

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def new_respondent_id():
    """A short random respondent id such as ``"p-3f9a1c"``."""
    return f"p-{secrets.token_hex(3)}"


def design_fingerprint(design):
    """A short hash of the design's profiles; ratings made under another design are not pooled."""
    text = json.dumps(design.to_dict()["profiles"], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def save_design(workbook, design, prefix="value.conjoint"):
    """Publish the study design to the workbook (participants' pages read it)."""
    workbook.set(f"{prefix}.design", design.to_dict())


def load_design(workbook, prefix="value.conjoint"):
    """The design saved with :func:`save_design`, or ``None``."""
    data = workbook.get(f"{prefix}.design")
    return ConjointDesign.from_dict(data) if data else None


def published_design(workbook, starting=None, prefix="value.conjoint"):
    """The design participants rate: the published one, or else ``starting``, which is then published.

    Every live tool of a study asks for the design this way, so the study has one as soon as any of them
    is opened, and the facilitator's later publications replace it.
    """
    design = load_design(workbook, prefix)
    if design is None and starting is not None:
        save_design(workbook, starting, prefix)
        design = starting
    return design


def save_ratings(workbook, design, respondent_id, ratings, prefix="value.conjoint"):
    """Save one respondent's ratings ``{profile_id: rating}`` of ``design`` (replacing their earlier ones)."""
    if not _ID.match(str(respondent_id)):
        raise DataValidationError(f"Respondent id {respondent_id!r} may only contain letters, digits, '_' and '-'.")
    clean = {}
    for pid, value in ratings.items():
        if value is None:
            continue
        try:
            clean[str(int(pid))] = float(value)
        except (TypeError, ValueError):
            raise DataValidationError(f"The rating of profile {pid} must be a number, not {value!r}.") from None
    workbook.set(f"{prefix}.ratings.{respondent_id}", {"design": design_fingerprint(design), "ratings": clean})


def collect_ratings(workbook, design, prefix="value.conjoint"):
    """All respondents' ratings as a long DataFrame ready for :func:`fit_part_worths`.

    Ratings saved under another design (an earlier version of the study) are left out.

    Returns
    -------
    pandas.DataFrame
        Columns ``respondent_id``, ``profile_id``, the attributes, and ``rating``.
    """
    rows = []
    fingerprint = design_fingerprint(design)
    for rid, entry in sorted(workbook.section(f"{prefix}.ratings").items()):
        if not isinstance(entry, dict) or entry.get("design") != fingerprint:
            continue
        for pid, value in entry.get("ratings", {}).items():
            try:
                pid = int(pid)
            except ValueError:
                continue
            if pid in design.profiles.index:
                rows.append({"respondent_id": rid, "profile_id": pid, **design.profiles.loc[pid].to_dict(),
                             "rating": float(value)})
    columns = ["respondent_id", "profile_id", *design.attributes, "rating"]
    return pd.DataFrame(rows, columns=columns)
