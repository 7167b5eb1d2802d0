"""Notebook 07 in Voilà and headless Chromium: an analyst uploads a file, remaps a column, runs the analysis and
finds the report and the scores ready to download."""
import base64
import json
import re
import time

import pandas as pd
import pytest

from paynecrm_kernel.data import data_path

NAME = "07_your_data.ipynb"
pytestmark = pytest.mark.browser


def _saved(voila_server, key, expected, timeout=20):
    deadline, value = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            value = json.loads(voila_server.workbook.read_text())["entries"].get(key)
            if value == expected:
                return True
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"the workbook holds {value!r} under {key!r}, expected {expected!r}")


@pytest.fixture
def sales_csv(tmp_path):
    """The CDNOW sample as an analyst's export, with a net amount column and one refund."""
    log = pd.read_csv(data_path("CDNOW_sample.txt"), sep=r"\s+", header=None,
                      names=["master_id", "customer", "order_date", "cds", "amount"])
    log["amount_net"] = (log["amount"] * 0.8).round(3)
    path = tmp_path / "sales.csv"
    path.write_text(log.to_csv(index=False) + "99999,99999,19970305,1,-12.00,-9.60\n")
    return path


def test_an_analyst_uploads_remaps_runs_and_downloads(open_notebook, screenshot, assert_page_clean, voila_server,
                                                      sales_csv):
    from playwright.sync_api import expect

    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-your-data")
    tool = page.locator(".pcrm-your-data")
    expect(tool.locator(".pcrm-your-data-check")).to_contain_text("Upload a file")
    assert_page_clean(page, kernel_errors)

    with page.expect_file_chooser() as chooser:                # the upload button opens the file dialogue
        tool.locator(".pcrm-your-data-upload").click()
    chooser.value.set_files(str(sales_csv))
    check = tool.locator(".pcrm-your-data-check")
    expect(check).to_contain_text("6,919 of 6,920 rows kept", timeout=60_000)
    expect(tool.locator(".pcrm-your-data-excluded")).to_contain_text("negative amount")
    expect(tool.locator(".pcrm-your-data-excluded")).to_contain_text("6921")       # the line of the refund
    amount = tool.locator(".pcrm-your-data-map-amount select")
    expect(amount).to_have_value("amount")
    amount.select_option("amount_net")                                             # the analyst remaps a column
    _saved(voila_server, "your_data.mapping.amount", "amount_net")

    tool.locator(".pcrm-your-data-run").click()
    links = tool.locator(".pcrm-your-data-downloads a")
    expect(links).to_have_count(2, timeout=60_000)
    expect(tool.locator(".pcrm-your-data-progress .progress-bar")).to_have_attribute("style", re.compile("100%"))
    expect(tool.locator(".pcrm-your-data-fit").first).to_contain_text("0.2426")    # BG/NBD r, as published
    report = base64.b64decode(links.nth(0).get_attribute("href").split(",", 1)[1]).decode()
    assert report.startswith("<!DOCTYPE html>") and "sales.csv" in report and "amount_net" in report
    assert "<code>sales-clv-scores.csv</code>" in report
    scores = base64.b64decode(links.nth(1).get_attribute("href").split(",", 1)[1]).decode()
    assert scores.startswith("customer,frequency,recency,T") and scores.count("\n") == 2358
    _saved(voila_server, "your_data.mapping.customer_id", "customer")
    assert_page_clean(page, kernel_errors)
    screenshot(page, "07_your_data_fit")

    tool.get_by_role("tab", name="Holdout check").click()
    expect(tool.locator(".pcrm-chart .plot-container .bars path").first).to_be_attached(timeout=30_000)
    expect(tool).to_contain_text("1,882")
    screenshot(page, "07_your_data_holdout")
    tool.get_by_role("tab", name="Value").click()
    expect(tool).to_contain_text("Share of the total held by the top 1%")
    screenshot(page, "07_your_data_value")
    tool.get_by_role("tab", name="Top customers").click()
    expect(tool.locator(".pcrm-your-data-top tbody tr")).to_have_count(10)
    screenshot(page, "07_your_data_top")
    assert_page_clean(page, kernel_errors)
