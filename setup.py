"""Build mapping for PayneCRM Workbook; all metadata lives in pyproject.toml.

* ``paynecrm_kernel/`` is the package, ``widgets/`` installs as ``paynecrm_kernel.widgets``.
* every ``ext/<name>.pyx`` compiles into ``paynecrm_kernel._core.<name>``, with OpenMP when a probe
  program builds and runs with the compiler of the build itself.
* Cython's compiler directives are set here, once for every kernel. ``PAYNECRM_CYTHON_DEBUG=1`` turns
  bounds and initialisation checks on (an ``IndexError`` instead of a crash while developing a kernel).
* ``PAYNECRM_EXT=name1,name2`` restricts a build to some kernels (handy while developing one);
  ``PAYNECRM_NO_OPENMP=1`` builds without OpenMP.
"""
import os
import sys
import tempfile
from pathlib import Path

import numpy
from setuptools import Extension, find_packages, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).parent
EXT_DIR = "ext"
DEBUG = os.environ.get("PAYNECRM_CYTHON_DEBUG", "") not in ("", "0")
DIRECTIVES = {
    "language_level": "3",
    "boundscheck": DEBUG,
    "wraparound": DEBUG,
    "initializedcheck": DEBUG,
    "cdivision": True,
}
OPENMP_PROBE = """#include <omp.h>
int main(void) {
    int n = 0;
    #pragma omp parallel reduction(+:n)
    n += 1;
    return n > 0 ? 0 : 1;
}
"""


def _packages():
    core = ["paynecrm_kernel"] + [f"paynecrm_kernel.{p}" for p in find_packages("paynecrm_kernel")]
    widgets = ["paynecrm_kernel.widgets"] + [f"paynecrm_kernel.widgets.{p}" for p in find_packages("widgets")]
    return core + widgets


class BuildWithOpenMP(build_ext):
    """``build_ext`` that adds OpenMP flags when the build's own compiler builds and runs a probe program."""

    def build_extensions(self):
        # C sources from the Cython ones only now, when building (an sdist or the metadata need none)
        from Cython.Build import cythonize

        built = cythonize(self.extensions, compiler_directives=DIRECTIVES, include_path=[EXT_DIR],
                          nthreads=int(self.parallel or 0))
        for extension, cythonized in zip(self.extensions, built):
            extension.sources = cythonized.sources
        flags = self._openmp_flags()
        for extension in self.extensions:
            extension.extra_compile_args += flags
            extension.extra_link_args += flags
        super().build_extensions()

    def _openmp_flags(self):
        if os.environ.get("PAYNECRM_NO_OPENMP"):
            return []
        flag = "/openmp" if self.compiler.compiler_type == "msvc" else "-fopenmp"
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp, "probe.c")
            source.write_text(OPENMP_PROBE)
            try:
                objects = self.compiler.compile([str(source)], output_dir=tmp, extra_postargs=[flag])
                program = self.compiler.executable_filename("probe", output_dir=tmp)
                self.compiler.link_executable(objects, "probe", output_dir=tmp, extra_postargs=[flag])
                self.spawn([program])
            except Exception:          # compile, link or run failed: no usable OpenMP
                print("OpenMP probe failed: building the core without OpenMP", file=sys.stderr)
                return []
        return [flag]


def _extensions():
    """One extension per ``ext/*.pyx``, from its Cython source: cythonized only when built (not for an
    sdist or the metadata), with the shared includes as dependencies."""
    wanted = {n for n in os.environ.get("PAYNECRM_EXT", "").split(",") if n}
    macros = [("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")]
    shared = [str(path.relative_to(ROOT)) for pattern in ("*.pxi", "*.h") for path in sorted((ROOT / EXT_DIR).glob(pattern))]
    return [Extension(f"paynecrm_kernel._core.{pyx.stem}", [f"{EXT_DIR}/{pyx.name}"], depends=shared,
                      include_dirs=[numpy.get_include(), EXT_DIR], define_macros=macros, extra_compile_args=["-O3"])
            for pyx in sorted((ROOT / EXT_DIR).glob("*.pyx")) if not wanted or pyx.stem in wanted]


setup(
    packages=_packages(),
    package_dir={"paynecrm_kernel": "paynecrm_kernel", "paynecrm_kernel.widgets": "widgets"},
    ext_modules=_extensions(),
    cmdclass={"build_ext": BuildWithOpenMP},
    zip_safe=False,
)
