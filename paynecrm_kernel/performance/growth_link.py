"""Does the NPS or satisfaction track growth better across units? Keiningham et al.'s (2007) question.

Reichheld (2003) claimed that the Net Promoter Score is the one number that predicts growth. Keiningham,
Cooil, Andreassen & Aksoy (2007, *Journal of Marketing* 71(3)) tested that claim over 21 firms and more than
15,500 interviews and could not replicate it: the NPS was not clearly better than other measures such as
satisfaction. :func:`compare_growth_predictors` asks the same question of a firm's own units (stores,
branches): it computes each unit's NPS and mean satisfaction, correlates each with the units' growth (with
Fisher-z intervals and the R^2 of an OLS fit) and tests whether the two correlations differ with Williams'
t-test for dependent correlations that share a variable (Steiger 1980, *Psychological Bulletin* 87(2)).

Correlations across units are associations: they say which measure moves with growth, not which causes it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from ..errors import DataValidationError
from ._checks import check_level, numeric_column, require_frame
from .nps import classify_scores

__all__ = ["unit_scores", "williams_test", "compare_growth_predictors"]


def unit_scores(responses, *, unit="unit_id", score="nps", satisfaction="satisfaction", min_responses=10):
    """Each unit's NPS (points), mean satisfaction and number of respondents.

    Units with fewer than ``min_responses`` respondents are an error (their NPS would be mostly noise); pass a
    lower ``min_responses`` to accept them.
    """
    require_frame(responses, [unit, score, satisfaction], "survey responses")
    recommend = classify_scores(responses[score])
    rating = numeric_column(responses, satisfaction, "survey responses")
    frame = pd.DataFrame({"unit": responses[unit].to_numpy(), "promoter": recommend >= 9,
                          "detractor": recommend <= 6, "satisfaction": rating})
    table = frame.groupby("unit", sort=True).agg(promoters=("promoter", "mean"), detractors=("detractor", "mean"),
                                                 satisfaction=("satisfaction", "mean"), n=("satisfaction", "size"))
    small = table.index[table["n"] < min_responses].tolist()
    if small:
        raise DataValidationError(f"{len(small)} unit(s) have fewer than {min_responses} respondents, e.g. "
                                  f"{small[:5]}; survey more customers there or lower min_responses.",
                                  column=unit, rows=small[:50])
    table["nps"] = 100 * (table["promoters"] - table["detractors"])
    table.index.name = unit
    return table[["nps", "satisfaction", "n"]]


def williams_test(r_a, r_b, r_ab, n):
    """Williams' t-test of ``r_a = r_b``, two correlations with a shared variable.

    Parameters
    ----------
    r_a, r_b : float
        Correlations of the shared variable (growth) with measures a and b.
    r_ab : float
        Correlation between the two measures.
    n : int
        Number of units.

    Returns
    -------
    dict
        ``t``, ``dof`` (n - 3) and two-sided ``p_value``.
    """
    if n < 4:
        raise DataValidationError(f"Williams' test needs at least 4 units, not {n}.")
    det = 1 - r_a ** 2 - r_b ** 2 - r_ab ** 2 + 2 * r_a * r_b * r_ab
    mean = (r_a + r_b) / 2
    t = (r_a - r_b) * np.sqrt((n - 1) * (1 + r_ab) / (2 * (n - 1) / (n - 3) * det + mean ** 2 * (1 - r_ab) ** 3))
    return {"t": float(t), "dof": n - 3, "p_value": float(2 * stats.t.sf(abs(t), n - 3))}


def _correlation(x, y, level):
    r = float(np.corrcoef(x, y)[0, 1])
    z, half = np.arctanh(r), stats.norm.ppf(0.5 + level / 2) / np.sqrt(len(x) - 3)
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    return {"r": r, "lower": float(np.tanh(z - half)), "upper": float(np.tanh(z + half)),
            "r_squared": float(fit.rsquared), "slope": float(fit.params[1]), "p_value": float(fit.pvalues[1])}


def compare_growth_predictors(responses, growth, *, unit="unit_id", growth_column="next_year_growth",
                              score="nps", satisfaction="satisfaction", min_responses=10, level=0.95):
    """Correlate unit NPS and unit satisfaction with unit growth, and test which tracks it better.

    Parameters
    ----------
    responses : pandas.DataFrame
        Survey respondents with their unit, 0-10 recommendation score and satisfaction rating.
    growth : pandas.DataFrame
        One row per unit with its growth (e.g. next year's revenue growth, %).
    unit, growth_column, score, satisfaction : str
        Column names.
    min_responses : int
        Fewest respondents a unit needs.
    level : float
        Coverage of the correlation intervals.

    Returns
    -------
    dict
        ``units`` (per unit: nps, satisfaction, n, growth), ``predictors`` (per measure: r, interval, R^2,
        slope, p-value), ``r_between`` (NPS with satisfaction), ``williams`` (test of equal correlations),
        ``better`` (the measure with the higher correlation, or "neither" when the test does not reject at
        ``1 - level``) and ``verdict`` (a sentence).
    """
    level = check_level(level)
    require_frame(growth, [unit, growth_column], "unit growth")
    scores = unit_scores(responses, unit=unit, score=score, satisfaction=satisfaction, min_responses=min_responses)
    rates = pd.Series(numeric_column(growth, growth_column, "unit growth"), index=growth[unit].to_numpy())
    missing = scores.index.difference(rates.index).tolist()
    if missing:
        raise DataValidationError(f"{len(missing)} surveyed unit(s) have no growth figure, e.g. {missing[:5]}; add "
                                  "them to the growth table.", column=unit, rows=missing[:50])
    units = scores.assign(growth=rates.reindex(scores.index).to_numpy())
    if len(units) < 10:
        raise DataValidationError(f"Only {len(units)} units: comparing correlations needs at least 10.")
    y = units["growth"].to_numpy()
    predictors = pd.DataFrame({name: _correlation(units[name].to_numpy(), y, level)
                               for name in ("nps", "satisfaction")}).T
    r_between = float(np.corrcoef(units["nps"], units["satisfaction"])[0, 1])
    test = williams_test(predictors.at["nps", "r"], predictors.at["satisfaction", "r"], r_between, len(units))
    if test["p_value"] < 1 - level:
        better = "nps" if predictors.at["nps", "r"] > predictors.at["satisfaction", "r"] else "satisfaction"
        verdict = (f"Across {len(units)} units, {'the NPS' if better == 'nps' else 'satisfaction'} tracks growth "
                   f"better (r = {predictors.at['nps', 'r']:.2f} for the NPS, "
                   f"{predictors.at['satisfaction', 'r']:.2f} for satisfaction; Williams' p = {test['p_value']:.3f}).")
    else:
        better = "neither"
        verdict = (f"Across {len(units)} units the NPS (r = {predictors.at['nps', 'r']:.2f}) and satisfaction "
                   f"(r = {predictors.at['satisfaction', 'r']:.2f}) track growth about equally well: the "
                   f"difference is not significant (Williams' p = {test['p_value']:.3f}), as Keiningham et al. "
                   "(2007) found across firms.")
    return {"units": units, "predictors": predictors, "r_between": r_between, "williams": test, "better": better,
            "verdict": verdict}
