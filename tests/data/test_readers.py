"""Reading your own transaction files: CSV, Excel and Parquet, delimiters, mapping and file-level errors."""
import io

import pandas as pd
import pytest

from paynecrm_kernel.data import read_transactions, validate_transactions
from paynecrm_kernel.errors import DataValidationError

ROWS = [("C1", "2024-01-05", 12.5), ("C2", "2024-01-06", 7.0), ("C1", "2024-02-01", 30.25)]


def _frame():
    return pd.DataFrame(ROWS, columns=["Customer ID", "Order Date", "Total"])


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_delimiters_are_sniffed(tmp_path, sep):
    path = tmp_path / "sales.csv"
    _frame().to_csv(path, sep=sep, index=False)
    raw = read_transactions(path)
    assert raw.delimiter == sep and raw.file_format == "csv"
    assert raw.mapping == {"customer_id": "Customer ID", "date": "Order Date", "amount": "Total"}
    assert raw.frame.index.name == "line" and raw.frame.index.tolist() == [2, 3, 4]
    clean, report = validate_transactions(raw.frame, **raw.mapping)
    assert clean["amount"].tolist() == [12.5, 7.0, 30.25]
    assert clean["date"].tolist() == [pd.Timestamp(d) for _, d, _ in ROWS]
    assert report.ok and report.n_clean == 3


def test_wrong_delimiter_gives_clear_message():
    text = "customer;date;amount\nC1;2024-01-05;12.5\nC2;2024-01-06;7\n"
    with pytest.raises(DataValidationError, match=r"single column.*sep=';'"):
        read_transactions(io.StringIO(text), sep=",")


def test_excel_round_trip_with_sheet(tmp_path):
    path = tmp_path / "sales.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"note": ["not this one"]}).to_excel(writer, sheet_name="Notes", index=False)
        frame = _frame().assign(**{"Order Date": pd.to_datetime(_frame()["Order Date"])})
        frame.to_excel(writer, sheet_name="Sales", index=False)
    raw = read_transactions(path, sheet="Sales")
    assert raw.file_format == "excel"
    clean, _ = validate_transactions(raw.frame, **raw.mapping)
    pd.testing.assert_series_equal(clean["date"], frame["Order Date"].astype("datetime64[ns]"), check_names=False)
    assert clean["customer_id"].tolist() == ["C1", "C2", "C1"]
    with pytest.raises(DataValidationError, match=r"no sheet 'Orders'.*'Notes', 'Sales'"):
        read_transactions(path, sheet="Orders")


def test_parquet_round_trip(tmp_path):
    path = tmp_path / "sales.parquet"
    frame = pd.DataFrame({"cust": [5, 6, 5], "when": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-04-01"]),
                          "amount": [1.5, 2.0, 3.25]})
    frame.to_parquet(path)
    raw = read_transactions(path, customer_id="cust", date="when")
    assert raw.file_format == "parquet" and raw.frame.index.name == "row"
    assert raw.guessed == ("amount",) and raw.mapping["amount"] == "amount"
    clean, _ = validate_transactions(raw.frame, **raw.mapping)
    assert clean["customer_id"].dtype == "int64"
    pd.testing.assert_frame_equal(clean, frame.rename(columns={"cust": "customer_id", "when": "date"})
                                  .astype({"date": "datetime64[ns]"}))


def test_buffers_are_recognised_by_content(tmp_path):
    buffer = io.BytesIO()
    _frame().to_parquet(buffer)
    buffer.seek(0)
    assert read_transactions(buffer).file_format == "parquet"
    xbuffer = io.BytesIO()
    _frame().to_excel(xbuffer, index=False)
    xbuffer.seek(0)
    assert read_transactions(xbuffer).file_format == "excel"


def test_sample_company_round_trips_through_csv(tmp_path, company):
    tx = company.transactions
    path = tmp_path / "hearth.csv"
    tx.to_csv(path, index=False)
    raw = read_transactions(path)
    assert raw.mapping == {"customer_id": "customer_id", "date": "date", "amount": "amount"}
    clean, report = validate_transactions(raw.frame, **raw.mapping)
    assert report.ok and len(clean) == len(tx)
    pd.testing.assert_series_equal(clean["date"], tx["date"])
    assert clean["amount"].sum() == pytest.approx(tx["amount"].sum())


