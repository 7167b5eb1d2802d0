"""What a room's answers add up to: rating distributions, vote shares with intervals, NPS, grouped ideas.

* Rating distributions: count per scale point, mean, standard deviation and a t-interval of the mean.
* Votes: the share of each option with a Wilson score interval (Wilson 1927), which keeps its coverage for
  the small groups and the shares near 0 or 1 of a workshop, where the plain Wald interval does not
  (Brown, Cai & DasGupta 2001).
* NPS: Reichheld's (2003) score, promoters (9-10) minus detractors (0-6) in % of all answers, with the
  adjusted Wald interval that Rocks (2016, *The American Statistician*) found best: add 3 to the number of
  answers and 3/4 to the promoters and to the detractors.
* Ideas: grouped by the words they share (TF-IDF vectors, agglomerative clustering on cosine distance),
  each group named by its most characteristic words.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri, stdtrit

from ..errors import DataValidationError

__all__ = ["wilson_interval", "vote_shares", "rating_distribution", "describe_values", "nps_summary", "group_ideas"]


def _check_level(level):
    if not isinstance(level, (int, float)) or not 0 < level < 1:
        raise DataValidationError(f"The confidence level must be between 0 and 1 (e.g. 0.95), got {level!r}.",
                                  column="level")
    return float(level)


def wilson_interval(successes, n, level=0.95):
    """Wilson score interval for a proportion ``successes / n``.

    Parameters
    ----------
    successes, n : int
        Number of answers with the property and number of answers (``0 <= successes <= n``, ``n >= 1``).
    level : float
        Confidence level.

    Returns
    -------
    tuple of float
        Lower and upper bound, within [0, 1].

    Examples
    --------
    >>> [round(b, 4) for b in wilson_interval(3, 10)]
    [0.1078, 0.6032]
    """
    level = _check_level(level)
    if not (isinstance(n, (int, np.integer)) and isinstance(successes, (int, np.integer))) or n < 1 \
            or not 0 <= successes <= n:
        raise DataValidationError(f"A Wilson interval needs whole counts with 0 <= successes <= n and n >= 1; "
                                  f"got successes={successes!r}, n={n!r}.", column="n")
    z = ndtri(0.5 + level / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, round(float(centre - half), 12)), min(1.0, round(float(centre + half), 12))


def vote_shares(choices, options, level=0.95):
    """Share of each option among the votes, with Wilson intervals.

    Parameters
    ----------
    choices : sequence of str
        One vote per participant (option keys).
    options : sequence of (str, str)
        ``(key, label)`` of every option, in display order (options nobody chose are listed with 0).
    level : float
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed by option key: ``label, votes, share, low, high``; in the order of ``options``.
    """
    keys = [k for k, _label in options]
    unknown = sorted({str(c) for c in choices if c not in keys})
    if unknown:
        raise DataValidationError(f"Votes for unknown options: {', '.join(unknown[:10])}; known options are "
                                  f"{', '.join(keys)}.", column="choice", rows=unknown)
    n = len(choices)
    if n == 0:
        raise DataValidationError("No votes yet: shares need at least one vote.", column="choice")
    counts = pd.Series(list(choices), dtype=object).value_counts().reindex(keys, fill_value=0)
    bounds = [wilson_interval(int(c), n, level) for c in counts]
    return pd.DataFrame({"label": [label for _k, label in options], "votes": counts.astype(int).to_numpy(),
                         "share": counts.to_numpy() / n, "low": [b[0] for b in bounds],
                         "high": [b[1] for b in bounds]}, index=pd.Index(keys, name="option"))


def rating_distribution(values, scale, level=0.95):
    """Distribution of whole-number ratings on a scale, with the mean, spread and an interval of the mean.

    Parameters
    ----------
    values : sequence of int
        One rating per participant.
    scale : tuple of int
        Lowest and highest point of the scale.
    level : float
        Confidence level of the t-interval of the mean (reported when there are at least two ratings).

    Returns
    -------
    dict
        ``n, mean, sd`` (sample standard deviation; 0 for a single rating), ``low, high`` (interval of the
        mean; both ``None`` for a single rating) and ``counts`` (a list, one count per scale point).
    """
    level = _check_level(level)
    lo, hi = scale
    a = np.asarray(list(values), dtype=float)
    if a.size == 0:
        raise DataValidationError("No ratings yet: a distribution needs at least one rating.", column="rating")
    bad = np.flatnonzero(~np.isfinite(a) | (a < lo) | (a > hi) | (a != np.round(a)))
    if len(bad):
        raise DataValidationError(f"Ratings must be whole numbers from {lo} to {hi}; rows {bad[:10].tolist()} "
                                  "are not.", column="rating", rows=bad.tolist())
    summary = describe_values(a, level, bounds=(lo, hi))
    summary["counts"] = np.bincount(a.astype(int) - lo, minlength=hi - lo + 1).tolist()
    return summary


def describe_values(values, level=0.95, bounds=None):
    """Mean, sample standard deviation and t-interval of the mean of numbers (e.g. continuum positions).

    Parameters
    ----------
    values : sequence of float
        At least one finite number.
    level : float
        Confidence level of the interval (reported when there are at least two values).
    bounds : tuple of float, optional
        Range the values can take; the interval is clipped to it.

    Returns
    -------
    dict
        ``n, mean, sd`` (0 for a single value) and ``low, high`` (``None`` for a single value).
    """
    level = _check_level(level)
    a = np.asarray(list(values), dtype=float)
    if a.size == 0 or not np.isfinite(a).all():
        raise DataValidationError("Describing values needs at least one value, and every value finite.",
                                  column="value")
    n, mean = int(a.size), float(a.mean())
    sd = float(a.std(ddof=1)) if n > 1 else 0.0
    low = high = None
    if n > 1:
        half = float(stdtrit(n - 1, 0.5 + level / 2) * sd / np.sqrt(n))
        low, high = mean - half, mean + half
        if bounds is not None:
            low, high = max(float(bounds[0]), low), min(float(bounds[1]), high)
    return {"n": n, "mean": mean, "sd": sd, "low": low, "high": high}


def nps_summary(scores, level=0.95):
    """Net Promoter Score of 0-10 answers, with Rocks' (2016) adjusted Wald interval.

    Parameters
    ----------
    scores : sequence of int
        Answers from 0 to 10.
    level : float
        Confidence level.

    Returns
    -------
    dict
        ``n, promoters, passives, detractors`` (counts), ``nps`` (from -100 to 100), ``low, high`` (interval
        of the NPS, within -100 and 100).

    Examples
    --------
    >>> round(nps_summary(range(11))["nps"], 2)
    -45.45
    """
    level = _check_level(level)
    a = np.asarray(list(scores), dtype=float)
    if a.size == 0:
        raise DataValidationError("No answers yet: the NPS needs at least one answer.", column="score")
    bad = np.flatnonzero(~np.isfinite(a) | (a < 0) | (a > 10) | (a != np.round(a)))
    if len(bad):
        raise DataValidationError(f"NPS answers must be whole numbers from 0 to 10; rows {bad[:10].tolist()} are "
                                  "not.", column="score", rows=bad.tolist())
    n = int(a.size)
    promoters, detractors = int((a >= 9).sum()), int((a <= 6).sum())
    n_adj = n + 3
    p_p, p_d = (promoters + 0.75) / n_adj, (detractors + 0.75) / n_adj
    centre = p_p - p_d
    half = ndtri(0.5 + level / 2) * np.sqrt((p_p + p_d - centre ** 2) / n_adj)
    return {"n": n, "promoters": promoters, "passives": n - promoters - detractors, "detractors": detractors,
            "nps": 100.0 * (promoters - detractors) / n, "low": float(max(-100.0, 100 * (centre - half))),
            "high": float(min(100.0, 100 * (centre + half)))}


def group_ideas(ideas, distance_threshold=0.9, max_terms=3):
    """Group ideas that share words, and name each group by its most characteristic words.

    Parameters
    ----------
    ideas : sequence of str
        The ideas (one text each).
    distance_threshold : float
        Cosine distance (0-1) under which ideas and groups are merged (average linkage); lower means
        tighter, more numerous groups.
    max_terms : int
        Words in each group's name.

    Returns
    -------
    list of dict
        One dict per group, largest first: ``label`` (its words, or ``"Other ideas"`` for ideas with no
        shared word) and ``ideas`` (the texts, in the order given).
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not 0 < distance_threshold <= 1:
        raise DataValidationError(f"distance_threshold must be in (0, 1], got {distance_threshold!r}.",
                                  column="distance_threshold")
    texts = [" ".join(str(i).split()) for i in ideas if str(i).strip()]
    if not texts:
        return []
    try:
        vectoriser = TfidfVectorizer(stop_words="english", ngram_range=(1, 1), sublinear_tf=True,
                                     token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z-]+\b")
        x = vectoriser.fit_transform(texts)
    except ValueError:                                  # nothing but stop words
        return [{"label": "Other ideas", "ideas": texts}]
    terms = np.asarray(vectoriser.get_feature_names_out())
    dense = x.toarray()
    empty = dense.sum(axis=1) == 0
    labels = np.full(len(texts), -1)
    rows = np.flatnonzero(~empty)
    if len(rows) == 1:
        labels[rows] = 0
    elif len(rows) > 1:
        model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                        distance_threshold=distance_threshold)
        labels[rows] = model.fit_predict(dense[rows])
    groups, other = [], [t for t, e in zip(texts, empty) if e]
    for label in sorted(set(labels[rows].tolist())):
        members = np.flatnonzero(labels == label)
        if len(members) == 1 and len(rows) > 1:
            other.append(texts[members[0]])
            continue
        weight = dense[members].sum(axis=0)
        top = [terms[i] for i in np.argsort(-weight, kind="stable")[:max_terms] if weight[i] > 0]
        groups.append({"label": ", ".join(top), "ideas": [texts[i] for i in members]})
    groups.sort(key=lambda g: -len(g["ideas"]))
    if other:
        groups.append({"label": "Other ideas", "ideas": sorted(other, key=texts.index)})
    return groups
