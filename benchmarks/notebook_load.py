"""How fast the Voilà apps feel: time to interactive widgets, and widget callback latency.

For every notebook in ``notebooks/`` (or those named on the command line) the script measures,
in headless Chromium (Debian's, through Playwright), the time from ``page.goto`` until the app is
interactive, against a bare notebook with one ``IntSlider`` served the same way (generated in a
temporary directory and served by a second Voilà with the same options: those of ``paynecrm serve``,
pre-heated kernels included). Every page is loaded once before measuring, and after each load the script
waits until both servers and all their kernels are idle, so that Voilà has pre-heated the next kernel, as it
would between two readers (it starts it a few seconds after a reader takes one).
Runs alternate between the baseline and the notebooks, each in a fresh browser context (cold cache), and
medians are compared.

"Interactive" means: the page has loaded, every widget output on the page has rendered its view
(``.jupyter-widgets`` inside each widget-view output), and the kernel has been idle for 0.5 s
(status messages on the kernel websocket); the time taken is the later of the first two events and
the kernel's last transition to idle.

Callback latency: on the first visit to each notebook, before the measured loads, the script first
scrolls to every tool built on demand (tools below the fold are built when they come into view), then
changes a few controls (slider, dropdown, checkbox, toggle, radio button) and times from the input until
the last change of the page outside the control, once the kernel is idle again and the page quiet for a
second. Each control is first scrolled into view and the charts that this brings into view are left to
draw (charts are drawn when they first come into view); the time that takes for the first chart of a page,
plotly.js included, is reported on its own ("first chart drawn on scroll"). The changed controls are saved
as a reader's would be, so every page is visited a second time, which computes what its changed inputs
need, before the loads are measured.

Usage: ``python benchmarks/notebook_load.py [--runs 5] [--readme] [NOTEBOOK ...]``
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import RESULTS, exit_on_sigterm, load_average, machine, replace_section  # noqa: E402

from paynecrm_kernel.serving import REFILL_DELAY, voila_command, voila_env  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
README = Path(__file__).resolve().parent / "README.md"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"]
GOAL = 1.5
_STATUS = re.compile(r'"execution_state":\s*"(busy|idle)"')

# Voila 0.5 streams each output as a <script type="application/vnd.voila.cell-output+json"> that its
# frontend replaces with the rendered output; count the widget views before that happens.
COUNT_JS = """document.addEventListener('DOMContentLoaded', () => {
  const scripts = document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]');
  window.__pcrmExpected = Array.from(scripts).filter(
    s => s.textContent.includes('application/vnd.jupyter.widget-view+json')).length;
}, {once: true});"""

READY_JS = """() => {
  if (document.readyState !== 'complete' || window.__pcrmExpected === undefined) return false;
  if (document.querySelector('script[type="application/vnd.voila.cell-output+json"]')) return false;
  const views = document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
  return views >= window.__pcrmExpected ? {views: views, expected: window.__pcrmExpected} : false;
}"""

OBSERVE_JS = """(control) => {
  window.__pcrmMut = [];
  const root = control.closest('.jupyter-widgets') || control;
  if (window.__pcrmObs) window.__pcrmObs.disconnect();
  window.__pcrmObs = new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (node && root.contains(node)) continue;
      window.__pcrmMut.push(now); break;
    }
  });
  window.__pcrmObs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  return performance.now();
}"""

CONTROLS = [  # (kind, selector)
    ("slider", ".widget-slider:not(.mod-disabled) .noUi-handle"),
    ("dropdown", ".widget-dropdown select:not([disabled])"),
    ("checkbox", ".widget-checkbox input[type=checkbox]:not([disabled])"),
    ("toggle", ".widget-toggle-button:not([disabled])"),
    ("radio", ".widget-radio-box input[type=radio]:not(:checked):not([disabled])"),
]


def baseline_notebook(folder):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import ipywidgets as widgets\n"
        "slider = widgets.IntSlider(value=3, min=0, max=10, description='x')\n"
        "label = widgets.Label('square: 9')\n"
        "slider.observe(lambda change: setattr(label, 'value', f\"square: {change['new'] ** 2}\"), 'value')\n"
        "widgets.VBox([slider, label])")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = Path(folder) / "baseline_slider.ipynb"
    nbformat.write(nb, path)
    return path


class Voila:
    """A Voilà server over one directory, with the options the workbook is served with."""

    def __init__(self, folder, workbook, log, preheat=True):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = voila_env(dict(os.environ, PAYNECRM_WORKBOOK=str(workbook), PYTHONUNBUFFERED="1"))
        cmd = voila_command(folder, self.port)          # exactly as `paynecrm serve` runs it
        if not preheat:                                 # the same, with pre-heated kernels switched off
            cmd = [("--preheat_kernel=False" if arg == "--preheat_kernel=True" else arg) for arg in cmd]
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=str(ROOT),
                                     start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"Voilà did not start over {folder}; see {log}")

    def cpu_seconds(self):
        """CPU time used so far by the server and its kernels."""
        total = 0.0
        for proc in [psutil.Process(self.proc.pid)] + psutil.Process(self.proc.pid).children(recursive=True):
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def url(self, name):
        return f"http://127.0.0.1:{self.port}/voila/render/{name}"

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


class KernelStatus:
    """Last kernel status seen on the page's websockets, with the time of the last change to idle."""

    def __init__(self, page):
        self.state, self.idle_since = "idle", time.perf_counter()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, frame):
        text = frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
        for state in _STATUS.findall(text):
            if state == "idle" and self.state != "idle":
                self.idle_since = time.perf_counter()
            self.state = state

    def wait_quiet(self, page, quiet=0.5, timeout=120.0):
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.state == "idle" and time.perf_counter() - self.idle_since >= quiet:
                return self.idle_since
            page.wait_for_timeout(50)
        raise TimeoutError("kernel did not become idle")


