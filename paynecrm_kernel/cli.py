"""The ``paynecrm`` command: serve the workbook with Voilà, or tell how this installation was built.

Examples
--------
``paynecrm serve``                          serve the notebooks at http://127.0.0.1:8866 (sources hidden)
``paynecrm serve --port 9000 --workbook team.json``
``paynecrm info``                           versions, and whether the core was built with OpenMP
"""
import argparse
import importlib
import os
import platform
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .workbook import default_workbook_path

_REPORTED_PACKAGES = ["numpy", "scipy", "pandas", "statsmodels", "scikit-learn", "plotly", "ipywidgets",
                      "voila", "jupyterlab"]


def notebooks_dir():
    """Return the folder holding the workbook's notebooks.

    ``$PAYNECRM_NOTEBOOKS`` if set, else ``notebooks/`` of the source tree the package runs from.
    """
    env = os.environ.get("PAYNECRM_NOTEBOOKS")
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parent.parent / "notebooks"


#: Where Voilà finds the workbook's template, ``paynecrm`` (see ``voila_env``).
JUPYTER_DATA = Path(__file__).resolve().parent / "share" / "jupyter"
#: Seconds Voilà waits, after a reader has taken a pre-heated kernel, before starting the next one. Starting a
#: kernel and running its first cells keeps a CPU busy for a few seconds; on a small machine that would slow
#: down the page being opened, which is interactive well within this delay.
REFILL_DELAY = 5.0


def voila_command(notebooks, port, ip="127.0.0.1", timeout=240, pool=1, extra=()):
    """Return the argument list that runs Voilà over ``notebooks`` as the workbook is served.

    Sources are stripped, and every notebook has a kernel started ahead of time ("pre-heated") that has run
    the cells before the notebook's first ``Workbook.current()`` (imports, sample data), so a page appears
    without waiting for them; what comes after is run when the reader arrives, on the workbook as it is then.
    ``pool`` is the number of such kernels kept ready per notebook (each holds a few hundred MB); readers
    beyond it get a kernel started for them. A used kernel is replaced :data:`REFILL_DELAY` seconds later.
    ``extra`` arguments are inserted before the folder. Run it with :func:`voila_env`, which lets Voilà find
    the workbook's template.
    """
    return [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
            "--Voila.port_retries=0", "--strip_sources=True", f"--VoilaExecutor.timeout={timeout}",
            "--template=paynecrm", "--preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={pool}",
            f"--VoilaKernelManager.fill_delay={REFILL_DELAY}", *extra, str(notebooks)]


def voila_env(env=None):
    """Return ``env`` (default: this process's environment) with the workbook's Jupyter data folder added.

    The ``paynecrm`` Voilà template ships inside the package; ``JUPYTER_PATH`` puts it on Voilà's search path
    whether the package is installed or run from the source tree.
    """
    env = dict(os.environ if env is None else env)
    env["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(JUPYTER_DATA), env.get("JUPYTER_PATH")) if p)
    return env


def serve(port=8866, workbook=None, ip="127.0.0.1", notebooks=None, pool=1):
    """Run Voilà over the notebooks until interrupted; inputs are saved in ``workbook``."""
    folder = Path(notebooks) if notebooks else notebooks_dir()
    if not any(folder.glob("*.ipynb")):
        raise SystemExit(f"paynecrm: no notebooks found in {folder}; pass --notebooks DIR.")
    env = voila_env()
    workbook_path = Path(workbook).expanduser().resolve() if workbook else default_workbook_path()
    env["PAYNECRM_WORKBOOK"] = str(workbook_path)
    print(f"PayneCRM Workbook: http://{ip}:{port}/  (inputs saved in {workbook_path}; Ctrl-C to stop)",
          flush=True)
    try:
        return subprocess.call(voila_command(folder, port, ip, pool=pool), env=env, cwd=folder)
    except KeyboardInterrupt:
        return 0


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


def build_parser():
    """Return the argument parser of the ``paynecrm`` command."""
    parser = argparse.ArgumentParser(prog="paynecrm", description="PayneCRM Workbook: strategic CRM in Jupyter.")
    sub = parser.add_subparsers(dest="command", required=True)
    srv = sub.add_parser("serve", help="serve the workbook as Voilà apps (no code shown)")
    srv.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    srv.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    srv.add_argument("--workbook", help="workbook file for participants' inputs (default: $PAYNECRM_WORKBOOK "
                                        "or ~/.paynecrm/workbook.json)")
    srv.add_argument("--notebooks", help="folder of notebooks to serve (default: the workbook's own)")
    srv.add_argument("--pool", type=int, default=1,
                     help="kernels kept ready per notebook, so that this many readers open a page at once "
                          "(default 1; for a workshop, about the number of participants who start together)")
    sub.add_parser("info", help="print versions and how the compiled core was built")
    return parser


def main(argv=None):
    """Entry point of the ``paynecrm`` command."""
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        if args.pool < 0:
            raise SystemExit(f"paynecrm: --pool must be 0 or more kernels per notebook, got {args.pool}.")
        return serve(port=args.port, workbook=args.workbook, ip=args.ip, notebooks=args.notebooks, pool=args.pool)
    print(info())
    return 0


if __name__ == "__main__":
    sys.exit(main())
