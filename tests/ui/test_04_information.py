"""Notebook 04 in Voilà and headless Chromium: every tool attached with its chart or table drawn, controls reach the
workbook and are shown again after a reload, the page is clean."""

import pytest

from paynecrm_kernel.information import QUERIES

NAME = "04_information_management.ipynb"
pytestmark = pytest.mark.browser

# tool -> an element that only exists once the tool has drawn its result
DRAWN = {".pcrm-repository": ".pcrm-repository-table td", ".pcrm-quality": ".plot-container .bars path",
         ".pcrm-single-view": ".plot-container .scatterlayer .trace path.js-line",
         ".pcrm-validation": ".plot-container .bars path", ".pcrm-classifier": ".pcrm-classifier-choice select",
         ".pcrm-integration": ".pcrm-integration-table td"}


def test_information_tools_respond_and_keep_their_inputs(workbook_value, assert_tools_drawn, open_notebook,
                                                         screenshot, assert_page_clean,
                                                         reload_notebook):
    from playwright.sync_api import expect

    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-integration")
    assert_tools_drawn(page, DRAWN, revealed_at_least=3)
    # figures as a manager reads them, and the SQL shown to students
    expect(page.locator(".pcrm-repository .pcrm-sql")).to_contain_text("FROM fact_transaction")
    expect(page.locator(".pcrm-repository-table")).to_contain_text("$")
    expect(page.locator(".pcrm-quality-table")).to_contain_text("Call centre")
    expect(page.locator(".pcrm-scv-summary")).to_contain_text("%")
    expect(page.locator(".pcrm-scv-effect-table")).to_contain_text("true customers")
    expect(page.locator(".pcrm-validation-summary")).to_contain_text("Top-decile lift")
    screenshot(page, "04_information_loaded")
    assert_page_clean(page, kernel_errors)

    # drop-down: another query, with its SQL
    repository = page.locator(".pcrm-repository")
    repository.locator(".pcrm-repository-query select").select_option(label=QUERIES["identification_by_channel"][0])
    workbook_value("information.repository.query", lambda v: v == "identification_by_channel")
    expect(repository.locator(".pcrm-sql")).to_contain_text("FROM fact_interaction")

    # slider: the threshold re-reads the scored pairs
    view = page.locator(".pcrm-single-view")
    view.locator(".pcrm-scv-threshold .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    workbook_value("information.scv.threshold", lambda v: v == 0.95)
    expect(view.locator(".pcrm-scv-threshold .widget-readout")).to_have_text("0.95")

    # slider: a weight of the quality index
    quality = page.locator(".pcrm-quality")
    quality.locator(".pcrm-quality-weight-timeliness .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    workbook_value("information.quality.weights", lambda v: abs(v.get("timeliness", 0) - 0.15) < 1e-9)

    # drop-down of the classification exercise
    classifier = page.locator(".pcrm-classifier")
    classifier.locator(".pcrm-classifier-choice select").first.select_option(label="Front office")
    workbook_value("information.landscape.answers", lambda v: v.get("Sales-force automation") == "front")
    expect(classifier.locator(".pcrm-classifier-table")).to_contain_text("right")
    screenshot(page, "04_information_after_interaction")
    assert_page_clean(page, kernel_errors)

    # reload: a new kernel runs the notebook again and every tool restores its inputs from the workbook
    reload_notebook(page)
    page.wait_for_selector(".pcrm-integration", timeout=120_000)
    expect(page.locator(".pcrm-scv-threshold .widget-readout")).to_have_text("0.95")
    expect(page.locator(".pcrm-repository .pcrm-sql")).to_contain_text("FROM fact_interaction")
    expect(page.locator(".pcrm-classifier-table")).to_contain_text("Sales-force automation")
    screenshot(page, "04_information_reloaded")
    assert_page_clean(page, kernel_errors)
