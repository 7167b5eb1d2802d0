"""Notebook 05 in Voilà and headless Chromium: every tool attached with its chart drawn, controls reach the
workbook and are shown again after a reload, the page is clean."""

import pytest

NAME = "05_performance_assessment.ipynb"
pytestmark = pytest.mark.browser

# tool -> plotly elements that only exist once its traces are drawn
CHARTS = {".pcrm-chain": ".scatterlayer .trace .textpoint", ".pcrm-equity-drivers": ".bars path",
          ".pcrm-scorecard": ".treemaplayer path", ".pcrm-nps": ".scatterlayer .trace .point",
          ".pcrm-trend": ".scatterlayer .trace path.js-line"}


def test_performance_tools_respond_and_keep_their_inputs(workbook_value, assert_tools_drawn, open_notebook,
                                                         screenshot, assert_page_clean,
                                                         reload_notebook):
    from playwright.sync_api import expect

    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-trend")
    assert_tools_drawn(page, {tool: f".plot-container {mark}" for tool, mark in CHARTS.items()})
    # figures as a manager reads them
    expect(page.locator(".pcrm-chain-summary")).to_contain_text("thousand a year")
    expect(page.locator(".pcrm-equity-comparison")).to_contain_text("about 5 %")
    expect(page.locator(".pcrm-scorecard-table")).to_contain_text("Net Promoter Score")
    expect(page.locator(".pcrm-nps-table")).to_contain_text("Trade accounts")
    expect(page.locator(".pcrm-nps-change")).to_contain_text("points")
    screenshot(page, "05_performance_loaded")
    assert_page_clean(page, kernel_errors)

    # slider and drop-down: the chain's what-if
    chain = page.locator(".pcrm-chain")
    chain.locator(".pcrm-chain-source select").select_option(label="Internal service quality")
    workbook_value("performance.chain.source", lambda v: v == "internal_service_quality")
    chain.locator(".pcrm-chain-change .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    expect(chain.locator(".pcrm-chain-change .widget-readout")).to_have_text("+1.25")
    workbook_value("performance.chain.change_sd", lambda v: abs(v - 1.25) < 1e-9)
    expect(chain.locator(".pcrm-chain-summary")).to_contain_text("+1.25 SD on internal service quality")

    # number box: a standard edited on the scorecard turns the NPS green
    card = page.locator(".pcrm-scorecard")
    card.locator(".pcrm-scorecard-target input").fill("-10")
    card.locator(".pcrm-scorecard-target input").press("Enter")
    workbook_value("performance.scorecard.standards", lambda v: v.get("nps", {}).get("target") == -10)
    expect(card.locator(".pcrm-scorecard-table tr", has_text="Net Promoter Score")).to_contain_text("Green")

    # toggle buttons and a second drop-down: the NPS by channel
    calculator = page.locator(".pcrm-nps")
    calculator.locator(".pcrm-nps-by button", has_text="Channel").click()
    expect(calculator.locator(".pcrm-nps-table")).to_contain_text("Call centre")
    calculator.locator(".pcrm-nps-group select").select_option(label="Call centre")
    expect(calculator.locator(".pcrm-nps-detail")).to_contain_text("NPS, Call centre")
    workbook_value("performance.nps.group", lambda v: v == "call_centre")
    screenshot(page, "05_performance_after_interaction")
    assert_page_clean(page, kernel_errors)

    # reload: a new kernel runs the notebook again and every tool restores its inputs from the workbook
    reload_notebook(page)
    page.wait_for_selector(".pcrm-trend", timeout=60_000)
    expect(page.locator(".pcrm-chain-change .widget-readout")).to_have_text("+1.25")
    expect(page.locator(".pcrm-chain-summary")).to_contain_text("internal service quality")
    expect(page.locator(".pcrm-scorecard-target input")).to_have_value("-10")
    expect(page.locator(".pcrm-nps-detail")).to_contain_text("NPS, Call centre")
    screenshot(page, "05_performance_reloaded")
    assert_page_clean(page, kernel_errors)
