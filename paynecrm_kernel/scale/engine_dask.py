"""The customer summary on a Dask DataFrame, for logs spread over machines (``dask.distributed``).

Three steps, each a Dask computation on whatever scheduler is active (a ``distributed.Client`` if one was
created, Dask's threads otherwise):

1. every partition reads its ids, days and amounts and counts what is unreadable (nothing moves);
2. the rows are shuffled by customer, so each customer's transactions end up in one partition;
3. each partition is summarised by the in-memory path, :func:`paynecrm_kernel.clv.summarize_transactions`,
   with the log's global calibration and observation ends: the customer rows are those of the in-memory path.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..clv import summarize_transactions
from ..clv.units import validate_time_unit
from ..errors import DataValidationError
from .columns import date_format_of, day_label, day_number
from .progress import report
from .sources import data_files

__all__ = ["read_dask", "summarize_dask"]

_SHOW = 5


def read_dask(path):
    """A Dask DataFrame over a Parquet or CSV file, folder or glob (CSV fields read as text); remote paths
    (``s3://...``) are handed to Dask as they are and read as Parquet."""
    import dask.dataframe as dd

    text = str(path)
    if "://" in text:
        return dd.read_parquet(text)
    files, kind = data_files(text)
    return dd.read_csv(files, dtype=str, blocksize="64MB") if kind == "csv" else dd.read_parquet(files)


def _days(values, date_format):
    """Whole days since 1970-01-01 (float, NaN where unreadable) of a column of dates."""
    if isinstance(values.dtype, pd.ArrowDtype) and (pa.types.is_date(values.dtype.pyarrow_dtype)
                                                    or pa.types.is_timestamp(values.dtype.pyarrow_dtype)):
        values = values.astype("datetime64[ns, UTC]" if getattr(values.dtype.pyarrow_dtype, "tz", None)
                               else "datetime64[ns]")
    if pd.api.types.is_integer_dtype(values.dtype):
        parsed = pd.to_datetime(values.astype("string"), format="%Y%m%d", errors="coerce")
    elif pd.api.types.is_datetime64_any_dtype(values.dtype):
        parsed = values.dt.tz_convert("UTC").dt.tz_localize(None) if getattr(values.dt, "tz", None) else values
    else:
        text = values.astype("string").str.strip()
        parsed = pd.to_datetime(text, format=date_format, errors="coerce")
        if getattr(parsed.dt, "tz", None) is not None:
            parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    stamps = parsed.to_numpy(dtype="datetime64[ns]")
    days = (stamps.view(np.int64) // 86_400_000_000_000).astype(float)
    days[np.isnat(stamps)] = np.nan
    return days


def _amounts(values):
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=float, na_value=np.nan)
    text = values.astype("string").str.replace(r"[\s$€£¥]", "", regex=True)
    return pd.to_numeric(text, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _typed(part, mapping, date_format, partition_info=None):
    """One partition as ``cid, day, amount`` plus its position (``_partition``, ``_row``)."""
    ids = part[mapping["customer_id"]]
    if pd.api.types.is_string_dtype(ids.dtype) or ids.dtype == object:
        ids = ids.where(ids.astype("string").str.strip() != "")
    out = pd.DataFrame({"cid": ids.to_numpy(), "day": _days(part[mapping["date"]], date_format)}, index=part.index)
    if mapping.get("amount") is not None:
        out["amount"] = _amounts(part[mapping["amount"]])
    out["_partition"] = (partition_info or {}).get("number", 0)
    out["_row"] = np.arange(1, len(part) + 1)
    return out


def _problems(part, cal_end=None):
    """Counts and first positions of unreadable values in one typed partition."""
    checks = {"missing id(s)": part["cid"].isna().to_numpy(), "missing or unreadable date(s)":
              np.isnan(part["day"].to_numpy())}
    if "amount" in part:
        amount = part["amount"].to_numpy()
        checks["missing, non-numeric or infinite amount(s)"] = ~np.isfinite(amount)
        checks["negative amount(s)"] = amount < 0
    rows = [{"problem": name, "count": int(mask.sum()),
             "where": list(zip(part["_partition"].to_numpy()[mask][:_SHOW], part["_row"].to_numpy()[mask][:_SHOW]))}
            for name, mask in checks.items()]
    day = part["day"].to_numpy()
    valid = day[~np.isnan(day)]
    rows.append({"problem": "last day", "count": int(valid.max()) if len(valid) else -(2 ** 62), "where": []})
    return pd.DataFrame(rows)


def _raise_problems(stats, mapping, n_rows):
    if n_rows == 0:
        raise DataValidationError("The transaction log is empty: there is nothing to summarise. Check the files or "
                                  "the filter that produced them.")
    columns = {"missing id(s)": mapping["customer_id"], "missing or unreadable date(s)": mapping["date"]}
    fixes = {"missing id(s)": "Every transaction needs a customer; drop or fill those rows.",
             "missing or unreadable date(s)": "Write dates as YYYY-MM-DD (or YYYYMMDD) and drop rows without a date.",
             "missing, non-numeric or infinite amount(s)":
                 "Correct them, or drop those rows if they are not purchases.",
             "negative amount(s)": "Returns and refunds are not purchases: net them against the original purchase "
                                   "or drop them before summarising."}
    for problem, fix in fixes.items():
        found = stats[stats["problem"] == problem]
        count = int(found["count"].sum())
        if count:
            where = [w for ws in found["where"] for w in ws][:_SHOW]
            column = columns.get(problem, mapping.get("amount"))
            listing = "; ".join(f"row {row} of partition {part}" for part, row in where)
            raise DataValidationError(f"Column {column!r} has {count:,} {problem}, e.g. {listing}. {fix}",
                                      column=column, rows=[row for _, row in where])


def _summarize_partition(part, mapping, unit, calibration_end, observation_end, cal_end, meta):
    part = part.dropna(subset=["cid"])
    if part.empty or part["day"].min() > cal_end:
        return meta
    log = pd.DataFrame({"cid": part["cid"].to_numpy(), "date": part["day"].to_numpy().astype("int64")
                        .astype("datetime64[D]")})
    if "amount" in part:
        log["amount"] = part["amount"].to_numpy()
    summary = summarize_transactions(log, customer_id="cid", date="date",
                                     amount="amount" if "amount" in part else None, time_unit=unit,
                                     calibration_end=calibration_end, observation_end=observation_end,
                                     n_threads=1)
    summary.attrs = {}
    return summary


def summarize_dask(frame, mapping, time_unit="W", calibration_end=None, observation_end=None, progress=None):
    """Customer table of a Dask DataFrame, computed where the data are.

    Parameters
    ----------
    frame : dask.dataframe.DataFrame or str
        The log (or a path for :func:`read_dask`).
    mapping : dict
        ``customer_id``, ``date`` and (optionally) ``amount`` column names.
    time_unit, calibration_end, observation_end
        As in :func:`paynecrm_kernel.clv.summarize_transactions`.
    progress : callable, optional
        ``progress(stage, fraction)``: called at the start and end of each step.

    Returns
    -------
    pandas.DataFrame
        As from :func:`~paynecrm_kernel.clv.summarize_transactions` (rows sorted by customer id).
    """
    import dask

    unit = validate_time_unit(time_unit)
    frame = read_dask(frame) if isinstance(frame, (str, bytes)) or hasattr(frame, "__fspath__") else frame
    missing = [c for c in (mapping["customer_id"], mapping["date"], mapping.get("amount")) if c is not None
               and c not in frame.columns]
    if missing:
        raise DataValidationError(f"The log has no column {missing[0]!r}; its columns are {list(frame.columns)}. "
                                  "Fix: pass the right column name.", column=missing[0])
    date_format = None
    if not (pd.api.types.is_integer_dtype(frame[mapping["date"]].dtype)
            or pd.api.types.is_datetime64_any_dtype(frame[mapping["date"]].dtype)):
        date_format = date_format_of(frame[mapping["date"]].head(1000, npartitions=-1))
    report(progress, "reading the log", 0.0)
    typed = frame.map_partitions(_typed, mapping, date_format)
    stats, n_rows = dask.compute(typed.map_partitions(_problems, meta={"problem": str, "count": int,
                                                                       "where": object}), typed.shape[0])
    report(progress, "reading the log", 1.0)
    _raise_problems(stats, mapping, int(n_rows))
    last_day = int(stats.loc[stats["problem"] == "last day", "count"].max())
    obs_end = last_day if observation_end is None else day_number(observation_end, "observation_end")
    if obs_end < last_day:
        raise DataValidationError(f"observation_end={observation_end!r} is before the last transaction "
                                  f"({day_label(last_day)}). Pass a later observation_end, or filter the log to the "
                                  "observation period first.", column=mapping["date"])
    cal_end = obs_end if calibration_end is None else day_number(calibration_end, "calibration_end")
    if cal_end > obs_end:
        raise DataValidationError(f"calibration_end={calibration_end!r} is after the end of the observation "
                                  f"({day_label(obs_end)}); it must fall inside the observed period.")

    report(progress, "summarising customers", 0.0)
    meta = _meta(typed, unit, calibration_end, "amount" in typed.columns)
    per_customer = typed[["cid", "day"] + (["amount"] if "amount" in typed.columns else [])].shuffle("cid")
    summary = per_customer.map_partitions(_summarize_partition, mapping, unit, calibration_end, day_label(obs_end),
                                          cal_end, meta, meta=meta)
    first_days = typed.groupby("cid")["day"].min()
    summary, excluded = dask.compute(summary, (first_days > cal_end).sum())
    report(progress, "summarising customers", 1.0)
    summary = summary.sort_index()
    summary.index.name = mapping["customer_id"]
    if summary.empty:
        raise DataValidationError(f"calibration_end={calibration_end!r} is before every customer's first "
                                  "purchase, so no customer falls in the calibration period. Choose a later date.")
    summary.attrs.update({"time_unit": unit, "calibration_end": day_label(cal_end),
                          "observation_end": day_label(obs_end), "excluded_customers": int(excluded)})
    return summary


def _meta(typed, unit, calibration_end, has_amount):
    """Empty frame with the summary's columns and the ids' type."""
    columns = ["frequency", "recency", "T"] + (["monetary_value"] if has_amount else [])
    if calibration_end is not None:
        columns += ["frequency_holdout"] + (["monetary_value_holdout"] if has_amount else []) + ["duration_holdout"]
    index = pd.Index(typed._meta["cid"].iloc[:0], name="cid")
    return pd.DataFrame({c: pd.Series(dtype=float) for c in columns}, index=index)
