"""The workshop server: light participant pages and the facilitator's live dashboard (Tornado).

Why a server of its own rather than Voilà: Voilà starts a kernel of 70-300 MB per visitor and lets each
visitor's widgets write the one shared workbook, so 30 phones on two cores wait tens of seconds and overwrite
each other. Here a participant costs a cookie and a few rows in SQLite; pages are rendered on the server with
a little plain JavaScript; every answer is stored under its participant; and the only things served are
these pages (no Jupyter API, kernels, contents, terminals or files). Voilà keeps serving the facilitator's
full chapters on 127.0.0.1.

Access
------
* Every request needs the workshop code (``?code=`` in the join link or QR code, or typed into the code form,
  which is the only thing served without it); the code is then kept in a signed cookie. Wrong codes are
  limited per address (:data:`MAX_CODE_ATTEMPTS` a minute).
* A participant's identity is a signed cookie holding a secret token, plus a short personal code to rejoin
  on another device. No page or request takes a participant id: nobody can read or change another's answers.
* The facilitator's pages need the facilitator token and are served to the laptop itself (loopback) only.
* The Host header must name an address the server listens on (no DNS rebinding); forms carry an XSRF token.
"""
from __future__ import annotations

import csv
import hmac
import io
import json
import time
from collections import defaultdict, deque
from pathlib import Path

import tornado.web

from ..errors import DataValidationError
from ..framework import QUADRANTS
from ..framework.continuum import BANDS
from ..theme import SEQUENCE
from ..workbook import Workbook
from .export import answers_table, to_workbook, workshop_schema
from .network import format_code, join_url, qr_svg
from .questions import CHAPTERS, QUESTIONS, chapter_questions, get_question
from .store import WorkshopStore, normalise_code
from .summaries import conjoint_fingerprint, live_design, summarise

__all__ = ["WorkshopConfig", "make_app", "POLL_SECONDS", "MAX_CODE_ATTEMPTS"]

HERE = Path(__file__).resolve().parent
#: How often the facilitator's dashboard asks for news (seconds); answers reach the screen within about this.
POLL_SECONDS = 0.5
MAX_CODE_ATTEMPTS = 10
ACCESS_COOKIE, PARTICIPANT_COOKIE, FACILITATOR_COOKIE = "pcrm_access", "pcrm_participant", "pcrm_facilitator"
COOKIE_DAYS = 2
_LOOPBACK = {"127.0.0.1", "::1"}


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


class _Base(tornado.web.RequestHandler):
    """Checks the Host header and the workshop code on every request; sets calm, strict headers."""

    needs_access = True

    @property
    def store(self) -> WorkshopStore:
        return self.application.settings["store"]

    @property
    def config(self) -> WorkshopConfig:
        return self.application.settings["config"]

    def set_default_headers(self):
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")
        self.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")

    def prepare(self):
        if self.request.host not in self.config.allowed_hosts:
            raise tornado.web.HTTPError(400, "unknown host")
        code = self.get_query_argument("code", None)
        if code is not None and self._code_matches(code):
            self._grant_access()
        if self.needs_access and not self.has_access():
            self.set_status(401)
            self.render("gate.html", error=None)
            raise tornado.web.Finish()

    def _code_matches(self, code):
        attempts = self.application.settings["attempts"][self.request.remote_ip]
        now = time.monotonic()
        while attempts and now - attempts[0] > 60:
            attempts.popleft()
        if len(attempts) >= MAX_CODE_ATTEMPTS:
            return False
        if hmac.compare_digest(normalise_code(code), self.store.workshop_code):
            return True
        attempts.append(now)
        return False

    def _grant_access(self):
        self.set_signed_cookie(ACCESS_COOKIE, self.store.workshop_code, expires_days=COOKIE_DAYS, httponly=True,
                               samesite="Strict")
        self._access = True

    def has_access(self):
        if getattr(self, "_access", False) or self.participant is not None or self.is_facilitator:
            return True
        value = self.get_signed_cookie(ACCESS_COOKIE, max_age_days=COOKIE_DAYS)
        return value is not None and hmac.compare_digest(value.decode(), self.store.workshop_code)

    @property
    def participant(self):
        if not hasattr(self, "_participant"):
            token = self.get_signed_cookie(PARTICIPANT_COOKIE, max_age_days=COOKIE_DAYS)
            self._participant = self.store.participant_by_token(token.decode()) if token else None
        return self._participant

    def remember(self, token):
        self.set_signed_cookie(PARTICIPANT_COOKIE, token, expires_days=COOKIE_DAYS, httponly=True,
                               samesite="Strict")

    @property
    def is_facilitator(self):
        if self.request.remote_ip not in _LOOPBACK:
            return False
        value = self.get_signed_cookie(FACILITATOR_COOKIE, max_age_days=COOKIE_DAYS)
        return value is not None and hmac.compare_digest(value.decode(), self.store.facilitator_token)

    def get_template_namespace(self):
        return {**super().get_template_namespace(), "chapters": CHAPTERS, "format_code": format_code}

    def write_error(self, status_code, **kwargs):
        self.finish(f"<!doctype html><title>{status_code}</title><p>{self._reason}</p>")

    def send_json(self, data, status=200):
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, default=float))