def test_headerless_whitespace_file_is_mapped_by_content(tmp_path):
    path = tmp_path / "cdnow_like.txt"
    path.write_text(" 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n"
                    " 00018 0002 19970102  1   14.96\r\n")
    raw = read_transactions(path)
    assert raw.delimiter == r"\s+" and raw.frame.index.tolist() == [1, 2, 3]
    assert raw.mapping["date"] == "column_3" and raw.mapping["amount"] == "column_5"
    clean, _ = validate_transactions(raw.frame, **raw.mapping)
    assert clean["date"].min() == pd.Timestamp("1997-01-01")


def test_empty_and_header_only_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataValidationError, match="is empty"):
        read_transactions(empty)
    header = tmp_path / "header.csv"
    header.write_text("customer_id,date,amount\n")
    with pytest.raises(DataValidationError, match="no rows"):
        read_transactions(header)


def test_missing_file_and_unknown_column(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_transactions(tmp_path / "nope.csv")
    path = tmp_path / "sales.csv"
    _frame().to_csv(path, index=False)
    with pytest.raises(DataValidationError, match=r"'Datum'.*'Customer ID', 'Order Date', 'Total'") as err:
        read_transactions(path, date="Datum")
    assert err.value.column == "Datum"


def test_old_excel_is_refused():
    with pytest.raises(DataValidationError, match=r"\.xls.*save it as \.xlsx"):
        read_transactions(io.BytesIO(b"\xd0\xcf\x11\xe0" + b"\0" * 64))


def test_date_format_passes_through(tmp_path):
    path = tmp_path / "us.csv"
    path.write_text("customer,date,amount\n1,01/02/2024,5\n1,03/04/2024,6\n")
    raw = read_transactions(path, date_format="%m/%d/%Y")
    clean, _ = validate_transactions(raw.frame, **raw.mapping)
    assert clean["date"].tolist() == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-03-04")]


@pytest.mark.parametrize("encoding, words", [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16 (no byte-order mark)"),
                                             ("cp1252", "Windows-1252"), ("shift_jis", "Shift-JIS")])
def test_encodings_are_detected_and_noted(encoding, words):
    names = ["Crédit Agricole", "Société Générale", "Müller & Söhne"] if encoding == "cp1252" else \
        ["山田商店", "佐藤工業", "鈴木"] if encoding == "shift_jis" else ["Ann", "Bob", "Émile"]
    text = "customer;date;amount\n" + "".join(f"{n};2024-01-0{i + 1};{i + 1}0,50\n" for i, n in enumerate(names))
    raw = read_transactions(io.BytesIO(text.encode(encoding)))
    assert raw.frame["customer"].tolist() == names
    assert any(words in note for note in raw.notes) and raw.frame.attrs["notes"] == raw.notes
    clean, report = validate_transactions(raw.frame, **raw.mapping)
    assert report.notes["issue"].str.contains(words, regex=False).any()


def test_plain_utf8_needs_no_note():
    raw = read_transactions(io.BytesIO("customer,date,amount\nÉmile,2024-01-05,12.5\n".encode()))
    assert raw.notes == () and raw.frame["customer"].tolist() == ["Émile"]


def test_excel_header_below_title_rows_keeps_sheet_row_numbers(tmp_path):
    path = tmp_path / "sales.xlsx"
    with pd.ExcelWriter(path) as writer:
        _frame().to_excel(writer, sheet_name="Sales", index=False, startrow=2)
    raw = read_transactions(path)
    assert raw.mapping == {"customer_id": "Customer ID", "date": "Order Date", "amount": "Total"}
    assert raw.frame.index.tolist() == [4, 5, 6]                  # the rows Excel shows
    assert any("header is on row 3" in note for note in raw.notes)


def test_a_folder_or_an_unreadable_file_is_explained(tmp_path):
    with pytest.raises(DataValidationError, match="is a folder, not a file"):
        read_transactions(tmp_path)
    with pytest.raises(DataValidationError, match="cannot be read as cp1252"):
        read_transactions(io.BytesIO(b"customer,date,amount\n\x81\x8d,2024-01-01,1\n"), encoding="cp1252")
