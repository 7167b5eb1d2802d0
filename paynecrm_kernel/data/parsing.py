"""Turn text columns of a user's file into typed values, marking (never guessing) what cannot be read.

Each parser returns the parsed values and a boolean mask of the entries that are present but unreadable,
so :mod:`.validation` can name the rows.
"""
from __future__ import annotations

import datetime as _dt
import re
import warnings

import numpy as np
import pandas as pd

__all__ = ["DATE_FORMATS", "parse_amounts", "parse_dates", "parse_ids"]

# Tried in this order when no format is given; the one that reads the most values wins (ties: first).
DATE_FORMATS = ("ISO8601", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%m-%d-%Y", "%Y/%m/%d",
                "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%m/%d/%Y %H:%M:%S", "%d/%m/%y",
                "%m/%d/%y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%Y%m%d")
_AMBIGUOUS = {"%d/%m/%Y": "%m/%d/%Y", "%d/%m/%Y %H:%M": "%m/%d/%Y %H:%M",
              "%d/%m/%Y %H:%M:%S": "%m/%d/%Y %H:%M:%S", "%d/%m/%y": "%m/%d/%y", "%d-%m-%Y": "%m-%d-%Y"}


def _missing(series):
    text = series.astype("string").str.strip()
    return series.isna().to_numpy() | (text == "").fillna(True).to_numpy(bool)


def parse_ids(series):
    """Return customer ids (int64 when all are whole numbers, else strings) and the missing mask."""
    missing = _missing(series)
    text = series.astype("string").str.strip()
    present = text[~missing]
    numbers = pd.to_numeric(present, errors="coerce")
    if len(present) and numbers.notna().all() and (numbers % 1 == 0).all():
        values = pd.Series(pd.NA, index=series.index, dtype="Int64")
        values[~missing] = numbers.astype("int64")
        return values, missing
    return text.where(~missing), missing


#: The range of dates a date column can hold (that of ``datetime64[ns]``: 1677-09-21 to 2262-04-11).
DATE_RANGE = (pd.Timestamp.min, pd.Timestamp.max)
_UTC_OFFSET = re.compile(r"^(.*\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?)\s*(Z|UTC|GMT|[+-]\d\d:?\d\d)$", re.IGNORECASE)


def _try_format(text, fmt):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pd.to_datetime(text, format=fmt, errors="coerce")
        except (ValueError, OverflowError):
            return pd.Series(pd.NaT, index=text.index, dtype="datetime64[s]")


def _to_ns(values):
    """Return datetimes of any resolution as naive ``datetime64[ns]`` and the mask of those out of its range."""
    values = pd.Series(values)
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)  # the local date and time written in the file
    outside = (values.notna() & ((values < DATE_RANGE[0]) | (values > DATE_RANGE[1])))
    return values.where(~outside).astype("datetime64[ns]"), outside.to_numpy(bool)


def _strip_offsets(text):
    """Remove UTC offsets (``+01:00``, ``Z`` after a time of day) from date texts; return them and a note if any."""
    stripped = text.str.replace(_UTC_OFFSET, r"\1", regex=True)
    changed = stripped != text
    if not changed.any():
        return text, None
    kinds = sorted(set(text[changed].str.extract(_UTC_OFFSET)[1].str.upper().dropna()))[:4]
    return stripped, (f"dates carry UTC offsets ({', '.join(kinds)}); the local date and time written in the file "
                      f"were used, without converting between offsets")


