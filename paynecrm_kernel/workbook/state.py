"""The workbook: a versioned key-value store of everything participants enter.

Keys are dotted names whose first part is the notebook or section (``"overview.matrix.target"``); values are
JSON data. Every change is saved at once and atomically. A save merges per key with the file on disk, so two
pages open on the same workbook keep each other's input (the later change to the *same* key wins).

Examples
--------
>>> wb = Workbook.open(tmp_path / "team.json")                   # doctest: +SKIP
>>> wb.set("overview.matrix.target", "Individualized CRM")        # doctest: +SKIP
>>> wb.get("overview.matrix.target")                              # doctest: +SKIP
'Individualized CRM'
"""
import json
import math
import os
import re
import threading
from pathlib import Path

import numpy as np

from ..errors import WorkbookError
from .preheat import wait_for_reader
from .storage import FORMAT_NAME, locked, read_document, write_document

#: Version of the file format this release writes (and the newest it reads).
FORMAT_VERSION = 1
_KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
_CURRENT = {}
_CURRENT_LOCK = threading.Lock()


def default_workbook_path():
    """Return the workbook file used when none is given.

    ``$PAYNECRM_WORKBOOK`` if set (``paynecrm serve --workbook FILE`` sets it for the Voilà kernels), else
    ``~/.paynecrm/workbook.json``.
    """
    env = os.environ.get("PAYNECRM_WORKBOOK")
    return Path(env).expanduser() if env else Path.home() / ".paynecrm" / "workbook.json"


def _jsonable(key, value):
    """Return ``value`` as plain JSON data (numpy scalars and arrays converted), or raise a clear error."""
    def convert(v):
        if isinstance(v, np.generic):
            v = v.item()
        if isinstance(v, np.ndarray):
            return [convert(x) for x in v.tolist()]
        if isinstance(v, float) and not math.isfinite(v):
            raise WorkbookError(f"Cannot save {key!r}: the value contains {v}, which a workbook cannot store.")
        if isinstance(v, (list, tuple)):
            return [convert(x) for x in v]
        if isinstance(v, dict):
            return {str(k): convert(x) for k, x in v.items()}
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        raise WorkbookError(f"Cannot save {key!r}: a {type(v).__name__} is not workbook data "
                            "(use numbers, text, booleans, lists and dicts).")
    return convert(value)


class Workbook:
    """Everything participants enter, in one file; use :meth:`open` or :meth:`current` to get one.

    Parameters
    ----------
    path : path-like
        The workbook file.
    document : dict
        Its parsed content.
    """

    def __init__(self, path, document):
        self.path = Path(path)
        self._document = document
        self._stamp = self._disk_stamp()
        self._lock = threading.RLock()

    # -- opening ---------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path=None):
        """Open the workbook at ``path`` (default :func:`default_workbook_path`), creating it if missing.

        Raises
        ------
        WorkbookError
            If the file is corrupt, not a workbook, or from a newer version; it is never overwritten.
        """
        path = Path(path).expanduser() if path is not None else default_workbook_path()
        with locked(path):
            document = read_document(path, FORMAT_VERSION)
            if document is None:
                document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "revision": 0, "entries": {}}
                write_document(path, document)
        return cls(path, document)

    @classmethod
    def current(cls):
        """Return the process-wide workbook at :func:`default_workbook_path` (opened once per path).

        In a pre-heated Voilà kernel it returns at once, but the workbook's first read or write waits for
        the reader (:func:`wait_for_reader`): a page shows the inputs saved when it was asked for.
        """
        path = default_workbook_path().resolve()
        with _CURRENT_LOCK:
            if path not in _CURRENT:
                _CURRENT[path] = cls.open(path)
            return _CURRENT[path]

    # -- reading ---------------------------------------------------------------------------------------
    def get(self, key, default=None):
        """Return the value saved under ``key``, or ``default`` if nothing was saved."""
        self._refresh_if_changed()
        return self._document["entries"].get(key, default)

    def section(self, prefix):
        """Return a dict of the entries under ``prefix`` (keys relative to it), e.g. ``section("overview")``."""
        self._refresh_if_changed()
        start = prefix + "."
        return {k[len(start):]: v for k, v in sorted(self._document["entries"].items()) if k.startswith(start)}

    def keys(self):
        """Return the saved keys, sorted."""
        self._refresh_if_changed()
        return sorted(self._document["entries"])

    @property
    def revision(self):
        """Number of saves this file has seen."""
        self._refresh_if_changed()
        return self._document.get("revision", 0)

    def __contains__(self, key):
        self._refresh_if_changed()
        return key in self._document["entries"]

    # -- writing ---------------------------------------------------------------------------------------
    def set(self, key, value):
        """Save ``value`` under ``key`` now (atomically, merged with changes saved meanwhile by other pages)."""
        self.update({key: value})

    def update(self, values):
        """Save several keys in one atomic write; ``None`` as a value deletes the key."""
        wait_for_reader()
        changes = {}
        for key, value in values.items():
            if not isinstance(key, str) or not _KEY.match(key):
                raise WorkbookError(f"Invalid workbook key {key!r}: use dotted names of letters, digits, '_' and '-'.")
            changes[key] = _jsonable(key, value)
        with self._lock, locked(self.path):
            on_disk = read_document(self.path, FORMAT_VERSION) or self._document
            entries = dict(on_disk["entries"])
            for key, value in changes.items():
                if value is None:
                    entries.pop(key, None)
                else:
                    entries[key] = value
            document = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                        "revision": on_disk.get("revision", 0) + 1, "entries": entries}
            write_document(self.path, document)
            self._document = document
            self._stamp = self._disk_stamp()

    def reload(self):
        """Re-read the file, picking up what other pages saved."""
        wait_for_reader()
        with self._lock:
            document = read_document(self.path, FORMAT_VERSION)
            if document is not None:
                self._document = document
            self._stamp = self._disk_stamp()

    # -- helpers ---------------------------------------------------------------------------------------
    def _disk_stamp(self):
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _refresh_if_changed(self):
        wait_for_reader()
        if self._disk_stamp() != self._stamp:
            self.reload()

    def to_dict(self):
        """Return a copy of all entries."""
        self._refresh_if_changed()
        return json.loads(json.dumps(self._document["entries"]))

    def __repr__(self):
        return f"Workbook({str(self.path)!r}, {len(self._document['entries'])} entries)"

    def _repr_html_(self):
        from html import escape

        sections = {}
        for key in self.keys():
            sections.setdefault(key.split(".", 1)[0], []).append(key)
        rows = "".join(f"<tr><td>{escape(s)}</td><td style='text-align:right'>{len(k)}</td></tr>"
                       for s, k in sections.items())
        return (f"<div class='pcrm-workbook'><b>Workbook</b> <code>{escape(self.path.name)}</code>, "
                f"{sum(len(k) for k in sections.values())} saved inputs"
                f"<table><tr><th>Section</th><th>Inputs</th></tr>{rows}</table></div>")
