"""Summaries of the room's answers, the pooled conjoint, the CSV table and the workshop.* workbook keys."""
import numpy as np
import pytest

from paynecrm_kernel.framework import continuum_position, matrix_position
from paynecrm_kernel.value import design_fingerprint, fit_part_worths, generate_design, save_design
from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel.workshop import (WORKBOOK_FIELDS, WORKBOOK_KEYS, WorkshopStore, answers_table,
                                      conjoint_ratings, get_question, live_design, summarise, to_workbook)

CONTINUUM = get_question("overview.continuum")
MATRIX = get_question("overview.matrix")


@pytest.fixture
def store(tmp_path):
    s = WorkshopStore(tmp_path / "w.sqlite")
    yield s
    s.close()


def _continuum(ratings):
    return dict(zip([k for k, _l in CONTINUUM.items], ratings))


def test_continuum_markers_are_placed_with_the_framework_scoring(store):
    answers = [[5, 5, 5, 2, 2, 2, 1, 1, 1], [1, 1, 1, 3, 3, 3, 5, 5, 5], [3] * 9]
    for i, ratings in enumerate(answers):
        p = store.join(f"P{i}", "Red" if i else "")
        store.save_answer(p.id, CONTINUUM.id, CONTINUUM.validate(_continuum(ratings)))
    s = summarise(CONTINUUM, store.answers(CONTINUUM.id))
    expected = [continuum_position(r).position for r in answers]
    assert sorted(m["position"] for m in s["markers"]) == sorted(expected)
    assert s["n"] == 3 and s["mean"] == pytest.approx(np.mean(expected))
    assert {m["team"] for m in s["markers"]} == {"", "Red"}


def test_matrix_markers_and_quadrant_counts(store):
    scores = [dict.fromkeys([k for k, _l in MATRIX.items], v) for v in (0.2, 0.8, 0.9)]
    for i, answer in enumerate(scores):
        store.save_answer(store.join(f"P{i}").id, MATRIX.id, MATRIX.validate(answer))
    s = summarise(MATRIX, store.answers(MATRIX.id))
    assert s["quadrants"]["Individualized CRM"] == 2 and s["quadrants"]["Product-based selling"] == 1
    assert s["x"]["mean"] == pytest.approx(np.mean([matrix_position(a).x for a in scores]))


def test_every_kind_summarises_and_empty_questions_say_so(store):
    for qid, answer in [("overview.maturity", ["s1_vision", "s1_customers", "s1_data_audit"]),
                        ("overview.readiness", {f"b{i}": 1 + i % 5 for i in range(1, 8)}),
                        ("strategy.granularity", "micro"), ("performance.nps", 9),
                        ("strategy.ideas", ["Train staff on CRM", "Train the service team"])]:
        store.save_answer(store.join().id, qid, get_question(qid).validate(answer))
    assert summarise(get_question("overview.maturity"), store.answers("overview.maturity"))["counts"][1] == 1
    readiness = summarise(get_question("overview.readiness"), store.answers("overview.readiness"))
    assert [item["mean"] for item in readiness["items"]] == [2, 3, 4, 5, 1, 2, 3]
    votes = summarise(get_question("strategy.granularity"), store.answers("strategy.granularity"))
    assert [o["votes"] for o in votes["options"]] == [0, 1, 0]
    assert summarise(get_question("performance.nps"), store.answers("performance.nps"))["nps"] == 100
    assert summarise(get_question("strategy.ideas"), store.answers("strategy.ideas"))["n_ideas"] == 2
    assert summarise(get_question("performance.kpi"), []) == {"question_id": "performance.kpi", "kind": "choice",
                                                              "n": 0}


def _planted_conjoint(store, design, rng, n=12):
    """Respondents with known part-worths (0-10 scale): price matters most, design not at all."""
    truth = {("price", "$999"): 2.0, ("price", "$799"): 4.0, ("delivery", "1 week"): 1.0,
             ("delivery", "next day"): 1.5, ("warranty", "5 years"): 1.0}
    question = get_question("value.conjoint")
    for i in range(n):
        ratings = {}
        for pid, row in design.profiles.iterrows():
            utility = 2 + sum(truth.get((a, row[a]), 0.0) for a in design.attributes) + rng.normal(0, 0.7)
            ratings[str(pid)] = int(np.clip(np.round(utility), 0, 10))
        value = {"design": design_fingerprint(design), "ratings": question.validate(ratings, design.profiles.index)}
        store.save_answer(store.join(f"R{i}").id, question.id, value)
    return truth


def test_pooled_conjoint_is_the_library_fit_and_recovers_planted_part_worths(store):
    design = live_design()
    truth = _planted_conjoint(store, design, np.random.default_rng(3))
    answers = store.answers("value.conjoint")
    s = summarise(get_question("value.conjoint"), answers, design)
    assert s["status"] == "ok" and s["n"] == 12 and s["n_ratings"] == 12 * design.n_profiles
    fit = fit_part_worths(conjoint_ratings(answers, design), design.attributes, individual=False)
    ours = {(r["attribute"], r["level"]): r["part_worth"] for r in s["part_worths"]}
    table = fit.part_worths()
    assert ours == pytest.approx(dict(zip(zip(table["attribute"], table["level"]), table["part_worth"])))
    for key, value in truth.items():
        assert ours[key] == pytest.approx(value, abs=0.35)
    assert max(s["importances"], key=s["importances"].get) == "price"
    assert s["cov_type"] == "cluster"


def test_conjoint_answers_made_under_another_design_are_left_out(store, tmp_path):
    first = live_design()
    _planted_conjoint(store, first, np.random.default_rng(1), n=3)
    workbook = Workbook.open(tmp_path / "wb.json")
    other = generate_design({"price": ["high", "low"], "speed": ["slow", "fast"]}, 4)
    save_design(workbook, other)
    assert design_fingerprint(live_design(workbook)) == design_fingerprint(other)
    s = summarise(get_question("value.conjoint"), store.answers("value.conjoint"), other)
    assert s["n"] == 0 and "No ratings" in s["status"]


def test_csv_table_and_workbook_keys(store, tmp_path):
    ann, team = store.join("Ann", "Blue"), store.join(team="Table 2", is_team=True)
    store.save_answer(ann.id, CONTINUUM.id, CONTINUUM.validate(_continuum([2] * 9)))
    store.save_answer(team.id, "performance.nps", 8)
    store.save_answer(ann.id, "strategy.ideas", ["One", "Two"])
    table = answers_table(store)
    assert list(table.columns) == ["participant_id", "name", "team", "is_team", "chapter", "question_id", "item",
                                   "value"]
    assert len(table) == 9 + 1 + 2
    assert table.loc[table.question_id == "performance.nps", "is_team"].tolist() == [True]
    workbook = Workbook.open(tmp_path / "wb.json")
    keys = to_workbook(store, workbook)
    assert keys == ["workshop.overview.continuum", "workshop.participants", "workshop.performance.nps",
                    "workshop.strategy.ideas", "workshop.teams"]
    assert set(keys) <= set(WORKBOOK_KEYS) == {f.key for f in WORKBOOK_FIELDS}
    again = Workbook.open(tmp_path / "wb.json")
    assert again.get("workshop.participants") == 2 and again.get("workshop.teams") == ["Blue", "Table 2"]
    assert again.get("workshop.overview.continuum")["mean"] == pytest.approx(2.0)
    assert again.get("workshop.performance.nps")["nps"] == 0
