"""Shared tools of the notebook build scripts: cells, writing, and executing with stored outputs.

Each ``notebooks/build/NN_<name>.py`` defines its ``CELLS`` and calls :func:`main`. To rebuild every notebook
and store fresh outputs (what nbval compares against), run from the repository root::

    .venv/bin/python notebooks/build/nbbuild.py --execute

The notebooks run in reading order against one fresh workbook, as in a workshop where later chapters read the
decisions saved by earlier ones. Stored notebooks keep neither widget state (rebuilt by every run, and large)
nor execution timestamps, and cell ids are stable, so a rebuild changes only what really changed.
"""
import os
import runpy
import sys
import tempfile
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

BUILD_DIR = Path(__file__).resolve().parent
NOTEBOOK_DIR = BUILD_DIR.parent
IGNORE_OUTPUT = "# NBVAL_IGNORE_OUTPUT\n"


def md(text):
    """A markdown cell."""
    return new_markdown_cell(text.strip())


def code(text, widget=False):
    """A code cell; ``widget=True`` marks its output (a widget view) as not compared by nbval."""
    return new_code_cell((IGNORE_OUTPUT if widget else "") + text.strip())


def facilitator_note(step):
    """The facilitator's collapsed note for ``step``, as a markdown cell rendered from the register at build time.

    A note is static text: in markdown it costs the page no kernel round trip, and
    ``tests/framework/test_facilitation.py`` holds every note in the notebooks equal to the register.
    """
    from paynecrm_kernel.widgets import facilitator

    return new_markdown_cell(facilitator(step)._repr_html_())


def write(cells, path, id_prefix, title):
    """Write ``cells`` as the notebook at ``path`` (no outputs), with stable cell ids; return the path."""
    for i, cell in enumerate(cells):
        cell.id = f"{id_prefix}-{i:02d}"
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "title": title,
    })
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return Path(path)


def execute(paths, workbook=None):
    """Run the notebooks at ``paths`` in order, sharing one workbook file, and store their outputs in place."""
    from nbclient import NotebookClient

    with tempfile.TemporaryDirectory(prefix="paynecrm-notebooks-") as tmp:
        previous = os.environ.get("PAYNECRM_WORKBOOK")
        os.environ["PAYNECRM_WORKBOOK"] = str(workbook or Path(tmp) / "workbook.json")
        try:
            for path in map(Path, paths):
                print(f"executing {path.name}", flush=True)
                nb = nbformat.read(path, as_version=4)
                NotebookClient(nb, timeout=600, kernel_name="python3",
                               resources={"metadata": {"path": str(path.parent)}}).execute()
                nb.metadata.pop("widgets", None)
                for cell in nb.cells:
                    cell.metadata.pop("execution", None)
                nbformat.write(nb, path)
        finally:
            if previous is None:
                os.environ.pop("PAYNECRM_WORKBOOK", None)
            else:
                os.environ["PAYNECRM_WORKBOOK"] = previous


def main(cells, path, id_prefix, title):
    """Command line of one build script: write the notebook, and with ``--execute`` store its outputs."""
    out = write(cells, path, id_prefix, title)
    if "--execute" in sys.argv[1:]:
        execute([out])
    print(out)


def build_all(execute_them=False):
    """Rebuild every notebook from its build script; optionally execute them all in reading order."""
    saved_argv = sys.argv
    sys.argv = [saved_argv[0]]  # the scripts only write; execution happens once, in order, below
    try:
        outputs = []
        for script in sorted(BUILD_DIR.glob("[0-9][0-9]_*.py")):
            runpy.run_path(str(script), run_name="__main__")
            outputs.append(NOTEBOOK_DIR / (script.stem + ".ipynb"))
    finally:
        sys.argv = saved_argv
    if execute_them:
        execute(outputs)
    return outputs


if __name__ == "__main__":
    build_all(execute_them="--execute" in sys.argv[1:])
