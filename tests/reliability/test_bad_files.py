"""Every bad transaction file of the probe: a clear error or a clear note, never a raw traceback or silent garbage.

Each file is generated here from one baseline (300 customers, 1,000 purchases in 2023-2024) and goes through
`read_transactions` and `validate_transactions`, then through `%crm data`, which must give the same verdict.
"""
import io
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from paynecrm_kernel.data import read_transactions, validate_transactions
from paynecrm_kernel.errors import DataValidationError

IPython = pytest.importorskip("IPython")
from IPython.core.error import UsageError  # noqa: E402
from IPython.testing.globalipapp import start_ipython  # noqa: E402

TODAY = pd.Timestamp("2026-12-07")


N = 1000


def _baseline(n=N, seed=3):
    rng = np.random.default_rng(seed)
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    return pd.DataFrame({"customer_id": rng.integers(1, 301, n), "date": dates.strftime("%Y-%m-%d"),
                         "amount": np.round(rng.gamma(2.0, 20.0, n), 2)})


def _csv(frame, **options):
    return frame.to_csv(index=False, **options).encode(options.pop("encoding", "utf-8"))


def _with(column, values):
    frame = _baseline()
    frame.loc[: len(values) - 1, column] = values
    return frame


def _xlsx(sheets, title_rows=()):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name)
        for row in title_rows:
            sheet.append(row)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _formula_xlsx():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["customer_id", "date", "price", "quantity", "amount"])
    for i, row in enumerate(_baseline(50).itertuples(index=False), start=2):
        sheet.append([row.customer_id, row.date, row.amount, 2, f"=C{i}*D{i}"])
    buffer = io.BytesIO()
    book.save(buffer)                        # openpyxl never calculates: no cached results are stored
    return buffer.getvalue()


def _parquet(frame):
    buffer = io.BytesIO()
    frame.to_parquet(buffer)
    return buffer.getvalue()


def _not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


JAPANESE = pd.DataFrame({"顧客番号": [f"顧客{i % 40}" for i in range(200)],
                         "購入日": pd.date_range("2024-01-01", periods=200).strftime("%Y-%m-%d"),
                         "金額": np.arange(200) * 10 + 100.5})
FAR_DATE = _with("date", ["2012-03-04"] * 5)

#: name -> (file name, bytes, expected): ("error", words in the message) or ("ok", check(raw, clean, report)).
CASES = {
    "corrupt xlsx": ("sales.xlsx", lambda: b"PK\x03\x04" + bytes(range(256)) * 8, ("error", "damaged, truncated")),
    "truncated xlsx": ("sales.xlsx", lambda: _xlsx({"Sales": _baseline()})[:3000], ("error", "save it again")),
    "zip that is not a workbook": ("sales.xlsx", _not_a_workbook, ("error", "not an .xlsx file")),
    "corrupt parquet": ("sales.parquet", lambda: b"PAR1" + bytes(500) + b"PAR1",
                        ("error", "cannot be read as Parquet")),
    "truncated parquet": ("sales.parquet", lambda: _parquet(_baseline())[:2000], ("error", "damaged or truncated")),
    "dates after 2262": ("sales.csv", lambda: _csv(_with("date", ["2300-01-01", "9999-12-31"])),
                         ("ok", lambda raw, clean, report: _excluded(report, "out of range", 2))),
    "parquet timestamp in 2500": (
        "sales.parquet", lambda: _parquet(_baseline().assign(date=lambda f: pd.to_datetime(f["date"]).astype(
            "datetime64[us]")).pipe(lambda f: f.assign(date=f["date"].where(f.index > 0, pd.Timestamp("2500-01-01"))))),
        ("ok", lambda raw, clean, report: _excluded(report, "out of range", 1))),
    "mixed UTC offsets": ("sales.csv", lambda: _csv(_baseline().assign(
        date=lambda f: f["date"] + np.where(f.index % 2, "T10:00:00+01:00", "T23:30:00-05:00"))),
        ("ok", lambda raw, clean, report: _noted(report, "UTC offsets")
         and clean["date"].dt.hour.isin([10, 23]).all())),
    "amounts 1e308": ("sales.csv", lambda: _csv(_with("amount", [1e308] * 5)),
                      ("ok", lambda raw, clean, report: _excluded(report, "implausibly large", 5, noted=False))),
    "amounts 1e23": ("sales.csv", lambda: _csv(_with("amount", [1e23] * 3)),
                     ("ok", lambda raw, clean, report: _excluded(report, "implausibly large", 3, noted=False))),
    "30 rows dated 2099": ("sales.csv", lambda: _csv(_with("date", ["2099-06-01"] * 30)),
                           ("ok", lambda raw, clean, report: _excluded(report, "in the future", 30)
                            and clean["date"].max() < pd.Timestamp("2025-01-01"))),
    "placeholder 1900-01-01": ("sales.csv", lambda: _csv(_with("date", ["1900-01-01"] * 4 + ["1970-01-01"])),
                               ("ok", lambda raw, clean, report: _excluded(report, "placeholder", 5))),
    "a date years before all others": ("sales.csv", lambda: _csv(FAR_DATE),
                                       ("ok", lambda raw, clean, report: _excluded(report, "far from all others", 5))),
    "every row excluded": ("sales.csv", lambda: _csv(_baseline(40).assign(date="1900-01-01")),
                           ("error", "Every row was excluded")),
    "cover sheet first": ("sales.xlsx", lambda: _xlsx({"About": pd.DataFrame({"About": ["Exported by ERP"]}),
                                                       "Transactions": _baseline(), "Old": _baseline(20)}),
                          ("ok", lambda raw, clean, report: _noted(report, "sheet 'Transactions' read")
                           and len(clean) == N)),
    "title rows above the header": ("sales.xlsx", lambda: _xlsx({"Sales": _baseline()},
                                                                [["Sales report 2023-2024"], [], ["Region: all"]]),
                                    ("ok", lambda raw, clean, report: _noted(report, "header is on row 4")
                                     and raw.frame.index[0] == 5 and len(clean) == N)),
    "only unrelated sheets": ("sales.xlsx", lambda: _xlsx({"About": pd.DataFrame({"About": ["x", "y"]}),
                                                           "Notes": pd.DataFrame({"Note": ["a", "b"]})}),
                              ("error", "The workbook has the sheets 'About', 'Notes'")),
    "formula column without cached values": ("sales.xlsx", _formula_xlsx, ("error", "formulas whose results")),
    "UTF-8 with BOM": ("sales.csv", lambda: b"\xef\xbb\xbf" + _csv(_baseline()),
                       ("ok", lambda raw, clean, report: list(raw.mapping.values())
                        == ["customer_id", "date", "amount"])),
    "UTF-16 tab file (Excel's Unicode text)": (
        "sales.txt", lambda: _baseline().to_csv(index=False, sep="\t").encode("utf-16"),
        ("ok", lambda raw, clean, report: raw.delimiter == "\t" and _noted(report, "UTF-16") and len(clean) == N)),
    "cp1252 with euro amounts": ("sales.csv", lambda: _baseline().assign(
        customer_id=lambda f: "Müller " + f["customer_id"].astype(str),
        amount=lambda f: "€" + f["amount"].astype(str)
    ).to_csv(index=False).encode("cp1252"),
        ("ok", lambda raw, clean, report: clean["customer_id"].str.startswith("Müller").all()
         and _noted(report, "Windows-1252"))),
    "Shift-JIS with a Japanese header": ("sales.csv", lambda: JAPANESE.to_csv(index=False).encode("shift_jis"),
                                         ("ok", lambda raw, clean, report: "顧客番号" in raw.frame.columns
                                          and _noted(report, "Shift-JIS"))),
    "Shift-JIS with an English header": ("sales.csv", lambda: JAPANESE.set_axis(
        ["customer_id", "date", "amount"], axis=1).to_csv(index=False).encode("shift_jis"),
        ("ok", lambda raw, clean, report: clean["customer_id"].iloc[0] == "顧客0")),
}