class Static(_Base, tornado.web.StaticFileHandler):
    """Style sheet and script, for holders of the workshop code only."""

    def set_default_headers(self):
        _Base.set_default_headers(self)
        self.set_header("Cache-Control", "private, max-age=3600")

    def prepare(self):
        _Base.prepare(self)


class Enter(_Base):
    """The code form's target."""

    needs_access = False

    def post(self):
        if self._code_matches(self.get_body_argument("code", "")):
            self._grant_access()
            return self.redirect("/")
        self.set_status(401)
        self.render("gate.html", error="That code is not right. Check it on the facilitator's screen.")


class Home(_Base):
    """Join form for newcomers; the chapters for participants."""

    def get(self):
        if self.participant is None:
            return self.render("join.html", error=None)
        counts = self.store.answers_of(self.participant.id)
        self.render("home.html", me=self.participant, answered=counts, questions=QUESTIONS)


class Join(_Base):
    """Create an identity (a participant, or a team on one screen) or take one up again with its code."""

    def post(self):
        rejoin = self.get_body_argument("personal_code", "").strip()
        if rejoin:
            participant, token = self.store.token_for_code(rejoin)
            if participant is None:
                self.set_status(400)
                return self.render("join.html", error="No participant has that personal code; check it, or "
                                                      "join as someone new.")
        else:
            try:
                participant = self.store.join(self.get_body_argument("name", ""), self.get_body_argument("team", ""))
            except DataValidationError as exc:
                self.set_status(400)
                return self.render("join.html", error=str(exc))
            token = participant.token
        self.remember(token)
        self.redirect("/")


class Chapter(_Base):
    """One chapter's exercises, each form filled with the participant's own answer."""

    def get(self, chapter):
        if self.participant is None:
            return self.redirect("/")
        if chapter not in CHAPTERS:
            raise tornado.web.HTTPError(404)
        mine = self.store.answers_of(self.participant.id)
        states = {q.id: self.store.question_state(q.id) for q in chapter_questions(chapter)}
        needs_design = any(q.kind == "conjoint" for q in chapter_questions(chapter))
        design = live_design(self.application.workbook()) if needs_design else None
        self.render("chapter.html", chapter=chapter, questions=chapter_questions(chapter), mine=mine,
                    states=states, design=design, fingerprint=conjoint_fingerprint, me=self.participant)


class Answer(_Base):
    """Store the participant's answer to one question; the reply acknowledges it only once it is on disk."""

    def post(self, question_id):
        if self.participant is None:
            return self.send_json({"ok": False, "error": "Join the workshop first (reload the page)."}, 403)
        try:
            question = get_question(question_id)
            body = json.loads(self.request.body or b"null")
            if question.kind == "conjoint":
                design = live_design(self.application.workbook())
                value = {"design": conjoint_fingerprint(design),
                         "ratings": question.validate(body, design.profiles.index)}
            else:
                value = question.validate(body)
            seq = self.store.save_answer(self.participant.id, question.id, value)
        except json.JSONDecodeError:
            return self.send_json({"ok": False, "error": "The answer could not be read; try again."}, 400)
        except DataValidationError as exc:
            return self.send_json({"ok": False, "error": str(exc)}, 400)
        self.send_json({"ok": True, "seq": seq, "value": value})


