"""The workbook: a versioned store of everything participants enter, checked against the declared schema.

Keys are dotted names whose first part is the chapter (``"overview.matrix.target"``); every key is declared
once in :mod:`paynecrm_kernel.workbook.keys` with the kind of value it accepts, and :meth:`Workbook.set`
refuses anything else. Every change is saved at once and atomically. A save merges per key with the file on
disk, so two pages open on the same workbook keep each other's input (the later change to the *same* key
wins).

Examples
--------
>>> wb = Workbook.open(tmp_path / "team.json")                   # doctest: +SKIP
>>> wb.set("overview.matrix.target", "Individualized CRM")        # doctest: +SKIP
>>> wb.get("overview.matrix.target")                              # doctest: +SKIP
'Individualized CRM'
"""
import json
import os
import re
import threading
import warnings
from pathlib import Path

from ..errors import WorkbookError, WorkbookResetWarning
from .keys import SCHEMA
from .storage import FORMAT_NAME, locked, read_document, write_document

#: Version of the file format this release writes (and the newest it reads). Version 2 checks every entry
#: against the schema; entries of a version-1 file that the schema does not know are kept aside, never dropped.
FORMAT_VERSION = 2
_KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
_CURRENT = {}
_CURRENT_LOCK = threading.Lock()
_ACCESS_HOOKS = []
_MISSING = object()


def default_workbook_path():
    """Return the workbook file used when none is given.

    The file chosen with :meth:`Workbook.use`, else ``$PAYNECRM_WORKBOOK`` if set (``paynecrm serve --workbook
    FILE`` sets it for the Voilà kernels), else ``~/.paynecrm/workbook.json``.
    """
    env = os.environ.get("PAYNECRM_WORKBOOK")
    return Path(env).expanduser() if env else Path.home() / ".paynecrm" / "workbook.json"


def add_access_hook(hook):
    """Call ``hook()`` before every read and write of any workbook (until it is removed).

    The app runtime uses it to make a pre-heated Voilà kernel wait for its reader before the page reads saved
    input; the workbook itself knows nothing of Voilà. Returns ``hook``.
    """
    if hook not in _ACCESS_HOOKS:
        _ACCESS_HOOKS.append(hook)
    return hook


def remove_access_hook(hook):
    """Stop calling ``hook`` before workbook access."""
    if hook in _ACCESS_HOOKS:
        _ACCESS_HOOKS.remove(hook)


def _before_access():
    for hook in tuple(_ACCESS_HOOKS):
        hook()


def migrate(document, schema=SCHEMA):
    """Return ``document`` brought to :data:`FORMAT_VERSION`.

    Entries the schema does not declare, or whose value it refuses, move to ``document["unrecognised"]``
    (kept in the file and listed by :meth:`Workbook.unrecognised`): nothing a user typed is dropped.
    """
    entries, aside = {}, dict(document.get("unrecognised", {}))
    for key, value in document["entries"].items():
        try:
            entries[key] = schema.check(key, value)
        except WorkbookError as exc:
            aside[key] = {"value": value, "reason": str(exc)}
    migrated = dict(document, version=FORMAT_VERSION, entries=entries)
    if aside:
        migrated["unrecognised"] = aside
    return migrated


