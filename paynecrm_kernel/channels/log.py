"""The interaction log an analyst brings: its documented columns and their checks.

One row per contact between the firm and a customer:

========== ======== =====================================================================================
column     required meaning
========== ======== =====================================================================================
customer   yes      ``customer_id``: who made the contact (any hashable id)
timestamp  yes      ``timestamp``: when (a datetime, or text that pandas can parse)
channel    yes      ``channel``: the firm's own channel name (map it to the six categories with
                    :func:`~paynecrm_kernel.channels.inventory.map_channels`)
stage      chains   ``stage``: buying stage, one of :data:`STAGES` (or your own names with ``stage_phases``)
outcome    no       ``outcome``: e.g. "completed" or "follow-up needed" (first-contact resolution)
minutes    no       ``handling_minutes``: staff minutes spent (time-driven cost to serve)
identified no       ``identified``: whether the firm's systems linked the contact to a known customer
========== ======== =====================================================================================

The buying stages group into the three phases of Payne & Frow's channel chains: pre-sale, sale and
after-sale (:data:`STAGE_PHASES`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import as_frame, numeric_column, require_columns, rows_text

__all__ = ["LOG_COLUMNS", "PHASES", "STAGES", "STAGE_PHASES", "validate_log"]

#: The workbook's buying stages, in order.
STAGES = ("awareness", "evaluation", "purchase", "delivery", "after-sales")
#: Payne & Frow's three phases of the customer contact.
PHASES = ("pre-sale", "sale", "after-sale")
#: Phase of each buying stage.
STAGE_PHASES = {"awareness": "pre-sale", "evaluation": "pre-sale", "purchase": "sale",
                "delivery": "after-sale", "after-sales": "after-sale"}
#: Column names of the log, by role.
LOG_COLUMNS = {"customer": "customer_id", "timestamp": "timestamp", "channel": "channel", "stage": "stage",
               "outcome": "outcome", "minutes": "handling_minutes", "identified": "identified"}

_HINT = ("An interaction log has one row per contact with at least 'customer_id', 'timestamp' and 'channel' "
         "(see paynecrm_kernel.channels.log).")


def validate_log(log, need=("customer", "timestamp", "channel"), stage_phases=None, columns=None):
    """Check an interaction log and return a clean copy with parsed timestamps and a ``phase`` column.

    Parameters
    ----------
    log : pandas.DataFrame
        One row per contact (module docstring).
    need : sequence of str
        Roles that must be present: any of ``customer, timestamp, channel, stage, outcome, minutes,
        identified``.
    stage_phases : dict, optional
        Your own stage names mapped to "pre-sale", "sale" or "after-sale" (default :data:`STAGE_PHASES`).
    columns : dict, optional
        Your column names by role, e.g. ``{"customer": "client", "timestamp": "time"}``.

    Returns
    -------
    pandas.DataFrame
        The log with the standard column names, ``timestamp`` as datetime64, ``stage`` and ``phase`` as text
        when a stage column exists, and the original row labels kept in the index.

    Raises
    ------
    DataValidationError
        Empty log, missing columns, unparseable timestamps, missing ids or channels, unknown stages,
        negative handling minutes.
    """
    frame = as_frame(log, "The interaction log", _HINT)
    names = {**LOG_COLUMNS, **(columns or {})}
    present = {role: name for role, name in names.items() if name in frame.columns}
    require_columns(frame, [names[r] for r in need], "The interaction log")
    out = frame.rename(columns={name: LOG_COLUMNS[role] for role, name in present.items()}).copy()
    for role in ("customer", "channel"):
        column = LOG_COLUMNS[role]
        if column in out.columns:
            missing = out[column].isna().to_numpy()
            if missing.any():
                rows, text = rows_text(out.index, missing)
                raise DataValidationError(
                    f"The interaction log: column {column!r} is empty in {int(missing.sum())} row(s) (rows {text}). "
                    "Every contact needs a customer and a channel: fill or drop those rows.",
                    column=column, rows=rows)
    if "channel" in out.columns and not pd.api.types.is_string_dtype(out["channel"]):
        out["channel"] = out["channel"].astype(str)
    if "timestamp" in out.columns:
        out["timestamp"] = _timestamps(out)
    if "stage" in out.columns:
        _phases(out, stage_phases or STAGE_PHASES)
    if "handling_minutes" in out.columns:
        out["handling_minutes"] = numeric_column(out, "handling_minutes", "The interaction log")
    if "identified" in out.columns:
        raw = out["identified"]
        valid = raw.isin([True, False, 0, 1]).to_numpy()
        if not valid.all():
            rows, text = rows_text(out.index, ~valid)
            raise DataValidationError(
                f"The interaction log: column 'identified' must be True/False (or 1/0); rows {text} are not.",
                column="identified", rows=rows)
        out["identified"] = raw.astype(bool)
    return out


def _timestamps(frame):
    raw = frame["timestamp"]
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) is not None else raw
    else:
        parsed = pd.to_datetime(raw, errors="coerce", format="mixed")
    bad = parsed.isna().to_numpy()
    if bad.any():
        rows, text = rows_text(frame.index, bad)
        examples = ", ".join(repr(v) for v in raw[bad].head(3))
        raise DataValidationError(
            f"The interaction log: column 'timestamp' has {int(bad.sum())} missing or unparseable value(s) "
            f"(rows {text}; e.g. {examples}). Use ISO dates such as '2024-03-01 14:30' or datetime values.",
            column="timestamp", rows=rows)
    return parsed.astype("datetime64[ns]")


def _phases(frame, stage_phases):
    unknown_phase = sorted({p for p in stage_phases.values() if p not in PHASES})
    if unknown_phase:
        raise DataValidationError(f"stage_phases maps stages to {unknown_phase}; phases must be one of "
                                  f"{', '.join(PHASES)}.", column="stage")
    code, distinct = pd.factorize(frame["stage"])               # -1 marks a missing stage
    names = [str(s).strip() for s in distinct]
    known = np.array([n in stage_phases for n in names] + [False])[code]
    if not known.all():
        rows, text = rows_text(frame.index, ~known)
        found = sorted({names[c] if c >= 0 else "(missing)" for c in np.unique(code[~known])})[:5]
        raise DataValidationError(
            f"The interaction log: column 'stage' has {int((~known).sum())} unknown stage(s) {found} (rows {text}). "
            f"Known stages: {', '.join(stage_phases)}. Rename them, or pass stage_phases mapping each of your "
            "stages to 'pre-sale', 'sale' or 'after-sale'.", column="stage", rows=rows)
    stages = list(dict.fromkeys(names))
    recode = np.array([stages.index(n) for n in names], dtype=np.int64)[code]
    frame["stage"] = pd.Categorical.from_codes(recode, categories=stages)
    phase_of = np.array([PHASES.index(stage_phases[n]) for n in stages], dtype=np.int64)
    frame["phase"] = pd.Categorical.from_codes(phase_of[recode], categories=list(PHASES))

