"""Build mapping for PayneCRM Workbook; all metadata lives in pyproject.toml.

* ``paynecrm_kernel/`` is the package, ``widgets/`` installs as ``paynecrm_kernel.widgets``.
* every ``ext/<name>.pyx`` compiles into ``paynecrm_kernel._core.<name>``, with OpenMP when a
  compile probe shows the compiler supports it.
* ``PAYNECRM_EXT=name1,name2`` restricts a build to some kernels (handy while developing one).
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy
from Cython.Build import cythonize
from setuptools import Extension, find_packages, setup

ROOT = Path(__file__).parent
EXT_DIR = "ext"


def _packages():
    core = ["paynecrm_kernel"] + [f"paynecrm_kernel.{p}" for p in find_packages("paynecrm_kernel")]
    widgets = ["paynecrm_kernel.widgets"] + [f"paynecrm_kernel.widgets.{p}" for p in find_packages("widgets")]
    return core + widgets


def _openmp_flags():
    """Return (compile, link) flags for OpenMP if a probe program builds and runs, else empty lists."""
    if os.environ.get("PAYNECRM_NO_OPENMP"):
        return [], []
    cc = os.environ.get("CC") or shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        return [], []
    source = "#include <omp.h>\nint main(void){int n=0;\n#pragma omp parallel reduction(+:n)\nn+=1;\nreturn n>0?0:1;}\n"
    with tempfile.TemporaryDirectory() as tmp:
        src, exe = Path(tmp, "probe.c"), Path(tmp, "probe")
        src.write_text(source)
        try:
            subprocess.run([cc, "-fopenmp", str(src), "-o", str(exe)], check=True, capture_output=True)
            subprocess.run([str(exe)], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            print("OpenMP probe failed: building the core without OpenMP", file=sys.stderr)
            return [], []
    return ["-fopenmp"], ["-fopenmp"]


def _extensions():
    wanted = {n for n in os.environ.get("PAYNECRM_EXT", "").split(",") if n}
    compile_omp, link_omp = _openmp_flags()
    macros = [("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")]
    extensions = []
    for pyx in sorted((ROOT / EXT_DIR).glob("*.pyx")):
        if wanted and pyx.stem not in wanted:
            continue
        extensions.append(Extension(
            f"paynecrm_kernel._core.{pyx.stem}", [f"{EXT_DIR}/{pyx.name}"],
            include_dirs=[numpy.get_include(), EXT_DIR], define_macros=macros,
            extra_compile_args=["-O3", *compile_omp], extra_link_args=link_omp))
    return cythonize(extensions, compiler_directives={"language_level": "3"}, include_path=[EXT_DIR])


setup(
    packages=_packages(),
    package_dir={"paynecrm_kernel": "paynecrm_kernel", "paynecrm_kernel.widgets": "widgets"},
    ext_modules=_extensions(),
    zip_safe=False,
)
