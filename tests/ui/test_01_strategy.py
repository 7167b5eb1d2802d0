"""Notebook 01 in Voilà and headless Chromium: renders cleanly, every tool responds to its controls, the inputs
reach the workbook and are still there after a reload."""
import json
import time

import pytest

NAME = "01_strategy_development.ipynb"
pytestmark = pytest.mark.browser

TOOLS = (".pcrm-vision", ".pcrm-five-forces", ".pcrm-six-markets", ".pcrm-rfm", ".pcrm-pyramid",
         ".pcrm-segments", ".pcrm-granularity")
# tool -> plotly elements that only exist once its traces are drawn
CHARTS = {".pcrm-five-forces": ".scatterlayer .trace path", ".pcrm-six-markets": ".scatterlayer .trace path",
          ".pcrm-rfm": ".heatmaplayer image", ".pcrm-pyramid": ".bars path",
          ".pcrm-segments": ".scatterlayer .trace path.js-line", ".pcrm-granularity": ".bars path"}
VISION = "Be the first call for home furnishing in every household we serve"
WHY = "Micro segments: most of the value explained at a cost we can manage"


def _saved(voila_server, key, expected, timeout=20):
    """True once the workbook file holds ``expected`` under ``key`` (saves follow the controls' changes)."""
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


def _wait_count(locator, timeout=30):
    deadline = time.monotonic() + timeout
    while locator.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.3)
    return locator.count()


def _press(page, handle, key, times):
    handle.focus()
    for _ in range(times):
        page.keyboard.press(key)


def test_strategy_tools_respond_and_keep_their_inputs(open_notebook, screenshot, assert_page_clean, voila_server,
                                                     charts_revealed, reload_notebook):
    from playwright.sync_api import expect

    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-granularity")
    for css in TOOLS:
        expect(page.locator(css)).to_be_attached()
    assert charts_revealed(page) >= len(CHARTS)            # charts are drawn when they come into view
    for tool, mark in CHARTS.items():
        assert _wait_count(page.locator(f"{tool} .plot-container {mark}")) > 0, f"the chart of {tool} is empty"
    # numbers as a manager reads them
    expect(page.locator(".pcrm-pyramid-table")).to_contain_text("Platinum")
    expect(page.locator(".pcrm-pyramid-headline")).to_contain_text("%")
    expect(page.locator(".pcrm-rfm-table")).to_contain_text("Champions")
    expect(page.locator(".pcrm-segments-table")).to_contain_text("4 segments")
    expect(page.locator(".pcrm-segments-of-record")).to_contain_text("Trade accounts")
    screenshot(page, "01_strategy_loaded")
    assert_page_clean(page, kernel_errors)

    # text: the vision canvas assembles the statement and saves it
    page.locator(".pcrm-vision-vision textarea").fill(VISION)
    expect(page.locator(".pcrm-vision-statement")).to_contain_text(VISION)
    assert _saved(voila_server, "strategy.vision.vision", VISION)

    # sliders: five forces (intensity), RFM bins, pyramid cut, k-means k
    ff = page.locator(".pcrm-five-forces")
    _press(page, ff.locator(".pcrm-ff-now-buyer_power .noUi-handle"), "ArrowRight", 2)
    expect(ff.locator(".pcrm-ff-summary")).to_contain_text("Overall intensity 3.4")
    assert _saved(voila_server, "strategy.five_forces.now_buyer_power", 5)

    rfm = page.locator(".pcrm-rfm")
    _press(page, rfm.locator(".pcrm-rfm-bins .noUi-handle"), "ArrowLeft", 2)
    expect(rfm.locator(".heatmaplayer image")).to_have_count(1)
    assert _saved(voila_server, "strategy.rfm.bins", 3)
    rfm.locator(".pcrm-rfm-colour button", has_text="Value").click()
    expect(rfm.locator(".gtitle")).to_contain_text("Average customer value")

    pyramid = page.locator(".pcrm-pyramid")
    _press(page, pyramid.locator(".pcrm-pyramid-platinum .noUi-handle"), "ArrowLeft", 10)
    expect(pyramid.locator(".pcrm-pyramid-platinum .widget-readout")).to_have_text("10")
    assert _saved(voila_server, "strategy.pyramid.cut_platinum", 10)
    pyramid.locator(".pcrm-pyramid-rule label", has_text="bottom share").click()      # lead = loss-makers by default
    assert _saved(voila_server, "strategy.pyramid.rule", "share")
    pyramid.locator(".pcrm-pyramid-rule label", has_text="loss-making").click()
    assert _saved(voila_server, "strategy.pyramid.rule", "profit_sign")

    seg = page.locator(".pcrm-segments")
    _press(page, seg.locator(".pcrm-segments-k .noUi-handle"), "ArrowRight", 1)
    expect(seg.locator(".pcrm-segments-table")).to_contain_text("5 segments")
    # multiple choice: add a feature
    seg.locator(".pcrm-segments-features select").select_option(
        ["time_since_last", "frequency", "monetary_value", "revenue"])
    assert _saved(voila_server, "strategy.segments.features",
                  ["time_since_last", "frequency", "monetary_value", "revenue"])
    expect(seg.locator(".pcrm-segments-profile")).to_contain_text("revenue")

    # number box, radio buttons and the justification text
    gran = page.locator(".pcrm-granularity")
    cost = gran.locator(".pcrm-granularity-cost input")
    cost.fill("500")
    cost.press("Enter")
    expect(gran.locator(".pcrm-granularity-table")).to_contain_text("$25,000")   # 50 micro cells x $500
    gran.locator(".pcrm-granularity-choice label", has_text="micro").click()
    expect(gran.locator(".pcrm-granularity-summary")).to_contain_text("Chosen: micro")
    gran.locator(".pcrm-granularity-why textarea").fill(WHY)
    assert _saved(voila_server, "strategy.granularity.justification", WHY)
    assert _saved(voila_server, "strategy.granularity.choice", "micro")
    screenshot(page, "01_strategy_after_interaction")
    assert_page_clean(page, kernel_errors)

    # reload: a new kernel runs the notebook again and every tool restores its inputs from the workbook
    reload_notebook(page)
    page.wait_for_selector(".pcrm-granularity", timeout=60_000)
    expect(page.locator(".pcrm-vision-vision textarea")).to_have_value(VISION)
    expect(page.locator(".pcrm-vision-statement")).to_contain_text(VISION)
    expect(page.locator(".pcrm-ff-summary")).to_contain_text("Overall intensity 3.4")
    expect(page.locator(".pcrm-rfm-bins .widget-readout")).to_have_text("3")
    expect(page.locator(".pcrm-pyramid-platinum .widget-readout")).to_have_text("10")
    expect(page.locator(".pcrm-segments-table")).to_contain_text("5 segments")
    expect(page.locator(".pcrm-granularity-why textarea")).to_have_value(WHY)
    expect(page.locator(".pcrm-granularity-summary")).to_contain_text("Chosen: micro")
    screenshot(page, "01_strategy_reloaded")
    assert_page_clean(page, kernel_errors)
