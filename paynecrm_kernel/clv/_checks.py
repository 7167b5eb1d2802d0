"""Validation of customer-summary tables (frequency, recency, T, monetary value) in one place.

Every check raises :class:`~paynecrm_kernel.errors.DataValidationError` that names the problem, the
column, the first offending rows (by index label) and the fix.
"""
import numpy as np
import pandas as pd

from .._core.betageo import histories_are_clean as _histories_are_clean
from ..errors import DataValidationError
from ._base import require_columns

_SHOW = 5


def _labels(data, mask):
    return list(data.index[np.asarray(mask)][:_SHOW])


def _column_values(data, column):
    """The values of ``data[column]`` (a NumPy array or a pandas extension array), read-only.

    Where pandas offers it, the column's array is taken straight from the frame: building the Series
    that ``data[column]`` returns costs more than a prediction on tens of thousands of customers.
    """
    getter = getattr(data, "_get_column_array", None)
    if getter is not None:
        try:
            loc = data.columns.get_loc(column)
        except KeyError:
            loc = None
        if isinstance(loc, (int, np.integer)):
            values = getter(loc)
            if isinstance(values, np.ndarray):
                values = values.view()
                values.flags.writeable = False          # a view of the caller's frame: never written
                return values
    series = data[column]
    return series.to_numpy() if isinstance(series.dtype, np.dtype) else series.array


def float_columns(data, columns):
    """The columns as contiguous float64 arrays (see :func:`float_column`), or None when one is missing or
    not a NumPy number: the caller then runs its checks, which say what is wrong."""
    getter = getattr(data, "_get_column_array", None)
    out = []
    for column in columns:
        try:
            loc = data.columns.get_loc(column)
        except KeyError:
            return None
        if getter is not None and isinstance(loc, (int, np.integer)):
            values = getter(loc)                 # as in _column_values, one lookup fewer
            if not (isinstance(values, np.ndarray) and values.dtype == np.float64 and values.flags.c_contiguous):
                values = float_column(data, column)
                if values is None:
                    return None
            else:
                values = values.view()
                values.flags.writeable = False   # a view of the caller's frame: never written
        else:
            values = float_column(data, column)
            if values is None:
                return None
        out.append(values)
    return out


def numeric_column(data, column, model_name):
    """Return ``data[column]`` as a float64 array, or raise naming non-numeric, missing or infinite rows."""
    values = float_column(data, column)
    if values is None:
        values = pd.to_numeric(data[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        rows = _labels(data, bad)
        raise DataValidationError(
            f"{model_name}: column '{column}' has {int(bad.sum()):,} missing, non-numeric or infinite value(s), "
            f"e.g. in rows {rows}. Drop or correct those rows before fitting.", column=column, rows=rows)
    return values


def float_column(data, column):
    """``data[column]`` as a contiguous float64 array (no copy when it is float64) for NumPy numbers, else
    None (the caller then parses the column with :func:`numeric_column`)."""
    values = _column_values(data, column)
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        return np.ascontiguousarray(values, dtype=float)
    if isinstance(values, np.ndarray) and values.dtype.kind == "b":
        return values.astype(float)
    return None


def _fail(data, mask, column, message):
    rows = _labels(data, mask)
    raise DataValidationError(f"{message} ({int(np.sum(mask)):,} row(s), e.g. {rows}).", column=column, rows=rows)


def frequency_recency_age(data, model_name, weights_column=None):
    """Validate ``frequency, recency, T`` and return them (and weights) as float64 arrays.

    Rules: frequency is a whole number >= 0; 0 <= recency <= T; T > 0; recency = 0 when frequency = 0
    (a customer without repeat purchases has no last repeat purchase); weights, if given, are >= 0.
    """
    require_columns(data, ["frequency", "recency", "T"], model_name)
    columns = [float_column(data, column) for column in ("frequency", "recency", "T")]
    if any(column is None for column in columns) or not _histories_are_clean(*columns):
        # one compiled pass above (it also rejects NaN and infinity); the detailed checks only when needed
        x = numeric_column(data, "frequency", model_name)
        t_x = numeric_column(data, "recency", model_name)
        age = numeric_column(data, "T", model_name)
        if not _histories_are_clean(x, t_x, age):
            t_x = _check_histories(data, x, t_x, age, model_name)
    else:
        x, t_x, age = columns
    weights = np.ones_like(x)
    if weights_column is not None and weights_column in data.columns:
        weights = numeric_column(data, weights_column, model_name)
        if (weights < 0).any():
            _fail(data, weights < 0, weights_column, f"{model_name}: weights (customer counts) cannot be negative")
    return x, t_x, age, weights


def _check_histories(data, x, t_x, age, model_name):
    """The detailed checks behind :func:`frequency_recency_age`; returns recency clipped to T."""
    if (x < 0).any():
        _fail(data, x < 0, "frequency", f"{model_name}: frequency (repeat purchases) cannot be negative")
    if (x != np.round(x)).any():
        _fail(data, x != np.round(x), "frequency",
              f"{model_name}: frequency must be a whole number of repeat purchases; round or recount it")
    if (t_x < 0).any():
        _fail(data, t_x < 0, "recency", f"{model_name}: recency cannot be negative")
    if (age <= 0).any():
        _fail(data, age <= 0, "T", f"{model_name}: T (time since the first purchase) must be positive; "
                                   "customers acquired on the last day of the period have T = 0, drop them")
    tol = 1e-9 * np.maximum(age, 1.0)
    if (t_x > age + tol).any():
        _fail(data, t_x > age + tol, "recency",
              f"{model_name}: recency is larger than T (the last repeat purchase after the end of the "
              "period); both must be measured from the first purchase in the same time unit")
    t_x = np.minimum(t_x, age)
    if ((x == 0) & (t_x > 0)).any():
        _fail(data, (x == 0) & (t_x > 0), "recency",
              f"{model_name}: recency must be 0 when frequency is 0 (no repeat purchase, so no last one)")
    return t_x


def frequency_monetary(data, model_name):
    """Validate ``frequency, monetary_value`` for a spend model and keep the repeat customers.

    Returns
    -------
    x, m, n_no_repeat, n_zero_spend : ndarray, ndarray, int, int
        Frequency and mean repeat spend of the customers with frequency > 0 and positive spend, the number
        of customers without a repeat purchase and the number of repeat customers with zero spend (both left
        out: they carry no information on the size of spend).
    """
    require_columns(data, ["frequency", "monetary_value"], model_name)
    x = numeric_column(data, "frequency", model_name)
    m = numeric_column(data, "monetary_value", model_name)
    if (x < 0).any():
        _fail(data, x < 0, "frequency", f"{model_name}: frequency (repeat purchases) cannot be negative")
    if (x != np.round(x)).any():
        _fail(data, x != np.round(x), "frequency", f"{model_name}: frequency must be a whole number")
    if (m < 0).any():
        _fail(data, m < 0, "monetary_value", f"{model_name}: mean repeat spend cannot be negative; net refunds "
                                             "against purchases before summarising")
    repeat = x > 0
    if not repeat.any():
        raise DataValidationError(
            f"{model_name} is estimated on repeat customers (frequency > 0), and none of the {len(x):,} "
            "customers has a repeat purchase. Use a longer calibration period, or value these customers "
            "with an average spend instead.", column="frequency")
    usable = repeat & (m > 0)
    if not usable.any():
        _fail(data, repeat, "monetary_value", f"{model_name}: every repeat customer has a mean repeat spend of 0; "
                                              "the spend model needs positive amounts")
    return x[usable], m[usable], int((~repeat).sum()), int((repeat & ~usable).sum())
