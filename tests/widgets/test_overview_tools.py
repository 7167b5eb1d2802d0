"""The overview's tools driven without a browser: values in, traitlets and the workbook out, reload restores."""
import pytest

from paynecrm_kernel.framework import CRITERIA, PROCESSES, elements
from paynecrm_kernel.widgets import (ClassificationExercise, ContinuumTool, ExerciseBox, FrameworkMap,
                                     ImplementationGrid, MaturityAudit, StrategyMatrixTool, buttle_comparison,
                                     exercise, process_banner)
from paynecrm_kernel.workbook import Workbook


@pytest.fixture
def wb(tmp_path):
    return Workbook.open(tmp_path / "workbook.json")


def reopen(wb):
    return Workbook.open(wb.path)


# -- banner and map --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("process", list(PROCESSES))
def test_banner_shows_both_key_questions(process):
    banner = process_banner(process)
    assert f"class='pcrm-banner pcrm-banner-{process}'" in banner._repr_html_()
    for q in PROCESSES[process].key_questions:
        assert q.text.replace("\u201c", "&#x201c;")[:20] in banner.value or q.text[:20] in banner.value
    assert "After Payne &amp; Frow (2005)" in banner.value


def test_banner_rejects_unknown_process():
    with pytest.raises(KeyError):
        process_banner("sales")


def test_map_has_a_button_for_every_element_and_process(tmp_path):
    m = FrameworkMap(notebooks_dir=tmp_path)
    assert set(m.buttons) == {e.id for e in elements()} | set(PROCESSES)
    assert "Select any box" in m.detail.value


def test_map_click_explains_and_links_or_says_coming(wb, tmp_path):
    (tmp_path / "01_strategy_development.ipynb").write_text("{}")
    m = FrameworkMap(workbook=wb, notebooks_dir=tmp_path)
    m.buttons["segment_granularity"].click()
    assert m.selected == "segment_granularity"
    assert "one-to-one" in m.detail.value and "Questions to ask" in m.detail.value
    assert "href='01_strategy_development.ipynb'" in m.detail.value
    assert "pcrm-selected" in m.buttons["segment_granularity"]._dom_classes
    m.buttons["cost_reduction"].click()
    assert "pcrm-selected" not in m.buttons["segment_granularity"]._dom_classes
    assert "Notebook 05 (Performance assessment): coming" in m.detail.value
    assert reopen(wb).get("overview.map.selected") == "cost_reduction"
    assert FrameworkMap(workbook=reopen(wb), notebooks_dir=tmp_path).selected == "cost_reduction"


def test_map_ignores_a_stale_saved_selection(wb):
    wb.set("overview.map.selected", "no_such_element")
    assert FrameworkMap(workbook=wb).selected == ""


# -- exercises --------------------------------------------------------------------------------------------------
def test_exercise_saves_answer_and_hides_model_answer(wb):
    box = ExerciseBox("Why?", "Because **reasons**.", workbook=wb, key="overview.exercise.t")
    assert box._model.layout.display == "none" and "<b>reasons</b>" in box._model.value
    box.text.value = "My answer"
    assert box.answer == "My answer" and reopen(wb).get("overview.exercise.t.answer") == "My answer"
    box.button.click()
    assert box.revealed and box._model.layout.display is None
    again = ExerciseBox("Why?", "Because.", workbook=reopen(wb), key="overview.exercise.t")
    assert again.text.value == "My answer" and not again.revealed


def test_classification_exercise_checks_and_restores(wb):
    items = [("a", "X", "r1"), ("b", "Y", "r2"), ("c", "X", "r3")]
    ex = ClassificationExercise("Sort", items, ["X", "Y"], workbook=wb, key="overview.exercise.c")
    ex.dropdowns[0].value, ex.dropdowns[1].value, ex.dropdowns[2].value = "X", "X", "X"
    ex.check.click()
    assert ex.score == 2 and "look again at 2" in ex._status.value
    again = ClassificationExercise("Sort", items, ["X", "Y"], workbook=reopen(wb), key="overview.exercise.c")
    assert again.choices == ["X", "X", "X"]