def parse_dates(series, date_format=None):
    """Parse a date column.

    Parameters
    ----------
    series : pandas.Series
        Text, numbers written as ``YYYYMMDD``, or datetimes (from Excel or Parquet, of any resolution, with or
        without time zone: the local date and time are kept).
    date_format : str, optional
        An explicit ``strftime`` format; otherwise :data:`DATE_FORMATS` are tried.

    Returns
    -------
    parsed : pandas.Series of datetime64[ns]
        NaT where the entry is missing, unreadable or out of range.
    bad : numpy.ndarray of bool
        Present but unreadable entries.
    missing : numpy.ndarray of bool
    outside : numpy.ndarray of bool
        Readable dates outside :data:`DATE_RANGE` (such as 2300-01-01 or 9999-12-31).
    note : str or None
        The format used, UTC offsets dropped, and a warning when day/month order was ambiguous.
    """
    missing = _missing(series)
    parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    outside = np.zeros(len(series), bool)
    if pd.api.types.is_datetime64_any_dtype(series):
        parsed, outside = _to_ns(series)
        return parsed, np.zeros(len(series), bool), missing, outside, None
    if pd.api.types.is_string_dtype(series):
        is_dt = np.zeros(len(series), bool)
        text = series[~missing].astype("string").str.strip()
    else:  # Excel and Parquet cells: datetimes, numbers and text mixed
        is_dt = series.map(lambda v: isinstance(v, (_dt.date, pd.Timestamp))).to_numpy(bool) & ~missing
        if is_dt.any():
            cells = pd.Series([pd.Timestamp(v).tz_localize(None) if pd.Timestamp(v).tz else pd.Timestamp(v)
                               for v in series[is_dt]], index=series.index[is_dt])
            parsed[is_dt], outside[is_dt] = _to_ns(pd.to_datetime(cells))
        text = series[~missing & ~is_dt].map(_plain).astype("string").str.strip()
    notes = []
    if len(text):
        text, offset_note = _strip_offsets(text)
        if date_format:
            best, values = date_format, _try_format(text, date_format)
        elif text.str.fullmatch(r"(1[89]|2[01])\d{6}").all():
            best, values = "%Y%m%d", _try_format(text, "%Y%m%d")
        else:
            sample = text.drop_duplicates()
            scores = [(_try_format(sample, f).notna().sum(), -i, f) for i, f in enumerate(DATE_FORMATS)]
            best = max(scores)[2]
            values = _try_format(text, best)
            alternative = _AMBIGUOUS.get(best)
            if alternative and _try_format(sample, alternative).notna().sum() == max(scores)[0]:
                notes.append(f"dates such as {text.iloc[0]!r} can be read day-first or month-first; they were read "
                             f"as {best}. If that is wrong, pass date_format={alternative!r}")
        values, text_outside = _to_ns(values)
        parsed[text.index] = values
        outside[series.index.get_indexer(text.index)] = text_outside
        notes = notes or [f"dates read with the format {best}"]
        notes += [offset_note] if offset_note else []
    bad = parsed.isna().to_numpy() & ~missing & ~outside
    return parsed, bad, missing, outside, "; ".join(notes) or None


def _plain(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_CURRENCY = re.compile(r"[$€£¥\s\u00a0]|USD|EUR|GBP")


def _amount_value(text):
    text = _CURRENCY.sub("", text)
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if "," in text and "." in text:
        text = text.replace(",", "") if text.rfind(".") > text.rfind(",") else text.replace(".", "").replace(",", ".")
    elif "," in text:
        text = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text) else text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return np.nan
    return -value if negative else value


def parse_amounts(series):
    """Parse money amounts (currency symbols, thousands separators, decimal commas and ``(12.50)`` allowed).

    Returns
    -------
    parsed : pandas.Series of float64
    bad : numpy.ndarray of bool
        Present but not a number.
    missing : numpy.ndarray of bool
    """
    missing = _missing(series)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        parsed = series.astype("float64")
    else:
        text = series.astype("string").str.strip()
        unique = pd.unique(text[~missing])
        lookup = {u: _amount_value(u) for u in unique}
        parsed = pd.Series(np.nan, index=series.index, dtype="float64")
        parsed[~missing] = text[~missing].map(lookup).astype("float64")
    bad = (parsed.isna().to_numpy() | ~np.isfinite(parsed.to_numpy(float))) & ~missing
    return parsed, bad, missing
