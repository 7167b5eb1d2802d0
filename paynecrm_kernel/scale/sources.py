"""Where a transaction log lives: a Parquet or CSV file, a folder or glob of them, a DuckDB relation or a frame.

:func:`open_log` turns any of these into a :class:`LogSource`: a DuckDB view over the raw columns, never
loaded into memory, which knows the file of every row and numbers the rows when an error must name them.
:func:`resolve_mapping` settles which columns hold the customer id, the date and the amount, guessing from a
sample of rows as ``%crm data`` does (:func:`~paynecrm_kernel.data.suggest_mapping`).
"""
from __future__ import annotations

import glob
import itertools
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ..data.mapping import FIELDS, suggest_mapping
from ..errors import DataValidationError

__all__ = ["LogSource", "connect", "open_log", "resolve_mapping"]

_views = itertools.count()


def temporary_view():
    """A fresh name for a temporary DuckDB view."""
    return f"_paynecrm_log_{next(_views)}"

_PARQUET = (".parquet", ".pq")
_CSV = (".csv", ".txt", ".tsv", ".csv.gz", ".txt.gz", ".tsv.gz")
#: Rows read to guess the column mapping and the date format.
SAMPLE_ROWS = 1000


@dataclass(frozen=True)
class LogSource:
    """A transaction log seen through DuckDB: a temporary view over the raw rows.

    Attributes
    ----------
    connection : duckdb.DuckDBPyConnection
        The connection the view belongs to.
    view : str
        Name of the view: the raw columns plus ``_file`` (the file name, or a label) and, where numbering
        costs nothing (Parquet, frames), ``_row``.
    name : str
        What the log is, for messages (the path or glob, or ``"<relation>"``).
    file_format : str
        ``"parquet"``, ``"csv"``, ``"relation"`` or ``"frame"``.
    """

    connection: duckdb.DuckDBPyConnection
    view: str
    name: str
    file_format: str

    @property
    def relation(self):
        """The view as a DuckDB relation."""
        return self.connection.view(self.view)

    @property
    def columns(self):
        """The log's own columns (without the position columns)."""
        return [c for c in self.relation.columns if c not in ("_file", "_row")]

    def column_type(self, column):
        """DuckDB type name of ``column`` (``"VARCHAR"``, ``"DATE"``, ``"BIGINT"`` ...)."""
        relation = self.relation
        return str(relation.types[relation.columns.index(column)])

    def positioned(self):
        """SQL of the rows with ``_row``, the 1-based data row within its file (for CSV the line is
        ``_row + 1``, after the header). Only error paths need it: numbering CSV rows or a relation's rows
        takes an ordered single-threaded scan, which :meth:`first_rows` runs."""
        if "_row" in self.relation.columns:
            return self.view
        return f"(SELECT *, row_number() OVER (PARTITION BY _file) AS _row FROM {self.view})"

    def first_rows(self, sql, limit=5):
        """Rows of the query ``sql`` (built on :meth:`positioned`, with ``_file`` and ``_row``) in file order:
        the first ``limit`` as tuples ``(_file, _row, *rest)``. CSV and relation rows are numbered on one
        thread so that the numbers follow the file."""
        con = self.connection
        settings = con.execute("SELECT current_setting('threads'), current_setting('preserve_insertion_order')"
                               ).fetchall()[0]
        numbered = "_row" not in self.relation.columns
        if numbered:
            con.execute("SET threads = 1")
            con.execute("SET preserve_insertion_order = true")
        try:
            return con.execute(f"SELECT * FROM ({sql}) ORDER BY _file, _row LIMIT {int(limit)}").fetchall()
        finally:
            if numbered:
                con.execute(f"SET threads = {int(settings[0])}")
                con.execute(f"SET preserve_insertion_order = {str(bool(settings[1])).lower()}")

    def sample(self, rows=SAMPLE_ROWS):
        """The first ``rows`` rows as a pandas DataFrame (raw columns only)."""
        listing = ", ".join('"' + c.replace('"', '""') + '"' for c in self.columns)
        return self.connection.execute(f"SELECT {listing} FROM {self.view} LIMIT {int(rows)}").df()

    def where(self, file, number):
        """Plain-words position of one row: ``"line 12 of sales.csv"`` or ``"row 7 of part-0.parquet"``."""
        if self.file_format == "csv":
            return f"line {int(number) + 1} of {file}"
        return f"row {int(number)} of {file}"


def connect(threads=None, memory_limit=None, temp_directory=None):
    """A DuckDB connection set up for log summaries: UTC session time zone, optional limits.

    Parameters
    ----------
    threads : int, optional
        Worker threads (DuckDB's default: all cores).
    memory_limit : str, optional
        E.g. ``"3GB"``; DuckDB spills to ``temp_directory`` beyond it.
    temp_directory : str, optional
        Where DuckDB spills intermediate results.
    """
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET preserve_insertion_order = false")     # tables of customers need no row order: less memory
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    if memory_limit:
        con.execute(f"SET memory_limit = {_quote(memory_limit)}")
    if temp_directory:
        con.execute(f"SET temp_directory = {_quote(temp_directory)}")
    return con


def _quote(text):
    return "'" + str(text).replace("'", "''") + "'"