def test_exercises_of_a_section_share_one_placeholder_and_save_under_their_own_keys(wb, monkeypatch):
    from itertools import count

    from paynecrm_kernel.widgets import _on_demand

    monkeypatch.setattr(_on_demand, "_PLACEHOLDERS", count(1))        # not the page's first: built when seen
    holder = exercise("value.exercise.equity", "value.exercise.retention", workbook=wb)
    alone = exercise("value.exercise.equity", workbook=wb)
    assert holder.children[0].height > alone.children[0].height          # room for both
    first, second = holder.tool.children
    assert (first.key, second.key) == ("value.exercise.equity", "value.exercise.retention")
    second.text.value = "Keep the trade accounts"
    assert reopen(wb).get("value.exercise.retention.answer") == "Keep the trade accounts"
    assert isinstance(alone.tool, ExerciseBox) and alone.tool.key == "value.exercise.equity"


def test_an_unknown_exercise_is_refused_when_the_cell_runs(wb):
    with pytest.raises(KeyError, match="No exercise 'value.exercise.nope'"):
        exercise("value.exercise.equity", "value.exercise.nope", workbook=wb)
    with pytest.raises(TypeError, match="at least one"):
        exercise(workbook=wb)


# -- tools --------------------------------------------------------------------------------------------------------
def test_continuum_tool_updates_and_restores(wb):
    tool = ContinuumTool(workbook=wb)
    assert tool.position == 2.0
    tool.ratings[6].value = 5
    assert tool.position == pytest.approx(2.1, abs=1e-4)
    assert "2.10" in tool.reading.value
    assert "Us: 2.10" in tool.scale.value and "points='311.0,28" in tool.scale.value   # 90 + 1.1 * 210 - 10
    tool.definition.value = "CRM is our sales software."
    again = ContinuumTool(workbook=reopen(wb))
    assert again.position == tool.position and again.definition.value == "CRM is our sales software."


def test_continuum_tool_shows_a_message_instead_of_failing(wb):
    tool = ContinuumTool(workbook=wb)
    for r in tool.ratings:
        r.value = 1
    assert tool.message_kind == "error" and "strongly disagree" in tool.message
    tool.ratings[0].value = 4
    assert tool.message == "" and tool.position == 1.0


def test_strategy_matrix_tool(wb):
    tool = StrategyMatrixTool(workbook=wb)
    assert tool.quadrant == "Product-based selling" and tool.target.value == "Customer-based marketing"
    assert tool.route.disabled and len(tool.missing) == 3
    tool.target.value = "Individualized CRM"
    assert not tool.route.disabled and len(tool.missing) == 5
    tool.target.value = "Customer-based marketing"
    for item in ("identified_revenue", "data_integration", "analytics_use"):
        tool.sliders[item].value = 0.8
    assert tool.quadrant == "Customer-based marketing" and tool.missing == []
    assert "No capability is below" in tool.summary.value
    again = StrategyMatrixTool(workbook=reopen(wb))
    assert again.quadrant == "Customer-based marketing" and again.target.value == "Customer-based marketing"


def test_maturity_checklist_changes_stage_and_restores(wb):
    tool = MaturityAudit(workbook=wb)
    assert tool.stage == 0
    for cid, _area, _text in CRITERIA[1][:3]:
        tool.checkboxes[cid].value = True
    assert tool.stage == 1 and "Pre-CRM planning" in tool.stage_html.value
    tool.sliders["Lack of leadership"].value = 5
    assert tool.barrier_index == pytest.approx(23 / 7, abs=1e-4)
    assert "\u2691 Lack of leadership" in tool.barrier_html.value
    again = MaturityAudit(workbook=reopen(wb))
    assert again.stage == 1 and again.sliders["Lack of leadership"].value == 5


def test_implementation_grid(wb):
    tool = ImplementationGrid(workbook=wb)
    tool.dropdowns[1][3].value = 1
    assert tool.grid[1][3] == 1
    assert "CRM change management" in tool.summary.value and "Information management" in tool.summary.value
    assert ImplementationGrid(workbook=reopen(wb)).grid[1][3] == 1


def test_implementation_grid_ignores_a_malformed_saved_grid(wb):
    wb.set("overview.implementation.grid", [[5]])              # valid ratings, but not the grid's shape
    assert ImplementationGrid(workbook=wb).grid == [[3] * 5] * 4


def test_buttle_box_is_attributed_to_buttle():
    box = buttle_comparison()
    assert "Buttle 2004" in box.value and "not part of Payne &amp; Frow" in box.value
