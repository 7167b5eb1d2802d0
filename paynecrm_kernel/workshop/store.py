"""Where a workshop keeps its participants and their answers: one SQLite database in WAL mode.

Every answer is stored under the identity of the participant (or team) who gave it, one row per participant
and question, so nobody's answer can replace anybody else's. Each change is also appended to a change log
whose sequence number tells a dashboard whether anything is new. Writes are short ``BEGIN IMMEDIATE``
transactions with a busy timeout, so several processes can write to one database at once without losing
anything, and ``synchronous=FULL`` makes an acknowledged answer survive a crash of the server or the machine.

The database also keeps the workshop's secrets (join code, facilitator token, cookie key), so a restarted
server accepts the same code and the cookies participants already hold.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataValidationError, WorkbookError

__all__ = ["Participant", "WorkshopStore", "CODE_ALPHABET", "MAX_ANSWER_BYTES", "normalise_code"]

#: Letters and digits that cannot be mistaken for one another when read aloud or from a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Largest answer accepted, as JSON text.
MAX_ANSWER_BYTES = 8_000
MAX_NAME_LENGTH = 40

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS participants (
    id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, team TEXT NOT NULL,
    is_team INTEGER NOT NULL, joined REAL NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, participant_id TEXT NOT NULL REFERENCES participants(id));
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, participant_id TEXT, question_id TEXT,
    value TEXT, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    participant_id TEXT NOT NULL REFERENCES participants(id), question_id TEXT NOT NULL,
    value TEXT NOT NULL, seq INTEGER NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (participant_id, question_id));
CREATE TABLE IF NOT EXISTS question_state (
    question_id TEXT PRIMARY KEY, frozen INTEGER NOT NULL, revealed INTEGER NOT NULL);
"""


@dataclass(frozen=True)
class Participant:
    """A participant, or a team answering as one.

    Attributes
    ----------
    id : str
        Internal identifier (never shown).
    code : str
        Short personal code, shown to the participant to rejoin on another device (``"K7M-2QX"``).
    name, team : str
        As given when joining (``team`` may be empty).
    is_team : bool
        True when the identity answers for a whole team on one screen.
    token : str or None
        The secret kept in the participant's cookie; only returned by :meth:`WorkshopStore.join`.
    """

    id: str
    code: str
    name: str
    team: str
    is_team: bool
    token: str | None = None


