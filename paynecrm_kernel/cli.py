"""The ``paynecrm`` command: serve the workbook with Voilà, or tell how this installation was built.

Examples
--------
``paynecrm serve``                          serve the notebooks at http://127.0.0.1:8866 (sources hidden)
``paynecrm serve --port 9000 --workbook team.json``
``paynecrm serve --ip 0.0.0.0 --max-pages 20``   let participants join from their devices, 20 pages at most
``paynecrm info``                           versions, and whether the core was built with OpenMP

This module parses the arguments and dispatches: ``serve`` to :func:`paynecrm_kernel.serving.serve` (Voilà with
the workbook's guards; ``docs/serving.md`` is the facilitator's guide), ``serve --workshop`` to
:mod:`paynecrm_kernel.workshop.cli`, ``report`` and ``clv`` to the modules named in ``_COMMANDS``.
"""
import argparse
import importlib
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .serving import Limits, notebooks_dir, serve
from .workbook import default_workbook_path

_REPORTED_PACKAGES = ["numpy", "scipy", "pandas", "statsmodels", "scikit-learn", "plotly", "ipywidgets",
                      "voila", "jupyterlab"]


def info():
    """Return a multi-line description of this installation and its compiled core."""
    lines = [f"paynecrm-workbook {_version('paynecrm-workbook')}",
             f"python {platform.python_version()} ({sys.executable})"]
    lines += [f"{name} {_version(name)}" for name in _REPORTED_PACKAGES]
    runtime = _core_runtime()
    if runtime is None:
        lines.append("compiled core: NOT BUILT (run `pip install -e .` in the source tree)")
    else:
        modules = sorted(p.name.split(".")[0] for p in Path(runtime.__file__).parent.glob("*.so"))
        lines.append(f"compiled core: {', '.join(modules)}")
        lines.append(f"OpenMP: {'yes' if runtime.openmp_enabled() else 'no'}; threads used by default: "
                     f"{runtime.max_threads()} (set OMP_NUM_THREADS to change)")
    lines.append(f"workbook file: {default_workbook_path()}")
    lines.append(f"notebooks: {notebooks_dir()}")
    return "\n".join(lines)


def _version(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _core_runtime():
    try:
        return importlib.import_module("paynecrm_kernel._core.runtime")
    except ImportError:
        return None


def _add_serve_parser(sub):
    limits = Limits()
    srv = sub.add_parser(
        "serve", help="serve the workbook as Voilà apps (no code shown)",
        description="Serve the workbook's notebooks as Voilà apps. Each open page holds a kernel (about 100-300 MB). "
                    "Kernels of closed pages are shut down; kernels with no page connected are stopped after "
                    "--idle-timeout; a visitor beyond --max-pages gets a 'server is full' page; a kernel above "
                    "--kernel-memory is stopped. Only requests addressed to this server (the --ip address, "
                    "localhost, loopback, --host names) are answered. SIGTERM or Ctrl-C stops Voilà and every "
                    "kernel. See docs/serving.md.")
    srv.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    srv.add_argument("--ip", default="127.0.0.1",
                     help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 lets other "
                          "devices on the network join, at the addresses printed on start)")
    srv.add_argument("--host", action="append", default=[], metavar="NAME",
                     help="a host name participants use to reach the server (e.g. workshop.local); repeatable")
    srv.add_argument("--workbook", help="workbook file for participants' inputs (default: $PAYNECRM_WORKBOOK "
                                        "or ~/.paynecrm/workbook.json)")
    srv.add_argument("--notebooks", help="folder of notebooks to serve (default: the workbook's own)")
    srv.add_argument("--pool", type=int, default=1,
                     help="kernels kept ready per notebook, so that this many readers open a page at once "
                          "(default 1; for a workshop, about the number of participants who start together)")
    srv.add_argument("--max-pages", type=int, default=limits.max_pages, metavar="N",
                     help=f"pages open at once, at most (default {limits.max_pages}; 0 = no limit); later "
                          f"visitors get a 'server is full' page until a page closes")
    srv.add_argument("--kernel-memory", type=int, default=limits.kernel_memory_mb, metavar="MB",
                     help=f"memory one page's kernel may use; a kernel above it is stopped (default "
                          f"{limits.kernel_memory_mb}; 0 = no limit)")
    srv.add_argument("--idle-timeout", type=int, default=limits.idle_timeout, metavar="SECONDS",
                     help=f"stop a kernel whose page is gone and that has been idle this long (default "
                          f"{limits.idle_timeout}); open pages are never stopped")
    return srv


def build_parser():
    """Return the argument parser of the ``paynecrm`` command (one sub-parser per command)."""
    parser = argparse.ArgumentParser(prog="paynecrm", description="PayneCRM Workbook: strategic CRM in Jupyter.")
    sub = parser.add_subparsers(dest="command", required=True)
    importlib.import_module("paynecrm_kernel.workshop.cli").add_arguments(_add_serve_parser(sub))
    for name, (module, help_text) in _COMMANDS.items():
        importlib.import_module(module).add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    sub.add_parser("info", help="print versions and how the compiled core was built")
    return parser


#: Commands implemented in their own modules (``add_arguments(parser)`` and ``run(args)``).
_COMMANDS = {
    "report": ("paynecrm_kernel.report.cli", "write the CRM strategy report of a workbook as PDF or HTML"),
    "clv": ("paynecrm_kernel.scale.cli", "customer lifetime value of every customer in a transaction log of any "
                                         "size (DuckDB, Dask or pandas)"),
}


def _serve_from_args(args):
    for name, value, least in (("--pool", args.pool, 0), ("--max-pages", args.max_pages, 0),
                               ("--kernel-memory", args.kernel_memory, 0), ("--idle-timeout", args.idle_timeout, 1)):
        if value < least:
            raise SystemExit(f"paynecrm: {name} must be {least} or more, got {value}.")
    if 0 < args.kernel_memory < 200:
        raise SystemExit(f"paynecrm: --kernel-memory {args.kernel_memory} MB is too little for a kernel (a page "
                         f"needs 100-300 MB); give 500 or more, or 0 for no limit.")
    limits = Limits(max_pages=args.max_pages, kernel_memory_mb=args.kernel_memory,
                    idle_timeout=args.idle_timeout, hosts=tuple(args.host))
    return serve(port=args.port, workbook=args.workbook, ip=args.ip, notebooks=args.notebooks, pool=args.pool,
                 limits=limits)


def main(argv=None):
    """Entry point of the ``paynecrm`` command."""
    args = build_parser().parse_args(argv)
    if args.command == "serve" and args.workshop:
        return importlib.import_module("paynecrm_kernel.workshop.cli").run(args)
    if args.command == "serve":
        return _serve_from_args(args)
    if args.command in _COMMANDS:
        return importlib.import_module(_COMMANDS[args.command][0]).run(args)
    print(info())
    return 0


if __name__ == "__main__":
    sys.exit(main())
