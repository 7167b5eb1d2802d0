"""The facilitator's pages: the live dashboard, freezing and revealing, exports, a team on one screen.

Served to the laptop itself (loopback) and only with the facilitator token.
"""
from __future__ import annotations

import csv
import io
import json

import tornado.web

from ..errors import DataValidationError
from ..framework import QUADRANTS
from ..framework.continuum import BANDS
from ..theme import SEQUENCE
from .export import answers_table, to_workbook
from .handlers import COOKIE_DAYS, FACILITATOR_COOKIE, LOOPBACK, BaseHandler, same_secret
from .network import format_code, join_url, qr_svg
from .questions import CHAPTERS, QUESTIONS, get_question
from .summaries import live_design

__all__ = ["Dashboard", "Summary", "QuestionState", "ExportCsv", "ToWorkbook", "TeamScreen", "POLL_SECONDS"]

#: How often the facilitator's dashboard asks for news (seconds); answers reach the screen within about this.
POLL_SECONDS = 0.5


class _Facilitator(BaseHandler):
    def prepare(self):
        token = self.get_query_argument("token", None)
        if token is not None and self.request.remote_ip in LOOPBACK \
                and same_secret(token, self.store.facilitator_token):
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


def _known_question(question_id):
    try:
        return get_question(question_id)
    except DataValidationError:
        raise tornado.web.HTTPError(400, reason="unknown question") from None


class Summary(_Facilitator):
    """News for the dashboard: counts and states of every question, and the summary of the one on screen."""

    def get(self):
        try:
            since = int(self.get_query_argument("since", "-1"))
        except ValueError:
            raise tornado.web.HTTPError(400, reason="since must be a whole number") from None
        seq = self.store.latest_seq()
        if seq == since:
            return self.send_json({"seq": seq, "changed": False})
        qid = self.get_query_argument("question", None)
        news = {"seq": seq, "changed": True, "participants": len(self.store.participants()),
                "counts": self.store.answer_counts(),
                "states": {q.id: self.store.question_state(q.id) for q in QUESTIONS}}
        if qid:
            news["summary"] = self.application.summary(_known_question(qid))
        self.send_json(news)


class QuestionState(_Facilitator):
    """Freeze or reopen a question; reveal or hide its results."""

    def post(self, question_id):
        _known_question(question_id)
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