class Workbook:
    """Everything participants enter, in one file; use :meth:`open` or :meth:`current` to get one.

    Parameters
    ----------
    path : path-like
        The workbook file.
    document : dict
        Its parsed content.
    schema : paynecrm_kernel.workbook.schema.Schema, optional
        The declared keys (default: every chapter's, :data:`paynecrm_kernel.workbook.keys.SCHEMA`).
    """

    def __init__(self, path, document, schema=SCHEMA):
        self.path = Path(path)
        self.schema = schema
        #: Whether the file was deleted while this workbook was open (it then started again empty).
        self.was_reset = False
        self._document = migrate(document, schema)
        self._stamp = self._disk_stamp()
        self._lock = threading.RLock()

    # -- opening ---------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path=None, schema=SCHEMA):
        """Open the workbook at ``path`` (default :func:`default_workbook_path`), creating it if missing.

        A file of an older format is migrated in memory (:func:`migrate`) and written in the new one at the
        next save.

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
        return cls(path, document, schema)

    @classmethod
    def use(cls, path):
        """Make ``path`` the workbook that :meth:`current` returns in this process, and return it."""
        path = Path(path).expanduser().resolve()
        os.environ["PAYNECRM_WORKBOOK"] = str(path)   # inherited by the processes this one starts
        return cls.current()

    @classmethod
    def current(cls):
        """Return the process-wide workbook at :func:`default_workbook_path` (opened once per path).

        Opening does not read the file's entries through the access hooks, so it is safe before a page's
        reader has arrived (see :func:`add_access_hook`).
        """
        path = default_workbook_path().resolve()
        with _CURRENT_LOCK:
            if path not in _CURRENT:
                _CURRENT[path] = cls.open(path)
            return _CURRENT[path]

    # -- reading ---------------------------------------------------------------------------------------
    def get(self, key, default=_MISSING):
        """Return the value saved under ``key``, or ``default`` (the declared default if not given).

        Raises
        ------
        WorkbookError
            If ``key`` is not declared in the schema.
        """
        declared = self.schema.field(key)
        if declared is None:
            self.schema.check(key, None)      # raises the error that says how to declare it
        self._refresh_if_changed()
        return self._document["entries"].get(key, declared.default if default is _MISSING else default)

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
        """Save ``value`` under ``key`` now (atomically, merged with changes saved meanwhile by other pages).

        Raises
        ------
        WorkbookError
            If ``key`` is not declared, or ``value`` is not what its declaration accepts (type, range, size);
            nothing is saved then.
        """
        self.update({key: value})

    def update(self, values):
        """Save several keys in one atomic write; ``None`` as a value deletes the key.

        Every value is checked against the schema first: if one is refused, none is saved.
        """
        _before_access()
        changes = {}
        for key, value in values.items():
            if not isinstance(key, str) or not _KEY.match(key):
                raise WorkbookError(f"Invalid workbook key {key!r}: use dotted names of letters, digits, '_' and '-'.")
            changes[key] = self.schema.check(key, value)
        with self._lock, locked(self.path):
            on_disk = self._read() or self._document
            entries = dict(on_disk["entries"])
            for key, value in changes.items():
                if value is None:
                    entries.pop(key, None)
                else:
                    entries[key] = value
            document = {"format": FORMAT_NAME, "version": FORMAT_VERSION,
                        "revision": on_disk.get("revision", 0) + 1, "entries": entries}
            if on_disk.get("unrecognised"):
                document["unrecognised"] = on_disk["unrecognised"]
            write_document(self.path, document)
            self._document = document
            self._stamp = self._disk_stamp()

    def reload(self):
        """Re-read the file, picking up what other pages saved."""
        _before_access()
        with self._lock:
            document = self._read()
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

    def _read(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            document = read_document(self.path, FORMAT_VERSION)
        for warning in caught:
            if issubclass(warning.category, WorkbookResetWarning):
                self.was_reset = True
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        return None if document is None else migrate(document, self.schema)

    def _refresh_if_changed(self):
        _before_access()
        if self._disk_stamp() != self._stamp:
            self.reload()

    def to_dict(self):
        """Return a copy of all entries."""
        self._refresh_if_changed()
        return json.loads(json.dumps(self._document["entries"]))

    def unrecognised(self):
        """Entries kept from an older file that the schema does not accept: key -> ``{"value", "reason"}``."""
        self._refresh_if_changed()
        return json.loads(json.dumps(self._document.get("unrecognised", {})))

    def describe(self, chapter=None):
        """Everything this workbook knows: one row per declared field, with the keys saved under it.

        Returns
        -------
        list of dict
            ``key`` (the declaration, ``<placeholders>`` included), ``chapter``, ``kind``, ``meaning``,
            ``default`` and ``saved`` (a dict of the saved keys it declares and their values; empty when the
            team has not worked through it). The strategy report is built from these rows.
        """
        entries = self.to_dict()
        rows = []
        for row, declared in zip(self.schema.describe(), self.schema.fields):
            if chapter is not None and declared.chapter != chapter:
                continue
            saved = {k: v for k, v in sorted(entries.items()) if self.schema.field(k) is declared}
            rows.append(dict(row, saved=saved))
        return rows

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
