"""Net Promoter Score with its confidence interval, by segment and channel, and its change between waves.

The recommendation question ("How likely is it that you would recommend us to a friend or colleague?") is
answered on 0-10. Promoters answer 9-10, passives 7-8, detractors 0-6, and (Reichheld 2003)

    NPS = 100 (promoters - detractors) / n,  between -100 and +100.

Intervals, in NPS points:

* ``"adjusted_wald"`` (default; Rocks 2016, *The American Statistician* 70(4), found it among the best): add
  3 to n and 3/4 to the promoter and to the detractor counts, then ``centre +/- z sqrt(V / n~)`` with
  ``V = p_P + p_D - (p_P - p_D)^2`` computed from the adjusted shares;
* ``"wald"``: the same formula on the raw counts (too narrow in small samples, and zero-width when every
  respondent gives the same answer);
* ``"bootstrap"``: percentile interval of the NPS of resampled respondents (seeded, so repeatable).

The score itself is always the plain NPS; only the interval moves with the method. Intervals are clipped to
[-100, 100].
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataValidationError
from ._checks import check_level, require_frame

__all__ = ["NPS_METHODS", "NPSResult", "nps", "nps_by", "nps_change", "classify_scores"]

#: Interval methods of :func:`nps`.
NPS_METHODS = ("adjusted_wald", "wald", "bootstrap")

#: Rocks' (2016) adjustment: pseudo-respondents added to n, and to each of promoters and detractors.
ADJUST_N, ADJUST_EACH = 3.0, 0.75


@dataclass(frozen=True)
class NPSResult:
    """An NPS with its interval, in points (-100 to 100).

    Attributes
    ----------
    score, lower, upper : float
        The NPS and the ends of its interval.
    n, promoters, passives, detractors : int
        Respondents and their classes.
    level : float
        Coverage of the interval.
    method : str
        One of :data:`NPS_METHODS`.
    """

    score: float
    lower: float
    upper: float
    n: int
    promoters: int
    passives: int
    detractors: int
    level: float
    method: str

    def as_dict(self):
        """The fields as a plain dict (one row of :func:`nps_by`)."""
        return asdict(self)

    def __str__(self):
        return (f"NPS {self.score:+.1f} ({100 * self.level:g} % interval {self.lower:+.1f} to {self.upper:+.1f}, "
                f"{self.method.replace('_', ' ')}; n = {self.n:,}: {self.promoters:,} promoters, "
                f"{self.passives:,} passives, {self.detractors:,} detractors)")


def classify_scores(scores):
    """Validate 0-10 answers and return them as integers.

    Raises
    ------
    DataValidationError
        For an empty input, or for answers that are missing, not whole numbers or outside 0-10 (the rows are
        named).
    """
    series = scores if isinstance(scores, pd.Series) else pd.Series(np.asarray(scores, dtype=object).ravel())
    if series.empty:
        raise DataValidationError("There are no answers: the NPS needs at least one 0-10 score.")
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = np.flatnonzero(~np.isfinite(values) | (values < 0) | (values > 10) | (values != np.round(values)))
    if len(bad):
        rows = series.index[bad].tolist()
        raise DataValidationError(
            f"Likelihood-to-recommend answers must be whole numbers from 0 to 10; {len(bad):,} are not, e.g. rows "
            f"{rows[:10]} (values {series.iloc[bad[:5]].tolist()}). Correct them or drop those rows; a 1-5 or "
            "1-7 scale cannot be turned into an NPS.", column=series.name, rows=rows[:50])
    return values.astype(int)


def _counts(values):
    promoters = int(np.sum(values >= 9))
    detractors = int(np.sum(values <= 6))
    return promoters, len(values) - promoters - detractors, detractors


def _wald(promoters, detractors, n, z):
    p_p, p_d = promoters / n, detractors / n
    centre = p_p - p_d
    half = z * np.sqrt(max(p_p + p_d - centre ** 2, 0.0) / n)
    return centre - half, centre + half, centre, half


def _bootstrap(counts, n, level, n_boot, seed):
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, np.asarray(counts, dtype=float) / n, size=n_boot)
    scores = (draws[:, 0] - draws[:, 2]) / n
    tail = (1 - level) / 2
    return float(np.quantile(scores, tail)), float(np.quantile(scores, 1 - tail))


def nps(scores, level=0.95, method="adjusted_wald", *, n_boot=4000, seed=2016):
    """Net Promoter Score and its confidence interval, in points.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Answers to the recommendation question, whole numbers 0-10.
    level : float
        Coverage of the interval.
    method : {"adjusted_wald", "wald", "bootstrap"}
        Interval method (see the module docstring).
    n_boot, seed : int
        Resamples and seed of the bootstrap.

    Returns
    -------
    NPSResult

    Examples
    --------
    >>> print(nps(range(11)).score.__round__(2))
    -45.45
    """
    if method not in NPS_METHODS:
        raise DataValidationError(f"Unknown NPS interval method {method!r}; use one of {NPS_METHODS}.")
    level = check_level(level)
    values = classify_scores(scores)
    n = len(values)
    promoters, passives, detractors = _counts(values)
    z = float(stats.norm.ppf(0.5 + level / 2))
    if method == "adjusted_wald":
        lower, upper, _, _ = _wald(promoters + ADJUST_EACH, detractors + ADJUST_EACH, n + ADJUST_N, z)
    elif method == "wald":
        lower, upper, _, _ = _wald(promoters, detractors, n, z)
    else:
        if int(n_boot) < 100:
            raise DataValidationError(f"Use at least 100 bootstrap resamples (n_boot), not {n_boot!r}.")
        lower, upper = _bootstrap((promoters, passives, detractors), n, level, int(n_boot), seed)
    clip = lambda v: float(np.clip(100 * v, -100, 100))
    return NPSResult(100 * (promoters - detractors) / n, clip(lower), clip(upper), n, promoters, passives,
                     detractors, level, method)


def nps_by(responses, by, *, score="nps", level=0.95, method="adjusted_wald", min_responses=1):
    """NPS with its interval for every group of respondents (segment, channel, wave, store...).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent.
    by : str or list of str
        Grouping column(s).
    score : str
        Column of the 0-10 answers.
    level, method
        As in :func:`nps`.
    min_responses : int
        Groups with fewer respondents are left out (listed in ``attrs["left_out"]``).

    Returns
    -------
    pandas.DataFrame
        One row per group: ``score, lower, upper, n, promoters, passives, detractors, level, method``.
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_frame(responses, keys + [score], "survey responses")
    classify_scores(responses[score])                    # whole-table check, so the rows named are the table's
    rows, left_out = {}, []
    for group, frame in responses.groupby(keys, sort=True, observed=True):
        group = group[0] if len(keys) == 1 and isinstance(group, tuple) else group
        if len(frame) < min_responses:
            left_out.append(group)
            continue
        rows[group] = nps(frame[score], level, method).as_dict()
    if not rows:
        raise DataValidationError(f"No group has at least {min_responses} responses; lower min_responses.")
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.names = keys
    table.attrs["left_out"] = left_out
    return table


