"""Reading and writing workbook files safely.

A save writes a temporary file next to the target, flushes and fsyncs it, and renames it over the target, so
a crash leaves either the old or the new file, never a half-written one. Saves from several processes (two
browser pages open on one workbook) are serialised with an advisory lock on ``<file>.lock``; temporary files
left by a save that was killed are removed the next time the lock is taken, once they are
:data:`STALE_TEMPORARY_SECONDS` old.

Faults of the disk (full, read-only, no permission) and of the file (wrong encoding, not JSON, not a
workbook, from a newer version) raise :class:`~paynecrm_kernel.errors.WorkbookError` naming the file and the
fix; the file is never overwritten by a save that cannot read it. A workbook on read-only media can be read.

A workbook file deleted while pages have it open is a new, empty workbook for those pages (its old entries
are not written back), and a :class:`WorkbookResetWarning` says so.
"""
import contextlib
import errno
import json
import os
import re
import tempfile
import time
import warnings
from pathlib import Path

from ..errors import DataWarning, WorkbookError, WorkbookResetWarning

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; saves stay atomic, only unserialised
    fcntl = None

FORMAT_NAME = "paynecrm-workbook"
#: Age (seconds) from which a temporary file of a save is known to be left by a killed save and removed.
STALE_TEMPORARY_SECONDS = 300
_TEMPORARY_SUFFIX = ".tmp"
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_SEEN = set()  # workbook files this process has read or written


def _fault(path, action, exc):
    """Return a WorkbookError for an OSError met while ``action`` (e.g. "save") the workbook ``path``."""
    reason = exc.strerror or str(exc)
    if exc.errno in _FULL_ERRNOS:
        fix = ("The disk is full. Nothing was changed in the workbook; free some space (or choose a workbook on "
               "another disk with `paynecrm serve --workbook FILE` or `%crm open FILE`) and try again.")
    elif exc.errno in _READ_ONLY_ERRNOS:
        fix = ("The file or its folder is read-only for this user. Copy the workbook to a folder you can write "
               "to and open the copy (`paynecrm serve --workbook FILE` or `%crm open FILE`), or ask for write "
               "permission on the folder.")
    elif exc.errno == errno.EISDIR:
        fix = "The path is a folder; give the path of a workbook file (for example team.json) instead."
    else:
        fix = "Check the disk and the path, then try again."
    return WorkbookError(f"Cannot {action} the workbook {path}: {reason}. {fix}")


