"""Facilitator notes: every major tool of chapters 00-02 has one, each chapter shows them, and they render."""
from pathlib import Path
import re

import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.framework import FACILITATOR_NOTES, chapter_minutes, facilitator_note, notes_of

BUILD = Path(__file__).resolve().parents[2] / "notebooks" / "build"
SCRIPTS = {"overview": "00_overview.py", "strategy": "01_strategy_development.py", "value": "02_value_creation.py"}


def _source(chapter):
    return (BUILD / SCRIPTS[chapter]).read_text()


@pytest.mark.parametrize("chapter", SCRIPTS)
def test_every_tool_and_exercise_of_the_chapter_has_a_note(chapter):
    source = _source(chapter)
    tools = set(re.findall(r"(\w+)\.lazy\(", source)) | set(re.findall(r"crm\.(buttle_comparison)\(", source))
    exercises = set(re.findall(r"exercise\(\"([a-z_.]+)\"", source))
    assert len(tools) >= 5 and exercises
    covered = {tool for note in notes_of(chapter).values() for tool in note.tools}
    assert tools - covered == set() and exercises - covered == set()


@pytest.mark.parametrize("chapter", SCRIPTS)
def test_the_chapter_shows_each_of_its_notes_once_in_reading_order(chapter):
    shown = re.findall(r"facilitator_note\(\"([a-z_.]+)\"\)", _source(chapter))
    assert shown == list(notes_of(chapter))


@pytest.mark.parametrize("chapter", SCRIPTS)
def test_the_stored_notebook_holds_the_register_s_notes(chapter):
    """The notes are rendered into markdown when the notebook is built: a changed register needs a rebuild."""
    import nbformat

    from paynecrm_kernel.widgets import facilitator

    notebook = nbformat.read(BUILD.parent / SCRIPTS[chapter].replace(".py", ".ipynb"), as_version=4)
    stored = [cell.source for cell in notebook.cells
              if cell.cell_type == "markdown" and cell.source.startswith("<details class='pcrm-facilitator'")]
    assert stored == [facilitator(step)._repr_html_() for step in notes_of(chapter)], \
        f"rebuild the notebook: python notebooks/build/{SCRIPTS[chapter]} --execute"


def test_notes_are_complete_and_add_up_to_the_agendas():
    for key, note in FACILITATOR_NOTES.items():
        assert key.split(".")[0] == note.chapter and note.title and note.prompt.strip() and note.run.strip()
        assert 0 < note.minutes <= 60 and 0 <= note.one_day_minutes <= note.minutes
        assert not (note.skip_for_executives and note.one_day_minutes), key   # a one-day day is for everyone
    # the agendas of docs/facilitator-guide.md
    assert [chapter_minutes(c) for c in SCRIPTS] == [130, 145, 220]
    assert [chapter_minutes(c, one_day=True) for c in SCRIPTS] == [75, 75, 105]
    assert chapter_minutes("value", executives=True) < chapter_minutes("value")
    with pytest.raises(DataValidationError, match="No facilitator note for step 'value.nothing'"):
        facilitator_note("value.nothing")


def test_a_note_renders_collapsed_with_its_prompt_and_times():
    from paynecrm_kernel.widgets import facilitator

    box = facilitator("value.sbg")
    page = box._repr_html_()
    assert page.startswith("<details class='pcrm-facilitator'") and "<summary" in page and " open" not in page
    assert "For the facilitator: Retention by segment: the sBG projection (15 min)" in page
    assert "Ask the room." in page and "Skip it" in page and "left out of a one-day workshop" in page
    text = repr(box)
    assert "Ask the room: Why does the retention rate" in text and "<" not in text
    bold = facilitator("value.proposition")._repr_html_()
    assert "<b>" in bold and "about 15 in a one-day workshop" in bold and "Run it." in bold
    with pytest.raises(DataValidationError):
        facilitator("overview.nothing")