def wait_until_idle(servers, window=1.0, busy=0.1, timeout=180.0):
    """Wait until the servers and their kernels together use less than ``busy`` CPU seconds per ``window``.

    After a load Voilà starts a new kernel for the pool and runs its first cells; the next load must not
    compete with that, as a reader arriving later would not.
    """
    deadline = time.monotonic() + timeout
    used = sum(s.cpu_seconds() for s in servers)
    while time.monotonic() < deadline:
        time.sleep(window)
        now = sum(s.cpu_seconds() for s in servers)
        if now - used < busy:
            return
        used = now
    raise TimeoutError(f"the Voilà servers were still busy after {timeout:.0f} s")


def open_app(browser, url, timeout=240.0):
    """Open ``url`` in a fresh context; returns (context, page, status, seconds to interactive)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx.route("**/*", lambda r: r.continue_()
              if r.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else r.abort())
    ctx.add_init_script(COUNT_JS)
    page = ctx.new_page()
    status = KernelStatus(page)
    t0 = time.perf_counter()
    page.goto(url, timeout=timeout * 1000)
    page.wait_for_function(READY_JS, polling=25, timeout=timeout * 1000)
    t_dom = time.perf_counter()
    t_idle = status.wait_quiet(page)
    open_app.last = {"widgets_rendered": t_dom - t0, "kernel_idle": t_idle - t0}
    return ctx, page, status, max(t_dom, t_idle) - t0


def _interact(page, kind, el):
    if kind == "slider":
        el.focus()
        page.keyboard.press("ArrowRight")
    elif kind == "dropdown":
        options = el.evaluate("s => Array.from(s.options).map(o => o.value)")
        current = el.evaluate("s => s.value")
        other = next((o for o in options if o != current), None)
        if other is None:
            return False
        el.select_option(other)
    else:
        el.click()
    return True


CHARTS_IN_VIEW_DRAWN_JS = """() => Array.from(document.querySelectorAll('.pcrm-chart')).filter(c => {
    const r = c.getBoundingClientRect();
    return c.offsetParent !== null && r.bottom > 0 && r.top < window.innerHeight;
  }).every(c => c.querySelector('.plot-container'))"""


def _settle_after_scroll(page, status, timeout=30.0):
    """Wait until the charts a scroll brought into view have drawn and the kernel is idle again."""
    page.wait_for_timeout(100)
    page.wait_for_function(CHARTS_IN_VIEW_DRAWN_JS, polling=50, timeout=timeout * 1000)
    status.wait_quiet(page, quiet=0.3, timeout=timeout)


def build_tools_on_demand(page, status, timeout=60.0):
    """Scroll to every tool that is built on demand and wait until all are built (so callbacks can be timed)."""
    page.evaluate("""async () => {
        for (const p of document.querySelectorAll('.pcrm-on-demand:not(.pcrm-on-demand-built)')) {
            p.scrollIntoView({block: 'center'});
            await new Promise(resolve => setTimeout(resolve, 100));
        }
    }""")
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.pcrm-on-demand'))
        .every(p => p.classList.contains('pcrm-on-demand-built'))""", polling=100, timeout=timeout * 1000)
    status.wait_quiet(page, quiet=0.5, timeout=timeout)
    page.evaluate("() => document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })")


