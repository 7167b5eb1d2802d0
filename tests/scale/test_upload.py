"""Uploaded files: read from bytes, mapped, checked and analysed as the analyst's page does it."""
import io

import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.scale.upload import (UPLOAD_STAGES, analyse_upload, check_upload, excluded_by_reason, fit_in_words,
                                          overall_percent, read_upload, scores_csv, suggest_calibration_end,
                                          upload_report)

from conftest import CALIBRATION_END, FILES

SMALL = (b"client,order_day,total,store\n"
         b"a,2024-01-03,10.50,north\nb,2024-01-05,-4.00,north\na,2024-02-01,12.00,south\n"
         b"c,not a date,8.00,south\nb,2024-02-11,7.25,north\nc,2024-03-02,-1.00,north\n"
         b"a,2024-03-20,0,south\nb,2024-04-01,9.00,south\n")


@pytest.fixture(scope="module")
def cdnow_upload():
    raw = read_upload((FILES / "CDNOW_sample.txt").read_bytes(), "CDNOW_sample.txt")
    clean, report = check_upload(raw, {**raw.mapping, "customer_id": "column_2"})
    return raw, clean, report


def test_the_cdnow_sample_uploaded_as_bytes_gives_the_published_fits(cdnow_upload, tmp_path):
    raw, clean, report = cdnow_upload
    assert raw.file_format == "csv" and raw.mapping == {"customer_id": "column_1", "date": "column_3",
                                                        "amount": "column_5"}
    assert report.n_clean == report.n_input == 6919
    calibration_end = suggest_calibration_end(clean["date"])
    assert f"{calibration_end:%Y-%m-%d}" == CALIBRATION_END          # the 39 weeks of the papers
    seen = []
    analysis = analyse_upload(clean, report, "CDNOW_sample.txt", guessed=("date", "amount"),
                              calibration_end=calibration_end, scores_path=tmp_path / "scores.parquet",
                              progress=lambda stage, fraction: seen.append(overall_percent(stage, fraction)))
    # Fader, Hardie & Lee (2005): BG/NBD r, alpha, a, b; Fader & Hardie (2013): Gamma-Gamma p, q, gamma
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    assert analysis.purchases.params.round(3).to_dict() == pytest.approx(published, abs=1e-3)
    assert analysis.spend.params.to_numpy() == pytest.approx([6.25, 3.74, 15.44], abs=0.01)
    assert analysis.customers == 2357 and analysis.source == "CDNOW_sample.txt"
    assert analysis.mapping == {"customer_id": "column_2", "date": "column_3", "amount": "column_5"}
    assert analysis.guessed == ("date", "amount")
    assert seen == sorted(seen) and seen[0] > 0 and 80 < seen[-1] < 100
    assert analysis.holdout["actual_total"].sum() == 1882
    scores = pd.read_csv(io.BytesIO(scores_csv(analysis)))
    assert list(scores.columns[:2]) == ["column_2", "frequency"] and len(scores) == 2357
    assert scores["clv"].sum() == pytest.approx(analysis.distribution.total, rel=1e-6)
    assert "CDNOW_sample.txt" in analysis.report_html and "column_2" in analysis.report_html
    page = upload_report(analysis, "cdnow-scores.csv")
    assert "<code>cdnow-scores.csv</code>" in page and str(tmp_path) not in page
    assert fit_in_words(analysis) == ["While active, a customer buys 0.055 times a week on average.",
                                      "After each purchase, a customer stops buying with a chance of 24.6% on average.",
                                      "A purchase is worth 35.17 on average across customers."]


def test_excluded_rows_are_grouped_by_reason_with_their_lines():
    raw = read_upload(SMALL, "sales.csv")
    assert raw.mapping == {"customer_id": "client", "date": "order_day", "amount": "total"}
    clean, report = check_upload(raw, raw.mapping, today="2025-01-01")
    assert report.n_input == 8 and report.n_clean == 5
    table = excluded_by_reason(report)
    assert table.loc["negative amount", "rows"] == 2
    assert table.loc["negative amount", "lines"] == "3, 7"
    assert table.loc["negative amount", "column"] == "total"
    assert table.loc["negative amount", "examples"] == "'-4.00', '-1.00'"
    assert table.loc["date cannot be read", "lines"] == "5"
    assert excluded_by_reason(check_upload(read_upload(b"id,date,amount\n1,2024-01-01,3\n", "ok.csv"),
                                           {"customer_id": "id", "date": "date", "amount": "amount"})[1]).empty


