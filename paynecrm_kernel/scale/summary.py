"""One entry point for the customer summary, whatever the size of the log: :func:`summarize`.

=========  =========================================================================================
engine     where the work happens
=========  =========================================================================================
"duckdb"   out of core on this machine (the default): files, folders, globs, DuckDB relations, frames
"dask"     on a Dask cluster (or Dask's threads): a Dask DataFrame, or files read with Dask
"pandas"   in memory: :func:`paynecrm_kernel.clv.summarize_transactions` on the loaded log
=========  =========================================================================================

All three give the customer table of the in-memory path, with its conventions (time unit, calibration end,
first purchase not counted, same-day purchases merged) and its ``attrs``.
"""
from __future__ import annotations

import os

import pandas as pd

from ..clv import summarize_transactions
from ..errors import DataValidationError
from .customers import CustomerTable
from .engine_dask import read_dask, summarize_dask
from .engine_duckdb import summarize_log
from .progress import report
from .sources import open_log, resolve_mapping

__all__ = ["ENGINES", "customer_table", "summarize"]

ENGINES = ("duckdb", "dask", "pandas")


def _is_dask(source):
    return type(source).__module__.split(".")[0] in ("dask", "dask_expr")


def _check_engine(engine):
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(map(repr, ENGINES))}, got {engine!r}.")


def _load(source, mapping, connection):
    """The log as a pandas DataFrame with the mapped columns (for the in-memory engine)."""
    if isinstance(source, pd.DataFrame):
        return source
    if _is_dask(source):
        return source[[c for c in mapping.values() if c is not None]].compute()
    log = open_log(source, connection)
    resolve_mapping(log, mapping["customer_id"], mapping["date"], mapping.get("amount"), guess=False)
    columns = ", ".join('"' + c.replace('"', '""') + '"' for c in dict.fromkeys(v for v in mapping.values() if v))
    frame = log.connection.execute(f"SELECT {columns} FROM {log.view}").df()
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    return frame


def _in_memory(source, mapping, periods, connection):
    """The in-memory path on the loaded log; its errors name the source (rows are numbered from 1 as read)."""
    frame = _load(source, mapping, connection)
    try:
        return summarize_transactions(frame, mapping["customer_id"], mapping["date"], mapping.get("amount"), **periods)
    except DataValidationError as exc:
        if isinstance(source, pd.DataFrame):
            raise
        raise DataValidationError(f"{os.fspath(source) if isinstance(source, (str, os.PathLike)) else 'The log'}: "
                                  f"{exc}", column=exc.column, rows=exc.rows) from None


def customer_table(source, customer_id="customer_id", date="date", amount=None, time_unit="W",
                   calibration_end=None, observation_end=None, engine="duckdb", connection=None, progress=None):
    """Summarise a log into a :class:`~paynecrm_kernel.scale.customers.CustomerTable` kept in DuckDB.

    The arguments are those of :func:`summarize`; the table stays out of memory (for the fits on
    :meth:`~CustomerTable.histories` and the scoring in batches). With ``engine="dask"`` or ``"pandas"`` the
    customer rows are computed by that engine and then handed to DuckDB.
    """
    _check_engine(engine)
    mapping = {"customer_id": customer_id, "date": date, "amount": amount}
    periods = dict(time_unit=time_unit, calibration_end=calibration_end, observation_end=observation_end)
    if engine == "duckdb":
        if _is_dask(source):
            raise DataValidationError("A Dask DataFrame is summarised with engine='dask'.")
        log = open_log(source, connection)
        resolve_mapping(log, customer_id, date, amount, guess=False)
        return summarize_log(log, mapping, progress=progress, **periods)
    if engine == "dask":
        frame = source if _is_dask(source) else read_dask(_path(source))
        summary = summarize_dask(frame, mapping, progress=progress, **periods)
    else:
        report(progress, "reading the log", 0.0)
        summary = _in_memory(source, mapping, periods, connection)
        report(progress, "summarising customers", 1.0)
    return CustomerTable.from_frame(summary, connection)


def _path(source):
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    raise DataValidationError(f"engine='dask' reads a Dask DataFrame or a path (file, folder or glob), got "
                              f"{type(source).__name__}.")


def summarize(source, customer_id="customer_id", date="date", amount=None, time_unit="W", calibration_end=None,
              observation_end=None, engine="duckdb", connection=None, progress=None):
    """Summarise a transaction log of any size into one row per customer.

    Parameters
    ----------
    source : path, folder, glob, list of paths, duckdb.DuckDBPyRelation, dask or pandas DataFrame
        The log: Parquet or CSV files (a folder is read recursively, e.g. a partitioned data set).
    customer_id, date, amount : str
        Column names, as in :func:`paynecrm_kernel.clv.summarize_transactions` (``amount`` optional).
    time_unit : {"D", "W", "M"}
        Unit of ``recency``, ``T`` and ``duration_holdout``.
    calibration_end, observation_end : date-like, optional
        As in :func:`~paynecrm_kernel.clv.summarize_transactions`.
    engine : {"duckdb", "dask", "pandas"}
        Where the work happens (see the module's table).
    connection : duckdb.DuckDBPyConnection, optional
        For ``"duckdb"``: the connection to use (one made by :func:`~paynecrm_kernel.scale.sources.connect`
        by default; for a relation, the relation's connection).
    progress : callable, optional
        ``progress(stage, fraction)``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer id and sorted by it: ``frequency``, ``recency``, ``T``, (``monetary_value``), and
        with ``calibration_end`` the holdout columns; ``attrs`` hold ``time_unit``, ``calibration_end``,
        ``observation_end`` and ``excluded_customers``. The values are those of the in-memory path.
    """
    _check_engine(engine)
    mapping = {"customer_id": customer_id, "date": date, "amount": amount}
    periods = dict(time_unit=time_unit, calibration_end=calibration_end, observation_end=observation_end)
    if engine == "dask":
        frame = source if _is_dask(source) else read_dask(_path(source))
        return summarize_dask(frame, mapping, progress=progress, **periods)
    if engine == "pandas":
        return _in_memory(source, mapping, periods, connection).sort_index()
    table = customer_table(source, customer_id, date, amount, engine="duckdb", connection=connection,
                           progress=progress, **periods)
    try:
        return table.to_pandas()
    finally:
        table.drop()
