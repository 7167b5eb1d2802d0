"""The workbook's schema: every key a chapter writes or reads, declared once, with its kind and meaning.

A :class:`Field` declares one key, or a family of keys through ``<placeholders>``
(``"value.conjoint.ratings.<respondent>"``): its kind (which values it accepts), the chapter that owns it,
its default and one line of meaning. :meth:`Workbook.set <paynecrm_kernel.workbook.Workbook.set>` refuses a
key that no field declares and a value its kind refuses, so a tool cannot invent a key and a page cannot
store an 8 MB "slider value". The declarations live in :mod:`paynecrm_kernel.workbook.keys`, one module per
chapter; :func:`describe` lists everything a workbook can know, which the strategy report is built from.

Kinds check *and normalise* a value (numpy scalars become Python numbers, tuples become lists) and raise
:class:`~paynecrm_kernel.errors.WorkbookError` with the key, the value and what was expected.
"""
import json
import math
import re
from dataclasses import dataclass, field

import numpy as np

from ..errors import WorkbookError

__all__ = ["Boolean", "Choice", "Field", "Json", "ListOf", "MapOf", "Number", "Record", "Schema", "Text"]

_SEGMENT = r"[A-Za-z0-9_-]+"
_PLACEHOLDER = re.compile(r"<([a-z_]+)>")


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


class Kind:
    """What a key accepts. Subclasses implement :meth:`check` and :meth:`describe`."""

    def check(self, key, value):
        """Return ``value`` normalised to plain JSON data, or raise :class:`WorkbookError`."""
        raise NotImplementedError

    def describe(self):
        """One phrase for people: ``"a number from 0 to 1"``."""
        raise NotImplementedError

    def _refuse(self, key, value):
        raise WorkbookError(f"Cannot save {key!r}: {_short(value)} is not {self.describe()}.")


@dataclass(frozen=True)
class Text(Kind):
    """A string of at most ``max_length`` characters."""

    max_length: int = 20_000

    def check(self, key, value):
        if not isinstance(value, str):
            self._refuse(key, value)
        if len(value) > self.max_length:
            raise WorkbookError(f"Cannot save {key!r}: the text has {len(value):,} characters; at most "
                                f"{self.max_length:,} are kept. Shorten it.")
        return value

    def describe(self):
        return f"text (at most {self.max_length:,} characters)"


@dataclass(frozen=True)
class Number(Kind):
    """A finite number in ``[low, high]``; ``integer=True`` accepts whole numbers only."""

    low: float = -1e15
    high: float = 1e15
    integer: bool = False

    def check(self, key, value):
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._refuse(key, value)
        if not math.isfinite(value):
            raise WorkbookError(f"Cannot save {key!r}: the value is {value}, which a workbook cannot store; "
                                "enter a finite number.")
        if self.integer:
            if float(value) != int(value):
                self._refuse(key, value)
            value = int(value)
        if not self.low <= value <= self.high:
            self._refuse(key, value)
        return value

    def describe(self):
        what = "a whole number" if self.integer else "a number"
        return f"{what} from {self.low:g} to {self.high:g}"


@dataclass(frozen=True)
class Boolean(Kind):
    """``True`` or ``False``."""

    def check(self, key, value):
        if isinstance(value, np.bool_):
            value = bool(value)
        if not isinstance(value, bool):
            self._refuse(key, value)
        return value

    def describe(self):
        return "true or false"


@dataclass(frozen=True)
class Choice(Kind):
    """One of a fixed set of values."""

    options: tuple

    def check(self, key, value):
        if isinstance(value, np.generic):
            value = value.item()
        if value not in self.options:
            self._refuse(key, value)
        return value

    def describe(self):
        return "one of " + ", ".join(repr(o) for o in self.options)


@dataclass(frozen=True)
class ListOf(Kind):
    """A list (or tuple) of at most ``max_items`` values of one kind."""

    item: Kind
    max_items: int = 1_000

    def check(self, key, value):
        if isinstance(value, np.ndarray):
            value = value.tolist()
        if not isinstance(value, (list, tuple)):
            self._refuse(key, value)
        if len(value) > self.max_items:
            raise WorkbookError(f"Cannot save {key!r}: {len(value):,} items; at most {self.max_items:,}.")
        return [self.item.check(key, v) for v in value]

    def describe(self):
        return f"a list of {self.item.describe()}"


@dataclass(frozen=True)
class MapOf(Kind):
    """A dict from names (text) to values of one kind, at most ``max_items`` of them."""

    item: Kind
    max_items: int = 1_000

    def check(self, key, value):
        if not isinstance(value, dict):
            self._refuse(key, value)
        if len(value) > self.max_items:
            raise WorkbookError(f"Cannot save {key!r}: {len(value):,} entries; at most {self.max_items:,}.")
        return {str(k): self.item.check(f"{key}[{k!r}]", v) for k, v in value.items()}

    def describe(self):
        return f"a mapping of names to {self.item.describe()}"


