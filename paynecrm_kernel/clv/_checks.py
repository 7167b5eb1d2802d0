"""Validation of the CLV models' inputs in one place, used alike by every fit and every prediction.

Customer tables (frequency, recency, T, monetary value), times and economic inputs (discount rate, margin,
horizon). Every check raises :class:`~paynecrm_kernel.errors.DataValidationError` that names the problem,
the column, the first offending rows (by index label) and the fix. Clean data pass through one compiled
pass per table (:mod:`paynecrm_kernel._core.checks`); the detailed checks, which name the rows, run only
when it finds something.
"""
import math

import numpy as np
import pandas as pd

from .._core.checks import histories_are_clean as _histories_are_clean, spends_are_clean as _spends_are_clean
from ..errors import DataValidationError

_SHOW = 5
# a discount rate above 100 % per period halves the value of each period's purchases or worse: a rate meant
# per year given per month, or a percentage given as a number (10 for 10 %)
MAX_DISCOUNT_RATE = 1.0


def _labels(data, mask):
    return list(data.index[np.asarray(mask)][:_SHOW])


def float_columns(data, columns):
    """The columns as contiguous float64 arrays (see :func:`float_column`), or None when one is missing or
    not a NumPy number: the caller then runs its checks, which say what is wrong."""
    if not isinstance(data, pd.DataFrame):
        return None
    out = []
    for column in columns:
        if column not in data.columns:
            return None
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
    series = data[column]
    if not isinstance(series.dtype, np.dtype) or series.dtype.kind not in "fiub":
        return None
    return np.ascontiguousarray(series.to_numpy(), dtype=float)


def _fail(data, mask, column, message):
    rows = _labels(data, mask)
    raise DataValidationError(f"{message} ({int(np.sum(mask)):,} row(s), e.g. {rows}).", column=column, rows=rows)


def frequency_recency_age(data, model_name, weights_column=None):
    """Validate ``frequency, recency, T`` and return them (and weights) as float64 arrays.

    Rules: frequency is a whole number >= 0; 0 <= recency <= T; recency = 0 when frequency = 0 (a
    customer without repeat purchases has no last repeat purchase); weights, if given, are >= 0. T = 0 is
    a customer first seen on the last day of the period: a valid history (nothing observed yet).
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
    if (age < 0).any():
        _fail(data, age < 0, "T", f"{model_name}: T (time from the first purchase to the end of the period) "
                                  "cannot be negative; measure it up to the end of the observation period")
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


def frequency_spend(data, model_name):
    """Validate ``frequency, monetary_value`` and return them as float64 arrays (every row kept).

    Rules: frequency is a whole number >= 0; the mean repeat spend is a finite number >= 0. The same rules
    for the spend model's fit and for its predictions.
    """
    columns = float_columns(data, ("frequency", "monetary_value"))
    if columns is not None and _spends_are_clean(*columns):
        return columns[0], columns[1]
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
    return x, m


def frequency_monetary(data, model_name):
    """Validate ``frequency, monetary_value`` for a spend model's fit and keep the repeat customers.

    Returns
    -------
    x, m, n_no_repeat, n_zero_spend : ndarray, ndarray, int, int
        Frequency and mean repeat spend of the customers with frequency > 0 and positive spend, the number
        of customers without a repeat purchase and the number of repeat customers with zero spend (both left
        out: they carry no information on the size of spend).
    """
    x, m = frequency_spend(data, model_name)
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


def purchase_notes(x, age, weights):
    """What a purchase model's result reports about its data: customers first seen on the last day."""
    new = float(np.sum(weights[age == 0]))
    if new == 0:
        return {}
    return {"customers first seen on the last day (T = 0)": int(round(new))}


