"""Shared default layouts: one model for many widgets, and no tool may change the shared one in place."""
import ipywidgets as W

from paynecrm_kernel import widgets as crm
from paynecrm_kernel.widgets._lean import HTML, VBox, _shared, shared_layout


def test_default_layout_and_style_are_shared_explicit_ones_are_not():
    a, b = HTML("a"), HTML("b")
    assert a.layout is b.layout is VBox([a, b]).layout and a.style is b.style
    assert HTML("c", layout=W.Layout(width="10px")).layout is not a.layout
    assert shared_layout(width="100%") is shared_layout(width="100%") is not shared_layout(width="50%")


def test_tools_leave_the_shared_layout_untouched():
    pristine = W.Layout().get_state()
    pristine.pop("_model_id", None)
    tools = [crm.ContinuumTool(), crm.FrameworkMap(), crm.MaturityAudit(), crm.StrategyMatrixTool(),
             crm.ImplementationGrid(), crm.ExerciseBox("Q?", "A.")]
    tools[-1].button.click()                                  # reveal the model answer, then hide it again
    tools[-1].button.click()
    state = _shared("layout").get_state()
    assert {k: v for k, v in state.items() if k in pristine} == pristine
