"""Benefit segments and the share-of-preference simulator, built on conjoint part-worths.

* :func:`benefit_segments` clusters respondents on their part-worths (k-means, scikit-learn): groups of
  customers who value the same benefits. Payne & Frow note that conjoint analysis can reveal such groups,
  including sizeable segments whose needs no current offer meets.
* :func:`share_of_preference` predicts how respondents would split between our offer and competitors'
  offers: the logit rule ``P_j = exp(s U_j) / sum_k exp(s U_k)`` averaged over respondents, or the first-choice
  rule (each respondent picks the offer with the highest utility).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from .._memo import memoized
from ..errors import DataValidationError
from ..segmentation.clusters import sklearn_threads
from ..workbook.keys import value as keys
from .conjoint import importances_from_part_worths
from .design import dummy_matrix

__all__ = ["BenefitSegments", "SIMULATOR_RULE", "SIMULATOR_SCALE", "benefit_segments", "offer_from",
           "saved_simulation", "share_of_preference", "validate_offers"]

#: The choice rule and logit scale the preference simulator starts with.
SIMULATOR_RULE, SIMULATOR_SCALE = "logit", 0.2


@dataclass(frozen=True, repr=False)
class BenefitSegments:
    """Respondents grouped by what they value.

    Attributes
    ----------
    labels : pandas.Series
        Segment number (1, 2, ...) per respondent, segments numbered by size (1 = largest).
    centres : pandas.DataFrame
        Mean part-worths (all terms, intercept included) per segment.
    importances : pandas.DataFrame
        Mean attribute importances (%) per segment.
    sizes : pandas.Series
        Respondents per segment.
    silhouette : float
        Mean silhouette width of the clustering (higher = better separated, at most 1).
    silhouettes : dict of int to float
        Silhouette for each number of segments that was tried.
    """

    labels: pd.Series
    centres: pd.DataFrame
    importances: pd.DataFrame
    sizes: pd.Series
    silhouette: float
    silhouettes: dict

    @property
    def n_segments(self):
        """Number of segments."""
        return len(self.sizes)

    @property
    def names(self):
        """A name per segment from what matters most to it ("price-led buyers"), with the runner-up when two
        segments share their first attribute."""
        first = self.importances.idxmax(axis=1)
        names = {}
        for seg, row in self.importances.iterrows():
            name = f"{first[seg].capitalize()}-led buyers"
            if (first == first[seg]).sum() > 1:
                name = f"{first[seg].capitalize()}-led buyers who also weigh {row.drop(first[seg]).idxmax()}"
            names[seg] = name
        return pd.Series(names, name="benefit_segment")

    def describe(self):
        """One line per segment: its name, size and the attribute that matters most to it."""
        lines = []
        for seg, row in self.importances.iterrows():
            top = row.idxmax()
            lines.append(f"{self.names[seg]}: {self.sizes[seg]} respondents; {top} matters most "
                         f"({row[top]:.1f} %).")
        return lines

    def crosstab(self, respondent_segments):
        """Respondents of each benefit segment (rows) by another segmentation (columns), as shares of the row.

        Parameters
        ----------
        respondent_segments : pandas.Series
            A segment per respondent id (e.g. the segment of record of the customer who answered).
        """
        if not isinstance(respondent_segments, pd.Series):
            raise DataValidationError("Give the respondents' segments as a Series indexed by respondent id.")
        other = respondent_segments.reindex(self.labels.index)
        missing = other.index[other.isna()]
        if len(missing):
            raise DataValidationError(f"{len(missing)} respondent(s) have no segment, e.g. {list(missing[:5])}.",
                                      column="segment", rows=list(missing[:50]))
        return pd.crosstab(self.labels.map(self.names), other, normalize="index")

    def __repr__(self):
        return f"BenefitSegments({self.n_segments} segments, silhouette={self.silhouette:.3f})"


@memoized(persist=True)
def benefit_segments(result, n_segments=None, *, max_segments=6, seed=0):
    """Cluster respondents on their part-worths into benefit segments.

    Parameters
    ----------
    result : ConjointResult
        A fit with per-respondent part-worths.
    n_segments : int, optional
        Number of segments; by default the number in ``2..max_segments`` with the best silhouette.
    max_segments : int
        Largest number tried when ``n_segments`` is None.
    seed : int
        Seed of k-means (deterministic result).

    Returns
    -------
    BenefitSegments
    """
    if result.individual is None or len(result.individual) < 4:
        raise DataValidationError("Benefit segments need part-worths of at least 4 respondents, each of whom "
                                  "rated enough profiles for their own estimate.")
    coefs = result.individual.to_numpy()[:, 1:]   # the intercept is the rating level, not a benefit
    n = len(np.unique(np.round(coefs, 9), axis=0))     # distinct part-worth patterns
    options = [int(n_segments)] if n_segments else list(range(2, min(max_segments, n - 1) + 1))
    if not options or any(k < 1 or k >= n for k in options):
        raise DataValidationError(f"Benefit segments need fewer segments than distinct respondents' part-worths "
                                  f"({n}); choose between 1 and {n - 1} segments, or collect more ratings.")
    fits, scores = {}, {}
    with sklearn_threads(coefs):
        for k in options:
            km = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(coefs)
            fits[k] = km
            scores[k] = float(silhouette_score(coefs, km.labels_)) if k > 1 else float("nan")
    best = options[0] if len(options) == 1 else max(scores, key=scores.get)
    raw = fits[best].labels_
    order = pd.Series(raw).value_counts().index.tolist()     # largest segment first
    relabel = {old: new + 1 for new, old in enumerate(order)}
    labels = pd.Series([relabel[v] for v in raw], index=result.individual.index, name="segment")
    centres = result.individual.groupby(labels.to_numpy()).mean()
    centres.index.name = "segment"
    imp = pd.DataFrame(importances_from_part_worths(coefs, result.attributes), index=labels.index,
                       columns=list(result.attributes)).groupby(labels.to_numpy()).mean()
    imp.index.name = "segment"
    sizes = labels.value_counts().sort_index().rename("respondents")
    return BenefitSegments(labels, centres, imp, sizes, scores[best], scores)


def validate_offers(offers, attributes):
    """Check a mapping ``{offer name: {attribute: level}}`` against the study's attributes.

    Returns
    -------
    pandas.DataFrame
        One row per offer (indexed by its name), one column per attribute.
    """
    return pd.DataFrame(_offer_levels(offers, attributes), index=pd.Index(list(offers), name="offer"))


def _offer_levels(offers, attributes):
    """The offers' levels as ``{attribute: [level of each offer]}``, after the checks of :func:`validate_offers`."""
    if not isinstance(offers, dict) or len(offers) < 1:
        raise DataValidationError("Give at least one offer as {name: {attribute: level, ...}}.")
    for name, profile in offers.items():
        missing = [a for a in attributes if a not in profile]
        if missing:
            raise DataValidationError(f"Offer '{name}' does not set {missing}; choose a level for every attribute.",
                                      column=missing[0])
        for attribute, level in profile.items():
            if attribute in attributes and level not in attributes[attribute]:
                raise DataValidationError(f"Offer '{name}' has {attribute} = '{level}', which is not a level of "
                                          f"the study; use one of {attributes[attribute]}.", column=attribute)
    return {a: [profile[a] for profile in offers.values()] for a in attributes}


