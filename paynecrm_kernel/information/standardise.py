"""Put the fields of customer records into one form before they are compared.

Two systems rarely write a value the same way: ``(555) 123-4567`` and ``5551234567``, ``SMITH`` and
``Smith``, ``John.Smith@Mail.com`` and ``john.smith@mail.com``. :func:`standardise` rewrites each compared
column by its kind (:data:`KINDS`) so that only real differences remain for the linkage model to weigh.
Values that cannot be read (a date that is not a date, a number that is not a number) become missing and
are reported in a :class:`~paynecrm_kernel.errors.DataWarning` with their rows; they are never dropped
silently.
"""
from __future__ import annotations

import warnings

import pandas as pd

from ..errors import DataValidationError, DataWarning

__all__ = ["KINDS", "standardise"]

#: The kinds of field :func:`~paynecrm_kernel.information.linkage.link_records` can compare.
KINDS = {
    "name": "a person's first name or surname: case, accents, punctuation and spaces ignored",
    "text": "free text such as a street: case and repeated spaces ignored",
    "exact": "codes that must match exactly (a loyalty card number, a gender code)",
    "date": "a date such as the date of birth, written in any common form",
    "email": "an e-mail address: case and spaces ignored",
    "phone": "a phone number: only its digits count, a leading +country code is dropped",
    "postcode": "a postal code: case and spaces ignored; the first three characters give the area",
    "number": "a number such as a house number or an age",
}


def _blank_to_na(s):
    return s.mask(s.str.len() == 0)


def _name(s):
    s = s.str.normalize("NFKD").str.encode("ascii", errors="ignore").str.decode("ascii")
    return _blank_to_na(s.str.lower().str.replace(r"[^a-z ]+", " ", regex=True)
                        .str.replace(r"\s+", " ", regex=True).str.strip())


def _text(s):
    return _blank_to_na(s.str.lower().str.replace(r"\s+", " ", regex=True).str.strip())


def _email(s):
    s = s.str.lower().str.replace(r"\s+", "", regex=True)
    return _blank_to_na(s.where(s.str.fullmatch(r"[^@]+@[^@]+\.[^@]+"), ""))


def _phone(s):
    s = s.str.strip().str.replace(r"^\+\d{1,3}[\s.-]+", "", regex=True)
    return _blank_to_na(s.str.replace(r"\D+", "", regex=True))


def _postcode(s):
    return _blank_to_na(s.str.upper().str.replace(r"\s+", "", regex=True))


def _unreadable(column, raw, parsed, what):
    bad = raw.notna() & parsed.isna() & raw.astype("string").str.strip().ne("")
    if bad.any():
        rows = bad.to_numpy().nonzero()[0]
        warnings.warn(f"{int(bad.sum()):,} value(s) of column {column!r} are not {what} (rows "
                      f"{rows[:5].tolist()}, e.g. {str(raw.iloc[rows[0]])!r}); they are treated as missing. Fix: "
                      f"correct them in the source, or compare the column as 'text'.", DataWarning, stacklevel=4)


def _date(column, raw):
    if pd.api.types.is_datetime64_any_dtype(raw):
        parsed = raw
    else:
        text = raw.astype("string").str.strip()
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        rest = parsed.isna() & text.notna()
        if rest.any():
            parsed[rest] = pd.to_datetime(text[rest], errors="coerce", format="mixed")
    _unreadable(column, raw, parsed, "dates")
    return parsed.dt.strftime("%Y-%m-%d").astype("string")


def _number(column, raw):
    parsed = pd.to_numeric(raw.astype("string").str.replace(r"[,\s$€£]", "", regex=True), errors="coerce")
    _unreadable(column, raw, parsed, "numbers")
    return parsed.astype("Float64")


_TEXT_CLEANERS = {"name": _name, "text": _text, "exact": lambda s: _blank_to_na(s.str.strip()), "email": _email,
                  "phone": _phone, "postcode": _postcode}


def standardise(frame, compare):
    """Return a copy of ``frame`` with every compared column rewritten in its kind's standard form.

    Parameters
    ----------
    frame : pandas.DataFrame
    compare : dict of str to str
        Column -> kind (a key of :data:`KINDS`).

    Returns
    -------
    pandas.DataFrame
        Text kinds as pandas strings (missing as ``<NA>``), dates as ``YYYY-MM-DD`` strings, numbers as
        ``Float64``.

    Raises
    ------
    DataValidationError
        An unknown kind or a column that is not in the frame.
    """
    out = frame.copy()
    for column, kind in compare.items():
        if kind not in KINDS:
            raise DataValidationError(f"Unknown comparison kind {kind!r} for column {column!r}. Fix: use one of "
                                      f"{', '.join(map(repr, KINDS))}.", column=column)
        if column not in frame.columns:
            raise DataValidationError(f"Column {column!r} (to compare as {kind}) is not in the records; their "
                                      f"columns are {', '.join(map(repr, map(str, frame.columns)))}. Fix: "
                                      f"rename the column or change compare=.", column=column)
        raw = frame[column]
        if kind == "date":
            out[column] = _date(column, raw)
        elif kind == "number":
            out[column] = _number(column, raw)
        else:
            out[column] = _TEXT_CLEANERS[kind](raw.astype("string"))
    return out
