"""Validate a transaction table and report, row by row, what was excluded and why.

:func:`validate_transactions` returns the clean typed frame (``customer_id``, ``date`` as
datetime64[ns], ``amount`` as float64, then any other columns) and a :class:`ValidationReport`. Problems
that make a row unusable (missing id, unreadable or missing date, missing, unreadable or negative amount)
raise :class:`~paynecrm_kernel.errors.DataValidationError` naming the column, the first lines and the fix;
with ``on_error="exclude"`` those rows are left out instead and listed in the report. Blank lines and
implausible dates (out of range, placeholders such as 1900-01-01, in the future, or far from every other
date) are always left out, listed and noted. Nothing else is dropped: zero amounts and repeated rows are
kept and noted.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from .mapping import FIELDS, apply_mapping, suggest_mapping
from .parsing import parse_amounts, parse_dates, parse_ids

__all__ = ["MAX_AMOUNT", "PLACEHOLDER_DATES", "ValidationReport", "validate_transactions"]

_SHOW = 5
#: Largest amount accepted for one purchase; larger ones are a wrong unit or decimal separator.
MAX_AMOUNT = 1e12
#: Dates that systems write when the real date is unknown.
PLACEHOLDER_DATES = tuple(pd.Timestamp(d) for d in ("1899-12-30", "1899-12-31", "1900-01-01", "1970-01-01",
                                                    "2099-12-31", "2999-12-31"))


@dataclass(frozen=True)
class ValidationReport:
    """What validation did to a transaction table.

    Attributes
    ----------
    mapping : dict
        Field -> source column.
    n_input : int
        Rows read.
    n_clean : int
        Rows kept.
    excluded : pandas.DataFrame
        One row per excluded input row: ``line`` (file line, or row number), ``reason``, ``column``,
        ``value``.
    notes : pandas.DataFrame
        Things kept but worth knowing: ``issue``, ``rows`` (count), ``lines`` (first few), ``action``.
    row_label : str
        ``"line"`` when ``line`` holds file line numbers, ``"row"`` for 1-based row numbers.
    """

    mapping: dict
    n_input: int
    n_clean: int
    excluded: pd.DataFrame = field(repr=False)
    notes: pd.DataFrame = field(repr=False)
    row_label: str = "line"

    @property
    def ok(self):
        """True when no row was excluded."""
        return self.excluded.empty

    def summary(self):
        """Return a plain-text summary."""
        lines = [f"{self.n_clean:,} of {self.n_input:,} rows kept; {len(self.excluded):,} excluded."]
        for reason, group in self.excluded.groupby("reason", sort=False):
            lines.append(f"  excluded, {reason}: {len(group):,} ({self.row_label}s "
                         f"{_list(group['line'].tolist())})")
        for _, note in self.notes.iterrows():
            lines.append(f"  {note['action']}, {note['issue']}: {note['rows']:,}"
                         + (f" ({self.row_label}s {note['lines']})" if note["lines"] else ""))
        return "\n".join(lines)

    def __str__(self):
        return self.summary()

    def _repr_html_(self):
        head = (f"<p><b>{self.n_clean:,}</b> of {self.n_input:,} rows kept, <b>{len(self.excluded):,}</b> "
                f"excluded. Columns used: " + html.escape(", ".join(f"{k} = {v}" for k, v in self.mapping.items()))
                + "</p>")
        parts = [head]
        if not self.excluded.empty:
            shown = self.excluded.head(20).rename(columns={"line": self.row_label})
            parts.append("<p>Excluded rows" + (" (first 20)" if len(self.excluded) > 20 else "") + ":</p>"
                         + shown.to_html(index=False, escape=True, border=0))
        if not self.notes.empty:
            parts.append("<p>Notes:</p>" + self.notes.to_html(index=False, escape=True, border=0))
        return "<div class='pcrm-validation-report'>" + "".join(parts) + "</div>"


def _list(labels):
    labels = [int(x) if isinstance(x, (int, np.integer)) else x for x in labels]
    shown = ", ".join(str(x) for x in labels[:_SHOW])
    return shown + (f" and {len(labels) - _SHOW:,} more" if len(labels) > _SHOW else "")


def _resolve_mapping(df, customer_id, date, amount):
    given = {"customer_id": customer_id, "date": date, "amount": amount}
    missing = [f for f in FIELDS if given[f] is None]
    if missing:
        for f in missing:
            if f in df.columns and f not in given.values():
                given[f] = f
        still = [f for f in FIELDS if given[f] is None]
        if still:
            rest = df.drop(columns=[c for c in given.values() if c is not None and c in df.columns])
            suggestion = suggest_mapping(rest)
            for f in still:
                given[f] = suggestion[f]
    return given


def validate_transactions(df, customer_id=None, date=None, amount=None, date_format=None, on_error="raise",
                          today=None):
    """Check and type a transaction table.

    Parameters
    ----------
    df : pandas.DataFrame
        Raw transactions, e.g. ``read_transactions(path).frame``. When its index is named ``line`` or
        ``row`` (as :func:`~paynecrm_kernel.data.readers.read_transactions` sets it), messages cite those
        file line numbers; otherwise 1-based row positions.
    customer_id, date, amount : str, optional
        Source columns; when omitted, a column of that standard name is used, else one is guessed.
    date_format : str, optional
        ``strftime`` format of the dates; defaults to ``df.attrs["date_format"]``, else detected.
    on_error : {"raise", "exclude"}, default "raise"
        What to do with unusable rows: raise a DataValidationError, or leave them out and report them.
    today : datetime-like, optional
        The date after which purchase dates are in the future (default: today).

    Returns
    -------
    clean : pandas.DataFrame
        ``customer_id`` (int64 when every id is a whole number, else string), ``date`` (datetime64[ns]),
        ``amount`` (float64), then the other columns; a fresh 0-based index.
    report : ValidationReport

    Raises
    ------
    DataValidationError
        Empty table; a field that cannot be mapped to a column; every row excluded; and, with
        ``on_error="raise"``, missing ids, missing or unreadable dates, missing, unreadable, negative or
        implausibly large (above :data:`MAX_AMOUNT`) amounts.

    Notes
    -----
    Implausible dates are excluded whatever ``on_error`` says, and listed in the report: dates outside
    1677-2262, the placeholders of :data:`PLACEHOLDER_DATES`, dates after ``today``, and dates far from all
    others (beyond the 5th or 95th percentile by more than the span between them, at least a year; at most
    5 % of the rows).
    """
    if on_error not in ("raise", "exclude"):
        raise ValueError("on_error must be 'raise' or 'exclude'")
    if len(df) == 0:
        raise DataValidationError("The table has no rows. Fix: check that the file holds the transactions, "
                                  "one row per purchase, below a header row.")
    mapping = _resolve_mapping(df, customer_id, date, amount)
    frame = apply_mapping(df, mapping)
    if df.index.name in ("line", "row"):
        labels, word = df.index.to_numpy(), df.index.name
    else:
        labels, word = np.arange(1, len(df) + 1), "row"

    blank = frame.isna().all(axis=1).to_numpy() | frame.astype("string").apply(
        lambda c: c.str.strip().eq("")).fillna(True).all(axis=1).to_numpy()
    ids, id_missing = parse_ids(frame["customer_id"])
    dates, date_bad, date_missing, date_outside, date_note = parse_dates(
        frame["date"], date_format or df.attrs.get("date_format"))
    amounts, amount_bad, amount_missing = parse_amounts(frame["amount"])
    negative = (amounts.to_numpy(float) < 0) & ~amount_bad & ~amount_missing
    huge = (amounts.to_numpy(float) > MAX_AMOUNT) & ~amount_bad & ~amount_missing

    raw = {f: frame[f].astype("string").to_numpy() for f in FIELDS}
    checks = [
        ("missing customer id", "customer_id", id_missing,
         "fill in the customer id on these lines, or remove lines that are not purchases by a known customer"),
        ("missing date", "date", date_missing, "fill in the date of each purchase"),
        ("date cannot be read", "date", date_bad,
         "correct these dates, or pass date_format= matching how the file writes dates (e.g. '%d/%m/%Y')"),
        ("missing amount", "amount", amount_missing, "fill in the amount of each purchase"),
        ("amount is not a number", "amount", amount_bad,
         "write amounts as plain numbers such as 12.50 (a currency sign is fine)"),
        ("negative amount", "amount", negative,
         "refunds and returns are not purchases: remove them, or net them against the purchase they refund"),
        ("amount implausibly large", "amount", huge,
         f"no purchase is above {MAX_AMOUNT:,.0f}: check the unit and the decimal separator of these amounts"),
    ]
    records, excluded_mask = [], blank.copy()
    for i in np.flatnonzero(blank):
        records.append((labels[i], "blank line", "", ""))
    for reason, key, mask, fix in checks:
        mask = mask & ~blank
        if not mask.any():
            continue
        bad = np.flatnonzero(mask)
        if reason == "date cannot be read" and pd.Series(raw["date"][bad]).str.fullmatch(r"[1-6]\d{4}(\.0)?").all():
            fix = ("these look like Excel date serial numbers: format the column as dates in Excel and save "
                   "again, or export the sheet as CSV with dates written out")
        column = mapping[key]
        if on_error == "raise":
            examples = ", ".join(repr(str(raw[key][i])) for i in bad[:3] if not pd.isna(raw[key][i]))
            raise DataValidationError(
                f"{reason.capitalize()} in column {column!r} on {len(bad):,} {word}{'s' if len(bad) > 1 else ''}: "
                f"{_list(labels[bad].tolist())}" + (f" (for example {examples})" if examples else "")
                + f". Fix: {fix}; or pass on_error='exclude' to leave these rows out (they will be listed in "
                f"the report).", column=column, rows=labels[bad][:20].tolist())
        for i in bad:
            if not excluded_mask[i]:
                records.append((labels[i], reason, column, "" if pd.isna(raw[key][i]) else str(raw[key][i])))
        excluded_mask |= mask

    implausible = _implausible_dates(dates, date_outside, ~excluded_mask,
                                     pd.Timestamp(today if today is not None else "today").normalize())
    for reason, mask in implausible:
        for i in np.flatnonzero(mask):
            records.append((labels[i], reason, mapping["date"], str(raw["date"][i])))
        excluded_mask |= mask

    keep = ~excluded_mask
    if not keep.any():
        reasons = pd.Series([r[1] for r in records]).value_counts()
        raise DataValidationError(
            f"Every row was excluded ({'; '.join(f'{r}: {n:,}' for r, n in reasons.items())}), so nothing is left "
            f"to analyse. Fix: correct the file (the first lines concerned are "
            f"{_list(sorted(r[0] for r in records))}), or map other columns.", column=mapping["date"],
            rows=[r[0] for r in records][:20])
    clean = frame.loc[keep].copy()
    clean["customer_id"] = ids[keep].astype("int64") if ids.dtype == "Int64" else ids[keep].astype("string")
    clean["date"] = dates[keep].astype("datetime64[ns]")
    clean["amount"] = amounts[keep].astype("float64")
    clean = clean.reset_index(drop=True)
    clean.attrs = {}

    notes = _notes(clean, labels[keep], [date_note, *df.attrs.get("notes", ())],
                   [(reason, labels[mask]) for reason, mask in implausible])
    excluded = pd.DataFrame(records, columns=["line", "reason", "column", "value"])
    excluded = excluded.sort_values("line", kind="stable").reset_index(drop=True)
    report = ValidationReport(mapping={f: str(mapping[f]) for f in FIELDS}, n_input=len(df), n_clean=len(clean),
                              excluded=excluded, notes=notes, row_label=word)
    return clean, report


def _implausible_dates(dates, outside, usable, today):
    """Return ``[(reason, mask)]`` for the usable rows whose date cannot be a real purchase date."""
    values = dates.to_numpy("datetime64[ns]")
    found = [("date out of range (before 1677 or after 2262)", outside & usable)]
    found.append(("placeholder date (such as 1900-01-01)", np.isin(values, np.array(PLACEHOLDER_DATES,
                                                                                     "datetime64[ns]")) & usable))
    found.append((f"date in the future (after {today:%Y-%m-%d})",
                  (values > np.datetime64(today + pd.Timedelta(days=1))) & usable))
    taken = np.logical_or.reduce([m for _, m in found])
    rest = pd.Series(values[usable & ~taken & ~np.isnat(values)])
    if len(rest) >= 20:
        low, high = rest.quantile(0.05), rest.quantile(0.95)
        gap = max(high - low, pd.Timedelta(days=365))
        far = usable & ~taken & ((values > np.datetime64(high + gap)) | (values < np.datetime64(low - gap)))
        if 0 < far.sum() <= 0.05 * len(rest):
            found.append((f"date far from all others (outside {low - gap:%Y-%m-%d} to {high + gap:%Y-%m-%d})", far))
    return [(reason, mask) for reason, mask in found if mask.any()]


def _notes(clean, labels, read_notes, implausible):
    rows = [(f"{reason}: left out, as no purchase can have it", len(lines), _list(lines.tolist()), "excluded")
            for reason, lines in implausible]
    zero = clean["amount"].to_numpy() == 0
    if zero.any():
        rows.append(("amount is zero (free items, vouchers?)", int(zero.sum()), _list(labels[zero].tolist()), "kept"))
    dup = clean.duplicated(subset=list(FIELDS), keep="first").to_numpy()
    if dup.any():
        rows.append(("same customer, date and amount as an earlier row", int(dup.sum()),
                     _list(labels[dup].tolist()), "kept"))
    rows += [(note, len(clean), "", "note") for note in read_notes if note]
    return pd.DataFrame(rows, columns=["issue", "rows", "lines", "action"]).astype({"rows": "int64"})
