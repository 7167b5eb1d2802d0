"""Reading and writing workbook files safely.

A save writes a temporary file next to the target, flushes and fsyncs it, and renames it over the target, so
a crash leaves either the old or the new file, never a half-written one. Saves from several processes (two
browser pages open on one workbook) are serialised with an advisory lock on ``<file>.lock``.
"""
import contextlib
import json
import os
import tempfile
from pathlib import Path

from ..errors import WorkbookError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows has no fcntl; saves stay atomic, only unserialised
    fcntl = None

FORMAT_NAME = "paynecrm-workbook"


@contextlib.contextmanager
def locked(path):
    """Hold an exclusive advisory lock for ``path`` (on ``path.lock``) while the block runs."""
    lock_path = Path(str(path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def read_document(path, supported_version):
    """Return the parsed document at ``path``, or None when the file does not exist.

    Raises
    ------
    WorkbookError
        If the file is not a workbook, is corrupt, or was written by a newer version. The file is left as it is.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WorkbookError(f"Cannot read the workbook {path}: {exc.strerror}.") from None
    if not text.strip():
        raise WorkbookError(f"The workbook {path} is empty. It was left untouched; delete it or open another file.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WorkbookError(
            f"The workbook {path} is corrupt (invalid JSON at line {exc.lineno}, column {exc.colno}). "
            "It was left untouched: restore it from a copy, or open another file.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise WorkbookError(f"{path} is not a PayneCRM workbook (no \"format\": \"{FORMAT_NAME}\" marker). "
                            "It was left untouched; choose another file name.")
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise WorkbookError(f"The workbook {path} has an invalid format version {version!r}. It was left untouched.")
    if version > supported_version:
        raise WorkbookError(
            f"The workbook {path} was written by a newer PayneCRM Workbook (format {version}; this version reads "
            f"up to {supported_version}). It was left untouched: upgrade with `pip install -U paynecrm-workbook`.")
    if not isinstance(document.get("entries"), dict):
        raise WorkbookError(f"The workbook {path} has no \"entries\" table. It was left untouched.")
    return document


def write_document(path, document):
    """Write ``document`` as JSON to ``path`` atomically (temporary file, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
