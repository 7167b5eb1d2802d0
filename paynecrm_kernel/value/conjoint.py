"""Conjoint value assessment: part-worths by OLS with dummy coding, and attribute importances.

Payne & Frow name conjoint analysis as the tool of *value assessment*: it quantifies how much customers care
about each attribute of the offer. Each respondent rates profiles; the rating is modelled as

.. math:: U = \\beta_0 + \\sum_k \\sum_{l \\ne \\mathrm{ref}(k)} \\beta_{kl} D_{kl} + \\varepsilon

estimated by ordinary least squares (statsmodels) with dummy coding, the first level of each attribute being
the reference with part-worth 0 (Green & Srinivasan 1990; Sawtooth CVA). The importance of attribute ``k`` is
its part-worth range over the sum of all ranges, times 100 %, the reference level's 0 included.

Part-worths are estimated per respondent (when each respondent rated enough profiles) and pooled over all
ratings; the pooled standard errors are clustered by respondent, because one person's ratings share that
person's tastes.
"""
from __future__ import annotations

from dataclasses import dataclass
import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from .._memo import memoized
from ..errors import DataValidationError, DataWarning
from .design import dummy_matrix, min_profiles, term_names, validate_attributes

__all__ = ["ConjointResult", "fit_part_worths", "importances_from_part_worths"]


def _level_table(attributes, coefs, std_errs):
    """Long table of part-worths per (attribute, level), reference levels at 0 with no standard error."""
    rows, k = [], 1
    for attribute, levels in attributes.items():
        rows.append((attribute, levels[0], 0.0, np.nan, True))
        for level in levels[1:]:
            rows.append((attribute, level, float(coefs[k]), float(std_errs[k]), False))
            k += 1
    return pd.DataFrame(rows, columns=["attribute", "level", "part_worth", "std_err", "reference"])


def importances_from_part_worths(part_worths, attributes):
    """Attribute importances (in %, summing to 100) from part-worths of the non-reference levels.

    Parameters
    ----------
    part_worths : array-like of shape (n_terms - 1,) or (n_respondents, n_terms - 1)
        Part-worths in the order of :func:`~paynecrm_kernel.value.design.term_names` without the intercept.
    attributes : mapping of str to list of str

    Returns
    -------
    numpy.ndarray of shape (n_attributes,) or (n_respondents, n_attributes)
        ``NaN`` for a respondent whose part-worths are all 0 (no attribute mattered).
    """
    values = np.atleast_2d(np.asarray(part_worths, dtype=float))
    ranges, k = [], 0
    for levels in attributes.values():
        block = values[:, k:k + len(levels) - 1]
        k += len(levels) - 1
        with_ref = np.column_stack([np.zeros(len(values)), block])
        ranges.append(with_ref.max(axis=1) - with_ref.min(axis=1))
    ranges = np.column_stack(ranges)
    total = ranges.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(total > 0, 100.0 * ranges / total, np.nan)
    return out[0] if np.ndim(part_worths) == 1 else out


