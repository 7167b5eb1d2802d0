"""A save that fails is shown to the person who typed, stays shown, and the typed text stays on the page."""
import time

import pytest

pytestmark = pytest.mark.browser


def test_a_failed_save_stays_visible_until_a_save_succeeds(open_notebook, voila_server, screenshot):
    from playwright.sync_api import expect

    page, _kernel_errors = open_notebook("01_strategy_development.ipynb", ready_selector=".pcrm-vision",
                                         reveal=False)
    field = page.locator(".pcrm-vision-vision textarea")
    good = voila_server.workbook.read_bytes() if voila_server.workbook.exists() else None
    voila_server.workbook.write_text("{ not a workbook")          # the file is damaged while the page is open
    try:
        field.fill("Be the first call for home furnishing")
        message = page.locator(".pcrm-vision").get_by_text("Not saved")
        expect(message).to_be_visible(timeout=20_000)
        time.sleep(2)                                                # a redraw does not take it away
        expect(message).to_be_visible()
        expect(field).to_have_value("Be the first call for home furnishing")   # nothing typed is lost
        screenshot(page, "save_failure_shown")
    finally:
        if good is None:                                             # repaired
            voila_server.workbook.unlink()
        else:
            voila_server.workbook.write_bytes(good)
    field.fill("Be the first call for home furnishing in every household")
    expect(page.locator(".pcrm-vision").get_by_text("Saved.")).to_be_visible(timeout=20_000)
    expect(page.locator(".pcrm-vision").get_by_text("Not saved")).to_have_count(0)