def test_a_long_list_of_lines_is_cut_after_five():
    body = "".join(f"c{i},2024-01-{1 + i % 28:02d},-{i + 1}\n" for i in range(9))
    raw = read_upload(("customer,date,amount\n" + body + "c1,2024-02-01,5\n").encode(), "refunds.csv")
    table = excluded_by_reason(check_upload(raw, raw.mapping, today="2025-01-01")[1])
    assert table.loc["negative amount", "lines"] == "2, 3, 4, 5, 6 and 4 more"


@pytest.mark.parametrize("content, name, words", [
    (b"", "empty.csv", ["empty.csv is empty", "Fix"]),
    (b"   \n", "blank.csv", ["is empty"]),
    (b"PAR1 this is not really parquet", "broken.parquet", ["cannot be read as Parquet", "Fix"]),
    (b"PK\x03\x04 truncated", "broken.xlsx", ["cannot be read as an Excel workbook", "Fix"]),
    (b"customer;date;amount\n1;2024-01-01;3\n", "semi.csv", None),
])
def test_bad_files_are_refused_with_the_file_and_the_fix(content, name, words):
    if words is None:
        assert read_upload(content, name).mapping["amount"] == "amount"        # a semicolon is detected
        return
    with pytest.raises(DataValidationError) as caught:
        read_upload(content, name)
    assert all(w in str(caught.value) for w in words)


def test_a_bad_mapping_names_the_field_the_column_and_the_columns():
    raw = read_upload(SMALL, "sales.csv")
    with pytest.raises(DataValidationError, match=r"No column is chosen for the amount.*'client', 'order_day'"):
        check_upload(raw, {**raw.mapping, "amount": None})
    with pytest.raises(DataValidationError, match=r"'price' \(chosen for the amount\) is not in sales.csv"):
        check_upload(raw, {**raw.mapping, "amount": "price"})
    with pytest.raises(DataValidationError, match="One column is used for two fields"):
        check_upload(raw, {**raw.mapping, "amount": "client"})
    with pytest.raises(DataValidationError, match="Every row was excluded"):
        check_upload(raw, {**raw.mapping, "amount": "store"})


@pytest.mark.parametrize("settings, words", [
    ({"calibration_end": "2023-06-30"}, "must fall between the first purchase (2024-01-03) and the last"),
    ({"calibration_end": "2024-04-01"}, "must fall between"),
    ({"horizon": 0}, "The horizon must be a positive number of months"),
    ({"discount_rate": float("nan")}, "The discount rate must be a monthly rate"),
    ({"margin": 1.5}, "The margin must be the share of spend"),
    ({"time_unit": "Y"}, "The time unit must be one of D, W, M"),
    ({"model": "pareto"}, "The purchase model must be one of bgnbd"),
])
def test_absurd_settings_are_refused_before_anything_runs(settings, words):
    raw = read_upload(SMALL, "sales.csv")
    clean, report = check_upload(raw, raw.mapping, today="2025-01-01")
    with pytest.raises(DataValidationError) as caught:
        analyse_upload(clean, report, "sales.csv", **settings)
    assert words in str(caught.value) and "Fix" in str(caught.value)


def test_overall_progress_runs_through_the_stages_to_100():
    percents = [overall_percent(stage, f) for stage in UPLOAD_STAGES for f in (0.0, 0.5, 1.0)]
    assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
    assert overall_percent("scoring customers", 7.0) == overall_percent("scoring customers", 1.0)


def test_the_pareto_nbd_on_the_upload_gives_the_published_fit(cdnow_upload, tmp_path):
    _, clean, report = cdnow_upload
    analysis = analyse_upload(clean, report, "CDNOW_sample.txt", calibration_end=CALIBRATION_END, model="paretonbd",
                              scores_path=tmp_path / "scores.parquet")
    # Pareto/NBD on the CDNOW sample, as reported by Fader, Hardie & Lee (2005)
    published = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
    assert analysis.purchases.params.to_dict() == pytest.approx(published, abs=0.01)
    words = fit_in_words(analysis)
    assert words[0] == "While active, a customer buys 0.0523 times a week on average."
    assert len(words) == 2 and words[1].startswith("A purchase is worth")     # s < 1: no finite mean lifetime
