"""Timing harness shared by the benchmarks: the peer subprocess, medians, agreement and the table."""
from __future__ import annotations

import json
import os
import platform
import select
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
PEER_VENV = Path(os.environ.get("LIFETIMES_VENV", HERE / ".venv-lifetimes"))
PEER_TIMEOUT = 600.0


class PeerTimeout(Exception):
    """The peer did not answer within the time limit."""


class Peer:
    """The lifetimes worker, a long-lived subprocess in its own virtualenv (its own process group)."""

    def __init__(self):
        self.proc = None
        self.versions = {}

    def start(self):
        python = PEER_VENV / "bin" / "python"
        if not python.exists():
            raise SystemExit(f"peer virtualenv missing: run {HERE / 'setup_lifetimes_env.sh'} first")
        self.proc = subprocess.Popen([str(python), str(HERE / "peer_worker.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=sys.stderr, text=True,
                                     start_new_session=True, cwd=HERE)
        hello = self._read(120.0)
        self.versions = hello["versions"]

    def _read(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            raise PeerTimeout
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("peer worker exited")
        return json.loads(line)

    def request(self, task, data, save=None, timeout=PEER_TIMEOUT):
        """Run ``task`` on ``data`` (a dict name/kind/path); returns the worker's answer.

        On timeout the worker is killed and restarted, and ``PeerTimeout`` is raised.
        """
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        self.proc.stdin.write(json.dumps({"task": task, "data": data,
                                          "save": None if save is None else str(save)}) + "\n")
        self.proc.stdin.flush()
        try:
            return self._read(timeout + 300.0 if task == "load" else timeout)
        except PeerTimeout:
            self.stop()
            raise

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        self.proc = None


def timed(fn, *args):
    """Run ``fn(*args)`` once; return (seconds, value)."""
    t0 = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - t0, value


def median(values):
    return statistics.median(values) if values else None


def rel_diff(a, b):
    """Largest relative difference between two parameter dicts (over the keys of ``b``)."""
    return max(abs(a[k] - b[k]) / max(abs(b[k]), 1e-12) for k in b)


def machine():
    """A short description of the machine and run for the report."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}"


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def fmt_seconds(s):
    if s is None:
        return "–"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def replace_section(path, marker, text):
    """Replace the text between ``<!-- marker:start -->`` and ``<!-- marker:end -->`` in ``path``."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    body = path.read_text() if path.exists() else ""
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in body and end in body:
        head, rest = body.split(start, 1)
        body = head + block + rest.split(end, 1)[1]
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    path.write_text(body)


def exit_on_sigterm(signum, frame):
    """Signal handler: turn SIGTERM into SystemExit, so ``finally`` blocks stop servers and workers."""
    raise SystemExit(128 + signum)
