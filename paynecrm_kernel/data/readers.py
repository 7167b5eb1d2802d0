"""Read your own transaction file: CSV (delimiter and encoding detected), Excel (.xlsx) or Parquet.

:func:`read_transactions` reads the file as it is (nothing converted, nothing dropped), guesses or checks
the column mapping, and returns a :class:`RawTransactions`. The frame's index holds the 1-based line number
in the file (``line``; for Excel the sheet's row number, for Parquet the row number ``row``), so every
later error can point at the lines to fix. Pass it on to
:func:`~paynecrm_kernel.data.validation.validate_transactions`::

    raw = read_transactions("sales.csv")
    clean, report = validate_transactions(raw.frame, **raw.mapping)

What the reader decided on the way (the encoding of a CSV that is not UTF-8, the sheet and header row of an
Excel file) is kept in ``raw.notes`` and ``frame.attrs["notes"]``, and appears in the validation report.
Damaged files, folders and unreadable encodings raise
:class:`~paynecrm_kernel.errors.DataValidationError` saying what to do.
"""
from __future__ import annotations

import csv
import io
import os
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataValidationError
from .mapping import FIELDS, _name_score, suggest_mapping

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
    notes : tuple of str
        What the reader decided: the encoding of a CSV that is not UTF-8, the sheet and header row used.
    """

    frame: pd.DataFrame
    mapping: dict
    source: str
    file_format: str
    delimiter: str | None = None
    guessed: tuple = field(default_factory=tuple)
    notes: tuple = field(default_factory=tuple)


def _source_name(path_or_buffer):
    if isinstance(path_or_buffer, (str, os.PathLike)):
        return str(path_or_buffer)
    return getattr(path_or_buffer, "name", None) or "<buffer>"


def _read_bytes(path_or_buffer, source):
    if not isinstance(path_or_buffer, (str, os.PathLike)):
        data = path_or_buffer.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    path = Path(path_or_buffer)
    if path.is_dir():
        raise DataValidationError(f"{source} is a folder, not a file. Fix: give the path of the transaction file "
                                  f"inside it (for example {source}/sales.csv).")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise DataValidationError(f"The file {source} cannot be read ({exc.strerror or exc}). Fix: check that it "
                                  f"exists and that you may read it, or copy it to a folder of yours.") from None


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


#: Characters of Japanese text (kana, kanji, full-width forms): a Shift-JIS reading must give mostly these.
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with a byte-order mark"),
         (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
         (b"\xff\xfe", "utf-16", "UTF-16"), (b"\xfe\xff", "utf-16", "UTF-16"))


def _decode(data, source, encoding=None):
    """Return the text of a CSV file and a note naming its encoding when it is not plain UTF-8.

    Byte-order marks (UTF-8, UTF-16, UTF-32) are honoured; UTF-16 without one is recognised by its zero
    bytes; then UTF-8, Shift-JIS (when it yields Japanese text) and Windows-1252 are tried in turn.
    """
    if encoding:
        try:
            return data.decode(encoding), f"read with the encoding {encoding}"
        except (UnicodeDecodeError, LookupError) as exc:
            raise DataValidationError(f"The file {source} cannot be read as {encoding} ({exc}). Fix: pass the "
                                      f"encoding it was saved with, e.g. encoding='utf-8', 'cp1252' or "
                                      f"'shift_jis'.") from None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), (None if codec == "utf-8-sig" else f"read as {name}")
    head = data[:4000]
    if len(head) > 8 and head.count(b"\x00") > len(head) // 4:
        codec = "utf-16-le" if head[1::2].count(b"\x00") > head[0::2].count(b"\x00") else "utf-16-be"
        return data.decode(codec, errors="replace"), "read as UTF-16 (no byte-order mark)"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp932")
        others = [c for c in text[:200_000] if ord(c) > 127]
        if others and sum(bool(_JAPANESE.match(c)) for c in others) >= 0.9 * len(others):
            return text, "read as Shift-JIS (Japanese Windows encoding); pass encoding= if that is wrong"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ("read as Windows-1252 (Western European, as Excel saves CSV); pass "
                                       "encoding= if accented letters look wrong")
    except UnicodeDecodeError:
        return data.decode("latin-1"), "read as Latin-1; pass encoding= if accented letters look wrong"


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


def _open_excel(data, source):
    try:
        return pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise DataValidationError(
            f"The file {source} cannot be read as an Excel workbook: it is damaged, truncated or not an .xlsx file "
            f"({type(exc).__name__}). Fix: open it in Excel or LibreOffice and save it again as .xlsx, or export "
            f"the transactions as CSV.") from None


def _header_row(book, sheet, rows=30):
    """Return (number of transaction fields named, 0-based header row) for the first ``rows`` rows of ``sheet``."""
    top = pd.read_excel(book, sheet_name=sheet, header=None, nrows=rows, dtype=object)
    best = (0, 0)
    for i, cells in top.iterrows():
        named = sum(any(_name_score(c, f) > 0 for c in cells.dropna()) for f in FIELDS)
        if named > best[0]:
            best = (named, int(i))
    return best


def _formula_columns(data, sheet, header, columns):
    """Return the columns whose cells hold formulas that were saved without their results."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        cells = next(book[sheet].iter_rows(min_row=header + 2, max_row=header + 2, values_only=True), ())
    finally:
        book.close()
    return [c for c, v in zip(columns, cells) if isinstance(v, str) and v.startswith("=")]


