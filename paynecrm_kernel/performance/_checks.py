"""Input checks shared by the performance-assessment modules: one place that names column, rows and fix."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import DataValidationError

__all__ = ["check_level", "check_number", "require_frame", "numeric_column"]


def check_level(level):
    """Return ``level`` as a float in (0, 1), or raise with the fix."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise DataValidationError(f"The confidence level must be a number such as 0.95, not {level!r}.") from None
    if not 0 < value < 1:
        raise DataValidationError(f"The confidence level must be between 0 and 1 (e.g. 0.95 for 95 %), "
                                  f"not {level!r}.")
    return value


def check_number(name, value, low=-math.inf, high=math.inf):
    """Return ``value`` as a finite float in [low, high], or raise naming ``name`` and the range."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DataValidationError(f"{name} must be a number, not {value!r}.") from None
    if not (math.isfinite(number) and low <= number <= high):
        raise DataValidationError(f"{name} = {value!r} is outside [{low}, {high}]; enter a value in that range.")
    return number


def require_frame(frame, columns, what):
    """Check that ``frame`` is a non-empty DataFrame holding ``columns``; ``what`` names the table."""
    if not isinstance(frame, pd.DataFrame):
        raise DataValidationError(f"Give the {what} as a pandas DataFrame, not {type(frame).__name__}.")
    if frame.empty:
        raise DataValidationError(f"The {what} table is empty; it needs at least one row.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataValidationError(f"The {what} table has no column(s) {missing}; it has {list(frame.columns)}. "
                                  "Rename the columns or name yours in the call.", column=missing[0])
    return frame


def numeric_column(frame, column, what, low=-math.inf, high=math.inf):
    """The column as floats, raising for unparseable, missing or out-of-range entries (rows named)."""
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~np.isfinite(values) | (values < low) | (values > high))
    if len(bad):
        rows = frame.index[bad].tolist()
        raise DataValidationError(
            f"Column '{column}' of the {what} must hold numbers between {low:g} and {high:g}; {len(bad):,} row(s) "
            f"do not, e.g. rows {rows[:10]} (values {frame[column].iloc[bad[:5]].tolist()}). Correct or remove "
            "those rows.", column=column, rows=rows[:50])
    return values