def nps_change(before, after, level=0.95):
    """Change in NPS between two independent survey waves, with its interval and a two-sided test.

    The interval and the test use the adjusted-Wald shares of each wave (Rocks' adjustment applied to each
    wave, in the manner of Agresti & Caffo's interval for a difference of proportions):
    ``d~ +/- z sqrt(V1~/n1~ + V2~/n2~)``, and ``z = d~ / se``. So the test rejects at ``1 - level`` exactly
    when the interval excludes zero.

    Parameters
    ----------
    before, after : array-like
        0-10 answers of the earlier and the later wave (different respondents).
    level : float
        Coverage of the interval.

    Returns
    -------
    dict
        ``before`` and ``after`` (:class:`NPSResult`), ``change`` (plain NPS difference, points), ``lower``,
        ``upper``, ``z``, ``p_value``, ``significant`` (at ``1 - level``) and ``level``.
    """
    level = check_level(level)
    first, second = nps(before, level), nps(after, level)
    z_crit = float(stats.norm.ppf(0.5 + level / 2))
    parts = []
    for wave in (first, second):
        _, _, centre, half = _wald(wave.promoters + ADJUST_EACH, wave.detractors + ADJUST_EACH,
                                   wave.n + ADJUST_N, 1.0)
        parts.append((centre, half))
    diff = parts[1][0] - parts[0][0]
    se = float(np.hypot(parts[0][1], parts[1][1]))
    z = diff / se
    p_value = float(2 * stats.norm.sf(abs(z)))
    return {"before": first, "after": second, "change": second.score - first.score,
            "lower": 100 * (diff - z_crit * se), "upper": 100 * (diff + z_crit * se), "z": float(z),
            "p_value": p_value, "significant": p_value < 1 - level, "level": level}
