"""``paynecrm serve --workshop``: the workshop server on the venue network, Voilà on 127.0.0.1 for the facilitator.

:func:`add_arguments` adds the workshop options to the ``serve`` parser; :func:`run` starts both servers and
stops both on Ctrl-C or SIGTERM. ``python -m paynecrm_kernel.workshop`` runs the workshop server alone.
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import segno
import tornado.httpserver
import tornado.netutil

from ..errors import DataValidationError, WorkbookError
from .network import check_address, format_code, join_url, lan_address
from .server import WorkshopConfig, make_app

__all__ = ["add_arguments", "run", "serve_workshop", "main", "DEFAULT_PORT"]

DEFAULT_PORT = 8870


def add_arguments(parser):
    """Add the workshop options (``--workshop`` and its settings) to an argument parser."""
    group = parser.add_argument_group("workshop mode (participants join from their phones)")
    group.add_argument("--workshop", action="store_true",
                       help="also serve the participant pages and the live dashboard on the local network; "
                            "every page needs the workshop code (default: off, 127.0.0.1 only)")
    group.add_argument("--workshop-port", type=int, default=DEFAULT_PORT,
                       help=f"port of the workshop pages (default {DEFAULT_PORT})")
    group.add_argument("--workshop-ip", default=None,
                       help="the laptop's address on the venue network (default: detected)")
    group.add_argument("--workshop-db", default=None,
                       help="SQLite file keeping participants and answers (default: workshop.sqlite next to "
                            "the workbook); use the same file to resume after a restart")
    group.add_argument("--workshop-code", default=None,
                       help="the code participants type (default: a random 6-character code, kept in the file)")
    return parser


def _workbook_path(args):
    from ..workbook import default_workbook_path

    return Path(args.workbook).expanduser().resolve() if getattr(args, "workbook", None) else default_workbook_path()


def _bind(address, port):
    sockets = []
    for host in dict.fromkeys([address, "127.0.0.1"]):
        sockets += tornado.netutil.bind_sockets(port, address=host)
    return sockets


def serve_workshop(db_path, address, port, workbook_path=None, code=None, out=sys.stdout, ready=None):
    """Run the workshop server until SIGINT or SIGTERM.

    Parameters
    ----------
    db_path : path-like
        The workshop's SQLite database (created if missing; reused to resume).
    address : str
        The laptop's address on the venue network (the server also listens on 127.0.0.1).
    port : int
    workbook_path : path-like, optional
        The chapters' workbook (live conjoint design; results brought in by the facilitator).
    code : str, optional
        Workshop code to use instead of the stored one.
    out : file
        Where the join address, the QR code and the facilitator's link are printed.
    ready : callable, optional
        Called once the server listens (used by tests).
    """
    config = WorkshopConfig(db_path, check_address(address), port, workbook_path)
    app = make_app(config)
    store = app.settings["store"]
    if code:
        store.set_workshop_code(code)
    url = join_url(config.address, port, store.workshop_code)
    print(f"Workshop: participants open {url.split('?')[0]} and type the code {format_code(store.workshop_code)}, "
          "or scan:", file=out)
    segno.make(url, error="m").terminal(out=out, compact=True)
    print(f"Facilitator's dashboard (this laptop only): http://127.0.0.1:{port}/facilitator?token="
          f"{store.facilitator_token}", file=out, flush=True)

    async def main():
        server = tornado.httpserver.HTTPServer(app, max_body_size=64_000, idle_connection_timeout=120)
        server.add_sockets(_bind(config.address, port))
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        threading.Thread(target=importlib.import_module, args=("paynecrm_kernel.value",), daemon=True).start()
        if ready is not None:
            ready()
        await stop.wait()
        server.stop()
        store.close()

    asyncio.run(main())
    return 0


def _start_voila(args, workbook_path):
    from ..serving import notebooks_dir, voila_command, voila_env

    folder = Path(args.notebooks) if getattr(args, "notebooks", None) else notebooks_dir()
    env = voila_env()
    env["PAYNECRM_WORKBOOK"] = str(workbook_path)
    print(f"Chapters for the facilitator: http://127.0.0.1:{args.port}/", flush=True)
    return subprocess.Popen(voila_command(folder, args.port, "127.0.0.1", pool=getattr(args, "pool", 1)), env=env,
                            cwd=folder, start_new_session=True)


def run(args, with_voila=True):
    """Serve a workshop as ``paynecrm serve --workshop`` does: Voilà on 127.0.0.1, the workshop on the network.

    Parameters
    ----------
    args : argparse.Namespace
        The ``serve`` options (``port``, ``workbook``, ``notebooks``, ``pool``) and those of
        :func:`add_arguments`.
    with_voila : bool
        Also run Voilà over the chapters.

    Returns
    -------
    int
        Exit status.
    """
    try:
        address = check_address(args.workshop_ip) if args.workshop_ip else lan_address()
        if not args.workshop_ip and address == "127.0.0.1":
            print("Workshop: no network address found; participants on other devices cannot join. Connect the "
                  "laptop to the venue Wi-Fi, or pass --workshop-ip.", file=sys.stderr)
        if not 0 < args.workshop_port < 65536 or args.workshop_port == getattr(args, "port", None):
            raise DataValidationError(f"--workshop-port must be a free port from 1 to 65535 other than Voilà's; got "
                                      f"{args.workshop_port}.", column="workshop_port")
        workbook_path = _workbook_path(args)
        db = Path(args.workshop_db).expanduser() if args.workshop_db else workbook_path.with_name("workshop.sqlite")
        voila = _start_voila(args, workbook_path) if with_voila else None
    except (DataValidationError, WorkbookError) as exc:
        raise SystemExit(f"paynecrm: {exc}") from None
    try:
        return serve_workshop(db, address, args.workshop_port, workbook_path, args.workshop_code)
    except (DataValidationError, WorkbookError, OSError) as exc:
        raise SystemExit(f"paynecrm: {exc}") from None
    finally:
        if voila is not None and voila.poll() is None:
            os.killpg(voila.pid, signal.SIGTERM)
            try:
                voila.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(voila.pid, signal.SIGKILL)


def main(argv=None):
    """``python -m paynecrm_kernel.workshop``: the workshop server alone (no Voilà)."""
    parser = argparse.ArgumentParser(prog="python -m paynecrm_kernel.workshop",
                                     description="Serve the workshop pages and the facilitator's dashboard.")
    parser.add_argument("--workbook", help="the chapters' workbook (default: $PAYNECRM_WORKBOOK or "
                                           "~/.paynecrm/workbook.json)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args, with_voila=False)
