"""Results of pure analyses kept for reuse, keyed by the content of their inputs.

A notebook and the tools on its page often run the same analysis on the same data (the sample company's
conjoint study, its segment CLV), and a pre-heated Voilà kernel can run it before the reader arrives.
:func:`memoized` keeps a function's last few results, keyed by a fingerprint of the *content* of its
arguments (pandas' row hashing for frames), so a changed or mutated input is a new key, never a stale hit.
Arguments that cannot be fingerprinted simply bypass the cache. The warnings a call gave are given again on
every hit, so a caller that shows them (the tools do) shows them each time. Every caller receives its own
deep copy of the kept result, so a caller that changes what it got cannot change what the next one gets.
"""
import collections
import copy
import copyreg
import dataclasses
import functools
import hashlib
import inspect
import threading
import types
import warnings
from collections.abc import Mapping

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
        return (type(value).__qualname__,
                tuple((f.name, fingerprint(getattr(value, f.name))) for f in dataclasses.fields(value)))
    raise Unfingerprintable(type(value).__name__)


def memoized(maxsize=4):
    """Decorator: keep the last ``maxsize`` results of a pure function, keyed by :func:`fingerprint`.

    Errors are not kept (the next call raises again); warnings are kept and given again on every hit. Each
    call returns a deep copy of the kept result. The wrapped function gains ``cache_clear()``.
    """
    def decorate(func):
        cache = collections.OrderedDict()
        lock = threading.Lock()
        signature = inspect.signature(func)

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
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    result = func(*args, **kwargs)
                hit = (result, tuple(caught))
                with lock:
                    cache[key] = hit
                    while len(cache) > maxsize:
                        cache.popitem(last=False)
            result, given = hit
            for w in given:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            return copy.deepcopy(result)

        wrapper.cache_clear = cache.clear
        return wrapper

    return decorate
