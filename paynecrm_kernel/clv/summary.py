"""From a transaction log to one row per customer: frequency, recency, T and monetary value.

The heavy part is one O(n) pass of the compiled core (:mod:`paynecrm_kernel._core.summary`); this module
validates the log, factorises the ids, turns dates into whole days and expresses the result in an explicit
unit of time, kept with the table (``summary.attrs["time_unit"]``, read with
:func:`~paynecrm_kernel.clv.units.time_unit_of`).
"""
import numpy as np
import pandas as pd

from .._core import summary as _kernel
from .._core.rowindex import dense_codes as _dense_codes
from ..errors import DataValidationError
from .units import DAYS_PER_UNIT, validate_time_unit
from .._threads import threads_for

_SHOW = 5


def _rows(frame, mask):
    return list(frame.index[np.asarray(mask)][:_SHOW])


def _column(transactions, name, role):
    if name not in transactions.columns:
        raise DataValidationError(
            f"The transaction log has no column '{name}' for the {role}; its columns are "
            f"{list(transactions.columns)}. Pass the right name, e.g. {role.replace(' ', '_')}='...'.",
            column=name)
    return transactions[name]


def _days(transactions, column):
    """Whole days since 1970-01-01 (int64) of each transaction; time of day is dropped."""
    values = transactions[column]
    if pd.api.types.is_integer_dtype(values.dtype):
        # 19970101 means a date written as YYYYMMDD, not nanoseconds since 1970
        parsed = pd.to_datetime(values.astype("string"), format="%Y%m%d", errors="coerce")
    elif pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values.dt.tz_localize(None) if getattr(values.dt, "tz", None) is not None else values
    else:
        try:
            parsed = pd.to_datetime(values, errors="coerce", format="mixed")
        except (TypeError, ValueError):
            parsed = pd.Series(pd.NaT, index=values.index)
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_localize(None)
    stamps = parsed.to_numpy(dtype="datetime64[ns]") if parsed.dtype.kind == "M" else np.asarray(parsed)
    missing = np.isnat(stamps)
    if missing.any():
        raise DataValidationError(
            f"Column '{column}' has {int(missing.sum()):,} missing or unreadable date(s), e.g. in rows "
            f"{_rows(transactions, missing)}: {list(values[missing][:3])}. Write dates as YYYY-MM-DD (or "
            "YYYYMMDD) and drop rows without a date.", column=column, rows=_rows(transactions, missing))
    # whole days, rounded down (as a cast to datetime64[D]), by an integer division of the nanoseconds
    return stamps.astype("datetime64[ns]", copy=False).view(np.int64) // 86_400_000_000_000


def _day_of(value, name):
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if stamp is pd.NaT or pd.isna(stamp):
        raise DataValidationError(f"{name}={value!r} is not a date; write it as 'YYYY-MM-DD'.")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return int(np.datetime64(stamp.to_datetime64(), "D").astype(np.int64))


def _amounts(transactions, column):
    raw = transactions[column]
    if raw.dtype == np.float64:         # the usual case: the column's own array, no copy
        values = raw.to_numpy()
    else:
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(values)
    if bad.any():
        raise DataValidationError(
            f"Column '{column}' has {int(bad.sum()):,} missing, non-numeric or infinite amount(s), e.g. in rows "
            f"{_rows(transactions, bad)}. Correct them, or drop those rows if they are not purchases.",
            column=column, rows=_rows(transactions, bad))
    negative = values < 0
    if negative.any():
        raise DataValidationError(
            f"Column '{column}' has {int(negative.sum()):,} negative amount(s), e.g. in rows "
            f"{_rows(transactions, negative)}. Returns and refunds are not purchases: net them against the "
            "original purchase or drop them before summarising.", column=column, rows=_rows(transactions, negative))
    return np.ascontiguousarray(values)


def _factorize(ids):
    """Codes 0..k-1 and the distinct ids. Integer ids of moderate range use direct addressing (sorted ids,
    no hashing); anything else goes through :func:`pandas.factorize` (order of first appearance)."""
    values = ids.to_numpy() if pd.api.types.is_integer_dtype(ids.dtype) else None
    if values is not None and len(values):
        low, high = int(values.min()), int(values.max())
        if high - low <= max(4 * len(values), 1 << 20) and high < 2 ** 63:
            codes, distinct = _dense_codes(np.ascontiguousarray(values, dtype=np.int64), low, high)
            return codes, pd.Index(distinct, dtype=ids.dtype)
    return pd.factorize(ids, use_na_sentinel=True)


_OUTPUTS = ("frequency", "recency", "T", "monetary_value", "frequency_holdout", "monetary_value_holdout", "first")


def _outputs(n_customers):
    """The compiled pass's output arrays, as rows of one block: one large allocation, which NumPy backs
    with huge pages where the system offers them, rather than seven separate ones faulted in page by page.
    ``first`` (int64 days) is the last row seen as integers."""
    block = np.empty((len(_OUTPUTS), n_customers))
    out = dict(zip(_OUTPUTS, block))
    out["first"] = out["first"].view(np.int64)
    return out


