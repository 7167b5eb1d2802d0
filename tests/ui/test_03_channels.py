"""Notebook 03 in Voilà and headless Chromium: every tool attached with its chart drawn, controls reach the
workbook and are shown again after a reload, the page is clean."""

import pytest

NAME = "03_multichannel_integration.ipynb"
pytestmark = pytest.mark.browser

# tool -> plotly elements that only exist once its traces are drawn
CHARTS = {".pcrm-channel-inventory": ".scatterlayer .trace .point", ".pcrm-journey-sankey": ".sankey-link",
          ".pcrm-attribution": ".bars path", ".pcrm-standards": ".heatmaplayer image",
          ".pcrm-cost-to-serve": ".scatterlayer .trace path.js-line", ".pcrm-migration": ".bars path"}


def test_channel_tools_respond_and_keep_their_inputs(workbook_value, assert_tools_drawn, open_notebook,
                                                     screenshot, assert_page_clean,
                                                     reload_notebook):
    from playwright.sync_api import expect

    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-migration")
    assert_tools_drawn(page, {tool: f".plot-container {mark}" for tool, mark in CHARTS.items()})
    # figures and tables as a manager reads them
    expect(page.locator(".pcrm-inventory-table")).to_contain_text("$92.00")
    expect(page.locator(".pcrm-attribution-table")).to_contain_text("Markov (removal effects)")
    expect(page.locator(".pcrm-cost-table")).to_contain_text("Trade accounts")
    expect(page.locator(".pcrm-standards-table")).to_contain_text("Call centre")
    expect(page.locator(".pcrm-migration-summary")).to_contain_text("Cost to serve saved a year")
    screenshot(page, "03_channels_loaded")
    assert_page_clean(page, kernel_errors)

    # drop-down: the Sankey shows one segment's journeys
    sankey = page.locator(".pcrm-journey-sankey")
    sankey.locator(".pcrm-sankey-segment select").select_option(label="Trade accounts")
    workbook_value("channels.sankey.segment", lambda v: v == "trade")
    expect(sankey.locator(".pcrm-sankey-summary")).to_contain_text("1,516")           # the trade's journeys

    # number box: a unit cost edited in the cost-to-serve tool
    cost = page.locator(".pcrm-cost-to-serve")
    box = cost.locator(".pcrm-unit-cost-sales_force input")
    box.fill("60")
    box.press("Enter")
    workbook_value("channels.cost.unit_costs", lambda v: v.get("sales_force") == 60)

    # drop-downs and a slider: the migration simulator
    migration = page.locator(".pcrm-migration")
    migration.locator(".pcrm-migration-segment select").select_option(label="Trade accounts")
    migration.locator(".pcrm-migration-from select").select_option(label="Trade account managers")
    migration.locator(".pcrm-migration-to select").select_option(label="Call centre")
    workbook_value("channels.migration.to_channel", lambda v: v == "call_centre")
    migration.locator(".pcrm-migration-share .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    expect(migration.locator(".pcrm-migration-share .widget-readout")).to_have_text("55%")
    workbook_value("channels.migration.share", lambda v: abs(v - 0.55) < 1e-9)
    expect(migration.locator(".pcrm-migration-table")).to_contain_text("Trade accounts")
    screenshot(page, "03_channels_after_interaction")
    assert_page_clean(page, kernel_errors)

    # reload: a new kernel runs the notebook again and every tool restores its inputs from the workbook
    reload_notebook(page)
    page.wait_for_selector(".pcrm-migration", timeout=60_000)
    expect(page.locator(".pcrm-sankey-segment select")).to_have_value("Trade accounts")
    expect(page.locator(".pcrm-unit-cost-sales_force input")).to_have_value("60")
    expect(page.locator(".pcrm-migration-share .widget-readout")).to_have_text("55%")
    expect(page.locator(".pcrm-migration-from select")).to_have_value("Trade account managers")
    screenshot(page, "03_channels_reloaded")
    assert_page_clean(page, kernel_errors)
