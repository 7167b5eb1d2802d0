"""The customer table kept in DuckDB: one row per customer, read in batches, compressed for the fits.

A :class:`CustomerTable` is what the engines hand on. Nothing in it is loaded into memory unless asked:
:meth:`~CustomerTable.histories` gives the distinct ``(frequency, recency, T)`` rows with their counts
(``weights``), on which a purchase model's likelihood is exactly the likelihood of all customers;
:meth:`~CustomerTable.batches` streams the customers for scoring.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import duckdb

from .columns import quote_identifier

__all__ = ["CustomerTable"]

_names = itertools.count()


def temporary_name(stem):
    """A fresh name for a temporary DuckDB table."""
    return f"_paynecrm_{stem}_{next(_names)}"


@dataclass(frozen=True)
class CustomerTable:
    """Customers of a transaction log, in a DuckDB table (columns as from ``summarize_transactions``).

    Attributes
    ----------
    connection : duckdb.DuckDBPyConnection
    table : str
        Name of the (temporary) table.
    customer_id : str
        Name of the id column.
    attrs : dict
        ``time_unit``, ``calibration_end``, ``observation_end``, ``excluded_customers``, as the in-memory
        summary's ``attrs``.
    """

    connection: duckdb.DuckDBPyConnection
    table: str
    customer_id: str
    attrs: dict = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame, connection=None):
        """Put an in-memory summary (from ``summarize_transactions``) into DuckDB."""
        con = connection or duckdb.connect()
        name = temporary_name("customers")
        id_name = frame.index.name or "customer_id"
        table = frame.reset_index(names=id_name)
        con.register(f"{name}_frame", table)
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_frame")
        con.unregister(f"{name}_frame")
        return cls(con, name, id_name, dict(frame.attrs))

    @property
    def relation(self):
        """The table as a DuckDB relation."""
        return self.connection.table(self.table)

    @property
    def columns(self):
        """Column names, the id first."""
        return self.relation.columns

    def __len__(self):
        return int(self.connection.execute(f"SELECT count(*) FROM {self.table}").fetchall()[0][0])

    def _frame(self, frame, index=True):
        if index:
            frame = frame.set_index(self.customer_id)
        frame.attrs.update(self.attrs)
        return frame

    def to_pandas(self):
        """All customers as a DataFrame indexed by customer id, sorted by id (as ``summarize_transactions``
        returns them, up to the row order)."""
        frame = self.relation.order(quote_identifier(self.customer_id)).df()
        return self._frame(frame)

    def histories(self, holdout=False):
        """Distinct ``(frequency, recency, T)`` rows and how many customers have each (``weights``).

        Parameters
        ----------
        holdout : bool
            Also sum ``frequency_holdout`` over the customers of each row (``frequency_holdout_sum``), for the
            calibration/holdout check; needs a table built with ``calibration_end``.

        Returns
        -------
        pandas.DataFrame
            Sorted by ``frequency, recency, T``; ``attrs["time_unit"]`` as the table's. Purchase models fit on
            it exactly as on all customers (the ``weights`` column is read as counts).
        """
        extra = ", sum(frequency_holdout) AS frequency_holdout_sum" if holdout else ""
        frame = self.connection.sql(
            f"SELECT frequency, recency, T, count(*)::DOUBLE AS weights{extra} FROM {self.table} "
            "GROUP BY frequency, recency, T ORDER BY frequency, recency, T").df()
        return self._frame(frame, index=False)

    def repeat_spend(self):
        """``frequency`` and ``monetary_value`` of the customers with repeat purchases (the Gamma-Gamma data),
        indexed by customer id."""
        frame = self.connection.sql(
            f"SELECT {quote_identifier(self.customer_id)}, frequency, monetary_value FROM {self.table} "
            "WHERE frequency > 0").df()
        return self._frame(frame)

    def batches(self, rows=1_000_000):
        """Iterate over the customers as DataFrames of at most ``rows`` rows (indexed by customer id)."""
        for batch in self.relation.to_arrow_reader(rows):
            if batch.num_rows:
                yield self._frame(batch.to_pandas())

    def drop(self):
        """Delete the table."""
        self.connection.execute(f"DROP TABLE IF EXISTS {self.table}")
