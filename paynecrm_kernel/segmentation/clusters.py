"""Behavioural micro-segments: k-means (scikit-learn) on standardised features, with plain-language profiles.

Features are optionally log-transformed (``log1p``, for skewed counts and money) and standardised to mean 0
and standard deviation 1 so that no feature dominates by its unit. The quality of a choice of ``k`` is judged
by the silhouette coefficient (Rousseeuw 1987; -1..1, higher means better separated segments) and by the
share of variance left within segments (``W / T``; ``R^2 = 1 - W / T``).
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from .._threads import pools_for
from ..errors import DataValidationError
from ._checks import as_frame, enough_customers, numeric_column, require_columns

#: Customers sampled (seeded) for the silhouette coefficient.
SILHOUETTE_SAMPLE = 1000
#: k-means++ starts per fit.
N_INIT = 2

__all__ = ["KMeansResult", "cluster_diagnostics", "describe_level", "kmeans_segments", "prepare_features"]


def prepare_features(data, features, log=True):
    """Return the standardised feature matrix and the checked raw features.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer.
    features : list of str
        Numeric columns to cluster on.
    log : bool
        Apply ``log1p`` to every feature whose values are all >= 0 (recommended for counts and money).

    Returns
    -------
    matrix : numpy.ndarray (n, len(features))
    raw : pandas.DataFrame
        The features as floats, indexed like ``data``.
    """
    data = as_frame(data, "k-means segmentation")
    features = list(features)
    if not features:
        raise DataValidationError("k-means segmentation: choose at least one feature to cluster on.")
    require_columns(data, features, "k-means segmentation: the customer data")
    raw = pd.DataFrame({f: numeric_column(data, f, "k-means segmentation") for f in features}, index=data.index)
    values = raw.to_numpy(copy=True)
    if log:
        nonneg = (values >= 0).all(axis=0)
        values[:, nonneg] = np.log1p(values[:, nonneg])
    constant = values.std(axis=0) == 0
    if constant.any():
        bad = [f for f, c in zip(features, constant) if c]
        raise DataValidationError(f"k-means segmentation: feature(s) {bad} take a single value for every "
                                  "customer and cannot separate segments; remove them.", column=bad[0])
    return StandardScaler().fit_transform(values), raw


def describe_level(z):
    """Words for a standardised difference from the average customer."""
    if z >= 1.0:
        return "much higher"
    if z >= 0.3:
        return "higher"
    if z > -0.3:
        return "about average"
    if z > -1.0:
        return "lower"
    return "much lower"


@dataclass(frozen=True)
class KMeansResult:
    """A k-means segmentation.

    Attributes
    ----------
    labels : pandas.Series
        Segment number (1..k, numbered by size, largest first) per customer.
    profile : pandas.DataFrame
        One row per segment: ``customers``, ``share``, the mean of each raw feature, and ``description``.
    silhouette : float
        Silhouette coefficient (on a seeded random sample of at most ``sample_size`` customers).
    r_squared : float
        Share of the (standardised) variance explained by the segments.
    """

    labels: pd.Series
    profile: pd.DataFrame
    silhouette: float
    r_squared: float
    features: tuple
    k: int


def sklearn_threads(matrix):
    """Thread limit for scikit-learn's OpenMP/BLAS pools, by the library's one thread policy
    (:func:`paynecrm_kernel._threads.pools_for`): one thread for a few thousand customers."""
    return pools_for(matrix.shape[0])


def _fit(matrix, k, random_state, n_init):
    with sklearn_threads(matrix):
        return KMeans(n_clusters=k, n_init=n_init, random_state=random_state).fit(matrix)


def _silhouette(matrix, labels, sample_size, random_state):
    size = None if matrix.shape[0] <= sample_size else sample_size
    with sklearn_threads(matrix):
        return float(silhouette_score(matrix, labels, sample_size=size, random_state=random_state))


def kmeans_segments(data, features, k=4, log=True, random_state=0, sample_size=SILHOUETTE_SAMPLE, n_init=N_INIT):
    """Cluster customers with k-means and describe each segment in plain words.

    Parameters
    ----------
    data : pandas.DataFrame
    features : list of str
    k : int
        Number of segments (2 .. number of customers - 1).
    log : bool
        See :func:`prepare_features`.
    random_state : int
        Seed for k-means and the silhouette sample (results are reproducible).
    sample_size : int
        At most this many customers (a seeded random sample) are used for the silhouette coefficient,
        whose cost grows with the square of the number of customers.
    n_init : int
        Number of k-means++ starts; the best (lowest within-segment sum of squares) is kept.

    Returns
    -------
    KMeansResult
    """
    matrix, raw = prepare_features(data, features, log=log)
    n = matrix.shape[0]
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ValueError(f"kmeans_segments: k must be a whole number >= 2, got {k!r}.")
    enough_customers(n, k + 1, "kmeans_segments", "clusters (plus one)")
    model = _fit(matrix, k, random_state, n_init)
    sizes = np.bincount(model.labels_, minlength=k)
    rank = np.empty(k, dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(k)
    labels = rank[model.labels_] + 1
    total = float(((matrix - matrix.mean(axis=0)) ** 2).sum())
    r_squared = 1.0 - float(model.inertia_) / total
    sil = _silhouette(matrix, labels, sample_size, random_state)
    z = pd.DataFrame(matrix, columns=list(features)).groupby(labels).mean()
    means = raw.reset_index(drop=True).groupby(labels).mean()
    profile = means.copy()
    profile.insert(0, "share", pd.Series(labels).value_counts(normalize=True).sort_index())
    profile.insert(0, "customers", pd.Series(labels).value_counts().sort_index())
    profile["description"] = [
        "; ".join(f"{f.replace('_', ' ')} {describe_level(z.loc[s, f])}" for f in features) for s in z.index]
    profile.index = pd.Index(profile.index, name="segment")
    return KMeansResult(labels=pd.Series(labels, index=data.index, name="segment"), profile=profile,
                        silhouette=sil, r_squared=r_squared, features=tuple(features), k=int(k))


def cluster_diagnostics(data, features, ks=range(2, 9), log=True, random_state=0, sample_size=SILHOUETTE_SAMPLE,
                        n_init=N_INIT):
    """Silhouette and within-segment variance for a range of ``k``.

    ``log``, ``random_state``, ``sample_size`` and ``n_init`` are as in :func:`kmeans_segments`.

    Returns
    -------
    pandas.DataFrame
        One row per ``k``: ``silhouette``, ``within_share`` (W / T) and ``r_squared`` (1 - W / T).
    """
    matrix, _raw = prepare_features(data, features, log=log)
    total = float(((matrix - matrix.mean(axis=0)) ** 2).sum())
    rows = []
    for k in ks:
        enough_customers(matrix.shape[0], int(k) + 1, "cluster_diagnostics", "clusters (plus one)")
        model = _fit(matrix, int(k), random_state, n_init)
        within = float(model.inertia_) / total
        rows.append({"k": int(k), "silhouette": _silhouette(matrix, model.labels_, sample_size, random_state),
                     "within_share": within, "r_squared": 1.0 - within})
    return pd.DataFrame(rows).set_index("k")
