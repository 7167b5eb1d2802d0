"""The analyst's page driven headlessly: upload bytes, remap a column, run, read the results and the saved inputs."""
import base64
import datetime
import io
import re

import pandas as pd
import pytest

from paynecrm_kernel.data import data_path
from paynecrm_kernel.widgets import YourDataTool
from paynecrm_kernel.workbook import Workbook

PUBLISHED_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}        # Fader, Hardie & Lee (2005), CDNOW


@pytest.fixture(scope="module")
def sales_csv():
    """The CDNOW sample as an analyst's export: a header, a net amount beside the amount, two bad rows."""
    log = pd.read_csv(data_path("CDNOW_sample.txt"), sep=r"\s+", header=None,
                      names=["master_id", "customer", "order_date", "cds", "amount"])
    log["amount_net"] = (log["amount"] * 0.8).round(3)
    text = log.to_csv(index=False)
    return (text + "99999,99999,19970305,1,-12.00,-9.60\n" + "99998,99998,1997-13-45,1,5.00,4.00\n").encode()


def _upload(tool, name, content):
    tool.upload.value = ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
                          "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)},)


def _link(tool, kind):
    href = re.search(rf"href='data:{kind};base64,([^']+)'", tool.downloads.value).group(1)
    return base64.b64decode(href)


def test_upload_remap_run_and_what_is_saved(tmp_path, sales_csv):
    path = tmp_path / "wb.json"
    tool = YourDataTool(workbook=Workbook.open(path))
    assert tool.run_button.disabled
    _upload(tool, "sales.csv", sales_csv)
    assert tool.chosen_mapping == {"customer_id": "customer", "date": "order_date", "amount": "amount"}
    assert "Guessed from the names and values: Customer id, Date, Amount" in tool.mapping_note.value
    assert tool.validation.n_input == 6921 and tool.validation.n_clean == 6919
    check = tool.check_view.value
    assert "<b>2</b> left out" in check and "negative amount" in check and "date cannot be read" in check
    assert ">6921<" in check and ">6922<" in check                # the file's lines of the two bad rows
    assert tool.calibration_end.value == datetime.date(1997, 9, 30)

    first = tool.run()
    assert tool.message_kind == "" and tool.progress.value == 100 and tool.progress.bar_style == "success"
    assert first.purchases.params.to_dict() == pytest.approx(PUBLISHED_BG, abs=1e-3)
    assert first.source == "sales.csv" and first.mapping["amount"] == "amount"
    assert "1,882" in tool.holdout_note.value and "1,653" in tool.holdout_note.value
    assert "0.2426" in tool.fit_view.value and "Gamma-Gamma" in tool.fit_view.value
    assert len(tool.holdout_chart.data) == 2 and len(tool.value_chart.data) == 1
    assert ">509</td>" in tool.top_view.value and "509.0" not in tool.top_view.value   # the top customer's own id
    report = _link(tool, "text/html").decode()
    assert report.startswith("<!DOCTYPE html>") and "sales.csv" in report
    assert "<code>sales-clv-scores.csv</code>" in report and first.scores_path not in report
    scores = pd.read_csv(io.BytesIO(_link(tool, "text/csv")))
    assert len(scores) == 2357 and scores.columns[0] == "customer"

    tool.mapping["amount"].value = "amount_net"                  # the analyst remaps the amount ...
    tool.margin.value = 0.5                                        # ... and values margin, not revenue
    assert tool.analysis is None and tool.downloads.value == ""
    second = tool.run()
    assert second.distribution.total == pytest.approx(0.8 * 0.5 * first.distribution.total, rel=1e-4)
    assert second.spend.params["p"] == pytest.approx(first.spend.params["p"], rel=1e-3)

    saved = Workbook.open(path)
    assert {f: saved.get(f"your_data.mapping.{f}") for f in ("customer_id", "date", "amount")} == \
        {"customer_id": "customer", "date": "order_date", "amount": "amount_net"}
    assert saved.get("your_data.margin") == 0.5 and saved.get("your_data.time_unit") == "W"

    tool.horizon.value = 6
    tool.time_unit.value = "D"
    tool.calibration_end.value = None
    again = YourDataTool(workbook=Workbook.open(path))            # a reload: inputs come back
    assert (again.horizon.value, again.time_unit.value, again.margin.value) == (6, "D", 0.5)
    _upload(again, "sales.csv", sales_csv)
    assert again.chosen_mapping["amount"] == "amount_net" and again.calibration_end.value is None
    assert again.guessed == ("customer_id", "date")               # the amount is the analyst's choice
    assert "values: Customer id, Date. Change" in again.mapping_note.value
    assert again.run().holdout is None
    assert "No calibration end was set" in again.holdout_note.value
    assert "over 6 months" in again.headline.value


