"""Workshop load: N participants answer every exercise at once while the facilitator's dashboard polls.

Starts the workshop server (``python -m paynecrm_kernel.workshop``) on loopback with a fresh database, then
in one asyncio loop: N simulated phones join with the workshop code, open each chapter page and send an
answer to every question (with a short random pause between answers), while one simulated dashboard polls
``/facilitator/summary`` at the page's own interval. It measures

* acknowledgement time of each answer (request sent -> stored on disk and acknowledged),
* time from acknowledgement to the first dashboard response that includes the answer ("on screen"),
* the server's resident memory once the dashboard is open and before anyone joins, and after everyone
  answered (the difference per participant),
* the server's CPU time,

and checks afterwards, in the database, that every acknowledged answer is stored under the participant who
gave it, exactly as acknowledged (none lost, none mixed up).

Run: ``.venv/bin/python benchmarks/workshop_load.py [--participants 40] [--rounds 1]``; it prints a Markdown
table (kept in ``benchmarks/workshop.md``). ``tests/workshop/test_load.py`` runs the same scenario.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from paynecrm_kernel.value import design_fingerprint
from paynecrm_kernel.workshop import QUESTIONS, WorkshopStore, live_design
from paynecrm_kernel.workshop.dashboard import POLL_SECONDS

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WorkshopServer:
    """The workshop server in a subprocess of its own (its own process group), on 127.0.0.1."""

    def __init__(self, db, port=None, workbook=None, code="WKSHP7"):
        self.db, self.port, self.workbook, self.code = Path(db), port or free_port(), workbook, code
        self.proc = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=90):
        cmd = [sys.executable, "-u", "-m", "paynecrm_kernel.workshop", "--workshop-ip", "127.0.0.1",
               "--workshop-port", str(self.port), "--workshop-db", str(self.db), "--workshop-code", self.code,
               "--workbook", str(self.workbook or self.db.with_name("workbook.json"))]
        self.log = self.db.with_suffix(".log")
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                         env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"workshop server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("workshop server did not listen in time")

    def facilitator_token(self):
        store = WorkshopStore(self.db)
        try:
            return store.facilitator_token
        finally:
            store.close()

    def stop(self, sig=signal.SIGTERM):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None


class Browser:
    """A cookie jar and the XSRF header over Tornado's async HTTP client (one per simulated device)."""

    def __init__(self, base, client):
        self.base, self.client, self.cookies = base, client, {}

    async def fetch(self, path, method="GET", body=None, json_body=None, raise_error=True):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if "_xsrf" in self.cookies:
            headers["X-XSRFToken"] = self.cookies["_xsrf"]
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body), "application/json"
        elif isinstance(body, dict):
            body = urllib.parse.urlencode({**body, "_xsrf": self.cookies.get("_xsrf", "")})
        request = HTTPRequest(self.base + path, method=method, body=body, headers=headers, follow_redirects=False,
                              request_timeout=60)
        try:
            response = await self.client.fetch(request, raise_error=False)
        except HTTPClientError as exc:                                    # pragma: no cover
            response = exc.response
        for header in response.headers.get_list("Set-Cookie"):
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0].strip('"')
        if raise_error and response.code >= 400:
            raise RuntimeError(f"{method} {path}: {response.code} {response.body[:300]!r}")
        return response


#: Ideas the simulated participants choose from.
IDEAS = ["Train front-line staff to use the customer record in every call",
         "Clean up duplicate customer records before the next campaign",
         "Merge duplicate records from the web shop and the stores",
         "Reward store managers for customer retention, not only for sales",
         "Tie bonuses to retention of our most valuable segments",
         "Give service agents one view of the customer across channels",
         "Launch a mobile app for orders and delivery tracking",
         "Ask the board to review customer lifetime value every quarter"]


def make_answer(question, rng, design):
    """A random valid answer to ``question`` as a phone would send it."""
    if question.kind == "ratings":
        return {k: rng.randint(*question.scale) for k, _ in question.items}
    if question.kind == "sliders":
        return {k: rng.randint(0, 10) / 10 for k, _ in question.items}
    if question.kind == "checklist":
        return [k for k, _ in question.items if rng.random() < 0.5]
    if question.kind == "choice":
        return rng.choice(question.options)[0]
    if question.kind == "nps":
        return rng.randint(0, 10)
    if question.kind == "ideas":
        return "\n".join(rng.sample(IDEAS, rng.randint(1, 3)))
    return {str(pid): rng.randint(0, 10) for pid in design.profiles.index}