def share_of_preference(result, offers, *, rule="logit", scale=1.0, respondents=None):
    """Predicted share of preference of each offer.

    Parameters
    ----------
    result : ConjointResult
    offers : mapping of str to mapping of str to str
        Offer name -> its level on every attribute (ours and competitors').
    rule : {"logit", "first_choice"}
        Logit: ``exp(scale * U_j) / sum_k exp(scale * U_k)`` per respondent, averaged. First choice: each
        respondent picks the offer with the highest utility (ties share equally).
    scale : float
        Logit scale; larger values approach the first-choice rule.
    respondents : sequence, optional
        Restrict to these respondents (e.g. one benefit segment).

    Returns
    -------
    pandas.Series
        Share per offer, summing to 1. Uses each respondent's part-worths when available, otherwise the
        pooled part-worths.
    """
    if rule not in ("logit", "first_choice"):
        raise DataValidationError("rule must be 'logit' or 'first_choice'.")
    if not np.isfinite(scale) or scale <= 0:
        raise DataValidationError(f"The logit scale must be a positive number, not {scale!r}.")
    x = dummy_matrix(_offer_levels(offers, result.attributes), result.attributes)
    if result.individual is not None:
        coefs = result.individual
        if respondents is not None:
            coefs = coefs.loc[coefs.index.isin(list(respondents))]
            if coefs.empty:
                raise DataValidationError("None of the chosen respondents has individual part-worths.")
        utilities = coefs.to_numpy() @ x.T               # respondents x offers
    else:
        utilities = (x @ result.params.to_numpy())[None, :]
    if rule == "logit":
        z = scale * utilities
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
    else:
        best = np.isclose(utilities, utilities.max(axis=1, keepdims=True))
        p = best / best.sum(axis=1, keepdims=True)
    return pd.Series(p.mean(axis=0), index=pd.Index(list(offers), name="offer"), name="share")


def offer_from(saved, attributes):
    """Our offer on ``attributes``: each one's ``saved`` level where it is still a level, else its last level.

    Parameters
    ----------
    saved : mapping of str to str or None
        An offer saved earlier, perhaps for other attributes or levels.
    attributes : dict of str to list of str
    """
    saved = saved or {}
    return {attribute: saved[attribute] if saved.get(attribute) in levels else levels[-1]
            for attribute, levels in attributes.items()}


def saved_simulation(workbook, attributes):
    """The offer, choice rule and logit scale last chosen in the preference simulator (its defaults if none).

    Returns
    -------
    offer : dict of str to str
        See :func:`offer_from`.
    rule : str
    scale : float
        Arguments for :func:`share_of_preference`.
    """
    return (offer_from(workbook.get(keys.SIMULATOR_OFFER), attributes),
            workbook.get(keys.SIMULATOR_RULE, SIMULATOR_RULE), workbook.get(keys.SIMULATOR_SCALE, SIMULATOR_SCALE))
