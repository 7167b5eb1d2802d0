"""Tools built when the reader scrolls to them, or when a cell uses them."""
import ipywidgets as W
import pytest

from paynecrm_kernel.widgets import SimpleCLVTool, on_demand
from paynecrm_kernel.workbook import Workbook


def test_built_when_the_placeholder_comes_into_view(tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    holder = on_demand(SimpleCLVTool, workbook=wb, height=570)
    assert not holder.built and "built when scrolled into view" in repr(holder)
    assert holder.children[0]._view_name == "AnyView" and holder.children[0].height == 570
    holder.children[0].seen = True                     # what the page sends when the placeholder is in view
    assert holder.built and isinstance(holder.children[0], SimpleCLVTool)
    assert holder.children[0].workbook is wb


def test_a_cell_that_uses_the_tool_builds_it():
    holder = on_demand(W.IntSlider, value=3, height=40)
    assert holder.value == 3 and holder.built               # attributes are the tool's
    assert holder.build() is holder.children[0]             # built once
    with pytest.raises(AttributeError):
        holder.no_such_attribute


def test_a_tool_that_fails_says_so_in_the_page():
    def broken():
        raise ValueError("no data for this tool")

    holder = on_demand(broken)
    holder.children[0].seen = True
    assert "could not be built: no data for this tool" in holder.children[0].value
