"""A phone-sized participant page and the facilitator's projector page side by side, in headless Chromium.

Screenshots go to ``test-artifacts/screens/workshop-*.png``.
"""
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, Device, workshop_load

from paynecrm_kernel.workshop import QUESTIONS, live_design

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
SCREENS = ROOT / "test-artifacts" / "screens"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    profile = tempfile.mkdtemp(prefix="pcrm-workshop-chromium-")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
            shutil.rmtree(profile, ignore_errors=True)


def _context(browser, **options):
    ctx = browser.new_context(**options)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    ctx.set_default_timeout(20_000)
    return ctx


def _room(server, n=11):
    """A room that has already answered everything (through HTTP, as phones do)."""
    rng, design = random.Random(7), live_design()
    for i in range(n):
        phone = Device(server)
        phone.join(f"Guest {i}", ["North", "South", "East"][i % 3])
        for q in QUESTIONS:
            assert phone.answer(q.id, workshop_load.make_answer(q, rng, design)).json()["ok"], q.id


def test_an_answer_on_a_phone_appears_on_the_projector(server, chromium):
    SCREENS.mkdir(parents=True, exist_ok=True)
    _room(server)
    projector = _context(chromium, viewport={"width": 1600, "height": 900})
    phone = _context(chromium, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                     has_touch=True)
    try:
        board = projector.new_page()
        board.goto(f"{server.base}/facilitator?token={server.facilitator_token()}")
        board.get_by_role("button", name="Where does our idea of CRM sit").click()
        board.locator("#reveal").click()
        board.wait_for_selector("svg.chart circle.marker")
        before = board.locator("circle.marker").count()
        board.screenshot(path=str(SCREENS / "workshop-projector-continuum.png"))

        page = phone.new_page()
        page.goto(f"{server.base}/?code={server.code}")
        page.screenshot(path=str(SCREENS / "workshop-phone-join.png"))
        page.fill("input[name=name]", "Fatima")
        page.fill("input[name=team]", "North")
        page.get_by_role("button", name="Join", exact=True).click()
        page.wait_for_selector(".personal-code")
        page.screenshot(path=str(SCREENS / "workshop-phone-home.png"), full_page=True)
        page.get_by_role("link", name="Overview: what CRM means to us").click()
        form = page.locator("form[id='overview.continuum']")
        for i, rating in enumerate([1, 2, 1, 3, 3, 2, 5, 4, 5], start=1):
            form.locator(f"input[name=s{i}][value='{rating}']").check(force=True)
        page.screenshot(path=str(SCREENS / "workshop-phone-continuum.png"))
        form.get_by_role("button", name="Save my answer").click()
        assert form.locator(".status").inner_text(timeout=10_000) in ("Saved ✓", "Saving…")
        form.locator(".status.ok").wait_for()
        # the board shows it without a reload (how fast, for a room of 40, is test_workshop_load's concern)
        sync_api.expect(board.locator("circle.marker")).to_have_count(before + 1, timeout=5_000)
        assert page.locator("main").bounding_box()["width"] <= 390                # nothing wider than the phone

        page.reload()
        assert page.locator("form[id='overview.continuum'] input[name=s7][value='5']").is_checked()
        page.get_by_role("link", name="All chapters").click()
        page.get_by_role("link", name="Value creation").click()
        page.screenshot(path=str(SCREENS / "workshop-phone-conjoint.png"))
        page.goto(f"{server.base}/c/performance")
        page.locator("form[id='performance.nps'] input[name=score][value='9']").check(force=True)
        page.locator("form[id='performance.nps'] button").click()
        page.locator("form[id='performance.nps'] .status.ok").wait_for()
        page.screenshot(path=str(SCREENS / "workshop-phone-performance.png"), full_page=True)

        for title, name, expected in [("Where are we on the CRM strategy matrix", "matrix", "Group centre"),
                                      ("How intense are the competitive forces", "forces", "strongest first"),
                                      ("Where should after-sales service", "channels", "Wilson intervals"),
                                      ("Would our customers recommend us", "nps", "adjusted Wald"),
                                      ("What would make our CRM more strategic", "ideas", "grouped by the words"),
                                      ("Which offer would you buy", "conjoint", "Pooled part-worths"),
                                      ("How mature is our CRM", "maturity", "Mean stage")]:
            board.get_by_role("button", name=title).click()
            board.locator("#reveal").click()
            sync_api.expect(board.locator("#result")).to_contain_text(expected)
            board.screenshot(path=str(SCREENS / f"workshop-projector-{name}.png"))
    finally:
        projector.close()
        phone.close()
