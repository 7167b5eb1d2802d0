"""Notebook 00 in Voilà and headless Chromium: renders cleanly, the tools respond, inputs survive a reload."""
import json
import time
import urllib.request

import pytest

NAME = "00_overview.ipynb"
pytestmark = pytest.mark.browser


def _expect():
    from playwright.sync_api import expect
    return expect


def _saved(voila_server, key, timeout=15):
    """Wait until the workbook file holds ``key``; return its value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            entries = json.loads(voila_server.workbook.read_text())["entries"]
            if key in entries:
                return entries[key]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{key!r} was not saved to the workbook")


def test_overview_renders_and_responds(open_notebook, screenshot, assert_page_clean, voila_server,
                                       reload_notebook):
    expect = _expect()
    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-map")
    expect(page.locator(".pcrm-map")).to_be_visible()
    for css in (".pcrm-continuum", ".pcrm-matrix", ".pcrm-maturity", ".pcrm-implementation", ".pcrm-buttle",
                ".pcrm-exercise"):
        expect(page.locator(css).first).to_be_attached()
    screenshot(page, "00_overview_loaded")
    assert_page_clean(page, kernel_errors)
    # the workbook's template requests the application script with the first cell, and only there
    assert page.locator("script[src$='/voila.js']").count() == 1
    assert page.evaluate("""() => Boolean(document.querySelector("script[src$='/voila.js']")
        .compareDocumentPosition(document.querySelector('[cell-index]')) & Node.DOCUMENT_POSITION_FOLLOWING)""")

    # a click on the map shows that element's explanation
    page.locator(".pcrm-el-segment_granularity").click()
    detail = page.locator(".pcrm-map-detail")
    expect(detail).to_contain_text("Segment granularity")
    expect(detail).to_contain_text("one-to-one")
    page.locator(".pcrm-el-retention_economics").click()
    expect(detail).to_contain_text("Reichheld & Sasser")
    assert _saved(voila_server, "overview.map.selected") == "retention_economics"
    # the link to the process notebook: a relative link that resolves under /voila/render/, or "coming"
    link = detail.locator("a.pcrm-notebook-link")
    if link.count():
        href = link.get_attribute("href")
        url = page.evaluate("h => new URL(h, document.baseURI).href", href)
        assert "/voila/render/02_value_creation.ipynb" in url
        with urllib.request.urlopen(url, timeout=120) as response:
            assert response.status == 200
    else:
        expect(detail.locator(".pcrm-notebook-coming")).to_contain_text("coming")

    # a change to the maturity checklist updates the stage
    stage = page.locator(".pcrm-maturity .pcrm-stage-value")
    expect(stage).to_have_text("0")
    for cid in ("s1_vision", "s1_customers", "s1_data_audit"):
        page.locator(f".pcrm-criterion-{cid} input[type=checkbox]").check()
    expect(stage).to_have_text("1", timeout=15_000)
    assert len(_saved(voila_server, "overview.maturity.met")) == 3

    # the strategy matrix: a new target changes the route and the missing capabilities
    page.locator(".pcrm-matrix-target select").select_option("Customer-based marketing")
    summary = page.locator(".pcrm-matrix-summary")
    expect(summary).to_contain_text("Product-based selling \u2192 Customer-based marketing")
    expect(summary).not_to_contain_text("Share of offers, prices or service levels tailored")

    # an exercise: typed answer saved, model answer hidden until asked for
    box = page.locator(".pcrm-exercise").filter(has_text="Exercise 4")
    box.locator("textarea").fill("Our CRM grows shareholder value with chosen customers.")
    box.locator("textarea").blur()
    expect(box.locator(".pcrm-exercise-model")).to_be_hidden()
    box.locator(".pcrm-exercise-show").click()
    expect(box.locator(".pcrm-exercise-model")).to_be_visible()
    assert _saved(voila_server, "overview.exercise.mission.answer").startswith("Our CRM")

    # continuum: one rating moves the position
    page.locator(".pcrm-continuum-rating-6 button", has_text="5").click()
    expect(page.locator(".pcrm-continuum-reading")).to_contain_text("2.10")
    time.sleep(1)
    screenshot(page, "00_overview_after_interactions")
    assert_page_clean(page, kernel_errors)

    # a reload shows the inputs saved before it
    reload_notebook(page)
    page.wait_for_selector(".pcrm-map .pcrm-map-detail", timeout=60_000)
    expect(page.locator(".pcrm-map-detail")).to_contain_text("Retention economics", timeout=60_000)
    expect(page.locator(".pcrm-maturity .pcrm-stage-value")).to_have_text("1")
    expect(page.locator(".pcrm-criterion-s1_vision input[type=checkbox]")).to_be_checked()
    expect(page.locator(".pcrm-matrix-target select")).to_have_value("Customer-based marketing")
    expect(page.locator(".pcrm-exercise").filter(has_text="Exercise 4").locator("textarea")) \
        .to_have_value("Our CRM grows shareholder value with chosen customers.")
    expect(page.locator(".pcrm-continuum-reading")).to_contain_text("2.10")
    screenshot(page, "00_overview_after_reload")
    assert_page_clean(page, kernel_errors)
    assert "ERROR" not in voila_server.log_text()
