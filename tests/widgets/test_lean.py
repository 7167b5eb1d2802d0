"""Shared default layouts and styles: one model for many widgets, and no tool may change a shared one in place."""
import ipywidgets as W
import pytest

from paynecrm_kernel import widgets as crm
from paynecrm_kernel.widgets import _lean
from paynecrm_kernel.widgets._lean import HTML, Button, IntSlider, VBox, shared_layout


def test_default_layout_and_style_are_shared_explicit_ones_are_not():
    a, b = HTML("a"), HTML("b")
    assert a.layout is b.layout is VBox([a, b]).layout and a.style is b.style
    assert Button().style is Button().style and IntSlider().style is IntSlider().style
    assert HTML("c", layout=W.Layout(width="10px")).layout is not a.layout
    assert IntSlider(style={"description_width": "90px"}).style is not IntSlider().style
    assert shared_layout(width="100%") is shared_layout(width="100%") is not shared_layout(width="50%")


def _shared_states():
    return {key: {k: v for k, v in model.get_state().items() if k != "_model_id"}
            for key, model in _lean._SHARED.items()}


def test_tools_leave_the_shared_layouts_and_styles_untouched():
    tools = [crm.ContinuumTool(), crm.FrameworkMap(), crm.MaturityAudit(), crm.StrategyMatrixTool(),
             crm.ImplementationGrid(), crm.ExerciseBox("Q?", "A.")]
    before = _shared_states()
    tools[-1].button.click()                                  # reveal the model answer, then hide it again
    tools[-1].button.click()
    tools[1].selected = "strategy"                            # a click on the map
    for box in list(tools[2].checkboxes.values())[:5]:
        box.value = not box.value
    tools[3].target.value = tools[3].target.options[0]
    assert _shared_states() == before


def test_a_shared_layout_or_style_refuses_to_be_changed_in_place():
    a, b = HTML("a"), HTML("b")
    with pytest.raises(AttributeError, match="shared by many widgets"):
        a.layout.display = "none"                             # would hide b too
    with pytest.raises(AttributeError, match="shared by many widgets"):
        Button().style.button_color = "red"
    assert b.layout.display is None
    own = HTML("c", layout=W.Layout())
    own.layout.display = "none"                               # a widget's own layout changes freely
