"""Validation of transaction tables: each bad input names the column, the lines and the fix."""
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel.data import apply_mapping, read_transactions, suggest_mapping, validate_transactions
from paynecrm_kernel.errors import DataValidationError

GOOD = "customer,order date,total\n1,2024-01-05,10.00\n2,2024-01-06,20.00\n1,2024-02-01,5.50\n"


def _raw(text):
    return read_transactions(io.StringIO(text))


def _bad(text, line, value):
    """GOOD with the given 1-based file line replaced."""
    lines = text.splitlines()
    lines[line - 1] = value
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("row, column, match", [
    (",2024-01-06,20.00", "customer", r"Missing customer id in column 'customer' on 1 line: 3\b"),
    ("2,,20.00", "order date", r"Missing date in column 'order date' on 1 line: 3\b"),
    ("2,2024-13-45,20.00", "order date", r"Date cannot be read in column 'order date' on 1 line: 3 "
                                         r"\(for example '2024-13-45'\).*date_format="),
    ("2,2024-01-06,", "total", r"Missing amount in column 'total' on 1 line: 3\b"),
    ("2,2024-01-06,twenty", "total", r"Amount is not a number in column 'total'.*'twenty'"),
    ("2,2024-01-06,-20.00", "total", r"Negative amount in column 'total' on 1 line: 3.*refunds"),
])
def test_each_bad_cell_names_column_line_and_fix(row, column, match):
    raw = _raw(_bad(GOOD, 3, row))
    with pytest.raises(DataValidationError, match=match) as err:
        validate_transactions(raw.frame, **raw.mapping)
    assert err.value.column == column
    assert err.value.rows == [3]
    assert "Fix:" in str(err.value) and "on_error='exclude'" in str(err.value)


def test_many_bad_rows_are_listed_briefly():
    text = "customer,date,amount\n" + "".join(f"{i},2024-01-01,-1\n" for i in range(12))
    raw = _raw(text)
    with pytest.raises(DataValidationError, match=r"on 12 lines: 2, 3, 4, 5, 6 and 7 more") as err:
        validate_transactions(raw.frame, **raw.mapping)
    assert err.value.rows[:3] == [2, 3, 4]


def test_exclude_mode_reports_every_excluded_row():
    text = GOOD + "\n3,not a date,4\n4,2024-03-01,-2\n5,2024-03-02,0\n"
    raw = _raw(text)
    clean, report = validate_transactions(raw.frame, on_error="exclude", **raw.mapping)
    assert len(clean) == 4 and report.n_input == 7 and report.n_clean == 4
    assert report.excluded[["line", "reason"]].values.tolist() == [
        [5, "blank line"], [6, "date cannot be read"], [7, "negative amount"]]
    assert report.excluded.loc[1, "value"] == "not a date"
    assert not report.ok
    zero = report.notes[report.notes["issue"].str.startswith("amount is zero")]
    assert zero["rows"].tolist() == [1] and zero["lines"].tolist() == ["8"] and zero["action"].tolist() == ["kept"]
    html = report._repr_html_()
    assert "pcrm-validation-report" in html and "negative amount" in html
    assert "excluded, blank line: 1 (lines 5)" in report.summary()


def test_blank_lines_are_reported_even_when_raising_is_not_needed():
    raw = _raw(GOOD.replace("\n2,", "\n\n2,"))
    clean, report = validate_transactions(raw.frame, **raw.mapping)
    assert len(clean) == 3 and report.excluded["reason"].tolist() == ["blank line"]


def test_dataframe_without_line_numbers_uses_row_positions():
    frame = pd.DataFrame({"customer_id": [1, 2, None], "date": ["2024-01-01"] * 3, "amount": [1.0, 2.0, 3.0]})
    with pytest.raises(DataValidationError, match=r"on 1 row: 3\b") as err:
        validate_transactions(frame)
    assert err.value.rows == [3]


def test_missing_column_and_unmappable_field():
    frame = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(DataValidationError, match=r"'Betrag' \(given for amount\) is not in the data") as err:
        validate_transactions(frame, amount="Betrag")
    assert err.value.column == "Betrag"
    frame = pd.DataFrame({"customer_id": [1, 2], "date": ["2024-01-01", "2024-01-02"]})
    with pytest.raises(DataValidationError, match="Could not tell which column holds the amount") as err:
        validate_transactions(frame)
    assert err.value.column == "amount"


def test_empty_table():
    with pytest.raises(DataValidationError, match="no rows"):
        validate_transactions(pd.DataFrame({"customer_id": [], "date": [], "amount": []}))


def test_money_formats_and_european_decimals():
    frame = pd.DataFrame({"customer_id": ["a"] * 6, "date": ["2024-01-01"] * 6,
                          "amount": ["$1,234.50", "1.234,50", "12,5", "€ 7", "(3.00)", "1,000"]})
    with pytest.raises(DataValidationError, match="Negative amount"):
        validate_transactions(frame)
    clean, _ = validate_transactions(frame, on_error="exclude")
    assert clean["amount"].tolist() == [1234.5, 1234.5, 12.5, 7.0, 1000.0]


