"""Saved values as a manager reads them, and a read-only view of a workbook's entries."""
import math

from ..errors import WorkbookError
from ..theme import format_currency, format_number, format_percent
from ..workbook.keys import SCHEMA
from ..workbook.schema import ListOf, MapOf, Number

__all__ = ["Entries", "describe_value", "is_money", "is_share"]


class Entries:
    """The entries of a workbook (a dict of saved keys), read the way the report needs them.

    Like the workbook, it answers only for keys the ``schema`` declares: a report that asks for a key which was
    renamed or never declared raises :class:`~paynecrm_kernel.errors.WorkbookError` instead of showing an empty
    section.
    """

    def __init__(self, entries, schema=SCHEMA):
        self._entries = dict(entries)
        self._schema = schema

    def get(self, key, default=None):
        """The value saved under the declared ``key``, or ``default``."""
        if self._schema.field(key) is None:
            self._schema.check(key, None)         # raises the error that says how to declare it
        return self._entries.get(key, default)

    def section(self, prefix):
        """The entries under the declared ``prefix``, keyed relative to it, sorted."""
        start = prefix + "."
        if not any(f.key.startswith(start) for f in self._schema.fields):
            raise WorkbookError(f"No workbook key is declared under {prefix!r}: see "
                                "paynecrm_kernel/workbook/keys/<chapter>.py.")
        return {k[len(start):]: v for k, v in sorted(self._entries.items()) if k.startswith(start)}


def _number_kind(field):
    kind = field.kind if field is not None else None
    while isinstance(kind, (MapOf, ListOf)):
        kind = kind.item
    return kind if isinstance(kind, Number) else None


def is_money(field):
    """Whether the declared field holds amounts of money (its meaning states a ``$`` unit)."""
    return field is not None and "$" in field.meaning


def is_share(field):
    """Whether the declared field holds shares from 0 to 1."""
    kind = _number_kind(field)
    return kind is not None and kind.low == 0 and kind.high == 1 and not kind.integer and not is_money(field)


def describe_value(value, *, share=False, money=False):
    """``value`` as text: currency, a percentage, a number with separators, a list or a mapping."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not available"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if money:
            return format_currency(value, decimals=0)
        if share:
            return format_percent(value)
        return format_number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return "; ".join(f"{k}: {describe_value(v, share=share, money=money)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(describe_value(v, share=share, money=money) for v in value)
    return str(value)
