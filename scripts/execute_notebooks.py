"""Execute notebooks in place on a fresh workbook, so their stored outputs are what nbval checks.

The notebooks run in the order given, sharing one workbook (as in a workshop, where later chapters read the
decisions saved by earlier ones); widget state and execution timestamps are not stored.

Usage: python scripts/execute_notebooks.py notebooks/00_overview.ipynb [...]
"""
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path, workbook):
    """Run every cell of the notebook at ``path`` with ``workbook`` as the workbook file; save it in place."""
    notebook = nbformat.read(path, as_version=4)
    os.environ["PAYNECRM_WORKBOOK"] = str(workbook)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    notebook.metadata.pop("widgets", None)  # widget state is rebuilt by every run; storing it bloats the file
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # timestamps would make every run a change
    nbformat.write(notebook, path)


def main(paths):
    with tempfile.TemporaryDirectory(prefix="paynecrm-notebooks-") as folder:
        workbook = Path(folder) / "workbook.json"
        for path in paths:
            print(f"executing {path}", flush=True)
            execute(path, workbook)


if __name__ == "__main__":
    main(sys.argv[1:])