@contextlib.contextmanager
def locked(path):
    """Hold an exclusive advisory lock for ``path`` (on ``path.lock``) while the block runs.

    Temporary files left next to ``path`` by killed saves are removed once the lock is held. Where the lock
    file cannot be written (read-only media or folder), an existing one is locked through a read-only handle;
    where it cannot even be created, the block runs without a lock: no save can succeed there, and reading
    needs none.

    Raises
    ------
    WorkbookError
        When the folder cannot be created (disk full, no permission) or the lock cannot be taken.
    """
    path = Path(path)
    lock_path = Path(str(path) + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+")
    except OSError as exc:
        if exc.errno not in _READ_ONLY_ERRNOS or not path.parent.is_dir():
            raise _fault(path, "open", exc) from None
        try:
            handle = open(lock_path)
        except OSError:
            yield
            return
    with handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            remove_stale_temporaries(path)
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_stale_temporaries(path, older_than=STALE_TEMPORARY_SECONDS):
    """Remove the temporary files that killed saves of ``path`` left behind; return how many were removed.

    Only files named as this module names them (``<file name>.<8 random characters>.tmp``, next to
    ``path``), owned by this user and not modified for ``older_than`` seconds are removed.
    """
    path = Path(path)
    pattern = re.compile(re.escape(path.name) + r"\.[a-z0-9_]{8}" + re.escape(_TEMPORARY_SUFFIX))
    cutoff = time.time() - older_than
    removed = 0
    try:
        candidates = list(os.scandir(path.parent))
    except OSError:
        return 0
    for entry in candidates:
        if not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if (entry.is_file(follow_symlinks=False) and st.st_mtime < cutoff
                    and st.st_uid == getattr(os, "geteuid", lambda: st.st_uid)()):
                os.unlink(entry.path)
                removed += 1
    return removed


def _decode(path, data):
    """Return the text of a workbook file, which is UTF-8 (a byte-order mark is accepted)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            found = "it was saved as UTF-16 (\"Unicode\" in some editors)"
        elif b"\x00" in data[:4096]:
            found = "it holds binary data"
        else:
            found = f"byte {data[exc.start]:#04x} at position {exc.start} is not UTF-8 (Latin-1 or Windows-1252?)"
        raise WorkbookError(
            f"The workbook {path} is not UTF-8 text: {found}. It was left untouched: if it is a workbook that an "
            f"editor re-encoded, open it in the editor and save it as UTF-8; otherwise restore it from a copy, "
            f"or open another file.") from None


def _non_finite_to_none(found):
    def parse_constant(name):
        found.append(name)
        return None
    return parse_constant


def read_document(path, supported_version):
    """Return the parsed document at ``path``, or None when the file does not exist.

    A file that this process has read or written before and that has since been deleted is returned as a
    new, empty document (with a :class:`WorkbookResetWarning`), so that its old entries are not saved back.
    Values JSON cannot hold (``NaN``, ``Infinity``, written by other programs) are read as ``None``, with a
    :class:`~paynecrm_kernel.errors.DataWarning`, so that the workbook stays writable.

    Raises
    ------
    WorkbookError
        If the file cannot be read, is not UTF-8, is not a workbook, is corrupt, or was written by a newer
        version. The file is left as it is.
    """
    path = Path(path)
    key = os.path.abspath(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if key not in _SEEN:
            return None
        warnings.warn(f"The workbook {path} was deleted while it was open; it starts again empty, and the "
                      f"inputs shown before were not saved back.", WorkbookResetWarning, stacklevel=3)
        return new_document(supported_version)
    except OSError as exc:
        raise _fault(path, "read", exc) from None
    text = _decode(path, data)
    if not text.strip():
        raise WorkbookError(f"The workbook {path} is empty. It was left untouched; delete it or open another file.")
    non_finite = []
    try:
        document = json.loads(text, parse_constant=_non_finite_to_none(non_finite))
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            f"The workbook {path} is corrupt (invalid JSON at line {exc.lineno}, column {exc.colno}). "
            "It was left untouched: restore it from a copy, or open another file.") from None
    except RecursionError:
        raise WorkbookError(f"The workbook {path} is not a PayneCRM workbook (its data are nested too deeply to "
                            "read). It was left untouched: restore it from a copy, or open another file.") from None
    _check_document(path, document, supported_version)
    if non_finite:
        warnings.warn(f"The workbook {path} holds {len(non_finite)} value(s) that a workbook cannot store "
                      f"({', '.join(sorted(set(non_finite)))}); they are read as empty, and saved so at the next "
                      f"save.", DataWarning, stacklevel=3)
    _SEEN.add(key)
    return document


def new_document(version):
    """Return an empty workbook document of format ``version``."""
    return {"format": FORMAT_NAME, "version": version, "revision": 0, "entries": {}}


def _check_document(path, document, supported_version):
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise WorkbookError(f"{path} is not a PayneCRM workbook (no \"format\": \"{FORMAT_NAME}\" marker). "
                            "It was left untouched; choose another file name.")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkbookError(f"The workbook {path} has an invalid format version {version!r}. It was left untouched.")
    if version > supported_version:
        raise WorkbookError(
            f"The workbook {path} was written by a newer PayneCRM Workbook (format {version}; this version reads "
            f"up to {supported_version}). It was left untouched: upgrade with `pip install -U paynecrm-workbook`.")
    if not isinstance(document.get("entries"), dict):
        raise WorkbookError(f"The workbook {path} has no \"entries\" table. It was left untouched.")


def _file_mode(path):
    """Return the permission bits for a new version of ``path``: those of the file it replaces, else the umask's."""
    with contextlib.suppress(OSError):
        return os.stat(path).st_mode & 0o777
    umask = 0o022
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status") as status:
            umask = int(next(line.split()[1] for line in status if line.startswith("Umask:")), 8)
    return 0o666 & ~umask


def write_document(path, document):
    """Write ``document`` as JSON to ``path`` atomically (temporary file, fsync, rename).

    Raises
    ------
    WorkbookError
        When a value cannot be stored as JSON, or the disk is full, read-only or not writable for this user;
        the file on disk is then unchanged.
    """
    path = Path(path)
    try:
        payload = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError) as exc:
        raise WorkbookError(f"Cannot save the workbook {path}: {exc}. Nothing was changed on disk; save only "
                            "numbers, text, booleans, lists and dicts.") from None
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _file_mode(path)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=_TEMPORARY_SUFFIX, dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _fault(path, "save", exc) from None
        raise
    _SEEN.add(os.path.abspath(path))
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

