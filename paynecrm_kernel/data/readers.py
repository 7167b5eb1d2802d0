"""Read your own transaction file: CSV (delimiter sniffed), Excel (.xlsx) or Parquet.

:func:`read_transactions` reads the file as it is (nothing converted, nothing dropped), guesses or checks
the column mapping, and returns a :class:`RawTransactions`. The frame's index holds the 1-based line number
in the file (``line``; for Excel the sheet's row number, for Parquet the row number ``row``), so every
later error can point at the lines to fix. Pass it on to
:func:`~paynecrm_kernel.data.validation.validate_transactions`::

    raw = read_transactions("sales.csv")
    clean, report = validate_transactions(raw.frame, **raw.mapping)
"""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataValidationError
from .mapping import FIELDS, suggest_mapping

__all__ = ["RawTransactions", "read_transactions"]

_DELIMITERS = ",;\t|"
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar", r"\s+": "whitespace"}


@dataclass(frozen=True)
class RawTransactions:
    """A transaction file as read, before validation.

    Attributes
    ----------
    frame : pandas.DataFrame
        The file's columns as text (Excel and Parquet keep their cell types); index = 1-based line numbers.
    mapping : dict
        ``{"customer_id": column, "date": column, "amount": column}`` (``None`` where nothing fits).
    source : str
        The path, or ``"<buffer>"``.
    file_format : str
        ``"csv"``, ``"excel"`` or ``"parquet"``.
    delimiter : str or None
        The CSV delimiter used.
    guessed : tuple of str
        The fields whose column was guessed by :func:`~paynecrm_kernel.data.mapping.suggest_mapping`.
    """

    frame: pd.DataFrame
    mapping: dict
    source: str
    file_format: str
    delimiter: str | None = None
    guessed: tuple = field(default_factory=tuple)


def _source_name(path_or_buffer):
    if isinstance(path_or_buffer, (str, os.PathLike)):
        return str(path_or_buffer)
    return getattr(path_or_buffer, "name", None) or "<buffer>"


def _read_bytes(path_or_buffer):
    if isinstance(path_or_buffer, (str, os.PathLike)):
        return Path(path_or_buffer).read_bytes()
    data = path_or_buffer.read()
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _detect_format(name, head):
    suffix = Path(name).suffix.lower() if name != "<buffer>" else ""
    if head.startswith(b"PAR1") or suffix in (".parquet", ".pq"):
        return "parquet"
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return "excel"
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        raise DataValidationError(
            "This is an old-style Excel file (.xls), which the workbook cannot read. Fix: open it in Excel or "
            "LibreOffice and save it as .xlsx or .csv.")
    return "csv"


