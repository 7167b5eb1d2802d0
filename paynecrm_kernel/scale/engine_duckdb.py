"""The customer summary computed in DuckDB, out of core: the log is scanned twice and never loaded.

Pass 1 groups the rows by customer (first and last day, and the counts of unreadable values, which the checks
read); pass 2 keeps the repeat purchases (days after the customer's first), merges same-day purchases and
aggregates them per customer. The arithmetic is that of :func:`paynecrm_kernel.clv.summarize_transactions`:
integer days, then ``days / days_per_unit`` in double precision, so ``frequency``, ``recency``, ``T`` and the
holdout columns agree to the last digit; ``monetary_value`` is a sum of doubles, which agrees to the last digit
whenever the sums are exact (amounts in cents up to about 10^13 cents in total) and otherwise to the rounding
of the summation order (as the in-memory path itself does between a sorted and a shuffled log).
"""
from __future__ import annotations

from ..clv.units import DAYS_PER_UNIT, validate_time_unit
from ..errors import DataValidationError
from .columns import amount_sql, date_format_of, day_label, day_number, day_sql, id_sql, quote_identifier
from .customers import CustomerTable, temporary_name
from .progress import run_query

__all__ = ["summarize_log"]


def _typed_select(log, mapping, date_format):
    """SELECT list reading ``cid, day, amount`` (typed) and the raw date and amount columns."""
    id_col, date_col, amount_col = mapping["customer_id"], mapping["date"], mapping.get("amount")
    parts = [f"{id_sql(id_col, log.column_type(id_col))} AS cid",
             f"{day_sql(date_col, log.column_type(date_col), date_format)} AS day",
             f"{quote_identifier(date_col)} AS raw_date"]
    if amount_col is not None:
        parts += [f"{amount_sql(amount_col, log.column_type(amount_col))} AS amount",
                  f"{quote_identifier(amount_col)} AS raw_amount"]
    else:
        parts.append("0.0::DOUBLE AS amount")
    return ", ".join(parts)


def _locate(log, select, condition, raw, column, problem, fix, count):
    """Raise a DataValidationError naming the first rows (by position) that match ``condition``."""
    rows = log.first_rows(f"SELECT _file, _row, {raw} AS value FROM (SELECT {select}, _file, _row FROM "
                          f"{log.positioned()}) WHERE {condition}")
    where = "; ".join(log.where(file, number) for file, number, _ in rows)
    shown = f" (values {[value for _, _, value in rows[:3]]})" if raw != "cid" else ""
    raise DataValidationError(f"{log.name}: column {column!r} has {count:,} {problem}, e.g. {where}{shown}. {fix}",
                              column=column, rows=[number for _, number, _ in rows])


def _check(log, mapping, select, counts):
    n_rows, missing_ids, bad_dates, bad_amounts, negative = counts
    if n_rows == 0:
        raise DataValidationError(f"The transaction log {log.name} is empty: there is nothing to summarise. Check the "
                                  "file or the filter that produced it.")
    if missing_ids:
        _locate(log, select, "cid IS NULL", "cid", mapping["customer_id"], "missing id(s)",
                "Every transaction needs a customer; drop or fill those rows.", missing_ids)
    if bad_dates:
        _locate(log, select, "day IS NULL", "raw_date", mapping["date"], "missing or unreadable date(s)",
                "Write dates as YYYY-MM-DD (or YYYYMMDD) and drop rows without a date.", bad_dates)
    if bad_amounts:
        _locate(log, select, "amount IS NULL OR NOT isfinite(amount)", "raw_amount", mapping["amount"],
                "missing, non-numeric or infinite amount(s)",
                "Correct them, or drop those rows if they are not purchases.", bad_amounts)
    if negative:
        _locate(log, select, "amount < 0", "raw_amount", mapping["amount"], "negative amount(s)",
                "Returns and refunds are not purchases: net them against the original purchase or drop them "
                "before summarising.", negative)


def _period(log, mapping, select, last_day, calibration_end, observation_end):
    obs_end = last_day if observation_end is None else day_number(observation_end, "observation_end")
    if obs_end < last_day:
        late = log.connection.execute(f"SELECT count(*) FROM (SELECT {select} FROM {log.view}) "
                                      f"WHERE day > {obs_end}").fetchall()[0][0]
        _locate(log, select, f"day > {obs_end}", "raw_date", mapping["date"], f"transaction(s) after "
                f"observation_end={observation_end!r} (the last is on {day_label(last_day)})",
                "Pass a later observation_end, or filter the log to the observation period first.", late)
    cal_end = obs_end if calibration_end is None else day_number(calibration_end, "calibration_end")
    if cal_end > obs_end:
        raise DataValidationError(f"calibration_end={calibration_end!r} is after the end of the observation "
                                  f"({day_label(obs_end)}); it must fall inside the observed period.")
    return cal_end, obs_end


