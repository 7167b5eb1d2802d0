"""Conjoint designs: which product profiles respondents are asked to rate.

A design is built from *attributes* (e.g. brand, colour, price), each with two or more *levels*. The first
level of every attribute is the reference level of the dummy coding (its part-worth is fixed at 0), as in
Sawtooth's CVA ordinary-least-squares estimation (Green & Srinivasan 1990 review the method).

* :func:`full_factorial` lists every combination of levels.
* :func:`d_efficient_design` picks a smaller set of profiles from the full factorial by a Fedorov
  exchange that maximises ``det(X'X)`` of the dummy-coded design (D-optimality); with balanced levels it
  finds an orthogonal fraction whenever one exists.
* :func:`generate_design` chooses between them: the full factorial when it is small enough, a D-efficient
  fraction otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass
import itertools
import math

import numpy as np
import pandas as pd

from .._memo import memoized
from ..errors import DataValidationError

__all__ = ["ConjointDesign", "validate_attributes", "dummy_matrix", "term_names", "full_factorial",
           "d_efficient_design", "generate_design", "d_efficiency", "min_profiles"]

_MAX_CANDIDATES = 5_000


def validate_attributes(attributes):
    """Check and normalise an attribute specification.

    Parameters
    ----------
    attributes : mapping of str to sequence of str
        Attribute name -> its levels, the reference level first.

    Returns
    -------
    dict of str to list of str

    Raises
    ------
    DataValidationError
        If there are fewer than one attribute, an attribute with fewer than two levels, or duplicate or
        empty names.
    """
    if not isinstance(attributes, dict) or not attributes:
        raise DataValidationError("A conjoint study needs at least one attribute with two or more levels, "
                                  "given as {attribute: [level, level, ...]}.")
    clean = {}
    for name, levels in attributes.items():
        name = str(name).strip()
        if not name:
            raise DataValidationError("An attribute has an empty name; give every attribute a name.")
        if isinstance(levels, str) or not hasattr(levels, "__iter__"):
            raise DataValidationError(f"The levels of attribute '{name}' must be a list of names, "
                                      f"not {levels!r}.", column=name)
        levels = [str(level).strip() for level in levels]
        if len(levels) < 2:
            raise DataValidationError(f"Attribute '{name}' has {len(levels)} level(s); it needs at least two "
                                      "(a reference level and one alternative).", column=name)
        if any(not level for level in levels):
            raise DataValidationError(f"Attribute '{name}' has an empty level name; name every level.",
                                      column=name)
        if len(set(levels)) != len(levels):
            dup = sorted({lv for lv in levels if levels.count(lv) > 1})
            raise DataValidationError(f"Attribute '{name}' lists the level(s) {dup} more than once; "
                                      "each level must appear once.", column=name)
        if name in clean:
            raise DataValidationError(f"Attribute '{name}' appears twice; merge its levels.", column=name)
        clean[name] = levels
    return clean


def term_names(attributes):
    """Names of the regression terms: ``"Intercept"`` then ``"attribute[level]"`` for non-reference levels."""
    names = ["Intercept"]
    for attribute, levels in attributes.items():
        names.extend(f"{attribute}[{level}]" for level in levels[1:])
    return names


def min_profiles(attributes):
    """Smallest number of profiles that identifies the part-worths: ``n_levels - n_attributes + 1``."""
    return sum(len(levels) for levels in attributes.values()) - len(attributes) + 1


def dummy_matrix(profiles, attributes):
    """Dummy-code profiles: an intercept column and one 0/1 column per non-reference level.

    Parameters
    ----------
    profiles : pandas.DataFrame or mapping of str to sequence of str
        One row per profile (or rating), one column per attribute holding level names; or the same columns
        as a mapping of attribute to levels.
    attributes : mapping of str to list of str
        The attribute specification (reference level first).

    Returns
    -------
    numpy.ndarray of shape (n_rows, n_levels - n_attributes + 1)

    Raises
    ------
    DataValidationError
        If an attribute column is missing or holds a level that is not in the specification.
    """
    n = len(profiles) if isinstance(profiles, pd.DataFrame) else len(next(iter(profiles.values()), ()))
    columns = [np.ones((n, 1))]
    for attribute, levels in attributes.items():
        if attribute not in profiles:
            raise DataValidationError(f"The profiles have no column '{attribute}'; add it, or remove the "
                                      "attribute from the study.", column=attribute)
        position = {level: i for i, level in enumerate(levels)}
        column = profiles[attribute]
        values = [str(value).strip() for value in (column.tolist() if hasattr(column, "tolist") else column)]
        codes = np.array([position.get(value, -1) for value in values], dtype=np.int64)
        if (codes < 0).any():
            bad = np.flatnonzero(codes < 0)
            raise DataValidationError(
                f"Column '{attribute}' holds levels that are not in the study "
                f"({sorted({values[i] for i in bad})[:5]}) in rows {bad[:10].tolist()}; use one of {levels}.",
                column=attribute, rows=bad[:50].tolist())
        columns.append((codes[:, None] == np.arange(1, len(levels))).astype(float))
    return np.hstack(columns)


@dataclass(frozen=True)
class ConjointDesign:
    """A set of profiles to rate.

    Attributes
    ----------
    attributes : dict of str to list of str
        The attribute specification (reference level first).
    profiles : pandas.DataFrame
        One row per profile, indexed by ``profile_id`` (1, 2, ...), one column per attribute.
    kind : str
        ``"full factorial"`` or ``"D-efficient fraction"``.
    d_efficiency : float
        D-efficiency relative to the full factorial (1.0 = as informative per profile as the full design).
    """

    attributes: dict
    profiles: pd.DataFrame
    kind: str
    d_efficiency: float

    @property
    def n_profiles(self):
        """Number of profiles."""
        return len(self.profiles)

    def describe(self):
        """One sentence describing the design."""
        n_full = math.prod(len(v) for v in self.attributes.values())
        return (f"{self.kind}: {self.n_profiles} of {n_full} possible profiles, "
                f"D-efficiency {100 * self.d_efficiency:.1f} % of the full factorial; "
                f"at least {min_profiles(self.attributes)} are needed to estimate the part-worths.")

    def to_dict(self):
        """A JSON-serialisable form (for the workbook)."""
        return {"attributes": self.attributes, "kind": self.kind, "d_efficiency": float(self.d_efficiency),
                "profiles": [{"profile_id": int(pid), **row} for pid, row in
                             self.profiles.to_dict(orient="index").items()]}

    @classmethod
    def from_dict(cls, data):
        """Rebuild a design saved with :meth:`to_dict`."""
        attributes = validate_attributes(data["attributes"])
        frame = pd.DataFrame(data["profiles"]).set_index("profile_id")[list(attributes)]
        return cls(attributes, frame, data.get("kind", "custom"), float(data.get("d_efficiency", float("nan"))))


def _log_det_information(x):
    sign, logdet = np.linalg.slogdet(x.T @ x / len(x))
    return logdet if sign > 0 else -np.inf


def d_efficiency(profiles, attributes):
    """D-efficiency of ``profiles`` relative to the full factorial, ``(|X'X/N| / |F'F/N_F|)^(1/p)``.

    Returns 0.0 when the design cannot identify every part-worth.
    """
    attributes = validate_attributes(attributes)
    x = dummy_matrix(profiles, attributes)
    full = _candidates(attributes)
    f = dummy_matrix(full, attributes)
    p = x.shape[1]
    value = _log_det_information(x)
    if not np.isfinite(value):
        return 0.0
    return float(math.exp((value - _log_det_information(f)) / p))


def _candidates(attributes):
    combos = itertools.product(*attributes.values())
    return pd.DataFrame(list(combos), columns=list(attributes))


def _finish(attributes, frame, kind):
    frame = frame.reset_index(drop=True)
    frame.index = pd.RangeIndex(1, len(frame) + 1, name="profile_id")
    return ConjointDesign(attributes, frame, kind, d_efficiency(frame, attributes))


def full_factorial(attributes):
    """Every combination of levels, as a :class:`ConjointDesign`."""
    attributes = validate_attributes(attributes)
    return _finish(attributes, _candidates(attributes), "full factorial")


def _fedorov(f, rows, max_sweeps=50):
    """Improve the design ``f[rows]`` by exchanging single rows while ``det(X'X)`` grows.

    Exchanging design row ``x_i`` for candidate ``x_j`` multiplies the determinant by
    ``1 + d(x_j) - d(x_i) - d(x_i) d(x_j) + d(x_i, x_j)^2`` with ``d(u, v) = u' (X'X)^-1 v`` (Fedorov 1972),
    so all candidates are scored at once.
    """
    rows = rows.copy()
    p = f.shape[1]
    ridge = 1e-8 * np.eye(p)  # keeps a singular starting design invertible until the exchanges repair it
    for _ in range(max_sweeps):
        improved = False
        for i in range(len(rows)):
            x = f[rows]
            m_inv = np.linalg.inv(x.T @ x + ridge)
            xi = f[rows[i]]
            d_i = xi @ m_inv @ xi
            cross = f @ m_inv @ xi
            d_j = np.einsum("ij,jk,ik->i", f, m_inv, f)
            gain = d_j - d_i - d_i * d_j + cross ** 2
            gain[rows] = -np.inf
            j = int(np.argmax(gain))
            if gain[j] > 1e-9:
                rows[i] = j
                improved = True
        if not improved:
            break
    return rows


def d_efficient_design(attributes, n_profiles, *, seed=0, n_starts=8):
    """A D-efficient fraction of the full factorial, found by Fedorov exchange.

    Parameters
    ----------
    attributes : mapping of str to sequence of str
        Attribute -> levels (reference first).
    n_profiles : int
        Profiles wanted; at least :func:`min_profiles` and at most the size of the full factorial.
    seed : int
        Seed of the random starting designs (the result is deterministic for a given seed).
    n_starts : int
        Number of random starts; the best design is kept.

    Returns
    -------
    ConjointDesign
    """
    attributes = validate_attributes(attributes)
    n_full = math.prod(len(v) for v in attributes.values())
    lower = min_profiles(attributes)
    if not lower <= n_profiles <= n_full:
        raise DataValidationError(f"A design for these attributes needs between {lower} and {n_full} profiles; "
                                  f"{n_profiles} were asked for.")
    rng = np.random.default_rng(seed)
    if n_full <= _MAX_CANDIDATES:
        candidates = _candidates(attributes)
    else:  # too many combinations to list: a random sample of them is the candidate set
        candidates = pd.DataFrame({a: rng.choice(levels, _MAX_CANDIDATES) for a, levels in attributes.items()})
        candidates = candidates.drop_duplicates().reset_index(drop=True)
    f = dummy_matrix(candidates, attributes)
    best_rows, best_value = None, -np.inf
    for _ in range(n_starts):
        rows = _fedorov(f, rng.choice(len(f), size=n_profiles, replace=False))
        value = _log_det_information(f[rows])
        if value > best_value:
            best_rows, best_value = np.sort(rows), value
    if not np.isfinite(best_value):
        raise DataValidationError("No design of this size identifies every part-worth; ask for more profiles.")
    return _finish(attributes, candidates.iloc[best_rows], "D-efficient fraction")


@memoized(persist=True)
def generate_design(attributes, max_profiles=16, *, seed=0):
    """The full factorial if it has at most ``max_profiles`` profiles, else a D-efficient fraction of that size.

    The fraction has ``max(max_profiles, min_profiles + 2)`` profiles, so every respondent's part-worths are
    estimated with a few degrees of freedom to spare.
    """
    attributes = validate_attributes(attributes)
    n_full = math.prod(len(v) for v in attributes.values())
    if n_full <= max_profiles:
        return full_factorial(attributes)
    n = min(n_full, max(int(max_profiles), min_profiles(attributes) + 2))
    return d_efficient_design(attributes, n, seed=seed)