class _Facilitator(_Base):
    def prepare(self):
        token = self.get_query_argument("token", None)
        if token is not None and self.request.remote_ip in _LOOPBACK \
                and hmac.compare_digest(token, self.store.facilitator_token):
            self.set_signed_cookie(FACILITATOR_COOKIE, token, expires_days=COOKIE_DAYS, httponly=True,
                                   samesite="Strict")
            self.redirect(self.request.path)
            raise tornado.web.Finish()
        if not self.is_facilitator:
            raise tornado.web.HTTPError(403, "facilitator only")
        super().prepare()


class Dashboard(_Facilitator):
    """The facilitator's screen: join link and QR code, then every question's live result."""

    def get(self):
        url = join_url(self.config.address, self.config.port, self.store.workshop_code)
        self.render("dashboard.html", join_url=url, qr=qr_svg(url), code=format_code(self.store.workshop_code),
                    questions=QUESTIONS, meta=_dashboard_meta())


def _dashboard_meta():
    """What the dashboard's script needs to draw each question (JSON, safe inside a script element)."""
    meta = {"poll_ms": int(POLL_SECONDS * 1000),
            "chapters": {key: {"name": name, "colour": colour} for key, (name, colour) in CHAPTERS.items()},
            "questions": {q.id: {"title": q.title, "chapter": q.chapter, "kind": q.kind} for q in QUESTIONS},
            "quadrants": list(QUADRANTS), "bands": [[b, label] for b, label in BANDS], "sequence": SEQUENCE}
    return json.dumps(meta).replace("</", "<\\/")


class Summary(_Facilitator):
    """News for the dashboard: counts and states of every question, and the summary of the one on screen."""

    def get(self):
        since = int(self.get_query_argument("since", "-1") or -1)
        seq = self.store.latest_seq()
        if seq == since:
            return self.send_json({"seq": seq, "changed": False})
        qid = self.get_query_argument("question", None)
        news = {"seq": seq, "changed": True, "participants": len(self.store.participants()),
                "counts": self.store.answer_counts(),
                "states": {q.id: self.store.question_state(q.id) for q in QUESTIONS}}
        if qid:
            news["summary"] = self.application.summary(get_question(qid))
        self.send_json(news)


class QuestionState(_Facilitator):
    """Freeze or reopen a question; reveal or hide its results."""

    def post(self, question_id):
        get_question(question_id)
        flags = {k: self.get_body_argument(k) == "1" for k in ("frozen", "revealed")
                 if self.get_body_argument(k, None) is not None}
        self.send_json(self.store.set_question_state(question_id, **flags))


class ExportCsv(_Facilitator):
    """Every answer, one row per participant and question (CSV)."""

    def get(self):
        out = io.StringIO()
        answers_table(self.store).to_csv(out, index=False, quoting=csv.QUOTE_NONNUMERIC)
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition", "attachment; filename=workshop-answers.csv")
        self.finish(out.getvalue())


class ToWorkbook(_Facilitator):
    """Bring the group's results into the chapters' workbook under ``workshop.*`` keys."""

    def post(self):
        workbook = self.application.workbook()
        if workbook is None:
            return self.send_json({"ok": False, "error": "This server was started without a workbook."}, 400)
        keys = to_workbook(self.store, workbook, design=live_design(workbook))
        self.send_json({"ok": True, "keys": keys, "workbook": workbook.path.name})


class TeamScreen(_Facilitator):
    """Answer as one team on the facilitator's screen: creates the team's identity in this browser."""

    def post(self):
        try:
            team = self.store.join(team=self.get_body_argument("team", ""), is_team=True)
        except DataValidationError as exc:
            raise tornado.web.HTTPError(400, str(exc)) from None
        self.remember(team.token)
        self.redirect("/")


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
            self._workbook = Workbook.open(self.config.workbook_path, schema=workshop_schema())
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
