"""The six markets model (Christopher, Payne & Ballantyne 1991; labels and network diagram as in later Cranfield
versions, e.g. Payne, Ballantyne & Christopher 2005).

Relationship marketing widens the firm's attention to six market domains; the customer market is split into
new and existing customers, giving seven axes. Participants rate current and desired emphasis on each (0-10,
arbitrary scales, as in the "relationship marketing network diagram"); the group mean, the spread between
participants and the gap desired - current show where emphasis should move.
"""
import numpy as np
import pandas as pd

from ..errors import DataValidationError

__all__ = ["MARKETS", "six_markets_summary"]

#: The seven axes: key and label.
MARKETS = (
    ("customers_new", "Customer markets: new customers"),
    ("customers_existing", "Customer markets: existing customers"),
    ("referral", "Referral markets"),
    ("supplier_alliance", "Supplier and alliance markets"),
    ("influence", "Influence markets"),
    ("employee_recruitment", "Employee and recruitment markets"),
    ("internal", "Internal markets"),
)
MARKET_KEYS = tuple(k for k, _label in MARKETS)


def _submission(sub, i):
    if not isinstance(sub, dict) or "current" not in sub or "desired" not in sub:
        raise DataValidationError(f"six_markets_summary: submission {i + 1} must be a dict with 'current' and "
                                  "'desired' ratings per market.")
    out = {}
    for part in ("current", "desired"):
        ratings = sub[part]
        missing = [k for k in MARKET_KEYS if k not in ratings]
        if missing:
            raise DataValidationError(f"six_markets_summary: submission {i + 1} has no {part} rating for "
                                      f"{missing}; rate all seven markets from 0 to 10.")
        for k in MARKET_KEYS:
            try:
                v = float(ratings[k])
            except (TypeError, ValueError):
                v = np.nan
            if not 0 <= v <= 10:
                raise DataValidationError(f"six_markets_summary: submission {i + 1}, {part} {k!r} must be between "
                                          f"0 and 10, got {ratings[k]!r}.", column=k)
            out[(part, k)] = v
    return out


def six_markets_summary(submissions):
    """Aggregate participants' current and desired emphasis per market.

    Parameters
    ----------
    submissions : list of dict
        One per participant: ``{"current": {market: 0..10}, "desired": {market: 0..10}}``.

    Returns
    -------
    pandas.DataFrame
        One row per market (ranked by gap, largest first): ``market`` label, ``current``, ``desired``
        (group means), ``current_spread``, ``desired_spread`` (standard deviation across participants, 0 for a
        single participant), ``gap`` (desired - current) and ``rank``.
    """
    if isinstance(submissions, dict):
        submissions = [submissions]
    if not submissions:
        raise DataValidationError("six_markets_summary: no submissions yet; at least one participant must rate "
                                  "the markets.")
    rows = [_submission(s, i) for i, s in enumerate(submissions)]
    labels = dict(MARKETS)
    table = []
    for k in MARKET_KEYS:
        cur = np.array([r[("current", k)] for r in rows])
        des = np.array([r[("desired", k)] for r in rows])
        table.append({"key": k, "market": labels[k], "current": cur.mean(), "desired": des.mean(),
                      "current_spread": cur.std(ddof=1) if cur.size > 1 else 0.0,
                      "desired_spread": des.std(ddof=1) if des.size > 1 else 0.0})
    out = pd.DataFrame(table).set_index("key")
    out["gap"] = out["desired"] - out["current"]
    out = out.sort_values("gap", ascending=False, kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    return out