def summarize_transactions(transactions, customer_id="customer_id", date="date", amount=None, time_unit="W",
                           calibration_end=None, observation_end=None, n_threads=0):
    """Summarise a transaction log into one row per customer, as the CLV models need it.

    Parameters
    ----------
    transactions : pandas.DataFrame, or a file, folder, glob, DuckDB relation or Dask DataFrame
        One row per transaction. Anything but a pandas DataFrame is summarised out of memory by
        :func:`paynecrm_kernel.scale.summarize` (DuckDB; Dask for a Dask DataFrame), to the same result.
    customer_id : str
        Column with the customer id (any hashable values).
    date : str
        Column with the transaction date: datetimes, date strings, or integers written YYYYMMDD.
        Time of day is ignored; purchases on the same day are merged into one (as in the papers).
    amount : str, optional
        Column with the transaction value (>= 0); gives ``monetary_value``.
    time_unit : {"D", "W", "M"}
        Unit of ``recency``, ``T`` and ``duration_holdout``: days, weeks (days / 7) or months
        (days / 30.4375).
    calibration_end : date-like, optional
        Last day (inclusive) of the calibration period. Purchases after it form the holdout columns, and
        customers whose first purchase is after it are left out (they were not yet customers).
    observation_end : date-like, optional
        Last day (inclusive) of the observation; defaults to the last transaction date. It may not be
        earlier than any transaction.
    n_threads : int
        Threads for the compiled pass when it buckets the log by customer (days spanning more than
        max(rows, 2**18) values); 0 chooses from the number of customers (one thread below 100,000, all
        available above). A log in date or customer order, or with days of any real date range, takes a
        single-threaded streaming pass.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id: ``frequency`` (repeat purchase days), ``recency`` (time from the first
        to the last repeat purchase; 0 if none), ``T`` (time from the first purchase to the end of the
        calibration period), ``monetary_value`` (mean value of the repeat purchases, same-day amounts
        summed; 0 if none) when ``amount`` is given; with ``calibration_end`` also ``frequency_holdout``,
        ``monetary_value_holdout`` and ``duration_holdout``. ``attrs["time_unit"]`` holds the unit.
    """
    unit = validate_time_unit(time_unit)
    if not isinstance(transactions, pd.DataFrame):      # a file, a folder, a DuckDB relation or a Dask frame
        from ..scale import summarize                   # DuckDB and Dask are loaded only for these

        engine = "dask" if type(transactions).__module__.split(".")[0] == "dask" else "duckdb"
        return summarize(transactions, customer_id, date, amount, time_unit, calibration_end, observation_end,
                         engine=engine)
    ids = _column(transactions, customer_id, "customer id")
    _column(transactions, date, "date")
    if amount is not None:
        _column(transactions, amount, "amount")
    if len(transactions) == 0:
        raise DataValidationError("The transaction log is empty: there is nothing to summarise. Check the file "
                                  "or the filter that produced it.")
    codes, uniques = _factorize(ids)
    if (codes < 0).any():
        missing = codes < 0
        raise DataValidationError(
            f"Column '{customer_id}' has {int(missing.sum()):,} missing id(s), e.g. in rows "
            f"{_rows(transactions, missing)}. Every transaction needs a customer; drop or fill those rows.",
            column=customer_id, rows=_rows(transactions, missing))
    days = _days(transactions, date)
    amounts = _amounts(transactions, amount) if amount is not None else np.zeros(len(days))

    last_day = int(days.max())
    obs_end = last_day if observation_end is None else _day_of(observation_end, "observation_end")
    if obs_end < last_day:
        late = days > obs_end
        raise DataValidationError(
            f"observation_end={observation_end!r} is before the last transaction ({np.datetime64(last_day, 'D')}); "
            f"{int(late.sum()):,} transaction(s) fall after it, e.g. rows {_rows(transactions, late)}. Pass a "
            "later observation_end, or filter the log to the observation period first.", column=date,
            rows=_rows(transactions, late))
    cal_end = obs_end if calibration_end is None else _day_of(calibration_end, "calibration_end")
    if cal_end > obs_end:
        raise DataValidationError(f"calibration_end={calibration_end!r} is after the end of the observation "
                                  f"({np.datetime64(obs_end, 'D')}); it must fall inside the observed period.")

    n_customers = len(uniques)
    out = _outputs(n_customers)
    first = out.pop("first")
    _kernel.summarize(np.ascontiguousarray(codes, dtype=np.int64), np.ascontiguousarray(days), amounts,
                      n_customers, cal_end, first, out["frequency"], out["recency"], out["T"],
                      out["monetary_value"], out["frequency_holdout"], out["monetary_value_holdout"],
                      threads_for(n_customers, n_threads))

    keep = first <= cal_end
    n_kept = int(np.count_nonzero(keep))
    if n_kept == 0:
        raise DataValidationError(f"calibration_end={calibration_end!r} is before every customer's first "
                                  "purchase, so no customer falls in the calibration period. Choose a later date.")
    if n_kept < n_customers:            # customers acquired after calibration_end are left out
        out = {name: values[keep] for name, values in out.items()}
    scale = DAYS_PER_UNIT[unit]
    out["recency"] /= scale
    out["T"] /= scale
    columns = {"frequency": out["frequency"], "recency": out["recency"], "T": out["T"]}
    if amount is not None:
        columns["monetary_value"] = out["monetary_value"]
    if calibration_end is not None:
        columns["frequency_holdout"] = out["frequency_holdout"]
        if amount is not None:
            columns["monetary_value_holdout"] = out["monetary_value_holdout"]
        columns["duration_holdout"] = np.full(n_kept, (obs_end - cal_end) / scale)
    index = pd.Index(uniques)
    index = (index[keep] if n_kept < n_customers else index).rename(customer_id)
    summary = pd.DataFrame(columns, index=index, copy=False)     # fresh arrays: no copy into one block
    summary.attrs["time_unit"] = unit
    summary.attrs["calibration_end"] = str(np.datetime64(cal_end, "D"))
    summary.attrs["observation_end"] = str(np.datetime64(obs_end, "D"))
    summary.attrs["excluded_customers"] = n_customers - n_kept
    return summary