def normalise_code(code):
    """Return a code as stored: upper case, without spaces or dashes (``"k7m-2qx"`` -> ``"K7M2QX"``)."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def _new_code(length=6):
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_label(text, what):
    text = " ".join(str(text or "").split())
    if len(text) > MAX_NAME_LENGTH:
        raise DataValidationError(f"The {what} is longer than {MAX_NAME_LENGTH} characters; shorten it.",
                                  column=what)
    return text


class WorkshopStore:
    """The SQLite database of one workshop (created on first use).

    Parameters
    ----------
    path : path-like
        Database file. Each process (and each thread) opens its own :class:`WorkshopStore`.
    busy_timeout : float
        Seconds a write waits for another process's write to finish.

    Raises
    ------
    WorkbookError
        If the file exists but is not a workshop database.
    """

    def __init__(self, path, busy_timeout=10.0):
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(self.path), timeout=busy_timeout, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            self._db.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}COMMIT;")
        except sqlite3.DatabaseError as exc:
            raise WorkbookError(f"{self.path} is not a workshop database ({exc}); choose another file with "
                                "--workshop-db.") from None
        self._secrets = self._ensure_secrets()

    # -- plumbing ----------------------------------------------------------------------------------------
    def _write(self):
        return _Transaction(self._db)

    def close(self):
        """Close the connection (the data stay on disk)."""
        self._db.close()

    def _ensure_secrets(self):
        with self._write():
            for key, make in (("workshop_code", _new_code), ("facilitator_token", lambda: secrets.token_urlsafe(18)),
                              ("cookie_secret", lambda: secrets.token_urlsafe(32))):
                self._db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)", (key, make()))
        return dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    @property
    def workshop_code(self):
        """The short code participants type or scan to join."""
        return self._secrets["workshop_code"]

    @property
    def facilitator_token(self):
        """The secret that opens the facilitator's pages."""
        return self._secrets["facilitator_token"]

    @property
    def cookie_secret(self):
        """The key that signs participants' cookies (kept, so cookies survive a restart)."""
        return self._secrets["cookie_secret"]

    def set_workshop_code(self, code):
        """Replace the join code (at least 4 letters or digits of :data:`CODE_ALPHABET`)."""
        code = normalise_code(code)
        if len(code) < 4 or any(ch not in CODE_ALPHABET for ch in code):
            raise DataValidationError(f"A workshop code needs at least 4 characters from {CODE_ALPHABET} "
                                      "(no 0, O, 1, I or L, which are easily confused).", column="workshop_code")
        with self._write():
            self._db.execute("UPDATE meta SET value = ? WHERE key = 'workshop_code'", (code,))
        self._secrets["workshop_code"] = code

    def _log(self, kind, participant_id=None, question_id=None, value=None):
        cursor = self._db.execute("INSERT INTO changes(kind, participant_id, question_id, value, at) "
                                  "VALUES (?, ?, ?, ?, ?)", (kind, participant_id, question_id, value, time.time()))
        return cursor.lastrowid

    # -- participants ------------------------------------------------------------------------------------
    def join(self, name="", team="", is_team=False):
        """Register a participant (or a team answering as one) and return it with its secret token."""
        name, team = _clean_label(name, "name"), _clean_label(team, "team")
        if is_team and not team:
            raise DataValidationError("A team answering on one screen needs a team name.", column="team")
        token = secrets.token_urlsafe(24)
        pid = secrets.token_hex(8)
        with self._write():
            while True:
                code = _new_code()
                if not self._db.execute("SELECT 1 FROM participants WHERE code = ?", (code,)).fetchone():
                    break
            self._db.execute("INSERT INTO participants VALUES (?, ?, ?, ?, ?, ?)",
                             (pid, code, name or (team if is_team else ""), team, int(is_team), time.time()))
            self._db.execute("INSERT INTO tokens VALUES (?, ?)", (_hash(token), pid))
            self._log("join", pid)
        return Participant(pid, code, name or (team if is_team else ""), team, bool(is_team), token)

    def _participant(self, row):
        return Participant(row[0], row[1], row[2], row[3], bool(row[4])) if row else None

    def participant_by_token(self, token):
        """Return the participant holding ``token``, or ``None``."""
        if not isinstance(token, str) or not token:
            return None
        row = self._db.execute("SELECT p.id, p.code, p.name, p.team, p.is_team FROM tokens t JOIN participants p "
                               "ON p.id = t.participant_id WHERE t.token_hash = ?", (_hash(token),)).fetchone()
        return self._participant(row)

    def token_for_code(self, code):
        """Rejoin with a personal code: return ``(participant, new token)``, or ``(None, None)``.

        The new device gets a token of its own; the devices used before keep theirs.
        """
        row = self._db.execute("SELECT id, code, name, team, is_team FROM participants WHERE code = ?",
                               (normalise_code(code),)).fetchone()
        if row is None:
            return None, None
        token = secrets.token_urlsafe(24)
        with self._write():
            self._db.execute("INSERT INTO tokens VALUES (?, ?)", (_hash(token), row[0]))
        return self._participant(row), token

    def participants(self):
        """Return every participant and team, in order of joining."""
        rows = self._db.execute("SELECT id, code, name, team, is_team FROM participants ORDER BY joined, id")
        return [self._participant(r) for r in rows.fetchall()]

    # -- answers -----------------------------------------------------------------------------------------
    def save_answer(self, participant_id, question_id, value):
        """Store (or replace) a participant's answer and return its sequence number.

        The answer is on disk when this returns. Raises :class:`DataValidationError` when the question is
        frozen, the participant unknown or the answer too large.
        """
        text = json.dumps(value, separators=(",", ":"), sort_keys=True)
        if len(text.encode()) > MAX_ANSWER_BYTES:
            raise DataValidationError(f"The answer to {question_id} is larger than {MAX_ANSWER_BYTES} bytes; "
                                      "shorten it.", column=question_id)
        with self._write():
            if not self._db.execute("SELECT 1 FROM participants WHERE id = ?", (participant_id,)).fetchone():
                raise DataValidationError("Unknown participant; join the workshop again.", column="participant")
            frozen = self._db.execute("SELECT frozen FROM question_state WHERE question_id = ?",
                                      (question_id,)).fetchone()
            if frozen and frozen[0]:
                raise DataValidationError(f"Answers to {question_id} are closed: the facilitator has frozen this "
                                          "question.", column=question_id)
            seq = self._log("answer", participant_id, question_id, text)
            self._db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?) ON CONFLICT(participant_id, question_id) "
                             "DO UPDATE SET value = excluded.value, seq = excluded.seq, updated = excluded.updated",
                             (participant_id, question_id, text, seq, time.time()))
        return seq

    def answer_of(self, participant_id, question_id):
        """Return one participant's answer to one question, or ``None``."""
        row = self._db.execute("SELECT value FROM answers WHERE participant_id = ? AND question_id = ?",
                               (participant_id, question_id)).fetchone()
        return json.loads(row[0]) if row else None

    def answers_of(self, participant_id):
        """Return ``{question_id: answer}`` of one participant."""
        rows = self._db.execute("SELECT question_id, value FROM answers WHERE participant_id = ?",
                                (participant_id,)).fetchall()
        return {q: json.loads(v) for q, v in rows}

    def answers(self, question_id=None):
        """Return answers as dicts ``participant_id, name, team, is_team, question_id, value, seq``.

        All questions when ``question_id`` is None; ordered by question, then by time of the last change.
        """
        sql = ("SELECT a.participant_id, p.name, p.team, p.is_team, a.question_id, a.value, a.seq FROM answers a "
               "JOIN participants p ON p.id = a.participant_id")
        args = ()
        if question_id is not None:
            sql, args = sql + " WHERE a.question_id = ?", (question_id,)
        rows = self._db.execute(sql + " ORDER BY a.question_id, a.seq", args).fetchall()
        return [{"participant_id": r[0], "name": r[1], "team": r[2], "is_team": bool(r[3]), "question_id": r[4],
                 "value": json.loads(r[5]), "seq": r[6]} for r in rows]

    def answer_counts(self):
        """Return ``{question_id: number of participants who answered}``."""
        rows = self._db.execute("SELECT question_id, count(*) FROM answers GROUP BY question_id").fetchall()
        return dict(rows)

    def latest_seq(self, question_id=None):
        """Sequence number of the latest change (of one question's answers and state, when given)."""
        if question_id is None:
            row = self._db.execute("SELECT max(seq) FROM changes").fetchone()
        else:
            row = self._db.execute("SELECT max(seq) FROM changes WHERE question_id = ?", (question_id,)).fetchone()
        return row[0] or 0

    # -- question state ----------------------------------------------------------------------------------
    def question_state(self, question_id):
        """Return ``{"frozen": bool, "revealed": bool}`` (new questions are open and not yet revealed)."""
        row = self._db.execute("SELECT frozen, revealed FROM question_state WHERE question_id = ?",
                               (question_id,)).fetchone()
        return {"frozen": bool(row[0]), "revealed": bool(row[1])} if row else {"frozen": False, "revealed": False}

    def set_question_state(self, question_id, frozen=None, revealed=None):
        """Freeze or reopen a question, reveal or hide its results; ``None`` leaves a flag as it is."""
        state = self.question_state(question_id)
        state = {"frozen": state["frozen"] if frozen is None else bool(frozen),
                 "revealed": state["revealed"] if revealed is None else bool(revealed)}
        with self._write():
            self._db.execute("INSERT INTO question_state VALUES (?, ?, ?) ON CONFLICT(question_id) DO UPDATE "
                             "SET frozen = excluded.frozen, revealed = excluded.revealed",
                             (question_id, int(state["frozen"]), int(state["revealed"])))
            self._log("state", None, question_id, json.dumps(state))
        return state


class _Transaction:
    """``with`` block around one ``BEGIN IMMEDIATE`` ... ``COMMIT`` (rolled back on an exception)."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