def first_chart_on_scroll(page, status, timeout=30.0):
    """Seconds from scrolling the first not-yet-drawn chart into view until it is drawn (None if none)."""
    found = page.evaluate("""() => {
        const chart = Array.from(document.querySelectorAll('.pcrm-chart')).find(
            c => c.offsetParent !== null && !c.querySelector('.plot-container'));
        if (chart) chart.setAttribute('data-pcrm-first-chart', '');
        return Boolean(chart);
    }""")
    if not found:
        return None
    chart = page.query_selector("[data-pcrm-first-chart]")
    t0 = time.perf_counter()
    chart.scroll_into_view_if_needed()
    chart.wait_for_selector(".plot-container", timeout=timeout * 1000)
    seconds = time.perf_counter() - t0
    status.wait_quiet(page, quiet=0.3, timeout=timeout)
    return seconds


def callback_latencies(page, status, per_kind=1, quiet_ms=1000, timeout=20.0):
    """Change up to ``per_kind`` controls of each kind; returns a list of (control, seconds or None)."""
    out = []
    for kind, selector in CONTROLS:
        handles = [h for h in page.query_selector_all(selector) if h.is_visible()][:per_kind]
        for i, el in enumerate(handles):
            el.scroll_into_view_if_needed()
            _settle_after_scroll(page, status)           # charts coming into view draw first; not the callback
            t0 = page.evaluate(OBSERVE_JS, el)
            if not _interact(page, kind, el):
                continue
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                page.wait_for_timeout(100)
                last = page.evaluate("() => window.__pcrmMut.length ? window.__pcrmMut.at(-1) : null")
                now = page.evaluate("() => performance.now()")
                quiet = now - (last if last is not None else t0) >= quiet_ms
                if quiet and status.state == "idle":
                    break
            last = page.evaluate("() => window.__pcrmMut.length ? window.__pcrmMut.at(-1) : null")
            out.append((f"{kind} {i + 1}", None if last is None else (last - t0) / 1000))
    return out


