"""Notebook 06 in Voilà and headless Chromium: the plan's levers are set and kept, the roadmap gets its owners,
and the report is one click away."""
import base64
import re

import pytest

NAME = "06_capstone.ipynb"
pytestmark = pytest.mark.browser



def test_the_plan_is_kept_and_the_report_downloads(workbook_value, open_notebook, screenshot, assert_page_clean,
                                                   voila_server, reload_notebook):
    from playwright.sync_api import expect

    from paynecrm_kernel.report import build_report
    from paynecrm_kernel.report.render import report_pdf_pages

    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-report-download")
    tool = page.locator(".pcrm-scenarios")
    expect(tool.locator(".pcrm-scenario-table")).to_contain_text("customer equity")
    expect(page.locator(".pcrm-progress")).to_contain_text("06 Capstone")
    readout = tool.locator(".pcrm-scenario-retention .widget-readout")
    target = f"{float(readout.inner_text()) + 0.05:.2f}"     # the base: what the value chapter saved, or 0.60
    handle = tool.locator(".pcrm-scenario-retention .noUi-handle")
    handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(readout).to_have_text(target)
    workbook_value("capstone.scenarios.plan", lambda v: f"{v['retention']:.2f}" == target)
    expect(tool.locator(".pcrm-figure").first).not_to_contain_text("$0")
    expect(tool.locator(".pcrm-scenario-levers")).to_contain_text("Strategy")
    tool.locator(".pcrm-scenario-levers").get_by_text("Strategy: target position, segments").click()
    tool.locator(".pcrm-scenario-quadrant select").select_option(label="Individualized CRM")
    workbook_value("capstone.scenarios.plan", lambda v: v.get("target_quadrant") == "Individualized CRM"
                   and v.get("granularity") == "one-to-one")
    expect(tool.locator(".pcrm-scenario-granularity select")).to_have_value("one-to-one")

    roadmap = page.locator(".pcrm-roadmap")
    expect(roadmap.locator(".pcrm-roadmap-table")).to_contain_text("Owner")
    roadmap.locator(".pcrm-roadmap-owner-channels select").select_option(label="Customer service")
    workbook_value("capstone.roadmap.owners", lambda v: v.get("channels") == "Customer service")
    expect(roadmap.locator(".pcrm-roadmap-table")).to_contain_text("Customer service")
    assert_page_clean(page, kernel_errors)

    page.locator(".pcrm-report-prepare").click()
    links = page.locator(".pcrm-report-links a")
    expect(links).to_have_count(2)
    pdf = base64.b64decode(re.sub("^data:application/pdf;base64,", "", links.first.get_attribute("href")))
    assert pdf[:4] == b"%PDF"
    expect(page.locator(".pcrm-report-download")).to_contain_text("Business case")
    shot = screenshot(page, "06_capstone_report_ready")
    for number, png in enumerate(report_pdf_pages(build_report(voila_server.workbook)), start=1):
        (shot.parent / f"06_report_page_{number}.png").write_bytes(png)      # the PDF's pages, to look at

    reload_notebook(page)
    page.wait_for_selector(".pcrm-scenarios", timeout=60_000)
    expect(page.locator(".pcrm-scenario-retention .widget-readout")).to_have_text(target)
    expect(page.locator(".pcrm-roadmap-owner-channels select")).to_have_value("Customer service")
    assert_page_clean(page, kernel_errors)
