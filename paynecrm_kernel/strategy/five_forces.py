"""Industry and competitive characteristics: Porter's five forces rated 1-5, with a disruption scenario.

Payne & Frow (2005) say traditional competitive analysis (Porter) should be augmented by newer approaches
(Christensen's disruptive innovation; Slater & Olson on market-oriented strategy). The workbook operationalises
the Porter part with the five forces (Porter 1979, "How Competitive Forces Shape Strategy", *Harvard Business
Review*; revised 2008) and the Christensen part with a disruptive-entrant scenario. Rating each force 1 (weak) to 5 (intense) and
averaging is the workbook's own scoring convention, a discussion aid rather than a measurement.
"""
import numpy as np
import pandas as pd

from ..errors import DataValidationError

__all__ = ["FORCES", "five_forces_summary", "disruption_shift"]

#: The five forces: key, label, and the question a rater answers.
FORCES = (
    ("rivalry", "Rivalry among existing competitors",
     "How fiercely do current competitors fight on price, service and promotion?"),
    ("new_entrants", "Threat of new entrants",
     "How easily could a new firm (or a platform) enter and win customers?"),
    ("substitutes", "Threat of substitutes",
     "How easily can customers meet the same need another way?"),
    ("buyer_power", "Bargaining power of buyers",
     "How easily can customers switch or press prices down?"),
    ("supplier_power", "Bargaining power of suppliers",
     "How much can suppliers dictate prices and terms?"),
)
FORCE_KEYS = tuple(k for k, _label, _q in FORCES)


def _ratings(ratings, what):
    if not isinstance(ratings, dict):
        raise DataValidationError(f"{what}: give the ratings as a dict keyed by force, e.g. {{'rivalry': 4}}.")
    missing = [k for k in FORCE_KEYS if k not in ratings]
    if missing:
        raise DataValidationError(f"{what}: missing rating(s) for {missing}; rate all five forces from 1 to 5.")
    values = {}
    for key in FORCE_KEYS:
        try:
            v = float(ratings[key])
        except (TypeError, ValueError):
            v = np.nan
        if not 1 <= v <= 5:
            raise DataValidationError(f"{what}: the rating of {key!r} must be between 1 and 5, got "
                                      f"{ratings[key]!r}.", column=key)
        values[key] = v
    return values


def five_forces_summary(ratings):
    """Summarise five-force ratings.

    Parameters
    ----------
    ratings : dict
        Force key (see :data:`FORCES`) -> rating from 1 (weak) to 5 (intense).

    Returns
    -------
    dict
        ``table`` (DataFrame: label, rating, ranked strongest first), ``intensity`` (mean rating),
        ``strongest`` (labels of the forces with the highest rating) and ``attractiveness`` (a word:
        "attractive" when the mean is below 2.5, "moderate" up to 3.5, "unattractive" above).
    """
    values = _ratings(ratings, "five_forces_summary")
    labels = {k: label for k, label, _q in FORCES}
    table = pd.DataFrame({"force": [labels[k] for k in FORCE_KEYS], "rating": [values[k] for k in FORCE_KEYS]},
                         index=pd.Index(FORCE_KEYS, name="key"))
    table = table.sort_values("rating", ascending=False, kind="stable")
    intensity = float(np.mean(list(values.values())))
    top = table["rating"].max()
    word = "attractive" if intensity < 2.5 else ("moderate" if intensity <= 3.5 else "unattractive")
    return {"table": table, "intensity": intensity, "strongest": list(table.loc[table.rating == top, "force"]),
            "attractiveness": word}


def disruption_shift(current, with_entrant):
    """Change in each force if a disruptive entrant succeeded (``with_entrant - current``), largest first."""
    now = _ratings(current, "disruption_shift (current)")
    then = _ratings(with_entrant, "disruption_shift (with the entrant)")
    labels = {k: label for k, label, _q in FORCES}
    shift = pd.DataFrame({"force": [labels[k] for k in FORCE_KEYS], "current": [now[k] for k in FORCE_KEYS],
                          "with_entrant": [then[k] for k in FORCE_KEYS]}, index=pd.Index(FORCE_KEYS, name="key"))
    shift["change"] = shift["with_entrant"] - shift["current"]
    return shift.sort_values("change", ascending=False, kind="stable")
