"""Every colour of a tool comes from the palette in ``paynecrm_kernel/theme.py``, never from a literal in a widget
module, and the shared HTML pieces are built from it."""
import re
from pathlib import Path

import pytest

from paynecrm_kernel import theme
from paynecrm_kernel.widgets import _styles
from paynecrm_kernel.widgets._base import message_html

WIDGETS = Path(theme.__file__).resolve().parents[1] / "widgets"
#: A CSS colour written as ``#rgb``, ``#rrggbb`` or ``#rrggbbaa`` (an HTML entity such as ``&#x2192;`` is not one).
HEX_COLOUR = re.compile(r"(?<![&\w])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


LIBRARY = Path(theme.__file__).parent


def _widget_modules():
    return sorted(WIDGETS.glob("*.py"))


def _library_modules():
    return sorted(p for p in LIBRARY.rglob("*.py") if p != Path(theme.__file__))


def _hex_literals(path):
    return [f"{path.name}:{number}: {match.group(0)}"
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            for match in HEX_COLOUR.finditer(line)]


def test_the_widget_folder_is_found():
    assert len(_widget_modules()) > 20


@pytest.mark.parametrize("path", _widget_modules(), ids=lambda p: p.name)
def test_no_widget_module_writes_a_colour_of_its_own(path):
    assert _hex_literals(path) == [], "use a named colour of paynecrm_kernel/theme.py"


@pytest.mark.parametrize("path", _library_modules(), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_no_library_module_writes_a_colour_of_its_own(path):
    assert _hex_literals(path) == [], "use a named colour of paynecrm_kernel/theme.py"


def test_the_pattern_finds_colours_and_ignores_entities():
    text = "style='color:#666;background:#f3f5f8' href='#top' &#x201c; &#8594; #b71c1c80"
    assert HEX_COLOUR.findall(text) == ["#666", "#f3f5f8", "#b71c1c80"]


def test_tint_mixes_with_white():
    assert theme.tint("#1f4e79", 0) == "#1f4e79"
    assert theme.tint("#1f4e79", 1) == "#ffffff"
    assert theme.tint("#000000", 0.5) == "#808080"


def test_notes_and_callouts_take_their_colours_from_the_theme():
    assert f"color:{theme.MUTED}" in _styles.note("x")
    assert f"color:{theme.MUTED}" in _styles.fine_print("x")
    assert f"color:{theme.NEUTRAL}" in _styles.help_text("x")
    background, colour = theme.MESSAGE_COLOURS["caution"]
    box = _styles.callout("<b>Read with care.</b>", "caution", css_class="pcrm-critique")
    assert f"background:{background}" in box and f"border-left:4px solid {colour}" in box
    assert box.startswith("<div class='pcrm-critique'") and "<b>Read with care.</b>" in box


def test_a_message_escapes_its_text_and_is_written_in_its_colour():
    background, colour = theme.MESSAGE_COLOURS["error"]
    box = message_html("a < b", kind="error")
    assert "a &lt; b" in box and f"color:{colour}" in box and f"background:{background}" in box


def test_a_headline_escapes_label_value_and_note():
    figure = _styles.headline("CLV <total>", "$1 & 2", "a \"note\"", colour=theme.PROCESS_COLOURS["value"])
    assert "CLV &lt;total&gt;" in figure and "$1 &amp; 2" in figure and "a &quot;note&quot;" in figure
    assert f"color:{theme.PROCESS_COLOURS['value']}" in figure