def test_the_sample_button_runs_the_cdnow_analysis_at_once():
    tool = YourDataTool()
    tool.sample_button.click()
    assert tool.analysis is not None and tool.analysis.source == "CDNOW_sample.txt"
    assert tool.analysis.purchases.params.to_dict() == pytest.approx(PUBLISHED_BG, abs=1e-3)
    assert "2,357" in tool.headline.value and tool.downloads.value.count("<a ") == 2


@pytest.mark.parametrize("name, content, words", [
    ("empty.csv", b"", "empty.csv is empty"),
    ("sales.xlsx", b"PK\x03\x04 not a workbook", "cannot be read as an Excel workbook"),
    ("one.csv", b"just one column\nvalue\n", "read as a single column"),
    ("refunds.csv", b"customer,date,amount\n1,2024-01-01,-5\n2,2024-01-02,-3\n", "Every row was excluded"),
])
def test_a_bad_file_gives_a_clear_message_in_the_tool(name, content, words):
    tool = YourDataTool()
    _upload(tool, name, content)
    assert tool.message_kind == "error" and words in tool.message and "Fix" in tool.message
    assert tool.run_button.disabled and tool.analysis is None


def test_bad_mapping_and_absurd_settings_are_messages_and_the_tool_recovers(sales_csv):
    tool = YourDataTool()
    _upload(tool, "sales.csv", sales_csv)
    tool.mapping["date"].value = None
    assert tool.message_kind == "error" and "No column is chosen for the date" in tool.message
    assert tool.run_button.disabled
    tool.mapping["date"].value = "order_date"
    assert tool.message_kind == "" and not tool.run_button.disabled
    tool.calibration_end.value = datetime.date(2001, 1, 1)
    assert tool.run() is None
    assert "must fall between the first purchase (1997-01-01) and the last (1998-06-30)" in tool.message
    assert tool.progress.bar_style == "danger" and not tool.run_button.disabled
    tool.calibration_end.value = datetime.date(1997, 9, 30)
    assert tool.run() is not None and tool.message_kind == ""


def test_run_without_a_file_says_what_to_do():
    tool = YourDataTool()
    assert tool.run() is None and tool.message_kind == "info" and "Upload a transaction file" in tool.message


@pytest.mark.parametrize("kind", ["xlsx", "parquet"])
def test_excel_and_parquet_uploads_are_read_like_csv(kind, tmp_path):
    rows = 40
    log = pd.DataFrame({"Client": [f"c{i % 9}" for i in range(rows)],
                        "Invoice date": pd.date_range("2024-01-01", periods=rows, freq="5D"),
                        "Net amount": [10.0 + i for i in range(rows)]})
    path = tmp_path / f"sales.{kind}"
    log.to_excel(path, index=False) if kind == "xlsx" else log.to_parquet(path, index=False)
    tool = YourDataTool()
    _upload(tool, path.name, path.read_bytes())
    assert tool.message_kind == ""
    assert tool.chosen_mapping == {"customer_id": "Client", "date": "Invoice date", "amount": "Net amount"}
    assert tool.validation.n_clean == rows and not tool.run_button.disabled


def test_missing_cells_are_blank_in_the_preview_not_nan():
    tool = YourDataTool()
    content = b"customer,date,amount,note\n1,2024-01-01,5.00,\n2,2024-01-03,,late\n1,2024-02-01,7.50,\n"
    _upload(tool, "gaps.csv", content)
    assert "nan" not in tool.check_view.value.lower() and "missing amount" in tool.check_view.value
