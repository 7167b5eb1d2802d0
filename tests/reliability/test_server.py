"""`paynecrm serve` under faults: foreign Host headers, too many pages, idle and closed pages, SIGTERM."""
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest

pytestmark = pytest.mark.slow
#: Seconds after which the server culls a kernel with no page connected.
IDLE = 12


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebooks(folder):
    folder.mkdir()
    cells = [nbformat.v4.new_markdown_cell("# Probe"),
             nbformat.v4.new_code_cell("import ipywidgets\nanswer = 6 * 7\nanswer")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "probe.ipynb")
    return folder


class Server:
    """A `paynecrm serve` process on a free port, with the given options."""

    def __init__(self, tmp_path, *options):
        self.port = _free_port()
        self.log = open(tmp_path / "serve.log", "w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "paynecrm_kernel.cli", "serve", "--port", str(self.port),
             "--notebooks", str(_notebooks(tmp_path / "notebooks")), "--workbook", str(tmp_path / "wb.json"),
             *options], stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        self.stop()
        pytest.fail("paynecrm serve did not listen within 60 s:\n" + self.output())

    def request(self, path, method="GET", host=None, headers=None, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = dict(headers or {})
        if host:
            headers["Host"] = host
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response, response.read().decode("utf-8", "replace")

    def kernels(self):
        """``{kernel id: process}`` of the kernels Voilà runs now."""
        found = {}
        for process in psutil.Process(self.process.pid).children(recursive=True):
            try:
                match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(process.cmdline()))
            except psutil.Error:  # exited meanwhile
                continue
            if match:
                found[match.group(1)] = process
        return found

    def wait_for(self, condition, timeout, message):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if condition():
                return
            time.sleep(0.25)
        pytest.fail(f"{message} within {timeout} s:\n{self.output()}")

    def output(self):
        self.log.flush()
        return Path(self.log.name).read_text()[-3000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the whole module: one pre-heated kernel, at most 1 page, kernels idle 12 s are culled."""
    started = Server(tmp_path_factory.mktemp("serve"), "--pool", "1", "--max-pages", "1",
                     "--idle-timeout", str(IDLE))
    yield started
    started.stop()


def test_a_foreign_host_header_is_refused(server):
    assert server.request("/", host=f"attacker.example:{server.port}")[0].status == 403
    websocket = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": f"http://attacker.example:{server.port}"}
    response, _ = server.request("/api/kernels/00000000-0000-0000-0000-000000000000/channels",
                                 host=f"attacker.example:{server.port}", headers=websocket)
    assert response.status == 403
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        assert server.request("/", host=host)[0].status == 200
    assert "Refused a request for host 'attacker.example" in server.output()


def test_the_pre_heated_kernel_is_not_culled(server):
    server.wait_for(lambda: len(server.kernels()) == 1, 60, "no kernel was pre-heated")
    (kernel_id, process), = server.kernels().items()
    time.sleep(max(0, process.create_time() + IDLE + 4 - time.time()))   # idle beyond the timeout and a cull round
    assert set(server.kernels()) == {kernel_id}


def _page(server):
    response, page = server.request("/voila/render/probe.ipynb")
    assert response.status == 200 and "42" in page, page[-2000:]
    return response, re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)


def test_a_closed_page_shuts_its_kernel_down_with_the_xsrf_cookie(server):
    response, kernel = _page(server)
    cookie = re.search(r"_xsrf=([^;]+)", response.getheader("Set-Cookie") or "")
    assert cookie, "the page sets no _xsrf cookie"
    assert kernel in server.kernels()
    boundary = "----closing"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_xsrf\"\r\n\r\n{cookie.group(1)}\r\n"
            f"--{boundary}--\r\n")
    content_type = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    refused, _ = server.request(f"/voila/api/shutdown/{kernel}", "POST", body=form, headers=content_type)
    assert refused.status == 403                                   # without the cookie: still refused
    response, _ = server.request(f"/voila/api/shutdown/{kernel}", "POST", body=form,
                                 headers={**content_type, "Cookie": f"_xsrf={cookie.group(1)}"})
    assert response.status == 204
    server.wait_for(lambda: kernel not in server.kernels(), 10, "the kernel of the closed page is still running")


def test_kernel_tracebacks_stay_in_the_server_log(server):
    from websockets.sync.client import connect

    _, kernel = _page(server)
    bad_widget = {"header": {"msg_id": uuid.uuid4().hex, "msg_type": "comm_open", "session": "probe", "username": "",
                             "date": "", "version": "5.3"}, "parent_header": {}, "metadata": {}, "channel": "shell",
                  "content": {"comm_id": uuid.uuid4().hex, "target_name": "jupyter.widget",
                              "data": {"state": {"_model_name": "NoSuchModel"}}}}
    frames = []
    with connect(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id=probe") as websocket:
        websocket.send(json.dumps(bad_widget))
        deadline = time.time() + 5
        while time.time() < deadline and not any('"comm_close"' in f for f in frames):
            with contextlib.suppress(TimeoutError):
                frame = websocket.recv(timeout=0.5)
                frames.append(frame if isinstance(frame, str) else frame.decode("utf-8", "replace"))
    assert any('"msg_type": "stream"' in f for f in frames)          # the kernel did write to stderr ...
    assert not [f for f in frames if "Traceback" in f or "site-packages" in f]   # ... but not to the page
    assert f"Kernel {kernel} wrote to stderr" in server.output() and "Traceback" in server.output()


def test_pages_beyond_the_limit_are_turned_away_until_idle_kernels_are_culled(server):
    server.wait_for(lambda: len(server.kernels()) == 1, 30, "the pool was not refilled")
    page = _page(server)[1]
    server.wait_for(lambda: len(server.kernels()) == 2, IDLE, "the pool was not refilled")   # 1 page + 1 ready
    response, text = server.request("/voila/render/probe.ipynb")
    assert response.status == 503 and "server is full" in text and "--max-pages" in text
    assert response.getheader("Retry-After") == "30"
    server.wait_for(lambda: page not in server.kernels(), 2 * IDLE,
                    "the idle kernels of pages nobody connected to were not culled")
    # The kernel's process ends a moment before the kernel manager forgets it: the place frees soon after.
    server.wait_for(lambda: server.request("/voila/render/probe.ipynb")[0].status == 200, 10,
                    "the culled page's place was not freed")


def test_sigterm_stops_voila_and_every_kernel_and_frees_the_port(server):
    server.wait_for(lambda: len(server.kernels()) >= 1, 30, "the pool was not refilled")
    everything = [server.process.pid, *(p.pid for p in psutil.Process(server.process.pid).children(recursive=True))]
    started = time.time()
    server.process.send_signal(signal.SIGTERM)                      # the wrapper only, as `kill <pid>` does
    assert server.process.wait(30) == 0
    assert time.time() - started < 20
    assert not [pid for pid in everything if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    with socket.socket() as s:                                  # the port is free for the next server
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # (as Voilà binds it: past TIME_WAIT)
        s.bind(("127.0.0.1", server.port))
        s.listen()
