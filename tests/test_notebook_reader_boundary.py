"""Every chapter does its set-up before it first reads the workbook.

A pre-heated Voilà kernel runs a page up to its first read of the workbook before anyone asks for the page; the
rest runs while the reader waits (``docs/adding-a-chapter.md``, section 5). The boundary is wherever that first
read happens, so a read added to the set-up, or a set-up helper that starts reading the workbook, would quietly
move the whole page behind the reader. These tests run each notebook's cells until the workbook is first
accessed and check that this happens only after the cell's ``wb = Workbook.current()``, which the chapters place
after their imports and sample data.
"""
import ast
import sys
from pathlib import Path

import nbformat
import pytest
from IPython.display import display

from paynecrm_kernel.workbook import add_access_hook, remove_access_hook

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CELL = "<notebook cell {}>"


class FirstRead(BaseException):
    """Raised by the access hook at the first workbook access (a BaseException, so no ``except`` swallows it)."""

    def __init__(self, cell, line):
        super().__init__(cell, line)
        self.cell, self.line = cell, line


def first_read_hook():
    frame = sys._getframe(1)
    while frame is not None and not frame.f_code.co_filename.startswith("<notebook cell "):
        frame = frame.f_back
    assert frame is not None, "the workbook was accessed from outside the notebook's cells"
    raise FirstRead(int(frame.f_code.co_filename.split()[-1].rstrip(">")), frame.f_lineno)


def opening_line(source):
    """Line (1-based) of the cell's ``name = Workbook.current()`` statement, or None."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and ast.unparse(node.value.func) == "Workbook.current":
            return node.lineno
    return None


def run_until_first_read(cells):
    """Run ``cells`` (sources) in one namespace until one of them accesses the workbook; return (cell, line)."""
    namespace = {"display": display, "__name__": "__main__"}
    add_access_hook(first_read_hook)
    try:
        for index, source in enumerate(cells):
            exec(compile(source, CELL.format(index), "exec"), namespace)
    except FirstRead as read:
        return read.cell, read.line
    finally:
        remove_access_hook(first_read_hook)
    return None


def boundary_problem(cells):
    """Why the first workbook read of ``cells`` comes too early, or None if it comes after the set-up."""
    opening = next(((i, line) for i, source in enumerate(cells) if (line := opening_line(source))), None)
    if opening is None:
        return "no cell opens the workbook with `wb = Workbook.current()`"
    first_read = run_until_first_read(cells)
    if first_read is None:
        return "no cell reads the workbook"
    cell, line = first_read
    if (cell, line) > opening:
        return None
    return (f"the workbook is first read in code cell {cell}, line {line} "
            f"({cells[cell].splitlines()[line - 1].strip()!r}), before the set-up is done (`wb = "
            f"Workbook.current()` is in code cell {opening[0]}, line {opening[1]}): a pre-heated kernel would "
            f"stop there and leave the rest of the set-up for the reader to wait for")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_first_workbook_read_comes_after_the_set_up(path, tmp_path, monkeypatch):
    monkeypatch.setenv("PAYNECRM_WORKBOOK", str(tmp_path / "workbook.json"))
    cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    problem = boundary_problem(cells)

    assert problem is None, f"{path.name}: {problem}"


@pytest.mark.parametrize("cells, problem", [
    (["from paynecrm_kernel.workbook import Workbook, keys",
      "margin = Workbook.current().get(keys.strategy.GROSS_MARGIN)",
      "wb = Workbook.current()\nwb.get(keys.strategy.GROSS_MARGIN)"], "first read in code cell 1, line 1"),
    (["from paynecrm_kernel.workbook import Workbook, keys\nWorkbook.current().get(keys.strategy.GROSS_MARGIN)"
      "\nwb = Workbook.current()"], "first read in code cell 0, line 2"),
    (["from paynecrm_kernel.workbook import Workbook, keys\nwb = Workbook.current()"
      "\nwb.get(keys.strategy.GROSS_MARGIN)"], None),
], ids=["read in an earlier cell", "read above the opening", "read after the opening"])
def test_the_check_finds_a_read_hidden_in_the_set_up(cells, problem, tmp_path, monkeypatch):
    monkeypatch.setenv("PAYNECRM_WORKBOOK", str(tmp_path / "workbook.json"))

    found = boundary_problem(cells)

    assert found is None if problem is None else problem in found
