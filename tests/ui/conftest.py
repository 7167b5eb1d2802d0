"""Browser tests: Voilà serves ``notebooks/`` on a free port and headless Chromium drives the apps.

Fixtures
--------
voila_server
    Session: the running server, with ``base_url``, ``workbook`` (the temp workbook file the kernels use)
    and ``log`` (path of the server log).
voila_base_url
    Session: ``http://127.0.0.1:<port>``.
browser_context
    Session: a Playwright Chromium context (Debian's chromium), limited to the loopback address.
charts_revealed
    Function ``reveal(page)``: scrolls every chart into view and waits until each has drawn.
open_notebook
    Function ``open_notebook(name) -> (page, kernel_errors)``: opens ``/voila/render/<name>``, waits for the
    widgets, and collects every ``"msg_type": "error"`` frame of the kernel websocket into ``kernel_errors``.
screenshot
    Function ``screenshot(page, name)``: draws every chart (see :func:`reveal_charts`), then saves
    ``test-artifacts/screens/<name>.png`` (full page).
assert_page_clean
    Function ``check(page, kernel_errors)``: no error output, traceback or raw repr on the page, no kernel
    error message.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from paynecrm_kernel.serving import voila_command, voila_env

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENS = ROOT / "test-artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
_ERROR_FRAME = re.compile(r'"msg_type":\s*"error"')



def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port, proc, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.3)
    return False


class VoilaServer:
    """A Voilà server started for the test session (see :func:`voila_server`)."""

    def __init__(self, base_url, workbook, log, proc):
        self.base_url, self.workbook, self.log, self.proc = base_url, workbook, log, proc

    def log_text(self):
        return Path(self.log).read_text(errors="replace")


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    pytest.importorskip("playwright")
    tmp = tmp_path_factory.mktemp("voila")
    workbook = tmp / "workbook.json"
    log = tmp / "voila.log"
    port = _free_port()
    env = voila_env(dict(os.environ, PAYNECRM_WORKBOOK=str(workbook), PYTHONUNBUFFERED="1"))
    cmd = voila_command(NOTEBOOKS, port)                               # as `paynecrm serve` runs it
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT),
                                start_new_session=True)
    try:
        if not _wait_for_port(port, proc):
            raise RuntimeError(f"Voilà did not start; log:\n{log.read_text(errors='replace')[-3000:]}")
        yield VoilaServer(f"http://127.0.0.1:{port}", workbook, log, proc)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.fixture(scope="session")
def voila_base_url(voila_server):
    return voila_server.base_url


@pytest.fixture(scope="session")
def browser_context(voila_server):
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="pcrm-chromium-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 1000})
        ctx.route("**/*", lambda r: r.continue_()
                  if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else r.abort())
        ctx.set_default_timeout(30_000)
        try:
            yield ctx
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


def _watch_kernel_errors(page, errors):
    def on_ws(ws):
        def on_frame(frame):
            text = frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
            if _ERROR_FRAME.search(text):
                errors.append(text[:2000])
        ws.on("framereceived", on_frame)
    page.on("websocket", on_ws)


# Voilà streams each output as a script element that its frontend replaces with the rendered output; the page
# is ready when none is left and every widget output holds a rendered view (or an error, which the checks catch).
_ALL_VIEWS_RENDERED = """() => document.readyState === 'complete'
  && !document.querySelector('script[type="application/vnd.voila.cell-output+json"]')
  && Array.from(document.querySelectorAll('.jp-OutputArea-output')).every(
       o => !o.dataset.mimeType || !o.dataset.mimeType.includes('widget-view') || o.querySelector('.jupyter-widgets')
            || /Error displaying widget/.test(o.textContent))"""


def wait_for_widgets(page, selector=".jupyter-widgets", timeout=180_000):
    """Wait until Voilà has executed the notebook and rendered every widget view."""
    page.wait_for_selector(selector, timeout=timeout)
    page.wait_for_function(_ALL_VIEWS_RENDERED, polling=100, timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)


_SCROLL_THROUGH = """async ([selector, pause]) => {
    const found = Array.from(document.querySelectorAll(selector)).filter(e => e.offsetParent !== null);
    for (const element of found) {
        element.scrollIntoView({block: 'center'});
        await new Promise(resolve => setTimeout(resolve, pause));
    }
    return found.length;
}"""
_SCROLL_TO_TOP = "() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })"


def reveal_charts(page, timeout=30_000):
    """Scroll every visible chart into view (charts are drawn on first sight) and wait until all have drawn."""
    count = page.evaluate(_SCROLL_THROUGH, [".pcrm-chart", 60])
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.pcrm-chart'))
        .filter(c => c.offsetParent !== null).every(c => c.querySelector('.plot-container'))""",
                           polling=200, timeout=timeout)
    page.evaluate(_SCROLL_TO_TOP)
    return count


