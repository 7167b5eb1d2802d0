"""Progress of long steps, reported to a callback ``progress(stage, fraction)``.

The library never prints: a caller passes a callback (the command line turns it into tqdm bars, a Voilà page
into a progress widget). ``stage`` is a short phrase ("reading the log"), ``fraction`` goes from 0 to 1 and
each stage ends with 1.
"""
from __future__ import annotations

import threading

__all__ = ["report", "run_query"]

#: Seconds between two looks at a running DuckDB query.
POLL_SECONDS = 0.25


def report(progress, stage, fraction):
    """Call ``progress(stage, fraction)`` if a callback was given."""
    if progress is not None:
        progress(stage, min(max(float(fraction), 0.0), 1.0))


def run_query(connection, sql, progress=None, stage="running"):
    """Execute ``sql`` on ``connection``; while it runs, report DuckDB's own estimate of its progress.

    Without a callback the query simply runs. With one, it runs in a helper thread and the calling thread
    polls ``connection.query_progress()`` every :data:`POLL_SECONDS`; an error of the query is raised here.
    """
    if progress is None:
        connection.execute(sql)
        return
    report(progress, stage, 0.0)
    failure = []

    def execute():
        try:
            connection.execute(sql)
        except BaseException as exc:          # handed to the calling thread
            failure.append(exc)

    worker = threading.Thread(target=execute, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(POLL_SECONDS)
        try:
            done = connection.query_progress()
        except Exception:                     # no query running at this instant
            done = -1
        if done is not None and done >= 0:
            report(progress, stage, done / 100.0)
    if failure:
        raise failure[0]
    report(progress, stage, 1.0)