@dataclass(frozen=True)
class Record(Kind):
    """A dict with named fields, each of its own kind; fields not listed in ``required`` may be missing or None."""

    fields: dict = field(hash=False)
    required: tuple = ()

    def check(self, key, value):
        if not isinstance(value, dict):
            self._refuse(key, value)
        unknown = sorted(set(map(str, value)) - set(self.fields))
        if unknown:
            raise WorkbookError(f"Cannot save {key!r}: unexpected field(s) {', '.join(unknown)}; "
                                f"expected {', '.join(self.fields)}.")
        missing = [name for name in self.required if value.get(name) is None]
        if missing:
            raise WorkbookError(f"Cannot save {key!r}: missing field(s) {', '.join(missing)}.")
        return {name: (None if value.get(name) is None else kind.check(f"{key}.{name}", value[name]))
                for name, kind in self.fields.items() if name in value}

    def describe(self):
        return "a record with fields " + ", ".join(self.fields)


@dataclass(frozen=True)
class Json(Kind):
    """Structured JSON data (lists, dicts, text, finite numbers) of at most ``max_bytes`` when written."""

    max_bytes: int = 256_000

    def check(self, key, value):
        value = _plain(key, value)
        size = len(json.dumps(value))
        if size > self.max_bytes:
            raise WorkbookError(f"Cannot save {key!r}: {size:,} bytes of data; at most {self.max_bytes:,}.")
        return value

    def describe(self):
        return f"structured data (at most {self.max_bytes:,} bytes)"


def _plain(key, value):
    """Return ``value`` as plain JSON data (numpy converted), or raise a clear error."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        raise WorkbookError(f"Cannot save {key!r}: the value contains {value}, which a workbook cannot store.")
    if isinstance(value, (list, tuple)):
        return [_plain(key, v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(key, v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise WorkbookError(f"Cannot save {key!r}: a {type(value).__name__} is not workbook data "
                        "(use numbers, text, booleans, lists and dicts).")


@dataclass(frozen=True)
class Field:
    """The declaration of one workbook key (or a family of keys).

    Parameters
    ----------
    key : str
        Dotted name; ``<name>`` stands for one segment chosen at run time
        (``"overview.continuum.rating_<item>"``, ``"value.propositions.<segment>"``).
    kind : Kind
        The values it accepts.
    chapter : str
        The chapter that writes it (``"overview"``, ``"strategy"``, ``"value"`` ...).
    meaning : str
        One line for people: what the value is.
    default : object
        What a reader gets when nothing was saved.
    """

    key: str
    kind: Kind
    chapter: str
    meaning: str
    default: object = None

    @property
    def pattern(self):
        """The compiled regular expression of the keys this field declares."""
        parts = [re.escape(p) for p in _PLACEHOLDER.split(self.key)]
        # split() alternates literal text and placeholder names: literals at even positions
        regex = "".join(p if i % 2 == 0 else _SEGMENT for i, p in enumerate(parts))
        return re.compile(f"^{regex}$")

    @property
    def is_family(self):
        """Whether the key has placeholders (stands for many keys)."""
        return bool(_PLACEHOLDER.search(self.key))


class Schema:
    """A set of :class:`Field` declarations; finds the field of a key and validates values against it."""

    def __init__(self, fields):
        self.fields = tuple(fields)
        seen = {}
        for f in self.fields:
            if f.key in seen:
                raise ValueError(f"workbook key {f.key!r} is declared twice")
            seen[f.key] = f
        self._exact = {f.key: f for f in self.fields if not f.is_family}
        self._families = [(f.pattern, f) for f in self.fields if f.is_family]

    def field(self, key):
        """Return the field declaring ``key``, or ``None``."""
        found = self._exact.get(key)
        if found is not None:
            return found
        for pattern, f in self._families:
            if pattern.match(key):
                return f
        return None

    def check(self, key, value):
        """Return ``value`` normalised for ``key``, or raise :class:`WorkbookError`.

        ``None`` (which deletes a key) is always accepted for a declared key.
        """
        declared = self.field(key)
        if declared is None:
            raise WorkbookError(f"{key!r} is not a declared workbook key. Every key is declared once in "
                                "paynecrm_kernel/workbook/keys/<chapter>.py; declare it there (kind, default, "
                                "meaning) or use a declared key.")
        return None if value is None else declared.kind.check(key, value)

    def default(self, key):
        """The declared default of ``key`` (``None`` if undeclared)."""
        declared = self.field(key)
        return None if declared is None else declared.default

    def chapters(self):
        """The chapters that own keys, in declaration order."""
        return list(dict.fromkeys(f.chapter for f in self.fields))

    def describe(self, chapter=None):
        """Rows (``key``, ``chapter``, ``kind``, ``default``, ``meaning``) of every declared field."""
        return [{"key": f.key, "chapter": f.chapter, "kind": f.kind.describe(), "default": f.default,
                 "meaning": f.meaning} for f in self.fields if chapter is None or f.chapter == chapter]