def data_files(path):
    """The data files a path, folder or glob stands for, and their format."""
    text = str(path)
    if any(ch in text for ch in "*?["):
        files = sorted(glob.glob(text, recursive=True))
    elif os.path.isdir(text):
        files = sorted(str(p) for p in Path(text).rglob("*")
                       if p.is_file() and p.name.lower().endswith(_PARQUET + _CSV))
    elif os.path.exists(text):
        files = [text]
    else:
        raise FileNotFoundError(f"No transaction log at {text}: no such file or folder. Fix: check the path "
                                "(a file, a folder of Parquet/CSV files, or a glob such as 'logs/*.parquet').")
    if not files:
        raise DataValidationError(f"{text} holds no Parquet or CSV file. Fix: point at the folder or files of the "
                                  "transaction log (*.parquet, *.csv).")
    kinds = {_kind(f) for f in files}
    if len(kinds) > 1:
        raise DataValidationError(f"{text} mixes Parquet and CSV files; read one kind at a time (e.g. "
                                  f"'{text.rstrip('/')}/*.parquet').")
    return files, kinds.pop()


def _kind(file):
    with open(file, "rb") as handle:
        head = handle.read(4)
    if head == b"PAR1" or file.lower().endswith(_PARQUET):
        return "parquet"
    if head.startswith(b"PK\x03\x04") or file.lower().endswith((".xlsx", ".xls")):
        raise DataValidationError(f"{file} is an Excel workbook. Large logs are read from Parquet or CSV: save the "
                                  "sheet as CSV, or read it with paynecrm_kernel.data.read_transactions.")
    return "csv"


def _read_files(con, files, kind, name):
    listing = "[" + ", ".join(_quote(f) for f in files) + "]"
    try:
        if kind == "parquet":
            relation = con.sql(f"SELECT * EXCLUDE (filename, file_row_number), filename AS _file, "
                               f"file_row_number + 1 AS _row FROM read_parquet({listing}, filename = true, "
                               "file_row_number = true, union_by_name = true)")
        else:
            # every CSV field as text: a bad value is then a row to report, not a failed read
            relation = con.sql(f"SELECT * EXCLUDE (filename), filename AS _file FROM read_csv({listing}, "
                               "all_varchar = true, header = true, filename = true, union_by_name = true)")
        relation.limit(1).fetchall()          # surface unreadable files here, with their name
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise DataValidationError(f"{name} could not be read as {kind.upper()}: {first}. Fix: check that the "
                                  f"file(s) are complete {kind.upper()} files with a header row.") from None
    return relation


def open_log(source, connection=None):
    """Open a transaction log without loading it.

    Parameters
    ----------
    source : str, os.PathLike, list of paths, duckdb.DuckDBPyRelation or pandas.DataFrame
        A Parquet or CSV file, a folder of them (read recursively, e.g. a partitioned data set), a glob
        (``"logs/2026-*.parquet"``), a list of files, a DuckDB relation, or an in-memory frame.
    connection : duckdb.DuckDBPyConnection, optional
        Defaults to :func:`connect`; a relation keeps its own connection.

    Returns
    -------
    LogSource
    """
    view = temporary_view()
    if isinstance(source, duckdb.DuckDBPyRelation):
        con = connection or duckdb.default_connection()
        source.select("*, '<relation>' AS _file").create_view(view)
        try:
            con.execute(f"SELECT 1 FROM {view} LIMIT 0")
        except duckdb.Error:
            raise DataValidationError("The DuckDB relation belongs to another connection than the one given. "
                                      "Fix: pass connection= the connection that made the relation.") from None
        return LogSource(con, view, "<relation>", "relation")
    con = connection or connect()
    if isinstance(source, pd.DataFrame):
        frame = source.reset_index(drop=True).assign(_file="<frame>", _row=range(1, len(source) + 1))
        con.register(view, frame)
        return LogSource(con, view, "<frame>", "frame")
    if isinstance(source, (list, tuple)):
        found = [data_files(p) for p in source]
        files, kinds = [f for fs, _ in found for f in fs], {k for _, k in found}
        if len(kinds) > 1:
            raise DataValidationError("The list mixes Parquet and CSV files; read one kind at a time.")
        kind, name = kinds.pop(), f"{len(files)} files"
    elif isinstance(source, (str, os.PathLike)):
        (files, kind), name = data_files(source), str(source)
    else:
        raise DataValidationError(f"A transaction log must be a path, a folder, a glob, a DuckDB relation or a "
                                  f"pandas DataFrame; got {type(source).__name__}.")
    _read_files(con, files, kind, name).create_view(view)
    return LogSource(con, view, name, kind)


def resolve_mapping(log, customer_id=None, date=None, amount=None, guess=True):
    """Settle the columns of the customer id, the date and the amount.

    Parameters
    ----------
    log : LogSource
    customer_id, date, amount : str, optional
        Column names given by the user; they must exist.
    guess : bool
        Guess the columns not given (from names and a sample of values); otherwise they stay ``None``.

    Returns
    -------
    mapping : dict
        ``{"customer_id": ..., "date": ..., "amount": ...}``.
    guessed : tuple of str
        The fields whose column was guessed.
    """
    given = {"customer_id": customer_id, "date": date, "amount": amount}
    listing = ", ".join(repr(c) for c in log.columns)
    for field, column in given.items():
        if column is not None and column not in log.columns:
            raise DataValidationError(
                f"Column {column!r} (given for {field}) is not in {log.name}. Its columns are {listing}. Fix: pass "
                f"{field}= one of these names (spelling and capitals must match).", column=column)
    mapping, guessed = dict(given), ()
    missing = [f for f in FIELDS if given[f] is None]
    if guess and missing:
        rest = log.sample().drop(columns=[c for c in given.values() if c is not None])
        suggestion = suggest_mapping(rest)
        guessed = tuple(f for f in missing if suggestion[f] is not None)
        mapping.update({f: suggestion[f] for f in guessed})
    for field in ("customer_id", "date"):
        if mapping[field] is None:
            raise DataValidationError(
                f"Could not tell which column of {log.name} holds the {field.replace('_', ' ')}; its columns are "
                f"{listing}. Fix: name it (--{field.replace('_', '-')} COLUMN, or {field}='...').", column=field)
    return mapping, guessed
