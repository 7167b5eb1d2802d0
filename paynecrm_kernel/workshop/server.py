"""The workshop server: light participant pages and the facilitator's live dashboard (Tornado).

Why a server of its own rather than Voilà: Voilà starts a kernel of 70-300 MB per visitor and lets each
visitor's widgets write the one shared workbook, so 30 phones on two cores wait tens of seconds and overwrite
each other. Here a participant costs a cookie and a few rows in SQLite; pages are rendered on the server with
a little plain JavaScript; every answer is stored under its participant; and the only things served are
these pages (no Jupyter API, kernels, contents, terminals or files). Voilà keeps serving the facilitator's
full chapters on 127.0.0.1.
"""
from __future__ import annotations

from collections import defaultdict, deque
from pathlib import Path

import tornado.web

from ..workbook import Workbook
from .dashboard import POLL_SECONDS, Dashboard, ExportCsv, QuestionState, Summary, TeamScreen, ToWorkbook
from .handlers import MAX_CODE_ATTEMPTS, Answer, Chapter, Enter, Home, Join, Static
from .store import WorkshopStore
from .summaries import conjoint_fingerprint, live_design, summarise

__all__ = ["WorkshopConfig", "WorkshopApplication", "make_app", "POLL_SECONDS", "MAX_CODE_ATTEMPTS"]

HERE = Path(__file__).resolve().parent


class WorkshopConfig:
    """What the server needs to know: the database, where it listens and the workbook of the chapters.

    Parameters
    ----------
    db_path : path-like
        The workshop's SQLite database.
    address : str
        The address participants use (shown as the join link).
    port : int
        The port of the workshop server.
    workbook_path : path-like, optional
        Workbook file of the Voilà chapters: the live conjoint design is read from it, and the facilitator
        can bring the group's answers into it.
    extra_hosts : iterable of str
        Further host names accepted in the Host header (e.g. the laptop's name on the network).
    """

    def __init__(self, db_path, address, port, workbook_path=None, extra_hosts=()):
        self.db_path, self.address, self.port = Path(db_path), address, int(port)
        self.workbook_path = Path(workbook_path) if workbook_path else None
        hosts = {address, "127.0.0.1", "localhost", "[::1]", *extra_hosts}
        self.allowed_hosts = {f"{h}:{self.port}" for h in hosts} | {f"[{address}]:{self.port}"}



class WorkshopApplication(tornado.web.Application):
    """The Tornado application, with the store and a cache of summaries keyed by each question's last change."""

    def __init__(self, config, store, **settings):
        self._cache, self._workbook = {}, None
        self.config = config
        routes = [(r"/", Home), (r"/enter", Enter), (r"/join", Join), (r"/c/([a-z]+)", Chapter),
                  (r"/a/([a-z_.]+)", Answer), (r"/facilitator", Dashboard), (r"/facilitator/summary", Summary),
                  (r"/facilitator/state/([a-z_.]+)", QuestionState), (r"/facilitator/answers.csv", ExportCsv),
                  (r"/facilitator/to-workbook", ToWorkbook), (r"/facilitator/team", TeamScreen),
                  (r"/static/(.*)", Static, {"path": str(HERE / "static")})]
        super().__init__(routes, store=store, config=config, cookie_secret=store.cookie_secret,
                         xsrf_cookies=True, template_path=str(HERE / "templates"), compress_response=True,
                         attempts=defaultdict(deque), **settings)

    def workbook(self):
        """The chapters' workbook, opened once (``None`` when the server has none)."""
        if self._workbook is None and self.config.workbook_path is not None:
            self._workbook = Workbook.open(self.config.workbook_path)
        return self._workbook

    def summary(self, question):
        """The question's summary, recomputed only when its answers or the conjoint design changed."""
        design = live_design(self.workbook()) if question.kind == "conjoint" else None
        key = (self.settings["store"].latest_seq(question.id), conjoint_fingerprint(design) if design else None)
        cached = self._cache.get(question.id)
        if cached is None or cached[0] != key:
            store = self.settings["store"]
            summary = summarise(question, store.answers(question.id), design)
            summary["state"] = store.question_state(question.id)
            cached = self._cache[question.id] = (key, summary)
        return cached[1]


def make_app(config):
    """Build the workshop application for ``config`` (open the database, create its secrets if new)."""
    return WorkshopApplication(config, WorkshopStore(config.db_path))