def repeat_purchase_problem(rows, weights):
    """Why histories cannot identify a purchase model (plain words), or None: without a repeat purchase,
    or without any time observed, rare buying and early drop-out cannot be told apart."""
    if not np.any(weights[rows.x > 0] > 0):
        return "no customer has a repeat purchase, so buying rarely and dropping out early cannot be told apart"
    if not np.any(weights[rows.T > 0] > 0):
        return "every customer was first seen on the last day (T = 0), so nothing was observed after it"
    return None


def validate_discrete(data, model_name):
    """Validate ``frequency, recency, periods`` (and optional ``weights``) of a discrete-time summary.

    Rules: all whole numbers; ``periods >= 1``; ``0 <= frequency <= recency <= periods``; recency is 0
    exactly when frequency is 0 (the period of the last transaction, none if there was none); weights
    (numbers of customers with the pattern) are >= 0 and not all 0.

    Returns
    -------
    x, t_x, n, weights : ndarray
        float64 arrays.
    """
    require_columns(data, ["frequency", "recency", "periods"], model_name)
    x = numeric_column(data, "frequency", model_name)
    t_x = numeric_column(data, "recency", model_name)
    n = numeric_column(data, "periods", model_name)
    for column, values in (("frequency", x), ("recency", t_x), ("periods", n)):
        if (values != np.round(values)).any():
            _fail(data, values != np.round(values), column,
                  f"{model_name}: {column} must be a whole number of periods or transactions; recount it")
        if (values < 0).any():
            _fail(data, values < 0, column, f"{model_name}: {column} cannot be negative")
    if (n < 1).any():
        _fail(data, n < 1, "periods", f"{model_name}: periods (transaction opportunities) must be at least 1")
    if (t_x > n).any():
        _fail(data, t_x > n, "recency", f"{model_name}: recency (period of the last transaction) is larger "
                                        "than periods; both count opportunities after the first transaction")
    if (x > t_x).any():
        _fail(data, x > t_x, "frequency", f"{model_name}: frequency is larger than recency; with at most one "
                                          "transaction per period, x transactions end no earlier than period x")
    if ((x == 0) & (t_x > 0)).any():
        _fail(data, (x == 0) & (t_x > 0), "recency",
              f"{model_name}: recency must be 0 when frequency is 0 (no transaction, so no last one)")
    weights = np.ones_like(x)
    if "weights" in data.columns:
        weights = numeric_column(data, "weights", model_name)
        if (weights < 0).any():
            _fail(data, weights < 0, "weights", f"{model_name}: weights (numbers of customers) cannot be negative")
        if weights.sum() <= 0:
            raise DataValidationError(f"{model_name}: the weights add up to 0, so there is no customer to fit. "
                                      "Give each pattern the number of customers who show it.", column="weights")
    return x, t_x, n, weights


def validate_survivors(survivors, model_name="sBG"):
    """Check a cohort's survivor counts and return them as a float64 array.

    Parameters
    ----------
    survivors : sequence or pandas.Series
        Customers still active at the start of each period, the first entry being the cohort size
        (period 0), as in Fader & Hardie's table (1000, 631, 468, ...).

    Raises
    ------
    DataValidationError
        Naming the offending positions and the fix.
    """
    if isinstance(survivors, pd.DataFrame):
        raise DataValidationError(
            f"{model_name} takes one cohort's survivor counts as a sequence or Series, got a table with columns "
            f"{list(survivors.columns)}. Pass one column, e.g. cohorts['regular'].", column="survivors")
    index = survivors.index if isinstance(survivors, pd.Series) else None
    values = pd.to_numeric(pd.Series(np.asarray(survivors, dtype=object).ravel()), errors="coerce")
    values = values.to_numpy(dtype=float, na_value=np.nan)
    labels = list(index) if index is not None else list(range(len(values)))

    def fail(mask, message):
        rows = [labels[i] for i in np.flatnonzero(mask)[:5]]
        raise DataValidationError(f"{model_name}: {message} (positions {rows}).", column="survivors", rows=rows)

    if len(values) < 2:
        raise DataValidationError(
            f"{model_name} needs the cohort size and at least one later count (e.g. [1000, 631]); got "
            f"{len(values)} value(s).", column="survivors")
    if not np.all(np.isfinite(values)):
        fail(~np.isfinite(values), "survivor counts must be numbers; fill in or drop the missing periods")
    if (values < 0).any():
        fail(values < 0, "survivor counts cannot be negative")
    if values[0] <= 0:
        raise DataValidationError(f"{model_name}: the cohort size (first count) must be positive, got "
                                  f"{values[0]:g}.", column="survivors", rows=[labels[0]])
    rising = np.r_[False, np.diff(values) > 0]
    if rising.any():
        fail(rising, "survivor counts increase from one period to the next; a cohort can only shrink. Give the "
                     "customers still active from the original cohort, not the total customer count")
    return values


