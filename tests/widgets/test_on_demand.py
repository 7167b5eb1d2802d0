"""Tools built when the reader scrolls to them, or when a cell uses them."""
import ipywidgets as W
import pytest

from paynecrm_kernel.widgets import SimpleCLVTool, on_demand
from paynecrm_kernel.widgets import _preheat as preheat
from paynecrm_kernel.workbook import Workbook


@pytest.fixture(autouse=True)
def later_placeholders(monkeypatch):
    """Placeholders past the page's first (which is built when the reader arrives)."""
    from itertools import count

    from paynecrm_kernel.widgets import _on_demand

    monkeypatch.setattr(_on_demand, "_PLACEHOLDERS", count(1))


def test_built_when_the_placeholder_comes_into_view(tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    holder = SimpleCLVTool.lazy(workbook=wb)
    assert not holder.built and "built when scrolled into view" in repr(holder)
    assert holder.children[0]._view_name == "AnyView"
    assert holder.children[0].height == SimpleCLVTool.placeholder_height > 100       # the tool knows its height
    holder.children[0].seen = True                     # what the page sends when the placeholder is in view
    assert holder.built and isinstance(holder.children[0], SimpleCLVTool)
    assert holder.children[0].workbook is wb


def test_a_cell_that_uses_the_tool_builds_it():
    holder = on_demand(W.IntSlider, value=3, height=40, when="seen")
    assert not holder.built
    assert holder.tool.value == 3 and holder.built
    assert holder.tool is holder.build() is holder.children[0]           # built once
    with pytest.raises(AttributeError):
        holder.value                                                      # the placeholder is no proxy


def test_a_tool_that_fails_says_so_in_the_page():
    def broken():
        raise ValueError("no data for this tool")

    holder = on_demand(broken)
    holder.children[0].seen = True
    assert "could not be built: no data for this tool" in holder.children[0].value


def test_a_first_screen_tool_is_built_when_the_reader_arrives(monkeypatch):
    holder = on_demand(W.IntSlider, value=1, when="reader")       # outside a pre-heated kernel: at once
    assert holder.built
    preheat.reset()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(preheat, "receive_request_info", lambda url: {"QUERY_STRING": ""})
    holder = on_demand(W.IntSlider, value=2, when="reader")
    assert not holder.built                                        # the page is computed ahead of its reader
    preheat.wait_for_reader()
    assert holder.built and holder.children[0].value == 2
    preheat.reset()


def test_only_the_kernels_first_placeholder_waits_for_the_reader(monkeypatch):
    from paynecrm_kernel.widgets import _on_demand

    monkeypatch.setattr(_on_demand, "_PLACEHOLDERS", iter(range(10**6)))   # a fresh kernel's count
    preheat.reset()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(preheat, "receive_request_info", lambda url: {"QUERY_STRING": ""})
    first, second = on_demand(W.IntSlider, value=1), on_demand(W.IntSlider, value=2)
    preheat.wait_for_reader()
    assert first.built and not second.built
    preheat.reset()


def test_placeholders_given_to_a_tool_are_built_first():
    inner = on_demand(W.IntSlider, value=4)
    outer = on_demand(lambda slider: W.VBox([W.Label(str(slider.value))]), inner)
    outer.build()
    assert inner.built and outer.children[0].children[0].value == "4"


def test_an_unknown_moment_is_refused():
    with pytest.raises(ValueError, match="when='later'"):
        on_demand(W.IntSlider, when="later")


def test_placeholders_share_one_layout_model():
    first, second = on_demand(W.IntSlider, height=40), on_demand(W.IntSlider, height=90)
    assert first.children[0].layout is second.children[0].layout      # one model for the page, not one each
    assert (first.children[0].height, second.children[0].height) == (40, 90)
