"""Shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to project
customer retention", Journal of Interactive Marketing 21(1)).

At the end of each period a customer cancels with probability theta, fixed for that customer; theta
varies across customers as Beta(alpha, beta). Survival ``S(t) = B(alpha, beta+t)/B(alpha, beta)``; the
retention rate ``r_t = (beta+t-1)/(alpha+beta+t-1)`` rises with t as the customers most likely to leave
leave first (the sorting effect that naive constant-rate projections miss).
"""
import dataclasses

import numpy as np
import pandas as pd
from scipy import special

from .._core import sbg as _kernel
from ..errors import DataValidationError
from ._base import FitResult, Model
from ._threads import threads_for


def validate_survivors(survivors, model_name="sBG"):
    """Check a cohort's survivor counts and return them as a float64 array.

    Parameters
    ----------
    survivors : sequence or pandas.Series
        Customers still active at the start of each period, the first entry being the cohort size
        (period 0), as in Fader & Hardie's table (1000, 631, 468, ...).

    Raises
    ------
    DataValidationError
        Naming the offending positions and the fix.
    """
    if isinstance(survivors, pd.DataFrame):
        raise DataValidationError(
            f"{model_name} takes one cohort's survivor counts as a sequence or Series, got a table with columns "
            f"{list(survivors.columns)}. Pass one column, e.g. cohorts['regular'].", column="survivors")
    index = survivors.index if isinstance(survivors, pd.Series) else None
    values = pd.to_numeric(pd.Series(np.asarray(survivors, dtype=object).ravel()), errors="coerce")
    values = values.to_numpy(dtype=float, na_value=np.nan)
    labels = list(index) if index is not None else list(range(len(values)))

    def fail(mask, message):
        rows = [labels[i] for i in np.flatnonzero(mask)[:5]]
        raise DataValidationError(f"{model_name}: {message} (positions {rows}).", column="survivors", rows=rows)

    if len(values) < 2:
        raise DataValidationError(
            f"{model_name} needs the cohort size and at least one later count (e.g. [1000, 631]); got "
            f"{len(values)} value(s).", column="survivors")
    if not np.all(np.isfinite(values)):
        fail(~np.isfinite(values), "survivor counts must be numbers; fill in or drop the missing periods")
    if (values < 0).any():
        fail(values < 0, "survivor counts cannot be negative")
    if values[0] <= 0:
        raise DataValidationError(f"{model_name}: the cohort size (first count) must be positive, got "
                                  f"{values[0]:g}.", column="survivors", rows=[labels[0]])
    rising = np.r_[False, np.diff(values) > 0]
    if rising.any():
        fail(rising, "survivor counts increase from one period to the next; a cohort can only shrink. Give the "
                     "customers still active from the original cohort, not the total customer count")
    return values


def _times(t, name="t", minimum=0):
    arr = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(arr)) or (arr < minimum).any():
        raise ValueError(f"{name} must be a number of periods >= {minimum}, got {t!r}.")
    return arr


def _discount(discount_rate):
    if not (np.isscalar(discount_rate) and np.isfinite(discount_rate) and discount_rate > 0):
        raise ValueError(f"discount_rate must be a positive rate per period (0.10 for 10 %), got {discount_rate!r}.")
    return float(discount_rate)


def _scalar_or_array(values, like):
    return float(values) if np.ndim(like) == 0 else values