async def participant(server, client, index, design, rng, pause, acked):
    """One phone: join, then open each chapter and answer its questions; acknowledged answers go to ``acked``."""
    phone = Browser(server.base, client)
    await phone.fetch(f"/?code={server.code}")
    await phone.fetch("/join", "POST", {"name": f"Participant {index}", "team": f"Team {index % 4}"})
    chapters = list(dict.fromkeys(q.chapter for q in QUESTIONS))
    for chapter in chapters:
        await phone.fetch(f"/c/{chapter}")
        for question in (q for q in QUESTIONS if q.chapter == chapter):
            await asyncio.sleep(rng.uniform(0, pause))
            answer = make_answer(question, rng, design)
            sent = time.perf_counter()
            response = await phone.fetch(f"/a/{question.id}", "POST", json_body=answer)
            reply = json.loads(response.body)
            acked.append({"participant": index, "question_id": question.id, "value": reply["value"],
                          "seq": reply["seq"], "sent": sent, "acked": time.perf_counter()})
    return phone


async def open_dashboard(server, client):
    """The facilitator opens the dashboard; the conjoint summary loads the value-creation library once."""
    screen = Browser(server.base, client)
    await screen.fetch(f"/facilitator?token={server.facilitator_token()}")
    await screen.fetch("/facilitator")
    await screen.fetch("/facilitator/summary?since=-1&question=value.conjoint")
    await screen.fetch("/facilitator/state/overview.continuum", "POST", {"revealed": "1"})
    return screen


async def dashboard(screen, acked, done, shown):
    """The facilitator's page: poll at the page's interval; note when each acknowledged answer first shows."""
    seq, polls = -1, []
    while not done.is_set() or any(id(a) not in shown for a in acked):
        t0 = time.perf_counter()
        response = await screen.fetch(f"/facilitator/summary?since={seq}&question=overview.continuum")
        now = time.perf_counter()
        polls.append(now - t0)
        news = json.loads(response.body)
        seq = news["seq"]
        for answer in acked:
            if id(answer) not in shown and answer["seq"] <= seq:
                shown[id(answer)] = now
        await asyncio.sleep(POLL_SECONDS)
    return polls


def check_stored(db, acked):
    """Compare the database with the acknowledged answers: returns (lost, mixed_up) counts."""
    store = WorkshopStore(db)
    try:
        names = {p.id: p.name for p in store.participants()}
        stored = {(names[a["participant_id"]], a["question_id"]): a["value"] for a in store.answers()}
    finally:
        store.close()
    lost = mixed = 0
    for answer in acked:
        key = (f"Participant {answer['participant']}", answer["question_id"])
        if key not in stored:
            lost += 1
        elif stored[key] != answer["value"]:
            mixed += 1
    return lost, mixed


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] if values else float("nan")


async def _run(server, n, pause, seed):
    design = live_design()
    client = AsyncHTTPClient(max_clients=n + 4)
    acked, shown, done = [], {}, asyncio.Event()
    screen = await open_dashboard(server, client)
    proc = psutil.Process(server.proc.pid)
    rss_before, cpu_before = proc.memory_info().rss, sum(proc.cpu_times()[:2])
    watcher = asyncio.ensure_future(dashboard(screen, acked, done, shown))
    t0 = time.perf_counter()
    await asyncio.gather(*(participant(server, client, i, design, random.Random(seed + i), pause, acked)
                           for i in range(n)))
    wall = time.perf_counter() - t0
    done.set()
    polls = await asyncio.wait_for(watcher, 30)
    rss_after, cpu_after = proc.memory_info().rss, sum(proc.cpu_times()[:2])
    ack = [a["acked"] - a["sent"] for a in acked]
    screen = [shown[id(a)] - a["acked"] for a in acked]
    return {"participants": n, "answers": len(acked), "wall_s": wall, "ack_p50_s": statistics.median(ack),
            "ack_p95_s": percentile(ack, 95), "screen_p50_s": statistics.median(screen),
            "screen_p95_s": percentile(screen, 95), "screen_max_s": max(screen), "poll_p95_s": percentile(polls, 95),
            "rss_before_mb": rss_before / 2**20, "rss_after_mb": rss_after / 2**20,
            "rss_per_participant_kb": (rss_after - rss_before) / n / 1024, "server_cpu_s": cpu_after - cpu_before,
            "design": design_fingerprint(design), "acked": acked}


