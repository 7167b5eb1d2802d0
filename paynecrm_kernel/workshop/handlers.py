"""Participant pages of the workshop server: the code gate, joining, the chapters' exercises, answers.

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

import hmac
import json
import time

import tornado.web

from ..errors import DataValidationError
from .network import format_code
from .questions import CHAPTERS, QUESTIONS, chapter_questions, get_question
from .store import WorkshopStore, normalise_code
from .summaries import conjoint_fingerprint, live_design

__all__ = ["BaseHandler", "Static", "Enter", "Home", "Join", "Chapter", "Answer", "MAX_CODE_ATTEMPTS",
           "LOOPBACK", "same_secret"]

MAX_CODE_ATTEMPTS = 10
ACCESS_COOKIE, PARTICIPANT_COOKIE, FACILITATOR_COOKIE = "pcrm_access", "pcrm_participant", "pcrm_facilitator"
COOKIE_DAYS = 2
#: Addresses of the laptop itself: the facilitator's pages are served to them only.
LOOPBACK = {"127.0.0.1", "::1"}


def same_secret(given, expected):
    """Compare a secret in constant time (any text is accepted; only the right one matches)."""
    return hmac.compare_digest(str(given).encode(), expected.encode())


class BaseHandler(tornado.web.RequestHandler):
    """Checks the Host header and the workshop code on every request; sets calm, strict headers."""

    needs_access = True

    @property
    def store(self) -> WorkshopStore:
        return self.application.settings["store"]

    @property
    def config(self):
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
        if same_secret(normalise_code(code), self.store.workshop_code):
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
        return value is not None and same_secret(value.decode(), self.store.workshop_code)

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
        if self.request.remote_ip not in LOOPBACK:
            return False
        value = self.get_signed_cookie(FACILITATOR_COOKIE, max_age_days=COOKIE_DAYS)
        return value is not None and same_secret(value.decode(), self.store.facilitator_token)

    def get_template_namespace(self):
        return {**super().get_template_namespace(), "chapters": CHAPTERS, "format_code": format_code}

    def write_error(self, status_code, **kwargs):
        self.finish(f"<!doctype html><title>{status_code}</title><p>{self._reason}</p>")

    def send_json(self, data, status=200):
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, default=float))


class Static(BaseHandler, tornado.web.StaticFileHandler):
    """Style sheet and script, for holders of the workshop code only."""

    def set_default_headers(self):
        BaseHandler.set_default_headers(self)
        self.set_header("Cache-Control", "private, max-age=3600")

    def prepare(self):
        BaseHandler.prepare(self)


class Enter(BaseHandler):
    """The code form's target."""

    needs_access = False

    def post(self):
        if self._code_matches(self.get_body_argument("code", "")):
            self._grant_access()
            return self.redirect("/")
        self.set_status(401)
        self.render("gate.html", error="That code is not right. Check it on the facilitator's screen.")


class Home(BaseHandler):
    """Join form for newcomers; the chapters for participants."""

    def get(self):
        if self.participant is None:
            return self.render("join.html", error=None)
        counts = self.store.answers_of(self.participant.id)
        self.render("home.html", me=self.participant, answered=counts, questions=QUESTIONS)


class Join(BaseHandler):
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


class Chapter(BaseHandler):
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


class Answer(BaseHandler):
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


