"""The workshop's SQLite store: identities, answers kept apart, freezing, and many processes writing at once."""
import multiprocessing
import sqlite3

import pytest

from paynecrm_kernel.errors import DataValidationError, WorkbookError
from paynecrm_kernel.workshop import WorkshopStore
from paynecrm_kernel.workshop.store import CODE_ALPHABET, MAX_ANSWER_BYTES, normalise_code


@pytest.fixture
def store(tmp_path):
    s = WorkshopStore(tmp_path / "w.sqlite")
    yield s
    s.close()


def test_database_is_in_wal_mode_and_keeps_its_secrets_across_openings(tmp_path, store):
    mode = sqlite3.connect(tmp_path / "w.sqlite").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    again = WorkshopStore(tmp_path / "w.sqlite")
    assert (again.workshop_code, again.facilitator_token, again.cookie_secret) == \
        (store.workshop_code, store.facilitator_token, store.cookie_secret)
    assert len(store.workshop_code) == 6 and set(store.workshop_code) <= set(CODE_ALPHABET)


def test_join_returns_a_token_and_a_personal_code_that_find_the_same_participant(store):
    ann = store.join("Ann", "Blue")
    assert store.participant_by_token(ann.token).id == ann.id
    assert store.participant_by_token("not a token") is None
    found, token = store.token_for_code(ann.code.lower()[:3] + "-" + ann.code[3:])
    assert found.id == ann.id and token != ann.token
    assert store.participant_by_token(token).id == ann.id
    assert store.participant_by_token(ann.token).id == ann.id      # the first device keeps working
    assert store.token_for_code("ZZZZZZ") == (None, None)


def test_answers_are_kept_per_participant_and_replaced_only_by_their_author(store):
    ann, bob = store.join("Ann"), store.join("Bob")
    store.save_answer(ann.id, "performance.nps", 9)
    store.save_answer(bob.id, "performance.nps", 3)
    store.save_answer(ann.id, "performance.nps", 10)
    assert store.answer_of(ann.id, "performance.nps") == 10
    assert store.answer_of(bob.id, "performance.nps") == 3
    assert store.answer_counts() == {"performance.nps": 2}
    assert [a["value"] for a in store.answers("performance.nps")] == [3, 10]


def test_every_change_advances_the_sequence(store):
    ann = store.join("Ann")
    first = store.save_answer(ann.id, "performance.nps", 9)
    second = store.save_answer(ann.id, "performance.nps", 8)
    assert second > first and store.latest_seq() == second == store.latest_seq("performance.nps")
    store.set_question_state("performance.nps", revealed=True)
    assert store.latest_seq("performance.nps") > second


def test_frozen_questions_refuse_answers_until_reopened(store):
    ann = store.join("Ann")
    assert store.question_state("performance.kpi") == {"frozen": False, "revealed": False}
    store.set_question_state("performance.kpi", frozen=True)
    with pytest.raises(DataValidationError, match="frozen"):
        store.save_answer(ann.id, "performance.kpi", "nps")
    store.set_question_state("performance.kpi", frozen=False, revealed=True)
    store.save_answer(ann.id, "performance.kpi", "nps")
    assert store.question_state("performance.kpi") == {"frozen": False, "revealed": True}


def test_bad_input_is_refused_with_a_clear_message(store, tmp_path):
    ann = store.join("Ann")
    with pytest.raises(DataValidationError, match="larger than"):
        store.save_answer(ann.id, "strategy.ideas", ["x" * MAX_ANSWER_BYTES])
    with pytest.raises(DataValidationError, match="Unknown participant"):
        store.save_answer("nobody", "performance.nps", 5)
    with pytest.raises(DataValidationError, match="longer than"):
        store.join("A" * 41)
    with pytest.raises(DataValidationError, match="team name"):
        store.join(is_team=True)
    with pytest.raises(DataValidationError, match="at least 4"):
        store.set_workshop_code("O0")
    (tmp_path / "junk.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(WorkbookError, match="not a workshop database"):
        WorkshopStore(tmp_path / "junk.sqlite")


def test_workshop_code_can_be_chosen(store):
    store.set_workshop_code("crm-25")
    assert store.workshop_code == "CRM25" == normalise_code(" c r m-25 ")


def _writer(path, name, n):
    store = WorkshopStore(path)
    me = store.join(name)
    for i in range(n):
        store.save_answer(me.id, f"q{i % 7}", {"writer": name, "i": i})
    store.close()


def test_many_processes_write_at_once_without_losing_anything(tmp_path):
    path = tmp_path / "shared.sqlite"
    WorkshopStore(path).close()
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, f"w{k}", 60)) for k in range(6)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = WorkshopStore(path)
    names = {p.id: p.name for p in store.participants()}
    answers = store.answers()
    assert len(names) == 6 and len(answers) == 6 * 7
    for a in answers:                                   # each keeps its own last answer per question
        assert a["value"]["writer"] == names[a["participant_id"]]
        assert a["value"]["i"] == max(i for i in range(60) if f"q{i % 7}" == a["question_id"])
    log = store._db.execute("SELECT count(*) FROM changes WHERE kind = 'answer'").fetchone()[0]
    assert log == 6 * 60