def run_load(n=40, pause=0.3, seed=0, folder=None):
    """Run the scenario with ``n`` participants on a fresh server; return the measures and the check."""
    folder = Path(folder or tempfile.mkdtemp(prefix="workshop-load-"))
    server = WorkshopServer(folder / "workshop.sqlite").start()
    try:
        result = asyncio.run(_run(server, n, pause, seed))
    finally:
        server.stop()
    result["lost"], result["mixed_up"] = check_stored(server.db, result["acked"])
    return result


def _store_writer(path, index, answers):
    store = WorkshopStore(path)
    me = store.join(f"Participant {index}")
    for qid, value in answers:
        store.save_answer(me.id, qid, value)
    store.close()


def _workbook_writer(path, index, answers):
    """The peer: one key per participant and question in the shared workbook file, as the live conjoint
    tool of the chapters saves each respondent's ratings (the family ``value.conjoint.ratings.<respondent>``)."""
    from paynecrm_kernel.workbook import Workbook

    workbook = Workbook.open(path)
    for k, (_qid, _value) in enumerate(answers):
        workbook.set(f"value.conjoint.ratings.p{index}-{k}", {"design": "peer", "ratings": {"1": index % 11}})


def storage_peers(n=40, seed=0):
    """The store against its peer, one shared workbook file with a key per participant: n processes at once.

    Each process writes one answer to every question. Returns rows ``(name, seconds, answers, lost)``.
    """
    import multiprocessing

    from paynecrm_kernel.workbook import Workbook

    design = live_design()
    plans = [[(q.id, make_answer(q, random.Random(seed + i), design)) for q in QUESTIONS] for i in range(n)]
    folder = Path(tempfile.mkdtemp(prefix="workshop-peers-"))
    ctx = multiprocessing.get_context("fork")
    rows = []
    for name, writer, path in [("SQLite store (WAL)", _store_writer, folder / "w.sqlite"),
                               ("one workbook file", _workbook_writer, folder / "w.json")]:
        if writer is _store_writer:
            WorkshopStore(path).close()
        else:
            Workbook.open(path)
        t0 = time.perf_counter()
        procs = [ctx.Process(target=writer, args=(path, i, plans[i])) for i in range(n)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
        seconds = time.perf_counter() - t0
        if writer is _store_writer:
            store = WorkshopStore(path)
            kept = len(store.answers())
            store.close()
        else:
            kept = len(Workbook.open(path).section("value.conjoint.ratings"))
        rows.append((name, seconds, n * len(QUESTIONS), n * len(QUESTIONS) - kept))
    return rows


def markdown(results):
    rows = ["| participants | answers | wall (s) | ack p50 / p95 (ms) | on screen p50 / p95 / max (s) | lost | mixed up "
            "| server RSS before → after (MB) | per participant (KB) | server CPU (s) |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        rows.append(f"| {r['participants']} | {r['answers']} | {r['wall_s']:.1f} | {1000 * r['ack_p50_s']:.0f} / "
                    f"{1000 * r['ack_p95_s']:.0f} | {r['screen_p50_s']:.2f} / {r['screen_p95_s']:.2f} / "
                    f"{r['screen_max_s']:.2f} | {r['lost']} | {r['mixed_up']} | {r['rss_before_mb']:.0f} → "
                    f"{r['rss_after_mb']:.0f} | {r['rss_per_participant_kb']:.0f} | {r['server_cpu_s']:.1f} |")
    return "\n".join(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[10, 40])
    parser.add_argument("--pause", type=float, default=0.3, help="largest pause between two answers (s)")
    args = parser.parse_args(argv)
    results = [run_load(n, args.pause) for n in args.participants]
    print(markdown(results))
    print("\n| storage, 40 processes writing at once | wall (s) | answers | lost | ratio to the store |\n|---|---|---|---|---|")
    peers = storage_peers(40)
    for name, seconds, answers, lost in peers:
        print(f"| {name} | {seconds:.2f} | {answers} | {lost} | {seconds / peers[0][1]:.2f}x |")
    print(f"\n{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; poll interval {POLL_SECONDS} s")


if __name__ == "__main__":
    main()