def _excluded(report, reason, count, noted=True):
    rows = report.excluded[report.excluded["reason"].str.contains(reason)]
    assert len(rows) == count, report.summary()
    assert not noted or report.notes["issue"].str.contains(reason).any(), report.summary()
    return True


def _noted(report, words):
    assert report.notes["issue"].str.contains(words, regex=False).any(), report.summary()
    return True


@pytest.fixture(scope="module")
def shell():
    ip = start_ipython() or IPython.get_ipython()   # the shell is started once per test session
    ip.run_line_magic("load_ext", "paynecrm_kernel")
    return ip


def _load(path):
    raw = read_transactions(path)
    clean, report = validate_transactions(raw.frame, **raw.mapping, on_error="exclude", today=TODAY)
    return raw, clean, report


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_file_gets_a_clear_error_or_a_clear_note(tmp_path, case, shell):
    name, build, (kind, expected) = CASES[case]
    path = tmp_path / name
    path.write_bytes(build())
    if kind == "error":
        with pytest.raises(DataValidationError, match=expected) as info:
            _load(path)
        assert "Fix" in str(info.value)
        with pytest.raises(UsageError, match=expected):
            shell.run_line_magic("crm", f"data {path} --exclude-invalid")
    else:
        assert expected(*_load(path))
        clean = shell.run_line_magic("crm", f"data {path} --exclude-invalid")
        assert len(clean) and np.isfinite(clean["amount"]).all()


def test_a_folder_is_not_a_file(tmp_path, shell):
    with pytest.raises(DataValidationError, match="is a folder"):
        read_transactions(tmp_path)
    with pytest.raises(UsageError, match="is a folder"):
        shell.run_line_magic("crm", f"data {tmp_path}")


def test_the_encoding_can_be_given_when_detection_is_wrong(tmp_path, shell):
    path = tmp_path / "sales.csv"
    path.write_bytes(JAPANESE.to_csv(index=False).encode("shift_jis"))
    with pytest.raises(DataValidationError, match="cannot be read as utf-8.*encoding="):
        read_transactions(path, encoding="utf-8")
    clean = shell.run_line_magic("crm", f"data {path} --encoding cp932")
    assert clean["customer_id"].iloc[0] == "顧客0"


def test_huge_amounts_stop_the_load_unless_excluded(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_bytes(_csv(_with("amount", [1e308, 1e23])))
    raw = read_transactions(path)
    with pytest.raises(DataValidationError, match=r"implausibly large in column 'amount' on 2 lines: 2, 3.*unit"):
        validate_transactions(raw.frame, **raw.mapping)