def reveal_tools(page, timeout=60_000):
    """Scroll every tool built on demand into view and wait until all are built; return how many there were."""
    count = page.evaluate(_SCROLL_THROUGH, [".pcrm-on-demand:not(.pcrm-on-demand-built)", 100])
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.pcrm-on-demand'))
        .every(p => p.classList.contains('pcrm-on-demand-built'))""", polling=200, timeout=timeout)
    wait_for_widgets(page, timeout=timeout)
    page.evaluate(_SCROLL_TO_TOP)
    return count


@pytest.fixture
def open_notebook(browser_context, voila_base_url):
    pages = []

    def _open(name, ready_selector=".jupyter-widgets", viewport=None, reveal=True):
        """Open a notebook; unless ``reveal`` is false, scroll through it so that every tool is built."""
        page = browser_context.new_page()
        if viewport:
            page.set_viewport_size(viewport)
        errors = []
        _watch_kernel_errors(page, errors)
        page.goto(f"{voila_base_url}/voila/render/{name}", timeout=180_000)
        wait_for_widgets(page)
        if reveal:
            reveal_tools(page)
        page.wait_for_selector(ready_selector, timeout=60_000)
        pages.append(page)
        return page, errors

    yield _open
    for page in pages:
        page.close()


@pytest.fixture
def reload_notebook():
    """Function ``reload(page)``: reload the app, wait for its widgets and build the tools shown on demand."""
    def _reload(page):
        page.reload(timeout=180_000)
        wait_for_widgets(page)
        reveal_tools(page)
    return _reload


@pytest.fixture
def charts_revealed():
    """Function ``reveal(page) -> int``: :func:`reveal_charts` (how many charts were scrolled into view)."""
    return reveal_charts


@pytest.fixture
def screenshot():
    SCREENS.mkdir(parents=True, exist_ok=True)

    def _shot(page, name):
        reveal_charts(page)
        # Voila's page scrolls inside a container, so a "full page" shot would show one screen only: grow
        # the viewport to the content's height for the shot, then restore it.
        path = SCREENS / f"{name}.png"
        size = page.viewport_size
        height = page.evaluate(
            "() => Math.max(document.body.scrollHeight, ...Array.from(document.querySelectorAll('*'))"
            ".filter(e => e.scrollHeight > e.clientHeight + 10).map(e => e.scrollHeight))")
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 16000)})
        try:
            page.wait_for_timeout(500)
            page.screenshot(path=str(path), full_page=True)
        finally:
            page.set_viewport_size(size)
        return path

    return _shot


@pytest.fixture
def assert_page_clean():
    """Function ``check(page, kernel_errors)``: no error or stderr output, no traceback text, no raw
    object repr, ``NaN``, ``inf``, dict or DataFrame repr on the page, and no error message on the kernel
    websocket."""
    def _check(page, kernel_errors):
        assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, \
            page.locator("[data-mime-type='application/vnd.jupyter.stderr']").first.inner_text()
        body = page.inner_text("body")
        assert not re.search(r"Traceback|Error at server|There was an error|Error displaying widget", body), \
            body[:2000]
        assert not re.search(r"<[\w.]+(?: object)? at 0x[0-9a-fA-F]+>", body)
        raw = re.search(r"\bNaN\b|\bnan\b|\binf\b|dtype: \w+|\w+\(value=|\{'[^']*': |\[\d+ rows x \d+ columns\]", body)
        assert raw is None, f"a raw value or repr on the page: {body[max(raw.start() - 80, 0):raw.end() + 80]!r}"
        assert kernel_errors == [], kernel_errors[:2]
    return _check


@pytest.fixture
def workbook_value(voila_server):
    """Function ``value(key, check, timeout=30)``: wait until the served workbook holds a value under ``key`` for
    which ``check(value)`` is true, and return it (saves follow the controls' changes)."""
    def _value(key, check, timeout=30):
        deadline, value = time.monotonic() + timeout, None
        while time.monotonic() < deadline:
            try:
                value = json.loads(voila_server.workbook.read_text())["entries"].get(key)
                if value is not None and check(value):
                    return value
            except (FileNotFoundError, json.JSONDecodeError, KeyError):
                pass
            time.sleep(0.3)
        raise AssertionError(f"the workbook holds {value!r} under {key!r}")
    return _value


def wait_count(locator, timeout=30):
    """How many elements ``locator`` finds, once it finds any or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while locator.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.3)
    return locator.count()


@pytest.fixture
def count_when_present():
    """Function ``count(locator, timeout=30)``: see :func:`wait_count`."""
    return wait_count


def check_tools_drawn(page, drawn, revealed_at_least=None):
    """Assert that every tool of ``drawn`` (tool selector -> selector of what it draws, inside it) is on the
    page and has drawn its result, once the charts are scrolled into view (at least ``revealed_at_least`` of
    them, default one per tool)."""
    from playwright.sync_api import expect

    for tool in drawn:
        expect(page.locator(tool)).to_be_attached()
    assert reveal_charts(page) >= (len(drawn) if revealed_at_least is None else revealed_at_least)
    for tool, mark in drawn.items():
        assert wait_count(page.locator(f"{tool} {mark}")) > 0, f"{tool} has drawn nothing"


@pytest.fixture
def assert_tools_drawn():
    """Function ``check(page, drawn, revealed_at_least=None)``: see :func:`check_tools_drawn`."""
    return check_tools_drawn
