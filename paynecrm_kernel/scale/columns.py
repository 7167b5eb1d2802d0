"""SQL expressions that read the customer id, the day and the amount of each row, as the in-memory path does.

The conventions are those of :func:`paynecrm_kernel.clv.summarize_transactions`: a date is a whole day (time of
day dropped, time zones taken as UTC wall time), an integer date is written ``YYYYMMDD``, text dates are read
with the format that reads most of a sample (the rule of ``%crm data``), amounts are numbers (currency
symbols and spaces allowed in text). An unreadable value becomes NULL, so the engine can count and locate it.
"""
from __future__ import annotations

import warnings

import pandas as pd

from ..data.parsing import DATE_FORMATS
from ..errors import DataValidationError

__all__ = ["amount_sql", "date_format_of", "day_label", "day_number", "day_sql", "id_sql", "quote_identifier"]

_INTEGER = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")
_NUMBER = _INTEGER + ("FLOAT", "DOUBLE", "REAL")


def quote_identifier(name):
    """A column name quoted for DuckDB SQL."""
    return '"' + str(name).replace('"', '""') + '"'


def id_sql(column, type_name):
    """Customer id; NULL when missing (empty text counts as missing)."""
    col = quote_identifier(column)
    if type_name == "VARCHAR":
        return f"CASE WHEN trim({col}) = '' THEN NULL ELSE {col} END"
    if type_name in ("FLOAT", "DOUBLE", "REAL"):
        return f"CASE WHEN isnan({col}) THEN NULL ELSE {col} END"
    return col


def date_format_of(values):
    """The strftime format (or ``"ISO8601"``) that reads the most of a sample of text dates.

    Ties go to the earlier entry of :data:`paynecrm_kernel.data.parsing.DATE_FORMATS` (day-first before
    month-first), as in ``%crm data``; eight-digit numbers are ``%Y%m%d``.
    """
    text = pd.Series(values, dtype="string").dropna().str.strip()
    text = text[text != ""].drop_duplicates()
    if text.empty:
        return "ISO8601"
    if text.str.fullmatch(r"(1[89]|2[01])\d{6}").all():
        return "%Y%m%d"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = [(int(pd.to_datetime(text, format=f, errors="coerce").notna().sum()), -i, f)
                  for i, f in enumerate(DATE_FORMATS)]
    return max(scores)[2]


def day_sql(column, type_name, date_format=None):
    """Whole days since 1970-01-01 (BIGINT) of each row; NULL when missing or unreadable.

    Parameters
    ----------
    column : str
    type_name : str
        DuckDB type of the column.
    date_format : str, optional
        For text dates: a strftime format, or ``"ISO8601"`` (see :func:`date_format_of`).
    """
    col = quote_identifier(column)
    epoch = "DATE '1970-01-01'"
    if type_name == "DATE":
        return f"({col} - {epoch})"
    if type_name.startswith("TIMESTAMP"):
        # with a time zone: the UTC wall time (the connection's session time zone is UTC)
        value = f"CAST({col} AS TIMESTAMP)" if "TIME ZONE" in type_name or type_name == "TIMESTAMPTZ" else col
        return f"(CAST({value} AS DATE) - {epoch})"
    if type_name in _INTEGER:
        return f"(CAST(try_strptime(CAST({col} AS VARCHAR), '%Y%m%d') AS DATE) - {epoch})"
    if type_name == "VARCHAR":
        text = f"trim({col})"
        if date_format in (None, "ISO8601"):
            parsed = f"coalesce(TRY_CAST({text} AS TIMESTAMP), CAST(TRY_CAST({text} AS TIMESTAMPTZ) AS TIMESTAMP))"
        else:
            parsed = f"try_strptime({text}, '{date_format.replace(chr(39), chr(39) * 2)}')"
        return f"(CAST({parsed} AS DATE) - {epoch})"
    raise DataValidationError(f"Column {column!r} holds {type_name} values, which are not dates. Fix: point the "
                              "date at a column of dates (or of YYYYMMDD numbers, or of text dates).", column=column)


def amount_sql(column, type_name):
    """Amount of each row as DOUBLE; NULL when missing or not a number (negative and infinite values are kept
    for the checks to name)."""
    col = quote_identifier(column)
    if type_name in _NUMBER or type_name.startswith("DECIMAL"):
        return f"CAST({col} AS DOUBLE)"
    if type_name == "VARCHAR":
        return fr"TRY_CAST(regexp_replace({col}, '[\s$€£¥]', '', 'g') AS DOUBLE)"
    raise DataValidationError(f"Column {column!r} holds {type_name} values, which are not amounts. Fix: point the "
                              "amount at a column of numbers, or leave it out.", column=column)


def day_number(value, name):
    """Whole days since 1970-01-01 of a date given by the user (``calibration_end`` ...)."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if stamp is pd.NaT or pd.isna(stamp):
        raise DataValidationError(f"{name}={value!r} is not a date; write it as 'YYYY-MM-DD'.")
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    return int((stamp.normalize() - pd.Timestamp("1970-01-01")).days)


def day_label(day):
    """ISO text of a day number."""
    return str(pd.Timestamp("1970-01-01") + pd.Timedelta(days=int(day)))[:10]