def _read_excel(data, sheet, source):
    """Read the sheet holding the transactions.

    Returns the frame, notes on the sheet and header row used, the workbook's sheet names and the sheet read.

    Without ``sheet``, the sheet whose top rows name the most of customer, date and amount is used (the first
    one on a tie), and its header is the row naming them, so cover sheets and title rows are skipped.
    """
    book = _open_excel(data, source)
    names = book.sheet_names
    if sheet is not None and sheet not in names and not (isinstance(sheet, int) and 0 <= sheet < len(names)):
        raise DataValidationError(
            f"The workbook has no sheet {sheet!r}; its sheets are {', '.join(map(repr, names))}. "
            f"Fix: pass sheet= one of these.", column=None)
    notes = []
    if sheet is None:
        scores = [(_header_row(book, name), -i, name) for i, name in enumerate(names)]
        (named, header), _, chosen = max(scores)
        if named == 0:
            header, chosen = 0, names[0]
        elif chosen != names[0]:
            notes.append(f"sheet {chosen!r} read (it names the transaction columns); the workbook's sheets are "
                         f"{', '.join(map(repr, names))}; pass sheet= to read another")
    else:
        chosen = names[sheet] if isinstance(sheet, int) else sheet
        header = _header_row(book, chosen)[1]
    if header:
        notes.append(f"the header is on row {header + 1} of sheet {chosen!r}; the {header} row(s) above it "
                     f"(titles) were skipped")
    frame = pd.read_excel(book, sheet_name=chosen, header=header, dtype=object)
    frame.index = pd.RangeIndex(header + 2, len(frame) + header + 2, name="line")
    empty = [c for c in frame.columns if frame[c].isna().all()]
    formulas = _formula_columns(data, chosen, header, frame.columns) if empty and len(frame) else []
    unsaved = [c for c in empty if c in formulas]
    if unsaved:
        raise DataValidationError(
            f"Column {unsaved[0]!r} of sheet {chosen!r} in {source} holds formulas whose results were never "
            f"saved (the file was written by a program that does not calculate), so it has no values to read. "
            f"Fix: open the file in Excel or LibreOffice and save it again (that stores the results), or export "
            f"the sheet as CSV.", column=str(unsaved[0]), rows=[header + 2])
    return frame, notes, names, chosen


def _read_parquet(data, source):
    try:
        from pyarrow import ArrowException
    except ImportError:  # pragma: no cover - pandas reads Parquet through pyarrow here
        ArrowException = ValueError
    try:
        return pd.read_parquet(io.BytesIO(data))
    except (ArrowException, OSError, ValueError) as exc:
        raise DataValidationError(
            f"The file {source} cannot be read as Parquet: it is damaged or truncated ({str(exc)[:120]}). Fix: "
            f"export it again from the program that wrote it, or save the transactions as CSV.") from None


def read_transactions(path_or_buffer, customer_id=None, date=None, amount=None, sheet=None,
                      date_format=None, sep=None, encoding=None):
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
        Excel sheet (name or 0-based position). By default the sheet, and the header row, that name the
        transaction columns; the first sheet when none does.
    date_format : str, optional
        ``strftime`` format of the dates (e.g. ``"%d/%m/%Y"``); kept in ``frame.attrs["date_format"]``
        for :func:`~paynecrm_kernel.data.validation.validate_transactions`. Detected when omitted.
    sep : str, optional
        CSV delimiter, when the detection gets it wrong.
    encoding : str, optional
        CSV encoding (e.g. ``"cp1252"``, ``"shift_jis"``), when the detection gets it wrong.

    Returns
    -------
    RawTransactions

    Raises
    ------
    FileNotFoundError
        When the path does not exist.
    DataValidationError
        For a folder, an unreadable, empty, damaged or truncated file, a file read as a single column (wrong
        delimiter), an unknown sheet, a column of formulas saved without results, a workbook whose sheets do
        not show which column holds a field, or a given column name that is not in the file.
    """
    source = _source_name(path_or_buffer)
    data = _read_bytes(path_or_buffer, source)
    if not data.strip():
        raise DataValidationError(f"The file {source} is empty. Fix: export the transactions again, with a "
                                  f"header row and one row per purchase.")
    file_format = _detect_format(source, data[:8])
    delimiter, notes, sheets = None, [], []
    if file_format == "parquet":
        frame = _read_parquet(data, source)
        frame.index = pd.RangeIndex(1, len(frame) + 1, name="row")
    elif file_format == "excel":
        frame, notes, sheets, sheet = _read_excel(data, sheet, source)
    else:
        text, note = _decode(data, source, encoding)
        frame, delimiter = _read_csv(text, sep)
        notes = [note] if note else []
    if frame.empty:
        raise DataValidationError(f"The file {source} has column names ({', '.join(map(str, frame.columns))}) "
                                  f"but no rows. Fix: export it again with the transactions included.")
    if date_format:
        frame.attrs["date_format"] = date_format
    frame.attrs["notes"] = tuple(notes)
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
    unmapped = [f for f in FIELDS if mapping[f] is None]
    if unmapped and len(sheets) > 1:
        raise DataValidationError(
            f"Could not tell which column of sheet {sheet!r} holds the {unmapped[0].replace('_', ' ')} (its columns "
            f"are {listing}). The workbook has the sheets {', '.join(map(repr, sheets))}. Fix: pass sheet= the "
            f"one with the transactions, or name the columns ({unmapped[0]}=...).", column=unmapped[0])
    return RawTransactions(frame=frame, mapping=mapping, source=source, file_format=file_format,
                           delimiter=delimiter, guessed=guessed, notes=tuple(notes))