def measure(names, runs, workbook_dir, settle=REFILL_DELAY + 1, preheat=True):
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="pcrm-bench-", dir=workbook_dir))
    (tmp / "baseline").mkdir()
    baseline = baseline_notebook(tmp / "baseline")
    servers = {"baseline": Voila(baseline.parent, tmp / "wb-baseline.json", tmp / "voila-baseline.log", preheat),
               "notebooks": Voila(NOTEBOOKS, tmp / "wb-notebooks.json", tmp / "voila-notebooks.log", preheat)}
    targets = [("baseline", servers["baseline"].url(baseline.name))] + \
              [(n, servers["notebooks"].url(n)) for n in names]
    loads = {name: [] for name, _ in targets}
    latency, errors, first_chart = {}, {}, {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            # warm-up, twice over every page: the first visit also times the callbacks, whose changes are
            # saved as a reader's would be; the second computes what those changed inputs need, so that the
            # measured loads are those of a page whose inputs an earlier page already computed
            for warm_up in ("callbacks", "changed inputs"):
                for name, url in targets:
                    try:
                        ctx, page, status, _seconds = open_app(browser, url)
                        if warm_up == "callbacks":
                            build_tools_on_demand(page, status)
                            first_chart[name] = first_chart_on_scroll(page, status)
                            latency[name] = callback_latencies(page, status)
                    except Exception as exc:
                        errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                        continue
                    ctx.close()
                    time.sleep(settle)
                    wait_until_idle(servers.values())
            for run in range(runs):
                for name, url in targets:
                    try:
                        ctx, page, status, seconds = open_app(browser, url)
                    except Exception as exc:
                        errors[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
                        continue
                    loads[name].append(seconds)
                    ctx.close()
                    time.sleep(settle)              # Voilà starts refilling the pool only after a delay
                    wait_until_idle(servers.values())
                    print(f"run {run + 1}: {name}: {seconds:.2f} s (widgets rendered at "
                          f"{open_app.last['widgets_rendered']:.2f} s, kernel idle from "
                          f"{open_app.last['kernel_idle']:.2f} s)", flush=True)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    return loads, latency, errors, first_chart


def table(result):
    base = statistics.median(result["loads"]["baseline"]) if result["loads"]["baseline"] else None
    lines = ["| notebook | time to interactive (median) | runs | ratio to bare slider | goal ≤1.5x | "
             "slowest callback | callbacks measured | first chart drawn on scroll |", "|---|---|---|---|---|---|---|---|"]
    for name, values in result["loads"].items():
        med = statistics.median(values) if values else None
        ratio = med / base if med and base else None
        lat = [s for _, s in result["latency"].get(name, []) if s is not None]
        slowest = max(result["latency"].get(name, []), key=lambda x: x[1] or 0, default=None)
        slow_txt = f"{slowest[1] * 1000:.0f} ms ({slowest[0]})" if slowest and slowest[1] else "–"
        verdict = "" if name == "baseline" or ratio is None else ("PASS" if ratio <= GOAL else "FAIL")
        med_txt = f"{med:.2f} s" if med else result["errors"].get(name, "–")
        chart = result.get("first_chart", {}).get(name)
        chart_txt = f"{chart * 1000:.0f} ms" if chart else "–"
        lines.append(f"| {name} | {med_txt} | {len(values)} | {f'{ratio:.2f}x' if ratio else '–'} | {verdict} | "
                     f"{slow_txt} | {len(lat)} | {chart_txt} |")
    return "\n".join(lines)


def main(argv=None):
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    parser = argparse.ArgumentParser(description="Voilà time to interactive and callback latency")
    parser.add_argument("notebooks", nargs="*", help="notebook file names in notebooks/ (default: all)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle", type=float, default=REFILL_DELAY + 1,
                        help="seconds to wait after each load before waiting for the servers to be idle "
                             "(Voilà starts pre-heating the next kernel after a delay)")
    parser.add_argument("--no-preheat", action="store_true",
                        help="serve without pre-heated kernels, to measure what pre-heating buys")
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    parser.add_argument("--readme-section", default="voila-results",
                        help="README section (between <!-- NAME:start/end --> markers) to write")
    args = parser.parse_args(argv)
    names = [Path(name).name for name in args.notebooks] or sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    missing = [name for name in names if not (NOTEBOOKS / name).is_file()]
    if missing:
        parser.error(f"not a notebook in {NOTEBOOKS.relative_to(ROOT)}/: {', '.join(missing)}")
    started = dt.datetime.now()
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="pcrm-voila-bench-") as tmp:
        loads, latency, errors, first_chart = measure(names, args.runs, tmp, args.settle, not args.no_preheat)
    result = {"started": started.isoformat(timespec="seconds"), "machine": machine(), "runs": args.runs,
              "preheat": not args.no_preheat,
              "load_before": load_before, "load_after": load_average(),
              "loads": loads, "latency": latency, "errors": errors, "first_chart": first_chart}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"voila_{started:%Y%m%d_%H%M%S}.json").write_text(json.dumps(result, indent=1))
    text = table(result)
    print(text)
    for name, err in errors.items():
        print(f"{name}: {err}")
    if args.readme:
        head = (f"Run of {result['started']}, pre-heated kernels {'on' if result['preheat'] else 'off'}: "
                f"{args.runs} runs per notebook, alternating, fresh browser context "
                f"each (cold cache). Machine: {result['machine']}; load average {load_before:.2f} before, "
                f"{result['load_after']:.2f} after.\n\n")
        replace_section(README, args.readme_section, head + text)


if __name__ == "__main__":
    main()
