"""Serving the workbook: Voilà over the notebooks, with the guards a shared server needs.

:func:`serve` runs Voilà in a child process (:func:`run_voila`, with the guards of :class:`Limits`) and stops it,
and every kernel it started, on SIGTERM, SIGINT or SIGHUP. The guards: a "server is full" page beyond
``max_pages`` open pages, a memory limit per kernel, a ``Host`` check against DNS rebinding, the XSRF cookie that
lets a closed page shut its kernel down, idle kernels culled, tracebacks kept in the server log.
``paynecrm serve`` (:mod:`paynecrm_kernel.cli`) parses its options into a :class:`Limits` and calls :func:`serve`;
``docs/serving.md`` is the facilitator's guide.
"""
import contextlib
import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .theme import INK
from .workbook import default_workbook_path


def notebooks_dir():
    """Return the folder holding the workbook's notebooks.

    ``$PAYNECRM_NOTEBOOKS`` if set, else ``notebooks/`` of the source tree the package runs from.
    """
    env = os.environ.get("PAYNECRM_NOTEBOOKS")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parent.parent / "notebooks"


#: Where Voilà finds the workbook's template, ``paynecrm`` (see ``voila_env``).
JUPYTER_DATA = Path(__file__).resolve().parent / "share" / "jupyter"
#: Seconds Voilà waits, after a reader has taken a pre-heated kernel, before starting the next one. Starting a
#: kernel and running its first cells keeps a CPU busy for a few seconds; on a small machine that would slow
#: down the page being opened, which is interactive well within this delay.
REFILL_DELAY = 5.0
#: Seconds ``paynecrm serve`` gives Voilà to shut its kernels down after SIGTERM/SIGINT before killing them.
STOP_GRACE = 10.0


@dataclass(frozen=True)
class Limits:
    """What one ``paynecrm serve`` allows, and when it frees kernels (see ``docs/serving.md``).

    Attributes
    ----------
    max_pages : int
        Pages open at once (each holds a kernel); a visitor beyond them gets a "server is full" page. The
        server runs at most this many kernels plus the pre-heated ones (``pool`` per notebook). 0: no limit.
    kernel_memory_mb : int
        Resident memory (MB) a kernel may use; a kernel above it is stopped. 0 means no limit.
    idle_timeout : int
        Seconds after which a kernel with no page connected and nothing running is stopped (a closed tab
        whose shutdown request was lost, a page fetched by a script). Open pages are never culled.
    hosts : tuple of str
        Host names, besides the served address, ``localhost`` and the loopback addresses, that browsers may
        use to reach the server (any other ``Host`` header is refused, against DNS rebinding).
    """

    max_pages: int = 30
    kernel_memory_mb: int = 1500
    idle_timeout: int = 600
    hosts: tuple = ()

    @property
    def cull_interval(self):
        """Seconds between two checks for idle kernels."""
        return max(1, min(60, self.idle_timeout // 4))


def voila_command(notebooks, port, ip="127.0.0.1", timeout=240, pool=1, limits=Limits(), extra=()):
    """Return the argument list that runs Voilà over ``notebooks`` as the workbook is served.

    Sources are stripped, and every notebook has a kernel started ahead of time ("pre-heated") that has run
    the cells before the notebook's first ``Workbook.current()`` (imports, sample data), so a page appears
    without waiting for them; what comes after is run when the reader arrives, on the workbook as it is then.
    ``pool`` is the number of such kernels kept ready per notebook (each holds a few hundred MB); readers
    beyond it get a kernel started for them. A used kernel is replaced :data:`REFILL_DELAY` seconds later.

    Voilà runs through :func:`run_voila`, which adds the guards of ``limits`` (:class:`Limits`): capacity,
    memory per kernel, the ``Host`` check and the XSRF cookie that lets a closed page shut its kernel down.
    Kernels idle with no page connected are culled (pre-heated ones are not: Voilà keeps its pool out of
    culling); tracebacks stay in the server log. ``extra`` arguments are inserted before the folder. Run the
    command with :func:`voila_env`, which lets Voilà find the workbook's template.
    """
    return [sys.executable, "-c", "from paynecrm_kernel.serving import run_voila; run_voila()",
            "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
            "--Voila.port_retries=0", "--strip_sources=True", f"--VoilaExecutor.timeout={timeout}",
            "--template=paynecrm", "--preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={pool}",
            f"--VoilaKernelManager.fill_delay={REFILL_DELAY}",
            f"--MappingKernelManager.cull_idle_timeout={limits.idle_timeout}",
            f"--MappingKernelManager.cull_interval={limits.cull_interval}",
            "--MappingKernelManager.cull_connected=False", "--MappingKernelManager.cull_busy=False",
            "--VoilaConfiguration.show_tracebacks=False", "--MappingKernelManager.allow_tracebacks=False",
            f"--MappingKernelManager.traceback_replacement_message={_ERROR_NOTE}",
            f"--VoilaExecutor.cell_error_instruction={_ERROR_NOTE}",
            f"--GuardedVoila.max_pages={limits.max_pages}",
            f"--GuardedVoila.kernel_memory_mb={limits.kernel_memory_mb}",
            f"--GuardedVoila.extra_hosts={','.join(limits.hosts)}", *extra, str(notebooks)]


_ERROR_NOTE = ("This part of the page could not be prepared. The person running the server finds the reason in "
               "its log (the output of paynecrm serve).")


def voila_env(env=None):
    """Return ``env`` (default: this process's environment) with the workbook's Jupyter data folder added.

    The ``paynecrm`` Voilà template ships inside the package; ``JUPYTER_PATH`` puts it on Voilà's search path
    whether the package is installed or run from the source tree.
    """
    env = dict(os.environ if env is None else env)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(JUPYTER_DATA), env.get("JUPYTER_PATH")) if p)
    return env