class ShiftedBetaGeoResult(FitResult):
    """Fitted sBG: parameters ``alpha, beta``, survival, retention, projections and discounted lifetimes."""

    def survival(self, t):
        """S(t) = B(alpha, beta+t)/B(alpha, beta): share of the cohort still active after ``t`` periods."""
        alpha, beta = self._values
        times = _times(t)
        return _scalar_or_array(np.exp(special.betaln(alpha, beta + times) - special.betaln(alpha, beta)), t)

    def retention(self, t):
        """r_t = S(t)/S(t-1) = (beta+t-1)/(alpha+beta+t-1): share of period t-1's survivors who renew in t."""
        alpha, beta = self._values
        times = _times(t, minimum=1)
        return _scalar_or_array((beta + times - 1.0) / (alpha + beta + times - 1.0), t)

    def churn_probability(self, t):
        """P(T = t) = B(alpha+1, beta+t-1)/B(alpha, beta): probability of cancelling in period ``t``."""
        alpha, beta = self._values
        times = _times(t, minimum=1)
        values = np.exp(special.betaln(alpha + 1.0, beta + times - 1.0) - special.betaln(alpha, beta))
        return _scalar_or_array(values, t)

    def project(self, periods, cohort_size=None):
        """Expected survivors of the cohort at the start of each of ``periods``.

        Parameters
        ----------
        periods : int or sequence of int
            Number of periods (0 .. periods-1 are projected) or the periods themselves.
        cohort_size : float, optional
            Size of the cohort at period 0; defaults to the fitted cohort's.

        Returns
        -------
        pandas.Series
            Expected survivors, indexed by period.
        """
        size = self.extra.get("cohort_size", 1.0) if cohort_size is None else float(cohort_size)
        index = np.arange(int(periods)) if np.ndim(periods) == 0 else np.asarray(periods)
        times = _times(index, "periods")
        return pd.Series(size * np.atleast_1d(self.survival(times)), index=pd.Index(index, name="period"),
                         name="expected survivors")

    def discounted_expected_lifetime(self, discount_rate):
        """DEL = sum_{t>=0} S(t)/(1+d)^t = 2F1(1, beta; alpha+beta; 1/(1+d)).

        The expected discounted number of payments of a new customer, the first (at t = 0) certain and
        undiscounted (Fader & Hardie 2010). Multiply by the margin per period for the expected CLV.
        """
        alpha, beta = self._values
        d = _discount(discount_rate)
        return float(special.hyp2f1(1.0, beta, alpha + beta, 1.0 / (1.0 + d)))

    def expected_lifetime_value(self, value_per_period, discount_rate):
        """E[CLV] of a new customer = value per period x DEL (payments at the start of each period)."""
        return float(value_per_period) * self.discounted_expected_lifetime(discount_rate)

    def discounted_expected_residual_lifetime(self, renewals, discount_rate):
        """DERL of a customer who has made ``renewals`` renewals (= n-1), counting the coming ones.

        DERL = sum_{k>=0} S(n+k)/S(n-1) / (1+d)^k = r_n * 2F1(1, beta+n; alpha+beta+n; 1/(1+d))
        (Fader & Hardie 2010): the next renewal, made with probability r_n, is counted undiscounted.
        """
        alpha, beta = self._values
        d = _discount(discount_rate)
        n = _times(renewals, "renewals") + 1.0
        values = (beta + n - 1.0) / (alpha + beta + n - 1.0) * special.hyp2f1(1.0, beta + n, alpha + beta + n,
                                                                                1.0 / (1.0 + d))
        return _scalar_or_array(values, renewals)


class ShiftedBetaGeoModel(Model):
    """Shifted-beta-geometric model of a cohort's retention (contractual setting, discrete periods).

    ``fit(survivors)`` takes the number of customers still active at the start of each period, the first
    entry being the cohort size (Fader & Hardie 2007's table: 1000, 631, 468, ...), and returns a
    :class:`ShiftedBetaGeoResult` with parameters ``alpha, beta``.

    Examples
    --------
    >>> result = ShiftedBetaGeoModel().fit([1000, 631, 468, 382, 326, 289, 262, 241])   # doctest: +SKIP
    >>> result.project(13)                                                               # doctest: +SKIP
    """

    name = "sBG"
    param_names = ("alpha", "beta")
    result_class = ShiftedBetaGeoResult
    compress_rows = False

    def _prepare(self, data):
        survivors = validate_survivors(data, self.name)
        periods = len(survivors) - 1
        t = np.r_[np.arange(1, periods + 1, dtype=float), float(periods)]
        churned = np.r_[np.ones(periods), 0.0]
        weights = np.r_[-np.diff(survivors), survivors[-1]]
        return (np.ascontiguousarray(t), np.ascontiguousarray(churned)), weights, int(round(survivors[0]))

    def _initial_params(self, columns, weights):
        return np.ones(2)

    def _negloglik_and_grad(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(2)
        t, churned = columns
        value = _kernel.loglik_and_grad(*params, t, churned, np.ascontiguousarray(weights), grad,
                                        threads_for(len(t), self.n_threads))
        return -value, -grad * params

    def fit(self, survivors, time_unit=None):
        """Estimate alpha and beta from a cohort's survivor counts (see the class docstring).

        Returns
        -------
        ShiftedBetaGeoResult
            With the cohort size and the observed counts in ``extra`` (for :meth:`~ShiftedBetaGeoResult.project`).
        """
        result = super().fit(survivors, time_unit=time_unit)
        counts = validate_survivors(survivors, self.name)
        return dataclasses.replace(result, extra={"cohort_size": float(counts[0]),
                                                  "observed": [float(v) for v in counts]})
