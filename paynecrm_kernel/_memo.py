"""Results of pure analyses kept for reuse, keyed by the content of their inputs.

A notebook and the tools on its page often run the same analysis on the same data (the sample company's
conjoint study, its segment CLV), and a pre-heated Voilà kernel can run it before the reader arrives.
:func:`memoized` keeps a function's last few results, keyed by a fingerprint of the *content* of its
arguments (pandas' row hashing for frames), so a changed or mutated input is a new key, never a stale hit.
Arguments that cannot be fingerprinted simply bypass the cache. The warnings a call gave are given again on
every hit, so a caller that shows them (the tools do) shows them each time. Every caller receives its own
deep copy of the kept result, so a caller that changes what it got cannot change what the next one gets.

Analyses slow enough to matter when a page opens are also kept on disk (``memoized(persist=True)``), in the
folder :func:`cache_folder`, so that a new kernel (each Voilà page has its own) finds a result any earlier
kernel computed from the same inputs. The key also covers the package's code files (name, size and time of
each) and the versions of Python and the numerical libraries, so a changed analysis never returns an old result; a file that cannot be read is recomputed and
replaced; a folder that cannot be written is simply not used.
"""
import collections
import contextlib
import copy
import copyreg
import dataclasses
import functools
import hashlib
import inspect
import os
import pickle
import sys
import tempfile
import threading
import types
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd


# Frozen results expose mappings as read-only views; copying one copies the mapping behind it.
copyreg.pickle(types.MappingProxyType, lambda view: (types.MappingProxyType, (dict(view),)))


class Unfingerprintable(TypeError):
    """Raised by :func:`fingerprint` for a value whose content it cannot summarise."""


def _digest(data, meta):
    hasher = hashlib.blake2b(data, digest_size=16)
    hasher.update(repr(meta).encode())
    return hasher.hexdigest()


def fingerprint(value):
    """Return a hashable summary of ``value``'s content: equal content, equal fingerprint.

    Handles scalars, strings, timestamps, NumPy arrays, pandas objects (values, index, labels and dtypes),
    lists, tuples, mappings and dataclasses of these; raises :class:`Unfingerprintable` for anything else.
    """
    if value is None or isinstance(value, (bool, int, float, complex, str, bytes)):
        return (type(value).__name__, value)
    if isinstance(value, np.generic):
        return ("numpy", value.dtype.str, value.item())
    if isinstance(value, pd.Timestamp):
        return ("timestamp", value.isoformat())
    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
        labels = tuple(map(str, value.columns)) if isinstance(value, pd.DataFrame) else (str(value.name),)
        dtypes = tuple(map(str, value.dtypes)) if isinstance(value, pd.DataFrame) else (str(value.dtype),)
        rows = pd.util.hash_pandas_object(value, index=not isinstance(value, pd.Index)).to_numpy()
        return ("pandas", _digest(rows.tobytes(), (type(value).__name__, value.shape, labels, dtypes)))
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            raise Unfingerprintable("object arrays")
        return ("array", _digest(np.ascontiguousarray(value).tobytes(), (value.dtype.str, value.shape)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(fingerprint(v) for v in value))
    if isinstance(value, Mapping):
        return ("mapping", tuple((fingerprint(k), fingerprint(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,          # fields left out of equality are not content either
                tuple((f.name, fingerprint(getattr(value, f.name))) for f in dataclasses.fields(value) if f.compare))
    raise Unfingerprintable(type(value).__name__)


#: Results kept on disk per function; the least recently used beyond this are deleted.
DISK_ENTRIES = 16


def cache_folder():
    """The folder for kept results: ``$PAYNECRM_CACHE``, or ``paynecrm-cache`` in the system's temporary folder."""
    return Path(os.environ.get("PAYNECRM_CACHE") or Path(tempfile.gettempdir()) / "paynecrm-cache")


@functools.cache
def _code_version():
    """A digest of the package's code files (Python sources, compiled extensions: names, sizes, times) and of
    the versions of Python and of the numerical libraries under it."""
    from importlib import metadata

    package = Path(__file__).parent
    stamps = [sys.version]
    for name in ("numpy", "pandas", "scipy", "scikit-learn", "statsmodels"):
        try:
            stamps.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            stamps.append((name, None))
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".so", ".pyd")):
        info = path.stat()
        stamps.append((str(path.relative_to(package)), info.st_size, info.st_mtime_ns))
    return hashlib.blake2b(repr(stamps).encode(), digest_size=16).hexdigest()


class _DiskShelf:
    """One function's results on disk, one pickle file per key, written atomically."""

    def __init__(self, func):
        self.name = f"{func.__module__}.{func.__qualname__}"

    def _path(self, key):
        digest = hashlib.blake2b(repr((_code_version(), key)).encode(), digest_size=20).hexdigest()
        return cache_folder() / "memo" / self.name / f"{digest}.pickle"

    def get(self, key):
        """The result kept under ``key``, or None (none kept, or a file that cannot be read: it is removed)."""
        path = self._path(key)
        try:
            with open(path, "rb") as handle:
                kept = pickle.load(handle)
            os.utime(path)                      # recently used: kept longest
            return kept
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged or foreign file: recompute and replace it
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            return None

    def put(self, key, kept):
        """Keep ``kept`` under ``key`` (quietly not, when the folder cannot be written or it cannot be pickled)."""
        path = self._path(key)
        part = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(part, path)
            entries = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in entries[DISK_ENTRIES:]:
                stale.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)


def _call(func, args, kwargs):
    """``func``'s result and the warnings it gave, as (message, category, filename, line) tuples."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, tuple((w.message, w.category, w.filename, w.lineno) for w in caught)


def memoized(maxsize=4, persist=False):
    """Decorator: keep the last ``maxsize`` results of a pure function, keyed by :func:`fingerprint`.

    Errors are not kept (the next call raises again); warnings are kept and given again on every hit. Each
    call returns a deep copy of the kept result. The wrapped function gains ``cache_clear()``, which forgets
    the results kept in memory. With ``persist=True`` results are also kept on disk (see the module's text).
    """
    def decorate(func):
        cache = collections.OrderedDict()
        lock = threading.Lock()
        signature = inspect.signature(func)
        shelf = _DiskShelf(func) if persist else None

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                bound = signature.bind(*args, **kwargs)        # the same call however it is spelt
                bound.apply_defaults()
                key = fingerprint(tuple(bound.arguments.items()))
            except (TypeError, Unfingerprintable):         # bad arguments: let the function say so
                return func(*args, **kwargs)
            with lock:
                hit = cache.get(key)
                if hit is not None:
                    cache.move_to_end(key)
            if hit is None:
                hit = shelf.get(key) if shelf else None
                if hit is None:
                    hit = _call(func, args, kwargs)
                    if shelf:
                        shelf.put(key, hit)
                with lock:
                    cache[key] = hit
                    while len(cache) > maxsize:
                        cache.popitem(last=False)
            result, given = hit
            for message, category, filename, lineno in given:
                warnings.warn_explicit(message, category, filename, lineno)
            return copy.deepcopy(result)

        wrapper.cache_clear = cache.clear
        return wrapper

    return decorate