def test_ambiguous_day_month_is_noted_and_overridable():
    frame = pd.DataFrame({"customer_id": [1, 2], "date": ["03/04/2024", "05/06/2024"], "amount": [1.0, 2.0]})
    clean, report = validate_transactions(frame)
    assert clean["date"].tolist() == [pd.Timestamp("2024-04-03"), pd.Timestamp("2024-06-05")]
    assert report.notes["issue"].str.contains("date_format='%m/%d/%Y'").any()
    clean, _ = validate_transactions(frame, date_format="%m/%d/%Y")
    assert clean["date"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-05-06")]
    # a day above 12 settles the order
    frame.loc[1, "date"] = "25/06/2024"
    clean, report = validate_transactions(frame)
    assert clean["date"].iloc[1] == pd.Timestamp("2024-06-25")
    assert not report.notes["issue"].str.contains("day-first").any()


def test_duplicates_kept_and_noted_and_extra_columns_kept():
    frame = pd.DataFrame({"customer_id": [1, 1], "date": ["2024-01-01"] * 2, "amount": [5.0, 5.0],
                          "channel": ["web", "app"]})
    clean, report = validate_transactions(frame)
    assert len(clean) == 2 and clean["channel"].tolist() == ["web", "app"]
    assert report.notes["issue"].str.startswith("same customer").any()


def test_suggest_and_apply_mapping():
    frame = pd.DataFrame({"Invoice No": [101, 102, 103], "Client": ["x", "y", "x"],
                          "Invoice Date": ["2024-01-01", "2024-01-02", "2024-01-03"],
                          "Net Amount": ["10.50", "3.20", "8.00"], "date": ["a", "b", "c"]})
    mapping = suggest_mapping(frame)
    assert mapping == {"customer_id": "Client", "date": "Invoice Date", "amount": "Net Amount"}
    mapped = apply_mapping(frame, mapping)
    assert list(mapped.columns[:3]) == ["customer_id", "date", "amount"]
    assert "date_original" in mapped.columns and "Invoice No" in mapped.columns
    with pytest.raises(DataValidationError, match="used for two fields"):
        apply_mapping(frame, {"customer_id": "Client", "date": "Client", "amount": "Net Amount"})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 50), st.dates(min_value=pd.Timestamp("2000-01-01").date(),
                                                       max_value=pd.Timestamp("2030-12-31").date()),
                          st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)),
                min_size=1, max_size=30))
def test_valid_tables_keep_every_row_and_every_cent(rows):
    text = "customer,date,amount\n" + "".join(f"{c},{d.isoformat()},{a}\n" for c, d, a in rows)
    raw = _raw(text)
    clean, report = validate_transactions(raw.frame, **raw.mapping, today="2031-01-01")
    assert report.ok and len(clean) == len(rows)
    assert clean["amount"].sum() == pytest.approx(float(sum(a for _, _, a in rows)))
    assert clean["customer_id"].tolist() == [c for c, _, _ in rows]
    assert clean["date"].tolist() == [pd.Timestamp(d) for _, d, _ in rows]
    assert np.issubdtype(clean["date"].dtype, np.datetime64)


def test_excel_serial_numbers_get_their_own_hint():
    frame = pd.DataFrame({"customer_id": [1, 2], "date": ["45292", "45293"], "amount": [1.0, 2.0]})
    with pytest.raises(DataValidationError, match="Excel date serial numbers") as err:
        validate_transactions(frame)
    assert err.value.column == "date" and err.value.rows == [1, 2]


def test_utc_offsets_are_dropped_but_day_month_year_dates_are_left_alone():
    frame = pd.DataFrame({"customer_id": [1, 2, 3], "amount": [1.0, 2.0, 3.0],
                          "date": ["2024-03-01T23:30:00+01:00", "2024-03-02T08:00:00-05:00", "2024-03-03T10:00:00Z"]})
    clean, report = validate_transactions(frame)
    assert clean["date"].dt.strftime("%d %H").tolist() == ["01 23", "02 08", "03 10"]
    assert report.notes["issue"].str.contains(r"UTC offsets \(\+01:00, -05:00, Z\)").any()
    frame["date"] = ["05-01-2024", "06-01-2024", "07-01-2024"]
    clean, report = validate_transactions(frame, date_format="%d-%m-%Y")
    assert clean["date"].dt.year.tolist() == [2024] * 3
    assert not report.notes["issue"].str.contains("UTC").any()


def test_implausible_dates_are_left_out_and_noted_even_when_raising():
    dates = [f"2024-01-{d:02d}" for d in range(1, 29)] + ["1900-01-01", "2300-01-01", "2027-06-01", "2016-01-01"]
    frame = pd.DataFrame({"customer_id": range(len(dates)), "date": dates, "amount": 10.0})
    clean, report = validate_transactions(frame, today="2026-12-07")
    assert len(clean) == 28 and clean["date"].between("2024-01-01", "2024-01-28").all()
    assert report.excluded["reason"].str.split(" \\(").str[0].tolist() == [
        "placeholder date", "date out of range", "date in the future", "date far from all others"]
    assert (report.notes["action"] == "excluded").sum() == 4


def test_every_row_excluded_is_an_error_naming_the_reasons():
    frame = pd.DataFrame({"customer_id": [1, 2], "date": ["1900-01-01", "1970-01-01"], "amount": [1.0, 2.0]})
    with pytest.raises(DataValidationError, match=r"Every row was excluded \(placeholder date .*: 2\)"):
        validate_transactions(frame)
