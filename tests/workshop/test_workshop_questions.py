"""The live exercises: one or more per chapter, built from the framework's content, answers checked."""
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.framework import CRITERIA, MATRIX_ITEMS, STATEMENTS
from paynecrm_kernel.strategy.five_forces import FORCE_KEYS
from paynecrm_kernel.workshop import CHAPTERS, QUESTIONS, chapter_questions, get_question


def test_every_chapter_has_a_live_exercise_and_ids_are_unique():
    assert list(CHAPTERS) == ["overview", "strategy", "value", "channels", "information", "performance"]
    assert all(chapter_questions(c) for c in CHAPTERS)
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    assert all(q.id.startswith(q.chapter + ".") for q in QUESTIONS)


def test_exercises_carry_the_framework_content():
    assert [label for _k, label in get_question("overview.continuum").items] == [t for _p, t in STATEMENTS]
    assert [k for k, _l in get_question("overview.matrix").items] == list(MATRIX_ITEMS)
    assert len(get_question("overview.maturity").items) == sum(len(c) for c in CRITERIA.values())
    assert tuple(k for k, _l in get_question("strategy.five_forces").items) == FORCE_KEYS
    assert len(get_question("channels.migration").options) == 6             # Payne & Frow's six categories
    assert len(get_question("information.data_quality").options) == 6       # DAMA's six dimensions


def test_answers_are_returned_in_their_stored_form():
    forces = get_question("strategy.five_forces")
    assert forces.validate({k: str(v) for k, v in zip(FORCE_KEYS, [1, 2, 3, 4, 5])}) == dict(zip(FORCE_KEYS, range(1, 6)))
    matrix = get_question("overview.matrix")
    assert matrix.validate({k: "0.3" for k in MATRIX_ITEMS}) == {k: 0.3 for k in MATRIX_ITEMS}
    maturity = get_question("overview.maturity")
    assert maturity.validate(["s2_quality", "s1_vision"]) == ["s1_vision", "s2_quality"]
    assert get_question("performance.nps").validate("7") == 7
    assert get_question("strategy.ideas").validate("  one idea \n\n another   idea ") == ["one idea", "another idea"]
    assert get_question("value.conjoint").validate({"1": "4", 2: 10, "3": ""}, profile_ids=[1, 2, 3]) == \
        {"1": 4, "2": 10}


@pytest.mark.parametrize("question_id, answer, message", [
    ("strategy.five_forces", {"rivalry": 3}, "still to answer: number 2, 3, 4, 5"),
    ("strategy.five_forces", {k: 6 for k in FORCE_KEYS}, "from 1 to 5"),
    ("strategy.five_forces", {**{k: 3 for k in FORCE_KEYS}, "x": 1}, "not items of this question: x"),
    ("strategy.five_forces", [3, 3], "one value per item"),
    ("overview.continuum", {f"s{i}": 1 for i in range(1, 10)}, "no position"),
    ("overview.matrix", {k: 1.5 for k in MATRIX_ITEMS}, "from 0"),
    ("overview.maturity", ["s9_unknown"], "Unknown items"),
    ("strategy.granularity", "huge", "Choose one of"),
    ("performance.nps", 3.5, "whole number from 0 to 10"),
    ("performance.nps", True, "whole number from 0 to 10"),
    ("strategy.ideas", "", "at least one idea"),
    ("strategy.ideas", "\n".join("idea" for _ in range(6)), "at most 5"),
    ("strategy.ideas", "x" * 201, "under 200"),
    ("value.conjoint", {"99": 5}, "profiles of the current design"),
    ("value.conjoint", {"1": ""}, "at least one profile"),
])
def test_bad_answers_name_the_question_and_the_fix(question_id, answer, message):
    with pytest.raises(DataValidationError, match=message) as info:
        get_question(question_id).validate(answer, profile_ids=[1, 2, 3])
    assert info.value.column == question_id


def test_unknown_question_or_chapter_is_refused():
    with pytest.raises(DataValidationError, match="use one of"):
        get_question("overview.nothing")
    with pytest.raises(DataValidationError, match="Unknown chapter"):
        chapter_questions("capstone")
