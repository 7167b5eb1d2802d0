"""Units of time used by the CLV models: days are the internal unit, results carry their unit explicitly.

=====  ==============================  =========================
unit   meaning                         days per unit
=====  ==============================  =========================
"D"    days                            1
"W"    weeks, as in the CDNOW papers   7
"M"    months of average length        365.25 / 12 = 30.4375
=====  ==============================  =========================
"""

DAYS_PER_UNIT = {"D": 1.0, "W": 7.0, "M": 365.25 / 12}
UNIT_NAMES = {"D": "days", "W": "weeks", "M": "months"}


def validate_time_unit(time_unit):
    """Return the canonical unit code ("D", "W" or "M") or raise ValueError naming the choices."""
    code = str(time_unit).strip().upper()
    if code not in DAYS_PER_UNIT:
        raise ValueError(f"time_unit must be one of 'D' (days), 'W' (weeks) or 'M' (months), got {time_unit!r}.")
    return code


def describe_time_unit(time_unit):
    """Plain-words name of a unit code ("weeks"); "not stated" for None."""
    if time_unit is None:
        return "not stated"
    return UNIT_NAMES[validate_time_unit(time_unit)]


def convert_time(value, from_unit, to_unit):
    """Express a duration given in ``from_unit`` in ``to_unit`` (works on scalars and arrays)."""
    return value * DAYS_PER_UNIT[validate_time_unit(from_unit)] / DAYS_PER_UNIT[validate_time_unit(to_unit)]


def time_unit_of(frame):
    """The time unit a summary table carries (``frame.attrs["time_unit"]``), or None if it has none."""
    return getattr(frame, "attrs", {}).get("time_unit")
