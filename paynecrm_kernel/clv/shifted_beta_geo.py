"""Shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to project
customer retention", Journal of Interactive Marketing 21(1)).

At the end of each period a customer cancels with probability theta, fixed for that customer; theta
varies across customers as Beta(alpha, beta). Survival ``S(t) = B(alpha, beta+t)/B(alpha, beta)``; the
retention rate ``r_t = (beta+t-1)/(alpha+beta+t-1)`` rises with t as the customers most likely to leave
leave first (the sorting effect that naive constant-rate projections miss).
"""
import numpy as np
import pandas as pd
from scipy import special

from .._core import sbg as _kernel
from .._threads import threads_for
from ._base import Model, in_log_parameters
from ._checks import check_discount_rate, validate_survivors
from ._inputs import Cohort, Prepared
from ._results import FitResult


def _times(t, name="t", minimum=0):
    arr = np.asarray(t, dtype=float)
    if not np.all(np.isfinite(arr)) or (arr < minimum).any():
        raise ValueError(f"{name} must be a number of periods >= {minimum}, got {t!r}.")
    return arr


def _discount(discount_rate):
    # the sums run over every future period: they converge only with some discounting
    return check_discount_rate(discount_rate, allow_zero=False)


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
        weights = np.ascontiguousarray(np.r_[-np.diff(survivors), survivors[-1]])
        notes = {"cohort_size": float(survivors[0]), "observed": tuple(float(v) for v in survivors)}
        return Prepared(Cohort(np.ascontiguousarray(t), np.ascontiguousarray(churned)), weights,
                        int(round(survivors[0])), notes)

    def _initial_params(self, columns, weights):
        return np.ones(2)

    def _identification_problem(self, columns, weights):
        periods = len(columns.t) - 1
        churned = float(np.sum(weights[:-1]))
        if periods < 2:
            return ("one period shows one retention rate, which cannot tell how retention changes over time; "
                    "give the counts of at least two periods")
        if churned == 0 or weights[-1] == 0:
            return ("nobody left the cohort" if churned == 0 else "the whole cohort left") + \
                " in the periods observed, so the spread of churn rates cannot be estimated"
        return None

    def _negloglik_and_grad(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(2)
        value = _kernel.loglik_and_grad(*params, *columns, weights, grad, threads_for(len(columns.t), self.n_threads))
        return in_log_parameters(params, value, grad)
