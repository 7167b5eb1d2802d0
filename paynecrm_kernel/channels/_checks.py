"""Input checks shared by the channel functions: every problem names the column, the rows and the fix."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError

#: The fixed default seed of every random step of the chapter (bootstrap, permutation sampling, simulation).
DEFAULT_SEED = 2016


def rows_text(index, mask, limit=5):
    """Return the first offending row labels and a sentence fragment listing them."""
    mask = np.asarray(mask, dtype=bool)
    labels = [i.item() if hasattr(i, "item") else i for i in list(index[mask][:limit])]
    more = int(mask.sum()) - len(labels)
    return labels, ", ".join(map(str, labels)) + (f" and {more} more" if more > 0 else "")


def as_frame(data, what, hint):
    """Return ``data`` as a non-empty DataFrame, or raise a DataValidationError saying what was expected."""
    if not isinstance(data, pd.DataFrame):
        raise DataValidationError(f"{what} must be a pandas DataFrame, got {type(data).__name__}. {hint}")
    if data.empty:
        raise DataValidationError(f"{what} is empty: it has no rows. {hint}")
    return data


def require_columns(frame, columns, what):
    """Raise when any of ``columns`` is missing from ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataValidationError(
            f"{what} lacks the column(s) {', '.join(map(repr, missing))}; it has "
            f"{', '.join(map(repr, map(str, frame.columns))) or 'no columns'}. Rename your columns (or pass "
            "their names as arguments).", column=missing[0])


def numeric_column(frame, column, what, allow_negative=False):
    """Return ``frame[column]`` as float64, refusing non-numbers, NaN and (by default) negative values."""
    series = frame[column]
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        series = pd.to_numeric(series, errors="coerce")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        rows, text = rows_text(frame.index, bad)
        raise DataValidationError(
            f"{what}: column {column!r} has {int(bad.sum())} missing or non-numeric value(s) (rows {text}). "
            "Fill or drop those rows.", column=column, rows=rows)
    if not allow_negative and (values < 0).any():
        rows, text = rows_text(frame.index, values < 0)
        raise DataValidationError(
            f"{what}: column {column!r} has {int((values < 0).sum())} negative value(s) (rows {text}); it "
            "must be >= 0. Check how the column was computed.", column=column, rows=rows)
    return values


def number(value, name, low=None, high=None, integer=False):
    """Return ``value`` as a float (or int) within [low, high], or raise naming the parameter."""
    try:
        ok = not isinstance(value, bool) and np.isfinite(float(value))
    except (TypeError, ValueError):
        ok = False
    if not ok or (integer and float(value) != int(float(value))):
        kind = "a whole number" if integer else "a number"
        raise DataValidationError(f"{name} must be {kind}, got {value!r}.")
    value = int(value) if integer else float(value)
    if (low is not None and value < low) or (high is not None and value > high):
        span = f"between {low} and {high}" if low is not None and high is not None else \
            (f"at least {low}" if low is not None else f"at most {high}")
        raise DataValidationError(f"{name} = {value!r} is out of range; it must be {span}.")
    return value


def share_column(frame, column, what):
    """Return a column of shares in [0, 1] as float64."""
    values = numeric_column(frame, column, what)
    if (values > 1).any():
        rows, text = rows_text(frame.index, values > 1)
        raise DataValidationError(
            f"{what}: column {column!r} must hold shares between 0 and 1; rows {text} exceed 1. Divide "
            "percentages by 100.", column=column, rows=rows)
    return values