@dataclass(frozen=True, repr=False)
class ConjointResult:
    """Estimated part-worths of a conjoint study (immutable).

    Attributes
    ----------
    attributes : dict of str to list of str
        The study's attributes (reference level first).
    params : pandas.Series
        Pooled OLS coefficients by term (``"Intercept"``, ``"attribute[level]"``).
    bse : pandas.Series
        Their standard errors (clustered by respondent when there are several respondents).
    cov_type : str
        ``"cluster"`` or ``"nonrobust"``.
    rsquared : float
        R² of the pooled regression.
    individual : pandas.DataFrame or None
        Per-respondent coefficients (rows: respondents, columns: terms), or ``None`` when no respondent rated
        enough profiles.
    individual_rsquared : pandas.Series or None
        R² of each respondent's regression.
    n_ratings : int
    n_respondents : int
    rating_scale : tuple of float
        Smallest and largest rating seen.
    """

    attributes: dict
    params: pd.Series
    bse: pd.Series
    cov_type: str
    rsquared: float
    individual: pd.DataFrame | None
    individual_rsquared: pd.Series | None
    n_ratings: int
    n_respondents: int
    rating_scale: tuple

    # -- tables ------------------------------------------------------------------------------------------
    def part_worths(self):
        """Pooled part-worths per attribute level, with standard errors and 95 % confidence limits."""
        table = _level_table(self.attributes, self.params.to_numpy(), self.bse.to_numpy())
        ci = self.conf_int(0.95)
        lower = dict(zip(ci.index, ci["lower"]))
        upper = dict(zip(ci.index, ci["upper"]))
        keys = [f"{a}[{lv}]" for a, lv in zip(table["attribute"], table["level"])]
        table["ci_lower"] = [0.0 if ref else lower[k] for k, ref in zip(keys, table["reference"])]
        table["ci_upper"] = [0.0 if ref else upper[k] for k, ref in zip(keys, table["reference"])]
        return table

    def conf_int(self, level=0.95):
        """Confidence intervals of the pooled coefficients (normal approximation), as a DataFrame."""
        z = stats.norm.ppf(0.5 + level / 2)
        return pd.DataFrame({"lower": self.params - z * self.bse, "upper": self.params + z * self.bse})

    def importances(self, kind="pooled"):
        """Attribute importances in % (summing to 100).

        Parameters
        ----------
        kind : {"pooled", "individual"}
            ``"pooled"``: from the pooled part-worths. ``"individual"``: the mean of each respondent's
            importances (larger for attributes on which respondents disagree, because opposite preferences
            cancel in the pooled part-worths).
        """
        names = list(self.attributes)
        if kind == "pooled":
            return pd.Series(importances_from_part_worths(self.params.to_numpy()[1:], self.attributes),
                             index=pd.Index(names, name="attribute"), name="importance")
        if kind == "individual":
            if self.individual is None:
                raise DataValidationError("Individual importances need per-respondent part-worths; each "
                                          f"respondent must rate at least {min_profiles(self.attributes)} "
                                          "profiles.")
            table = self.individual_importances()
            return table.mean(axis=0).rename("importance")
        raise ValueError("kind must be 'pooled' or 'individual'")

    def individual_importances(self):
        """Each respondent's attribute importances in % (rows: respondents)."""
        if self.individual is None:
            return None
        values = importances_from_part_worths(self.individual.to_numpy()[:, 1:], self.attributes)
        return pd.DataFrame(values, index=self.individual.index, columns=list(self.attributes))

    def utility(self, profile, respondent=None):
        """Predicted rating of a profile ``{attribute: level}``, pooled or for one respondent."""
        coefs = self.params if respondent is None else self.individual.loc[respondent]
        frame = pd.DataFrame([{a: profile[a] for a in self.attributes}])
        return float(dummy_matrix(frame, self.attributes)[0] @ coefs.to_numpy())

    def summary(self):
        """Part-worth table as a DataFrame rounded for display."""
        return self.part_worths().round(3)

    def _repr_html_(self):
        imp = self.importances()
        return (f"<div><b>Conjoint part-worths</b> (OLS, dummy coding; {self.n_respondents} respondents, "
                f"{self.n_ratings} ratings, R² {self.rsquared:.3f}, SE {self.cov_type})"
                f"{self.summary().to_html(index=False)}<b>Importance (%)</b>{imp.round(1).to_frame().to_html()}</div>")

    def __repr__(self):
        return (f"ConjointResult({len(self.attributes)} attributes, {self.n_respondents} respondents, "
                f"{self.n_ratings} ratings, R²={self.rsquared:.3f})")


