"""The package layout the product owner fixed: one importable package, widgets mapped into it, a compiled core."""
import subprocess
import sys
from pathlib import Path

import paynecrm_kernel

ROOT = Path(__file__).resolve().parent.parent


def _run(code):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=ROOT.parent).stdout.strip()


def test_importing_the_library_loads_neither_ipython_nor_ipywidgets():
    code = ("import sys, paynecrm_kernel, paynecrm_kernel.workbook, paynecrm_kernel.theme, paynecrm_kernel.cli\n"
            "import importlib, pkgutil\n"
            "skip = {'paynecrm_kernel.magics', 'paynecrm_kernel.widgets'}\n"
            "for m in pkgutil.iter_modules(paynecrm_kernel.__path__, 'paynecrm_kernel.'):\n"
            "    if m.name not in skip: importlib.import_module(m.name)\n"
            "print(sorted(n for n in ('IPython', 'ipywidgets') if n in sys.modules))")
    assert _run(code) == "[]"


def test_widgets_resolve_to_the_widgets_folder():
    location = _run("import paynecrm_kernel.widgets as w; print(w.__file__)")
    assert Path(location).resolve() == (ROOT / "widgets" / "__init__.py").resolve()


def test_compiled_core_reports_its_build():
    from paynecrm_kernel._core import runtime

    assert isinstance(runtime.openmp_enabled(), bool)
    assert runtime.max_threads() >= 1
    assert Path(runtime.__file__).suffix in {".so", ".pyd"}


def test_version_is_the_installed_distribution_version():
    from importlib.metadata import version

    assert paynecrm_kernel.__version__ == version("paynecrm-workbook")