def _decode(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _sniff_delimiter(text):
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        lines = [line for line in sample.splitlines() if line.strip()]
        widths = {len(line.split()) for line in lines}
        if len(widths) == 1 and widths.pop() > 1:
            return r"\s+"
        return ","


def _looks_like_data(cells):
    """True when every header cell is a number or a date, i.e. the file has no header row."""
    text = pd.Series([str(c).strip() for c in cells])
    numbers = pd.to_numeric(text.str.replace(r"[$€£,]", "", regex=True), errors="coerce").notna()
    dates = text.str.fullmatch(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
    return bool((numbers | dates).all())


def _read_csv(text, sep):
    sep = sep or _sniff_delimiter(text)
    options = dict(sep=sep, dtype=str, skip_blank_lines=False, engine="python" if sep == r"\s+" else "c")
    try:
        frame = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError as exc:
        raise DataValidationError(
            f"The file could not be split into columns with the {_DELIMITER_NAMES.get(sep, repr(sep))} "
            f"delimiter ({exc}). Fix: check that every line has the same number of fields, or pass sep=...") \
            from None
    header = True
    if len(frame.columns) > 1 and _looks_like_data(frame.columns):
        frame = pd.read_csv(io.StringIO(text), header=None, **options)
        frame.columns = [f"column_{i}" for i in range(1, len(frame.columns) + 1)]
        header = False
    if sep == r"\s+":
        frame = frame.dropna(axis=1, how="all")
    frame.index = pd.RangeIndex(2 if header else 1, len(frame) + (2 if header else 1), name="line")
    if len(frame.columns) == 1:
        first = text.splitlines()[0] if text.strip() else ""
        found = [d for d in _DELIMITERS if d in first and d != sep]
        hint = (f" The first line contains {_DELIMITER_NAMES[found[0]]}s, so the fields are probably separated "
                f"by {found[0]!r}: pass sep={found[0]!r}." if found else
                " Fix: save the file with one column each for customer id, date and amount, separated by "
                "commas.")
        raise DataValidationError(
            f"The file was read as a single column ({str(frame.columns[0])[:60]!r}), so its delimiter was not "
            f"recognised.{hint}", column=str(frame.columns[0]))
    return frame, sep


def _read_excel(data, sheet):
    book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    if sheet is not None and sheet not in book.sheet_names and not (
            isinstance(sheet, int) and 0 <= sheet < len(book.sheet_names)):
        raise DataValidationError(
            f"The workbook has no sheet {sheet!r}; its sheets are {', '.join(map(repr, book.sheet_names))}. "
            f"Fix: pass sheet= one of these.", column=None)
    frame = pd.read_excel(book, sheet_name=sheet if sheet is not None else 0, dtype=object)
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="line")
    return frame


def read_transactions(path_or_buffer, customer_id=None, date=None, amount=None, sheet=None,
                      date_format=None, sep=None):
    """Read a transaction file and settle which columns hold the customer id, date and amount.

    Parameters
    ----------
    path_or_buffer : str, os.PathLike or file-like
        A ``.csv``/``.txt`` (any of ``, ; tab |`` or whitespace as delimiter, detected), ``.xlsx`` or
        ``.parquet`` file; buffers are recognised by their first bytes.
    customer_id, date, amount : str, optional
        Column names; each one left out is guessed with
        :func:`~paynecrm_kernel.data.mapping.suggest_mapping`.
    sheet : str or int, optional
        Excel sheet (name or 0-based position); the first sheet by default.
    date_format : str, optional
        ``strftime`` format of the dates (e.g. ``"%d/%m/%Y"``); kept in ``frame.attrs["date_format"]``
        for :func:`~paynecrm_kernel.data.validation.validate_transactions`. Detected when omitted.
    sep : str, optional
        CSV delimiter, when the detection gets it wrong.

    Returns
    -------
    RawTransactions

    Raises
    ------
    FileNotFoundError
        When the path does not exist.
    DataValidationError
        For an empty file, a file read as a single column (wrong delimiter), an unknown sheet, or a given
        column name that is not in the file.
    """
    source = _source_name(path_or_buffer)
    data = _read_bytes(path_or_buffer)
    if not data.strip():
        raise DataValidationError(f"The file {source} is empty. Fix: export the transactions again, with a "
                                  f"header row and one row per purchase.")
    file_format = _detect_format(source, data[:8])
    delimiter = None
    if file_format == "parquet":
        frame = pd.read_parquet(io.BytesIO(data))
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    elif file_format == "excel":
        frame = _read_excel(data, sheet)
    else:
        frame, delimiter = _read_csv(_decode(data), sep)
    if frame.empty:
        raise DataValidationError(f"The file {source} has column names ({', '.join(map(str, frame.columns))}) "
                                  f"but no rows. Fix: export it again with the transactions included.")
    if date_format:
        frame.attrs["date_format"] = date_format
    given = {"customer_id": customer_id, "date": date, "amount": amount}
    listing = ", ".join(repr(str(c)) for c in frame.columns)
    for name, column in given.items():
        if column is not None and column not in frame.columns:
            raise DataValidationError(
                f"Column {column!r} (given for {name}) is not in {source}. Its columns are {listing}. Fix: pass "
                f"{name}= one of these names (spelling and capitals must match).", column=column)
    guessed = tuple(f for f in FIELDS if given[f] is None)
    mapping = dict(given)
    if guessed:
        rest = frame.drop(columns=[c for c in given.values() if c is not None])
        suggestion = suggest_mapping(rest)
        for name in guessed:
            mapping[name] = suggestion[name]
    return RawTransactions(frame=frame, mapping=mapping, source=source, file_format=file_format,
                           delimiter=delimiter, guessed=guessed)
