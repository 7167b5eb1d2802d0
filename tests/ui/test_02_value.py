"""Notebook 02 in Voilà and headless Chromium: renders cleanly, a participant's rating reaches the workbook,
the facilitator pools it, and the tools respond."""
import json
import time

import pytest

NAME = "02_value_creation.ipynb"
pytestmark = pytest.mark.browser


def _saved(voila_server, prefix, timeout=20):
    """Wait until the workbook file holds a key starting with ``prefix``; return {key: value}."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            entries = json.loads(voila_server.workbook.read_text())["entries"]
            found = {k: v for k, v in entries.items() if k.startswith(prefix)}
            if found:
                return found
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"nothing under {prefix!r} was saved to the workbook")


# tool -> plotly elements that only exist once its traces are drawn (bars, lines/markers, heatmap image)
CHARTS = {
    ".pcrm-conjoint-analysis": ".bars path", ".pcrm-preference-simulator": ".bars path",
    ".pcrm-acquisition": ".bars path", ".pcrm-simple-clv": ".scatterlayer .trace path.js-line",
    ".pcrm-retention-whatif": ".bars path", ".pcrm-sbg": ".scatterlayer .trace path.js-line",
    ".pcrm-clv-explorer": ".bars path", ".pcrm-customer-equity": ".bars path",
    ".pcrm-blattberg-deighton": ".heatmaplayer image",
}


def _assert_charts_drawn(page, reveal):
    """Every tool's chart has drawn traces (an empty plotly figure has axes but no bars, lines or images)."""
    assert reveal(page) >= len(CHARTS)           # charts are drawn when they come into view
    for tool, mark in CHARTS.items():
        expect_count = page.locator(f"{tool} .plot-container {mark}")   # any instance (the live one starts empty)
        deadline = time.monotonic() + 30
        while expect_count.count() == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert expect_count.count() > 0, f"the chart of {tool} is empty (no {mark!r})"


def test_value_creation_renders_and_pools_live_ratings(open_notebook, screenshot, assert_page_clean, voila_server,
                                                       charts_revealed):
    from playwright.sync_api import expect

    page, kernel_errors = open_notebook(NAME, ready_selector=".pcrm-preference-simulator")
    for css in (".pcrm-proposition", ".pcrm-conjoint-editor", ".pcrm-rating-form", ".pcrm-conjoint-analysis",
                ".pcrm-preference-simulator", ".pcrm-acquisition", ".pcrm-simple-clv", ".pcrm-retention-whatif",
                ".pcrm-sbg", ".pcrm-segment-source", ".pcrm-clv-explorer", ".pcrm-customer-equity",
                ".pcrm-blattberg-deighton"):
        expect(page.locator(css).first).to_be_attached()
    _assert_charts_drawn(page, charts_revealed)
    # the segments come from the strategy chapter when it has saved a choice (it has, when its browser test ran
    # first on this server's workbook), else from the sample company; the box must say which
    entries = json.loads(voila_server.workbook.read_text())["entries"] if voila_server.workbook.exists() else {}
    chosen = entries.get("strategy.decisions.granularity") or entries.get("strategy.granularity.choice")
    expect(page.locator(".pcrm-segment-source")).to_contain_text(
        f"The segments of record: {chosen or 'macro'} granularity")
    expect(page.locator(".pcrm-segment-value")).to_contain_text("Forecast error, one fit")
    expect(page.locator(".pcrm-acquisition")).to_contain_text("Main segment acquired")
    expect(page.locator(".pcrm-customer-equity")).to_contain_text("5-year value from the segment models")
    expect(page.locator(".pcrm-sbg")).to_contain_text("DEL (months)")
    expect(page.locator(".pcrm-critique")).to_contain_text("thought experiment")
    # a change of proposition reaches retention too: the builder shows the renewal route once section 3 has run
    expect(page.locator(".pcrm-proposition-renewal")).to_contain_text("choose again at renewal", timeout=30_000)
    expect(page.locator(".pcrm-proposition-renewal")).to_contain_text("Customers kept a year")
    # the facilitator notes are there, one per major step, and closed until opened
    notes = page.locator("details.pcrm-facilitator")
    assert notes.count() == 10 and page.locator("details.pcrm-facilitator[open]").count() == 0
    expect(notes.first.locator("p").first).not_to_be_visible()
    notes.first.locator("summary").click()
    expect(notes.first).to_contain_text("Ask the room")
    screenshot(page, "02_value_loaded")
    assert_page_clean(page, kernel_errors)

    # a participant submits their ratings: they land in the shared workbook under their respondent id
    form = page.locator(".pcrm-rating-form")
    respondent = form.locator(".pcrm-respondent-id").inner_text().strip()
    form.locator(".pcrm-rating-submit").click()                  # nothing rated yet: nothing is recorded
    expect(form).to_contain_text("Only the offers you rated are counted")
    sliders = form.locator("input.pcrm-rating-input")
    for i in range(sliders.count()):
        sliders.nth(i).fill(str(i % 11))
    form.locator(".pcrm-rating-submit").click()
    expect(form.locator(".pcrm-rating-progress")).to_contain_text("Rated 18 of 18")
    saved = _saved(voila_server, f"value.conjoint.ratings.{respondent}")
    assert len(next(iter(saved.values()))["ratings"]) == 18

    # the facilitator pools them: the live analysis now counts one respondent
    live = page.locator(".pcrm-conjoint-analysis").first
    live.locator(".pcrm-conjoint-update").click()
    expect(live.locator(".pcrm-conjoint-status")).to_contain_text("1 respondents")

    # the periods-used-to-fit slider refits the curves: the error table moves to the new split
    sbg = page.locator(".pcrm-sbg")
    expect(sbg.locator(".pcrm-sbg-errors")).to_contain_text("periods 5–12")
    sbg.locator(".pcrm-sbg-periods .noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(sbg.locator(".pcrm-sbg-errors")).to_contain_text("periods 7–12")
    assert sbg.locator(".scatterlayer .trace").count() >= 4

    # the simple-CLV tool states its convention and the proposition builder saves what is typed
    expect(page.locator(".pcrm-simple-clv")).to_contain_text("convention A")
    page.locator(".pcrm-proposition textarea").first.fill("Next-day delivery with a named account manager")
    _saved(voila_server, "value.propositions.")
    screenshot(page, "02_value_after_rating")
    assert_page_clean(page, kernel_errors)


def test_the_first_screen_tool_is_built_for_the_reader_without_being_seen(open_notebook, assert_page_clean):
    """The proposition builder, the page's first tool, is built the moment the reader arrives, not when seen."""
    from playwright.sync_api import expect

    height = 120
    page, kernel_errors = open_notebook(NAME, viewport={"width": 1400, "height": height}, reveal=False)
    builder = page.locator(".pcrm-proposition")
    expect(builder).to_be_attached()
    reach = height + 400                       # placeholders are built when they come within 400 px
    assert builder.evaluate("e => e.getBoundingClientRect().top") > reach, "the builder was in view"
    assert page.locator(".pcrm-conjoint-editor").count() == 0      # further down: still a placeholder
    assert_page_clean(page, kernel_errors)
