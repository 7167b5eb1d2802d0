"""Segment value under a scenario: today's customers of each segment of record, valued under the plan.

The value chapter saved the value of each segment of record (``value.decisions.clv_by_segment``). Under a
scenario whose retention rate r and margin m differ from the base's, a segment reached by the plan is worth its
base value times the ratio of the lifetime factors

.. math:: \\frac{m_p (1 + d_p) / (1 + d_p - r_p)}{m_b (1 + d_b) / (1 + d_b - r_b)}

the value of a margin earned now and kept with probability r each period, discounted at d (Gupta, Lehmann &
Stuart 2004, the customer value of a constant-retention customer; Rust, Lemon & Zeithaml 2004 value the
drivers' changes on customer equity the same way). A segment the plan does not reach keeps its base value:
the plan's retention and margin are what the programme achieves where it is aimed. The sum over segments is
today's customers in the plan's customer equity.
"""
import math

import pandas as pd

from ..errors import DataValidationError

__all__ = ["lifetime_factor", "segment_values_under"]


def lifetime_factor(scenario):
    """Value of a customer per unit of base value: ``m (1 + d) / (1 + d - r)`` of ``scenario``.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    float
    """
    s = scenario
    return s.margin * (1 + s.discount) / (1 + s.discount - s.retention)


def segment_values_under(scenario, base, segment_values):
    """Each segment of record's value today under ``scenario``, against the base.

    Parameters
    ----------
    scenario : Scenario
        The plan. Its retention and margin reach its ``priority_segments`` (every segment when it names none).
    base : Scenario
        The business as usual, whose assumptions the segment values were computed under.
    segment_values : mapping
        Segment name -> value of the segment's customers today in the base (the value chapter's
        ``value.decisions.clv_by_segment``).

    Returns
    -------
    pandas.DataFrame
        One row per segment, in the order given: ``base``, ``plan``, ``change`` (money) and ``priority``
        (whether the plan reaches it). Its ``plan`` column sums to today's customers in the plan's equity.

    Raises
    ------
    DataValidationError
        When a value is not a finite number, or a priority segment is not a segment of record.
    """
    values = {}
    for name, value in dict(segment_values).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise DataValidationError(f"The value of segment {name!r} is {value!r}; give a finite number "
                                      "(the value chapter's segment values).", column=str(name))
        values[str(name)] = float(value)
    unknown = [name for name in scenario.priority_segments if name not in values]
    if unknown:
        raise DataValidationError(f"Priority segment(s) {', '.join(unknown)} are not segments of record; the "
                                  f"segments are {', '.join(values) or 'none yet'}. Choose among them, or save "
                                  "the value chapter's decisions again.", column="priority_segments")
    reached = set(scenario.priority_segments) or set(values)
    ratio = lifetime_factor(scenario) / lifetime_factor(base) if lifetime_factor(base) else 0.0
    rows = {name: (value, value * ratio if name in reached else value, name in reached)
            for name, value in values.items()}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["base", "plan", "priority"])
    table["change"] = table["plan"] - table["base"]
    table.index.name = "segment"
    return table[["base", "plan", "change", "priority"]]
