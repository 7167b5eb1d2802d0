"""Input checks shared by the segmentation functions: every problem names the column, the rows and the fix."""
import numpy as np
import pandas as pd

from ..errors import DataValidationError


def _row_labels(frame, mask, limit=5):
    labels = list(frame.index[np.asarray(mask)][:limit])
    more = int(np.count_nonzero(mask)) - len(labels)
    text = ", ".join(map(str, labels)) + (f" and {more} more" if more > 0 else "")
    return labels, text


def as_frame(data, what):
    """Return ``data`` as a DataFrame, or raise a DataValidationError saying what was expected."""
    if isinstance(data, pd.DataFrame):
        return data
    raise DataValidationError(
        f"{what} must be a pandas DataFrame, got {type(data).__name__}. "
        "Build one with one row per customer, e.g. with paynecrm_kernel.clv.summarize_transactions.")


def require_columns(frame, columns, what):
    """Raise when any of ``columns`` is missing from ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataValidationError(
            f"{what} lacks the column(s) {', '.join(map(repr, missing))}; it has "
            f"{', '.join(map(repr, frame.columns)) or 'no columns'}. Rename your columns or pass their names "
            "as arguments.", column=missing[0])


def numeric_column(frame, column, what, allow_negative=True):
    """Return ``frame[column]`` as float64, refusing non-numbers, NaN and (optionally) negative values."""
    series = frame[column]
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series) \
            or isinstance(series.dtype, pd.api.extensions.ExtensionDtype):
        series = pd.to_numeric(series, errors="coerce")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        rows, text = _row_labels(frame, bad)
        raise DataValidationError(
            f"{what}: column {column!r} has {int(bad.sum())} missing or non-numeric value(s) (rows {text}). "
            "Drop or fill those customers before scoring.", column=column, rows=rows)
    if not allow_negative:
        neg = values < 0
        if neg.any():
            rows, text = _row_labels(frame, neg)
            raise DataValidationError(
                f"{what}: column {column!r} has {int(neg.sum())} negative value(s) (rows {text}); it must be "
                ">= 0. Check how the column was computed.", column=column, rows=rows)
    return values


def value_array(value, what, allow_negative=True):
    """Return a 1-d float array from a Series/array of per-customer values, checked for NaN."""
    if isinstance(value, pd.DataFrame):
        raise DataValidationError(f"{what} must be one column of values (a Series), not a DataFrame.")
    series = value if isinstance(value, pd.Series) else pd.Series(np.asarray(value))
    name = series.name if series.name is not None else "value"
    arr = numeric_column(series.to_frame(name), name, what, allow_negative=allow_negative)
    if arr.size == 0:
        raise DataValidationError(f"{what}: there are no customers; pass at least one value.", column=name)
    return series, arr


def enough_customers(n, needed, what, unit):
    """Raise when there are fewer customers than ``needed`` (bins, clusters ...)."""
    if n < needed:
        raise DataValidationError(
            f"{what}: {n} customer(s) cannot fill {needed} {unit}; use at most {n} {unit} or more customers.")