def check_times(t, name="t"):
    """``t`` as a contiguous 1-D float64 array of finite times >= 0, or a DataValidationError."""
    times = np.ascontiguousarray(np.asarray(t, dtype=float).ravel())
    if not np.all(np.isfinite(times)) or (times < 0).any():
        raise DataValidationError(f"{name} must be finite times >= 0 in the model's time unit, got {t!r}.",
                                  column=name)
    return times


def check_windows(t, n):
    """Forecast windows ``t`` (one time, or one per customer) as ``n`` validated times."""
    times = check_times(t)
    if times.size == 1:
        return np.full(n, times[0])
    if times.size != n:
        raise DataValidationError(f"t must be one time or one per customer ({n:,}), got {times.size:,} times.",
                                  column="t")
    return times


def _number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
        and math.isfinite(value)


def check_discount_rate(discount_rate, unit_name="period", allow_zero=True):
    """A discount rate per period as a float: 0 <= rate <= MAX_DISCOUNT_RATE (> 0 without ``allow_zero``)."""
    low_ok = _number(discount_rate) and (discount_rate >= 0 if allow_zero else discount_rate > 0)
    if not (low_ok and discount_rate <= MAX_DISCOUNT_RATE):
        lowest = "0" if allow_zero else "above 0"
        raise DataValidationError(
            f"discount_rate must be a rate per {unit_name} from {lowest} to {MAX_DISCOUNT_RATE:g} (100 %), "
            f"as a share (0.01 for 1 % a {unit_name}); got {discount_rate!r}. A larger rate is usually a yearly "
            "rate given for a shorter period, or a percentage given as a number.", column="discount_rate")
    return float(discount_rate)


def check_margin(margin):
    """A margin as a share of spend, 0 <= margin <= 1, as a float."""
    if not (_number(margin) and 0 <= margin <= 1):
        raise DataValidationError(f"margin must be the share of spend that is profit, from 0 to 1 (0.3 for "
                                  f"30 %); got {margin!r}.", column="margin")
    return float(margin)


def check_horizon(horizon, unit_name):
    """A forecast horizon > 0 (in ``unit_name``), as a float."""
    if not (_number(horizon) and horizon > 0):
        raise DataValidationError(f"horizon must be a positive number of {unit_name}, got {horizon!r}.",
                                  column="horizon")
    return float(horizon)


def require_columns(data, columns, model_name):
    """Raise a DataValidationError unless ``data`` is a DataFrame with the given columns."""
    if not isinstance(data, pd.DataFrame):
        raise DataValidationError(
            f"{model_name} needs a pandas DataFrame with columns {list(columns)}, got {type(data).__name__}. "
            "Build one with paynecrm_kernel.clv.summarize_transactions(transactions, ...).")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DataValidationError(
            f"{model_name} needs the column(s) {missing}; the data have {list(data.columns)}. "
            "Rename your columns (e.g. data.rename(columns={'x': 'frequency'})) or build the summary with "
            "summarize_transactions.", column=missing[0])
    if len(data) == 0:
        raise DataValidationError(f"{model_name} cannot be fitted to an empty table: it has no customers. "
                                  "Check the filter or the date range that produced it.")
