"""Column mapping for your own transaction files: which column holds the customer id, the date, the amount.

:func:`suggest_mapping` guesses from the column names and, where the names say nothing (for example a file
without a header), from the contents; :func:`apply_mapping` renames the chosen columns to the workbook's
vocabulary ``customer_id``, ``date`` and ``amount``.
"""
from __future__ import annotations

import re
import warnings

import pandas as pd

from ..errors import DataValidationError

__all__ = ["FIELDS", "apply_mapping", "suggest_mapping"]

FIELDS = ("customer_id", "date", "amount")

_NAMES = {
    "customer_id": ("customer_id", "customerid", "customer", "cust_id", "custid", "customer_no",
                    "customer_number", "client_id", "client", "account_id", "account", "member_id", "user_id",
                    "buyer_id", "donor_id", "id", "master_customer_id"),
    "date": ("date", "order_date", "transaction_date", "purchase_date", "invoice_date", "sale_date",
             "timestamp", "datetime", "order_time", "created_at", "time", "day"),
    "amount": ("amount", "value", "revenue", "sales", "sale_amount", "total", "order_value", "order_total",
               "spend", "dollar_value", "net_amount", "gross_amount", "monetary_value", "price", "amt",
               "turnover", "invoice_amount"),
}


def _normalise(name):
    return re.sub(r"[^0-9a-z]+", "_", str(name).strip().lower()).strip("_")


def _name_score(column, field):
    name = _normalise(column)
    hints = _NAMES[field]
    if name in hints:
        return 3.0 - hints.index(name) / (10.0 * len(hints))
    tokens = set(name.split("_"))
    if any(h in tokens for h in hints if "_" not in h) or any(h in name for h in hints if "_" in h):
        return 2.0
    return 0.0


def _sample(series, size=500):
    values = series.dropna()
    values = values[values.astype(str).str.strip() != ""]
    return values.iloc[:size]


def _numeric_share(values):
    text = values.astype(str).str.replace(r"[$€£¥\s,]", "", regex=True)
    return float(pd.to_numeric(text, errors="coerce").notna().mean()) if len(text) else 0.0


def _date_share(values):
    if pd.api.types.is_datetime64_any_dtype(values):
        return 1.0
    text = values.astype(str).str.strip()
    if text.str.fullmatch(r"(19|20)\d{6}").all():
        return 1.0
    if text.str.fullmatch(r"-?\d+(\.\d+)?").all():
        return 0.0  # plain numbers are not dates
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:  # utc=True: texts with different UTC offsets are dates too
            parsed = pd.to_datetime(text, errors="coerce", format="mixed", utc=True)
        except (ValueError, OverflowError):
            return 0.0
    return float(parsed.notna().mean())


def _content_scores(series):
    values = _sample(series)
    if values.empty:
        return {"customer_id": 0.0, "date": 0.0, "amount": 0.0}
    date = _date_share(values)
    numeric = _numeric_share(values) if date < 0.9 else 0.0
    text = values.astype(str).str.strip()
    has_decimals = float(text.str.contains(r"[.,]\d{1,2}$").mean()) if numeric else 0.0
    unique = values.astype(str).nunique()
    cardinality = unique / len(values)
    if date >= 0.9 or has_decimals > 0.5 or unique < 2:
        id_like = 0.0
    else:
        id_like = 0.6 + 0.2 * (cardinality < 1.0) + 0.2 * cardinality
        if cardinality > 0.98 and len(values) > 20:
            id_like *= 0.5  # unique per row: more likely a transaction number than a customer
    return {"customer_id": id_like, "date": date, "amount": numeric * (0.5 + 0.5 * has_decimals)}


def suggest_mapping(df):
    """Guess which columns hold the customer id, the date and the amount.

    Parameters
    ----------
    df : pandas.DataFrame
        Transactions as read from a file (any column names, any types).

    Returns
    -------
    dict
        ``{"customer_id": column or None, "date": column or None, "amount": column or None}``; ``None``
        when no column fits. Each column is used at most once.

    Notes
    -----
    A column's score is its name score (3 for a known name such as ``order_date``, 2 when a known word is
    part of the name) plus its content score (0-1: share of values that parse as dates; share of numbers,
    more with cents; for ids, no decimals, repeated values and many distinct ones). Fields are assigned by the highest
    score first; a column needs a score of at least 0.6 to be suggested.
    """
    candidates = []
    for column in df.columns:
        content = _content_scores(df[column])
        for field in FIELDS:
            score = _name_score(column, field) + content[field]
            if content[field] < 0.3 and field in ("date", "amount"):
                score = 0.0 if content[field] == 0.0 and _name_score(column, field) < 3 else score * 0.5
            candidates.append((score, field, column))
    mapping = {field: None for field in FIELDS}
    used = set()
    for score, field, column in sorted(candidates, key=lambda c: -c[0]):
        if score >= 0.6 and mapping[field] is None and column not in used:
            mapping[field] = column
            used.add(column)
    return mapping


def apply_mapping(df, mapping):
    """Return a copy of ``df`` with the mapped columns renamed to ``customer_id``, ``date`` and ``amount``.

    Parameters
    ----------
    df : pandas.DataFrame
    mapping : dict
        Field -> column name, for the three fields of :data:`FIELDS`.

    Returns
    -------
    pandas.DataFrame
        The three standard columns first, then the other columns unchanged; an unmapped column whose name
        is one of the standard names is renamed ``<name>_original``.

    Raises
    ------
    DataValidationError
        When a field is unmapped, a column does not exist, or one column is mapped to two fields.
    """
    columns = [str(c) for c in df.columns]
    listing = ", ".join(repr(c) for c in columns) or "(none)"
    for field in FIELDS:
        column = mapping.get(field)
        if column is None:
            raise DataValidationError(
                f"Could not tell which column holds the {field.replace('_', ' ')}. The data have the columns "
                f"{listing}. Fix: name it, for example {field}={columns[0]!r}" if columns else
                "The data have no columns. Fix: check that the file holds a table with a header row.",
                column=field)
        if column not in df.columns:
            raise DataValidationError(
                f"Column {column!r} (given for {field}) is not in the data. The data have the columns {listing}. "
                f"Fix: pass {field}= one of these names (spelling and capitals must match).", column=column)
    chosen = [mapping[f] for f in FIELDS]
    if len(set(chosen)) < len(chosen):
        raise DataValidationError(
            f"One column is used for two fields ({', '.join(f'{f}={mapping[f]!r}' for f in FIELDS)}). "
            f"Fix: map customer_id, date and amount to three different columns.", column=chosen[0])
    out = pd.DataFrame({f: df[mapping[f]] for f in FIELDS}, index=df.index)
    for column in df.columns:
        if column in chosen:
            continue
        name = f"{column}_original" if column in FIELDS else column
        out[name] = df[column]
    out.attrs.update(df.attrs)
    return out

