"""Named RFM segments from an editable rule table.

A rule names a segment and a box on two axes, both on a 1-5 scale whatever the number of bins:

* ``R``: the recency score rescaled to 1-5, ``1 + 4 (r - 1) / (bins - 1)``;
* ``FM``: the mean of the frequency and monetary scores, rescaled the same way.

Rules are tried in order and the first whose box (bounds inclusive) holds the customer wins, so a narrow rule
(champions) must come before a wide one (loyal). The default table uses the segment names common in
practitioner RFM work; its boundaries are the workbook's own convention, to be edited to fit the business.
"""
import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import as_frame, require_columns

__all__ = ["DEFAULT_RULES", "RULE_COLUMNS", "default_rules", "rfm_segments", "validate_rules"]

RULE_COLUMNS = ["segment", "r_min", "r_max", "fm_min", "fm_max", "description", "action"]

#: The default rule table (the workbook's convention): segment, R range, FM range, meaning, suggested action.
DEFAULT_RULES = (
    ("Champions", 4.0, 5.0, 4.0, 5.0, "Bought recently, buy often and spend the most.",
     "Reward them; ask for referrals; involve them in new offers."),
    ("Loyal", 3.0, 5.0, 3.5, 5.0, "Buy often and spend well; fairly recent.",
     "Upsell higher-value products; keep service excellent."),
    ("New customers", 4.5, 5.0, 1.0, 1.5, "Bought very recently, but only once or for little.",
     "Onboard them well; make the second purchase easy."),
    ("Promising", 4.0, 5.0, 1.0, 2.5, "Recent buyers with modest frequency and spend.",
     "Build the habit: offers tied to their first purchases."),
    ("Potential loyalists", 3.5, 5.0, 2.0, 3.5, "Recent buyers of average frequency and spend.",
     "Offer membership or a loyalty programme; recommend related products."),
    ("Need attention", 2.5, 3.5, 2.5, 5.0, "Average recency, fair frequency and spend, and drifting.",
     "Time-limited, personalised offers; reactivate before they slip."),
    ("About to sleep", 2.0, 4.0, 1.0, 2.5, "Below average recency and value.",
     "Share useful content and popular products; a low-cost reminder."),
    ("Can't lose them", 1.0, 2.5, 4.5, 5.0, "Were among the best customers, but not for a long time.",
     "Win them back personally; find out what went wrong."),
    ("At risk", 1.0, 2.5, 3.0, 5.0, "Spent big and often, long ago.",
     "Personal reactivation campaign; a strong reason to return."),
    ("Hibernating", 1.0, 2.5, 1.5, 3.0, "Last purchase long ago; low frequency and spend.",
     "Low-cost reactivation only; do not overspend on them."),
    ("Lost", 1.0, 2.5, 1.0, 1.5, "Lowest recency, frequency and spend.",
     "Ignore in paid campaigns, or one last low-cost attempt."),
)


def default_rules():
    """Return the default rule table as a DataFrame (a fresh copy that can be edited)."""
    return pd.DataFrame(list(DEFAULT_RULES), columns=RULE_COLUMNS)


def validate_rules(rules):
    """Check a rule table and return it as a clean DataFrame.

    Raises
    ------
    DataValidationError
        Missing columns, bounds outside 1-5, minimum above maximum, or duplicated segment names.
    """
    if isinstance(rules, (list, tuple)):
        rules = pd.DataFrame([dict(r) if isinstance(r, dict) else dict(zip(RULE_COLUMNS, r)) for r in rules])
    rules = as_frame(rules, "The RFM rule table").copy()
    require_columns(rules, RULE_COLUMNS[:5], "The RFM rule table")
    if rules.empty:
        raise DataValidationError("The RFM rule table is empty; give at least one rule.")
    for col in RULE_COLUMNS[1:5]:
        values = pd.to_numeric(rules[col], errors="coerce")
        bad = values.isna() | (values < 1) | (values > 5)
        if bad.any():
            rows = list(rules.index[bad])
            raise DataValidationError(
                f"The RFM rule table: {col!r} must be a number from 1 to 5 (rows {rows}). Bounds are on the "
                "1-5 scale whatever the number of bins.", column=col, rows=rows)
        rules[col] = values.astype(float)
    for low, high in (("r_min", "r_max"), ("fm_min", "fm_max")):
        bad = rules[low] > rules[high]
        if bad.any():
            rows = list(rules.index[bad])
            raise DataValidationError(f"The RFM rule table: {low} is above {high} in rows {rows}; swap them.",
                                      column=low, rows=rows)
    dup = rules["segment"].duplicated()
    if dup.any():
        raise DataValidationError(f"The RFM rule table names the segment(s) "
                                  f"{sorted(set(rules.loc[dup, 'segment']))} twice; merge those rules.",
                                  column="segment", rows=list(rules.index[dup]))
    for col in ("description", "action"):
        if col not in rules.columns:
            rules[col] = ""
    return rules[RULE_COLUMNS].reset_index(drop=True)


def _to_five(score, bins):
    return 1.0 + 4.0 * (np.asarray(score, dtype=float) - 1.0) / (bins - 1.0)


def rfm_segments(scores, rules=None, bins=None, unassigned="Unassigned"):
    """Name each customer's segment from their RFM scores.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`rfm_scores` (columns ``r_score``, ``f_score``, ``m_score``).
    rules : pandas.DataFrame or list, optional
        Rule table with columns ``segment, r_min, r_max, fm_min, fm_max`` (and optional ``description``,
        ``action``); :func:`default_rules` when omitted. The first matching rule wins.
    bins : int, optional
        Number of bins the scores were made with; the highest score present when omitted.
    unassigned : str
        Label of customers no rule covers.

    Returns
    -------
    pandas.Series
        Categorical segment per customer (categories in rule order, then ``unassigned`` if used).
    """
    scores = as_frame(scores, "rfm_segments")
    require_columns(scores, ["r_score", "f_score", "m_score"], "rfm_segments: the scores")
    table = validate_rules(default_rules() if rules is None else rules)
    if bins is None:
        bins = int(max(scores[["r_score", "f_score", "m_score"]].to_numpy().max(), 2))
    r = _to_five(scores["r_score"], bins)
    fm = (_to_five(scores["f_score"], bins) + _to_five(scores["m_score"], bins)) / 2.0
    eps = 1e-9
    codes = np.full(len(scores), -1, dtype=np.int64)
    for i, rule in enumerate(table.itertuples(index=False)):
        hit = ((codes < 0) & (r >= rule.r_min - eps) & (r <= rule.r_max + eps)
               & (fm >= rule.fm_min - eps) & (fm <= rule.fm_max + eps))
        codes[hit] = i
    categories = list(table["segment"])
    if (codes < 0).any():
        categories.append(unassigned)
        codes[codes < 0] = len(categories) - 1
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=scores.index, name="segment")
