"""The customer repository: a DuckDB file with a star schema, marts as views and the chapter's queries.

:func:`build_repository` loads the sample company (customers, transactions, channels, interactions, and the
four systems' extracts when given) and your own transaction files (CSV, Excel or Parquet, read and
validated by :mod:`paynecrm_kernel.data`) into a warehouse: customer, product, channel and date dimensions,
transaction and interaction facts, and marts (views such as the customer summary the CLV models need).

DuckDB allows one process to write a database file or many to read it, and every open page of the
workbook is a process of its own. So the repository is never changed in place: the builder writes a new
file beside the old one, checkpoints it and renames it over the old one in one step (``os.replace``).
Readers (:class:`Repository`) open the file read-only; a reader that opened the old file keeps reading
it, the next one sees the new file, and nobody ever sees half a build.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from ..data import read_transactions, validate_transactions
from ..errors import DataValidationError
from . import repository_sql as S

__all__ = ["QueryResult", "Repository", "build_repository"]

_TRANSACTION_COLUMNS = ["source", "transaction_id", "customer_id", "date", "amount", "channel", "product_line"]


@dataclass(frozen=True)
class QueryResult:
    """A query's answer with the SQL that produced it.

    Attributes
    ----------
    name : str
    question : str
    sql : str
    frame : pandas.DataFrame
    """

    name: str
    question: str
    sql: str
    frame: pd.DataFrame

    def _repr_html_(self):
        return (f"<p><b>{self.question}</b></p><pre>{self.sql}</pre>"
                + self.frame.head(20).to_html(index=False, border=0))


class Repository:
    """Read-only access to a repository file built by :func:`build_repository`.

    Parameters
    ----------
    path : str or os.PathLike

    Examples
    --------
    >>> with Repository("customers.duckdb") as repo:           # doctest: +SKIP
    ...     answer = repo.query("revenue_by_channel")
    ...     print(answer.sql); answer.frame
    """

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.exists():
            raise FileNotFoundError(f"No repository at {self.path}. Fix: build it first with "
                                    f"build_repository({str(self.path)!r}, company=sample_company()).")
        self._connection = duckdb.connect(str(self.path), read_only=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        """Close the connection (the file stays)."""
        self._connection.close()

    @property
    def tables(self):
        """Tables and views with their row counts."""
        names = self._connection.execute(
            "SELECT table_name, table_type FROM information_schema.tables ORDER BY table_type, table_name").df()
        names["rows"] = [self._connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                         for t in names["table_name"]]
        return names

    @property
    def metadata(self):
        """When the repository was built, from what, and the end of its observation period."""
        return self._connection.execute("SELECT * FROM metadata").df().iloc[0].to_dict()

    def query(self, name):
        """Run one of the chapter's analyses (:data:`~.repository_sql.QUERIES`).

        Returns
        -------
        QueryResult
            The frame, the SQL text and the question it answers.
        """
        if name not in S.QUERIES:
            raise DataValidationError(f"There is no query {name!r}. The repository answers: "
                                      f"{', '.join(map(repr, S.QUERIES))}.")
        question, sql = S.QUERIES[name]
        return QueryResult(name, question, sql, self._connection.execute(sql).df())

    def sql(self, text, parameters=None):
        """Run your own SQL (read-only) and return a DataFrame."""
        try:
            return self._connection.execute(text, parameters or []).df()
        except duckdb.Error as exc:
            raise DataValidationError(f"The SQL could not run: {exc}. Fix: check table and column names "
                                      f"against Repository.tables.") from None

    def __repr__(self):
        return f"Repository({str(self.path)!r})"


def _company_tables(company):
    customers = company.customers.assign(source="sample company")
    tx = company.transactions.assign(source="sample company", product_line=None)
    interactions = company.interactions.assign(source="sample company")
    interactions = interactions[interactions["customer_id"].notna()]
    return customers, tx[_TRANSACTION_COLUMNS], interactions, company.channels


def _file_tables(path, start_id):
    raw = read_transactions(path)
    clean, _ = validate_transactions(raw.frame, **raw.mapping)
    source = Path(str(raw.source)).name
    frame = pd.DataFrame({"source": source, "transaction_id": range(start_id, start_id + len(clean)),
                          "customer_id": clean["customer_id"].astype(str), "date": clean["date"],
                          "amount": clean["amount"],
                          "channel": clean["channel"].astype(str) if "channel" in clean else None,
                          "product_line": clean["product"].astype(str) if "product" in clean else None})
    customers = frame.groupby("customer_id", as_index=False).agg(acquisition_date=("date", "min"))
    return customers.assign(source=source), frame


def build_repository(path, company=None, files=(), extracts=None):
    """Build (or rebuild) the repository file in one atomic step.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.duckdb`` file to create or replace.
    company : SampleCompany, optional
        The sample company: customers, transactions, channels and interactions.
    files : sequence of path
        Your own transaction files (CSV, Excel, Parquet); each becomes a source named after the file. A
        ``channel`` or ``product`` column is used when present.
    extracts : Extracts, optional
        The four systems' customer extracts, loaded as ``source_crm``, ``source_billing``, ... for the
        data-quality scorecard.

    Returns
    -------
    pathlib.Path
        The repository file.
    """
    if company is None and not files and extracts is None:
        raise DataValidationError("Nothing to load: pass company=sample_company(), files=[...] or extracts=.")
    customers, transactions, interactions, channels = [], [], [], None
    if company is not None:
        c, t, i, channels = _company_tables(company)
        customers, transactions, interactions = [c], [t], [i]
    next_id = int(transactions[0]["transaction_id"].max()) + 1 if transactions else 1
    for f in files:
        c, t = _file_tables(f, next_id)
        customers.append(c)
        transactions.append(t)
        next_id += len(t)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.building")
    try:
        con = duckdb.connect(str(temporary))
        try:
            _load(con, customers, transactions, interactions, channels, extracts)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return path


def _load(con, customers, transactions, interactions, channels, extracts):
    customer_columns = ["source", "customer_id", "segment", "customer_type", "region", "acquisition_date",
                        "acquisition_channel"]
    staged = pd.concat([c.reindex(columns=customer_columns) for c in customers], ignore_index=True) \
        if customers else pd.DataFrame(columns=customer_columns)
    staged["customer_id"] = staged["customer_id"].astype(str)
    staged_tx = pd.concat(transactions, ignore_index=True) if transactions else \
        pd.DataFrame(columns=_TRANSACTION_COLUMNS)
    staged_tx["customer_id"] = staged_tx["customer_id"].astype(str)
    con.register("staged_customers", staged)
    con.execute("CREATE TABLE dim_customer AS SELECT row_number() OVER (ORDER BY source, acquisition_date, "
                "customer_id) AS customer_key, * FROM staged_customers")
    channel_frame = channels if channels is not None else pd.DataFrame(
        {"channel": sorted({c for t in transactions for c in t["channel"].dropna().unique()})})
    channel_frame = channel_frame.reindex(columns=["channel", "category", "contact", "unit_cost"])
    con.register("staged_channels", channel_frame)
    con.execute("CREATE TABLE dim_channel AS SELECT row_number() OVER () AS channel_key, * FROM staged_channels")
    con.execute(S.DIM_PRODUCT)
    first, last = (staged_tx["date"].min(), staged_tx["date"].max()) if len(staged_tx) else (None, None)
    if interactions:
        first = min(first, interactions[0]["timestamp"].min())
        last = max(last, interactions[0]["timestamp"].max())
    if first is None:
        first = last = pd.Timestamp.today().normalize()
    con.execute(S.DIM_DATE, [pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()])
    con.register("staged_transactions", staged_tx)
    con.execute(S.FACT_TRANSACTION)
    staged_i = pd.concat(interactions, ignore_index=True) if interactions else pd.DataFrame(
        columns=["source", "interaction_id", "customer_id", "timestamp", "stage", "channel", "outcome",
                 "handling_minutes", "identified"]).astype({"timestamp": "datetime64[ns]"})
    staged_i["customer_id"] = staged_i["customer_id"].astype(str)
    con.register("staged_interactions", staged_i)
    con.execute(S.FACT_INTERACTION)
    end = pd.Timestamp(staged_tx["date"].max()).normalize() if len(staged_tx) else pd.Timestamp(first)
    sources = sorted(staged["source"].unique())
    con.execute("CREATE TABLE metadata AS SELECT CAST(? AS DATE) AS observation_end, ? AS sources, "
                "current_timestamp AS built_at", [end, ", ".join(sources)])
    for name, sql in S.MARTS.items():
        con.execute(sql)
    if extracts is not None:
        for name, frame in extracts.records.items():
            con.register(f"staged_{name}", frame)
            con.execute(f"CREATE TABLE source_{name} AS SELECT * FROM staged_{name}")
    for name in ("staged_customers", "staged_channels", "staged_transactions", "staged_interactions",
                 *(f"staged_{n}" for n in (extracts.records if extracts is not None else ()))):
        con.unregister(name)