def _validate_ratings(ratings, attributes, respondent, rating):
    if not isinstance(ratings, pd.DataFrame):
        raise DataValidationError("Ratings must be a pandas DataFrame with one row per rating.")
    for column in (respondent, rating):
        if column not in ratings.columns:
            raise DataValidationError(f"The ratings have no column '{column}'; add it or name the column with "
                                      f"respondent=/rating=.", column=column)
    values = pd.to_numeric(ratings[rating], errors="coerce")
    bad = np.flatnonzero(values.isna().to_numpy() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan)))
    if len(bad):
        raise DataValidationError(f"Column '{rating}' must hold numbers; rows {bad[:10].tolist()} are missing "
                                  "or not numeric. Remove those rows or enter their ratings.", column=rating,
                                  rows=bad[:50].tolist())
    return values.to_numpy(dtype=float)


@memoized()
def fit_part_worths(ratings, attributes, *, respondent="respondent_id", rating="rating", individual=True):
    """Estimate part-worths from profile ratings by OLS with dummy coding.

    Parameters
    ----------
    ratings : pandas.DataFrame
        One row per rating: a respondent column, one column per attribute (level names) and a rating column.
    attributes : mapping of str to list of str
        The attributes and levels (reference level first).
    respondent, rating : str
        Names of the respondent and rating columns.
    individual : bool
        Also estimate part-worths per respondent (respondents with too few ratings are skipped with a
        :class:`~paynecrm_kernel.errors.DataWarning`).

    Returns
    -------
    ConjointResult

    Raises
    ------
    DataValidationError
        If columns are missing, ratings are not numeric, levels are unknown, or the ratings cannot identify
        the part-worths (too few distinct profiles).
    """
    attributes = validate_attributes(attributes)
    y = _validate_ratings(ratings, attributes, respondent, rating)
    x = dummy_matrix(ratings, attributes)
    names = term_names(attributes)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise DataValidationError(
            f"The rated profiles cannot separate every level's part-worth: {x.shape[1]} terms need at least "
            f"{min_profiles(attributes)} distinct profiles in which every level appears. Rate more profiles "
            "(use generate_design for a suitable set).")
    groups = pd.factorize(ratings[respondent])[0]
    n_resp = int(groups.max()) + 1 if len(groups) else 0
    model = sm.OLS(y, x)
    if n_resp >= 5:
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": groups})
        cov_type = "cluster"
    else:
        fit = model.fit()
        cov_type = "nonrobust"
    params = pd.Series(fit.params, index=names, name="part_worth")
    bse = pd.Series(fit.bse, index=names, name="std_err")

    ind, ind_r2 = None, None
    if individual:
        ind, ind_r2 = _fit_individuals(ratings[respondent], x, y, names, attributes)
    return ConjointResult(attributes, params, bse, cov_type, float(fit.rsquared), ind, ind_r2, len(y), n_resp,
                          (float(y.min()), float(y.max())))


def _fit_individuals(ids, x, y, names, attributes):
    rows, r2, skipped = {}, {}, []
    for rid, idx in pd.Series(np.arange(len(ids)), index=ids.to_numpy()).groupby(level=0, sort=True):
        idx = idx.to_numpy()
        xi, yi = x[idx], y[idx]
        if len(idx) <= xi.shape[1] - 1 or np.linalg.matrix_rank(xi) < xi.shape[1]:
            skipped.append(rid)
            continue
        fit = sm.OLS(yi, xi).fit()
        rows[rid] = fit.params
        r2[rid] = fit.rsquared if np.ptp(yi) > 0 else np.nan
    if skipped:
        warnings.warn(f"{len(skipped)} respondent(s) rated too few distinct profiles for their own part-worths "
                      f"(at least {min_profiles(attributes)} needed) and are only in the pooled estimate: "
                      f"{skipped[:10]}", DataWarning, stacklevel=3)
    if not rows:
        return None, None
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=names)
    frame.index.name = "respondent_id"
    return frame, pd.Series(r2, name="rsquared").reindex(frame.index)