def run_voila(argv=None):
    """Run Voilà in this process with the guards of :class:`Limits` (the server that ``serve`` starts)."""
    _guarded_voila_class().launch_instance(argv)


_FULL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>The workbook server is full</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;line-height:1.5;
color:{ink}}}</style>
</head><body><h1>The workbook server is full</h1>
<p>{pages} pages are open, the most this server allows. Please close a tab you no longer need, or try again in
a minute: closed and abandoned pages free their place.</p>
<p><small>Running the server? <code>paynecrm serve --max-pages N</code> allows more pages; each needs about
100-300 MB of memory.</small></p></body></html>"""


def _guarded_voila_class():
    """Return Voilà's application class with the workbook's guards (built on first use: Voilà is slow to import).

    * every request whose ``Host`` is not the served address, ``localhost``, a loopback address or one of
      ``extra_hosts`` is refused (403), so a web page cannot reach the server through DNS rebinding;
    * a page is refused with a "server is full" page (503) when ``max_pages`` pages are open;
    * a page gets the ``_xsrf`` cookie, which Voilà's page sends back to shut its kernel down when it closes;
    * a kernel above ``kernel_memory_mb`` of resident memory is stopped (checked every 5 s);
    * what kernels write to stderr after the page is built (tracebacks naming server paths) goes to the
      server log instead of the page's websocket.
    """
    import asyncio

    import psutil
    from jupyter_core.utils import ensure_async
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
    from tornado.ioloop import PeriodicCallback
    from traitlets import Integer, Unicode, default
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class QuietConnection(ZMQChannelsWebsocketConnection):
        def _on_error(self, channel, msg, msg_list):
            super()._on_error(channel, msg, msg_list)
            if channel != "iopub":
                return
            msg["header"] = self.get_part("header", msg["header"], msg_list)
            if msg["header"]["msg_type"] != "stream":
                return
            msg["content"] = self.get_part("content", msg["content"], msg_list)
            if msg["content"].get("name") == "stderr" and msg["content"].get("text"):
                self.log.warning("Kernel %s wrote to stderr:\n%s", self.kernel_id, msg["content"]["text"])
                msg["content"]["text"] = ""
                if self.subprotocol == "v1.kernel.websocket.jupyter.org":
                    msg_list[3] = self.session.pack(msg["content"])

    class HostCheck:
        def prepare(self):
            if self.request.host_name.lower() not in self.settings["paynecrm_hosts"]:
                self.log.warning("Refused a request for host %r: not an address of this server (add it with "
                                 "paynecrm serve --host NAME if participants use it).", self.request.host)
                self.set_status(403)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                self.finish("Forbidden: this server does not answer to this address.\n")
                return None
            return super().prepare()

    class PageHandler(HostCheck, TornadoVoilaHandler):
        async def get(self, path=None):
            app = self.settings["paynecrm_app"]
            pages = app.open_pages()
            if app.max_pages and pages >= app.max_pages:
                self.log.warning("Turned a visitor away: %d pages open (--max-pages %d).", pages, app.max_pages)
                self.set_status(503)
                self.set_header("Retry-After", "30")
                self.finish(_FULL_PAGE.format(pages=pages, ink=INK))
                return
            self.xsrf_token  # sets the _xsrf cookie: the page sends it back to shut its kernel down on closing
            await super().get(path)

    class GuardedVoila(Voila):
        max_pages = Integer(0, config=True, help="Pages open at once (0: no limit).")
        kernel_memory_mb = Integer(0, config=True, help="Resident memory a kernel may use, in MB (0: no limit).")
        extra_hosts = Unicode("", config=True, help="Comma-separated host names the Host check also accepts.")

        @default("kernel_websocket_connection_class")
        def _quiet_connection(self):
            return QuietConnection

        def allowed_hosts(self):
            hosts = {"localhost", "127.0.0.1", "[::1]", self.ip.lower()}
            hosts |= {h.strip().lower() for h in self.extra_hosts.split(",") if h.strip()}
            if self.ip in ("0.0.0.0", "::", ""):
                hosts |= {socket.gethostname().lower(), socket.getfqdn().lower()}
                for addresses in psutil.net_if_addrs().values():
                    hosts |= {a.address if a.family == socket.AF_INET else f"[{a.address.split('%')[0]}]"
                              for a in addresses if a.family in (socket.AF_INET, socket.AF_INET6)}
            return hosts

        def open_pages(self):
            """Kernels running beyond the pre-heated pools' places (pool size for each notebook)."""
            places = len(getattr(self.kernel_manager, "_pools", {})) * self.voila_configuration.default_pool_size
            return max(0, len(self.kernel_manager.list_kernel_ids()) - places)

        def init_handlers(self):
            self.app.settings.update(paynecrm_hosts=self.allowed_hosts(), paynecrm_app=self)
            handlers = []
            for pattern, handler, *rest in super().init_handlers():
                guarded = PageHandler if handler is TornadoVoilaHandler else type(
                    handler.__name__, (HostCheck, handler), {})
                handlers.append((pattern, guarded, *rest))
            if self.kernel_memory_mb:
                PeriodicCallback(self.stop_kernels_over_memory, 5000).start()
            return handlers

        def stop_kernels_over_memory(self):
            limit = self.kernel_memory_mb * 2**20
            for kernel_id in list(self.kernel_manager.list_kernel_ids()):
                with contextlib.suppress(KeyError, psutil.Error, AttributeError, TypeError):
                    process = psutil.Process(self.kernel_manager.get_kernel(kernel_id).provisioner.pid)
                    rss = sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
                    if rss > limit:
                        self.log.error("Stopping kernel %s: it uses %d MB, more than --kernel-memory %d MB.",
                                       kernel_id, rss // 2**20, self.kernel_memory_mb)
                        asyncio.ensure_future(ensure_async(self.kernel_manager.shutdown_kernel(kernel_id, now=True)))

    return GuardedVoila


def serve(port=8866, workbook=None, ip="127.0.0.1", notebooks=None, pool=1, limits=Limits()):
    """Run Voilà over the notebooks until interrupted; inputs are saved in ``workbook``.

    SIGTERM, SIGINT (Ctrl-C) and SIGHUP stop Voilà, which shuts its kernels down; whatever is still running
    :data:`STOP_GRACE` seconds later is killed, so the port is free when this returns.
    """
    folder = (Path(notebooks) if notebooks else notebooks_dir()).expanduser().resolve()
    if not any(folder.glob("*.ipynb")):
        raise SystemExit(f"paynecrm: no notebooks found in {folder}; pass --notebooks DIR.")
    env = voila_env()
    workbook_path = Path(workbook).expanduser().resolve() if workbook else default_workbook_path()
    env["PAYNECRM_WORKBOOK"] = str(workbook_path)
    print(f"PayneCRM Workbook: {', '.join(_urls(ip, port))}  (inputs saved in {workbook_path}; at most "
          f"{limits.max_pages or 'any number of'} pages open at once; Ctrl-C to stop)", flush=True)
    process = subprocess.Popen(voila_command(folder, port, ip, pool=pool, limits=limits), env=env, cwd=folder,
                               start_new_session=True)
    return _supervise(process)


def _urls(ip, port):
    """Return the addresses participants can use for a server listening on ``ip``."""
    if ip not in ("0.0.0.0", "::", ""):
        return [f"http://{ip}:{port}/"]
    import psutil

    found = sorted({a.address for addrs in psutil.net_if_addrs().values() for a in addrs
                    if a.family == socket.AF_INET and not a.address.startswith("127.")})
    return [f"http://{a}:{port}/" for a in found] + [f"http://127.0.0.1:{port}/"]


def _supervise(process, grace=STOP_GRACE):
    """Wait for the Voilà ``process``; on a stop signal, stop it and every kernel it started."""
    import psutil

    stopping = []

    def request_stop(signum, frame):
        if not stopping:
            stopping.append(signum)
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)

    signals = [signal.SIGTERM, signal.SIGINT, signal.SIGHUP]
    previous = {s: signal.signal(s, request_stop) for s in signals}
    try:
        descendants = set()
        while True:
            with contextlib.suppress(psutil.Error):  # kernels come and go: keep those still running
                descendants = {p for p in descendants if p.is_running()}
                descendants.update(psutil.Process(process.pid).children(recursive=True))
            try:
                code = process.wait(timeout=grace if stopping else 2.0)
                break
            except subprocess.TimeoutExpired:
                if stopping:  # Voilà did not stop in time
                    process.kill()
                    code = process.wait()
                    break
        _, alive = psutil.wait_procs(descendants, timeout=grace / 2 if stopping else 0)
        for leftover in alive:
            with contextlib.suppress(psutil.Error):
                leftover.kill()
        return 0 if stopping else code
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
