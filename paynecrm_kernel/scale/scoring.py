"""Scores for every customer, streamed from the customer table to a Parquet file in batches.

Memory stays flat as the customer base grows: one batch of customers is in memory at a time (its rows, the
predictions, and the pyarrow row group being written). The figures the report needs (the distribution of
value, the top customers, the totals) are read back from the file by DuckDB, again without loading it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..clv import customer_lifetime_value
from .progress import report

__all__ = ["ValueDistribution", "score_customers", "value_distribution"]

#: Customers per batch: about 100 MB of working memory at the widest.
BATCH_ROWS = 500_000


def _scores(batch, purchases, spend, horizon, time_unit, discount_rate, margin):
    value = customer_lifetime_value(purchases, spend if spend is not None else 1.0, batch, horizon=horizon,
                                    time_unit=time_unit, discount_rate=discount_rate, margin=margin)
    out = pd.DataFrame({"frequency": batch["frequency"].to_numpy(), "recency": batch["recency"].to_numpy(),
                        "T": batch["T"].to_numpy()}, index=batch.index)
    if "monetary_value" in batch:
        out["monetary_value"] = batch["monetary_value"].to_numpy()
    out["probability_alive"] = np.asarray(purchases.probability_alive(batch), dtype=float)
    out["expected_purchases"] = value["expected_purchases"].to_numpy()
    if spend is not None:
        out["expected_spend"] = value["expected_spend"].to_numpy()
        out["clv"] = value["clv"].to_numpy()
    return out, value.attrs


def score_customers(table, purchases, path, spend=None, horizon=12, time_unit="M", discount_rate=0.01, margin=1.0,
                    batch_rows=BATCH_ROWS, progress=None):
    """Score every customer of ``table`` and write the scores to ``path`` (Parquet), one batch at a time.

    Parameters
    ----------
    table : CustomerTable
    purchases : fitted purchase model (BG/NBD, MBG/NBD, Pareto/NBD)
    path : str or os.PathLike
        The Parquet file to write (replaced if it exists).
    spend : GammaGammaResult, optional
        Without it the file has no ``expected_spend`` or ``clv`` (purchases only).
    horizon, time_unit, discount_rate, margin
        As in :func:`paynecrm_kernel.clv.customer_lifetime_value`.
    batch_rows : int
        Customers per batch (and per Parquet row group).
    progress : callable, optional
        ``progress("scoring customers", fraction)``.

    Returns
    -------
    dict
        ``customers`` (number scored), ``path`` and ``attrs`` (the CLV convention and settings).
    """
    if not (isinstance(batch_rows, int) and batch_rows > 0):
        raise ValueError(f"batch_rows must be a positive number of customers, got {batch_rows!r}.")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    total = len(table)
    writer, done, attrs = None, 0, {}
    report(progress, "scoring customers", 0.0)
    try:
        for batch in table.batches(batch_rows):
            scores, attrs = _scores(batch, purchases, spend, horizon, time_unit, discount_rate, margin)
            arrow = pa.Table.from_pandas(scores, preserve_index=True)
            if writer is None:
                # the CLV convention travels with the file
                metadata = {**(arrow.schema.metadata or {}), b"paynecrm.clv": json.dumps(attrs).encode()}
                writer = pq.ParquetWriter(path, arrow.schema.with_metadata(metadata))
            writer.write_table(arrow)
            done += len(batch)
            report(progress, "scoring customers", min(done / max(total, 1), 0.999))
    finally:
        if writer is not None:
            writer.close()
    report(progress, "scoring customers", 1.0)
    return {"customers": done, "path": str(path), "attrs": attrs}


@dataclass(frozen=True)
class ValueDistribution:
    """How value is spread over the customers, read from a scores file.

    Attributes
    ----------
    customers : int
    total : float
        Sum of the column over all customers.
    quantiles : pandas.Series
        By level (0.1 ... 0.99).
    histogram : pandas.DataFrame
        ``lower``, ``upper``, ``customers``, ``value``: equal-width bins up to the 99.5th percentile, the last
        bin open to the top.
    top : pandas.DataFrame
        The customers with the highest value, all their scores.
    concentration : pandas.Series
        Share of the total held by the top 1 %, 10 % and 20 % of customers.
    column : str
        ``"clv"`` or ``"expected_purchases"``.
    """

    customers: int
    total: float
    quantiles: pd.Series
    histogram: pd.DataFrame
    top: pd.DataFrame
    concentration: pd.Series
    column: str


def value_distribution(path, column=None, top=20, bins=30, connection=None):
    """Read the distribution of value from a scores file (out of core, with DuckDB).

    Parameters
    ----------
    path : str
        A file written by :func:`score_customers`.
    column : str, optional
        ``"clv"`` when the file has it, else ``"expected_purchases"``.
    top : int
        Number of top customers to return.
    bins : int
        Histogram bins.
    """
    con = connection or duckdb.connect()
    source = f"read_parquet('{str(path).replace(chr(39), chr(39) * 2)}')"
    names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    column = column or ("clv" if "clv" in names else "expected_purchases")
    levels = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]
    n, total, cut, *quantiles = con.execute(
        f"SELECT count(*), sum({column}), quantile_cont({column}, 0.995), "
        + ", ".join(f"quantile_cont({column}, {q})" for q in levels) + f" FROM {source}").fetchall()[0]
    width = (cut or 0.0) / bins if cut and cut > 0 else 1.0
    histogram = con.execute(
        f"SELECT least(floor(greatest({column}, 0) / {width!r}), {bins - 1})::INTEGER AS bin, count(*) AS customers, "
        f"sum({column}) AS value FROM {source} GROUP BY bin ORDER BY bin").df()
    histogram = histogram.set_index("bin").reindex(range(bins), fill_value=0).reset_index()
    histogram.insert(1, "lower", histogram["bin"] * width)
    histogram.insert(2, "upper", np.where(histogram["bin"] == bins - 1, math.inf, (histogram["bin"] + 1) * width))
    top_rows = con.execute(f"SELECT * FROM {source} ORDER BY {column} DESC LIMIT {int(top)}").df()
    shares = {}
    for share in (0.01, 0.1, 0.2):
        k = max(int(round(share * n)), 1)
        held = con.execute(f"SELECT sum({column}) FROM (SELECT {column} FROM {source} ORDER BY {column} DESC "
                           f"LIMIT {k})").fetchall()[0][0]
        shares[f"top {share:.0%}"] = (held or 0.0) / total if total else math.nan
    return ValueDistribution(int(n), float(total or 0.0), pd.Series(quantiles, index=levels, name=column),
                             histogram.drop(columns="bin"), top_rows, pd.Series(shares, name="share of value"),
                             column)