def summarize_log(log, mapping, time_unit="W", calibration_end=None, observation_end=None, progress=None):
    """Customer table of a log, computed in DuckDB.

    Parameters
    ----------
    log : LogSource
        From :func:`~paynecrm_kernel.scale.sources.open_log`.
    mapping : dict
        ``customer_id``, ``date`` and (optionally) ``amount`` column names.
    time_unit, calibration_end, observation_end
        As in :func:`paynecrm_kernel.clv.summarize_transactions`.
    progress : callable, optional
        ``progress(stage, fraction)``, called while the passes run.

    Returns
    -------
    CustomerTable
    """
    unit = validate_time_unit(time_unit)
    con = log.connection
    date_col = mapping["date"]
    date_format = date_format_of(log.sample()[date_col]) if log.column_type(date_col) == "VARCHAR" else None
    select = _typed_select(log, mapping, date_format)
    has_amount = mapping.get("amount") is not None
    typed = f"(SELECT {select} FROM {log.view})"
    firsts = temporary_name("firsts")
    amount_checks = (", count(*) FILTER (amount IS NULL OR NOT isfinite(amount)) AS bad_amounts, "
                     "count(*) FILTER (amount < 0) AS negative") if has_amount else ", 0 AS bad_amounts, 0 AS negative"
    run_query(con, f"CREATE TEMP TABLE {firsts} AS SELECT cid, min(day) AS first, max(day) AS last, count(*) AS n, "
                   f"count(*) FILTER (day IS NULL) AS bad_dates{amount_checks} FROM {typed} GROUP BY cid",
              progress, "reading the log")
    try:
        counts = con.execute(f"SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (cid IS NULL), 0), "
                             f"coalesce(sum(bad_dates), 0), coalesce(sum(bad_amounts), 0), coalesce(sum(negative), 0), "
                             f"max(last) FROM {firsts}").fetchall()[0]
        _check(log, mapping, select, [int(c) for c in counts[:5]])
        cal_end, obs_end = _period(log, mapping, select, int(counts[5]), calibration_end, observation_end)
        scale = DAYS_PER_UNIT[unit]
        excluded, kept = con.execute(f"SELECT count(*) FILTER (first > {cal_end}), count(*) FILTER "
                                     f"(first <= {cal_end}) FROM {firsts}").fetchall()[0]
        if kept == 0:
            raise DataValidationError(f"calibration_end={calibration_end!r} is before every customer's first "
                                      "purchase, so no customer falls in the calibration period. Choose a later date.")
        holdout = calibration_end is not None
        columns = [f"f.cid AS {quote_identifier(mapping['customer_id'])}",
                   "coalesce(a.frequency, 0)::DOUBLE AS frequency",
                   f"(coalesce(a.last_repeat, f.first) - f.first)::DOUBLE / {scale!r} AS recency",
                   f"({cal_end} - f.first)::DOUBLE / {scale!r} AS T"]
        if has_amount:
            columns.append("CASE WHEN a.frequency > 0 THEN a.spend / a.frequency ELSE 0.0 END AS monetary_value")
        if holdout:
            columns.append("coalesce(a.frequency_holdout, 0)::DOUBLE AS frequency_holdout")
            if has_amount:
                columns.append("CASE WHEN a.frequency_holdout > 0 THEN a.spend_holdout / a.frequency_holdout "
                               "ELSE 0.0 END AS monetary_value_holdout")
            columns.append(f"{(obs_end - cal_end) / scale!r}::DOUBLE AS duration_holdout")
        table = temporary_name("customers")
        run_query(con, f"""
            CREATE TEMP TABLE {table} AS
            WITH repeat_days AS (
                SELECT t.cid, t.day, sum(t.amount) AS amount
                FROM (SELECT cid, day, amount FROM {typed}) t
                JOIN {firsts} f ON t.cid = f.cid
                WHERE t.day > f.first AND f.first <= {cal_end}
                GROUP BY t.cid, t.day),
            per_customer AS (
                SELECT cid, count(*) FILTER (day <= {cal_end}) AS frequency,
                       max(day) FILTER (day <= {cal_end}) AS last_repeat,
                       sum(amount) FILTER (day <= {cal_end}) AS spend,
                       count(*) FILTER (day > {cal_end}) AS frequency_holdout,
                       sum(amount) FILTER (day > {cal_end}) AS spend_holdout
                FROM repeat_days GROUP BY cid)
            SELECT {', '.join(columns)}
            FROM {firsts} f LEFT JOIN per_customer a ON f.cid = a.cid
            WHERE f.first <= {cal_end}""", progress, "summarising customers")
    finally:
        con.execute(f"DROP TABLE IF EXISTS {firsts}")
    attrs = {"time_unit": unit, "calibration_end": day_label(cal_end), "observation_end": day_label(obs_end),
             "excluded_customers": int(excluded)}
    return CustomerTable(con, table, mapping["customer_id"], attrs)
