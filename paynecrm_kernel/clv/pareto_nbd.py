"""Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting your customers", Management Science 33).

While active, a customer buys as a Poisson process with rate lambda; the customer's unobserved lifetime is
exponential with rate mu. Across customers lambda ~ Gamma(r, alpha) and mu ~ Gamma(s, beta), independently.
The likelihood follows Fader & Hardie's derivation note; the compiled kernel keeps its Gaussian
hypergeometric terms finite over the whole parameter space (see ``ext/paretonbd.pyx``).
"""
import numpy as np
import pandas as pd

from .._core import paretonbd as _kernel
from .._threads import threads_for
from . import _search
from ._base import Model, group_rows, in_log_parameters
from ._checks import check_times, check_windows, frequency_recency_age, purchase_notes, repeat_purchase_problem
from ._inputs import Histories, PointHistories, Prepared
from ._results import PurchaseResult


def _growth(c, log_ratio):
    """(1 - exp(-c L)) / c, and L itself when c = 0 (stable near c = 0)."""
    c = np.asarray(c, dtype=float)
    safe = np.where(c == 0, 1.0, c)
    return np.where(c == 0, log_ratio, -np.expm1(-safe * log_ratio) / safe)


# customers in the subsample whose estimates start the search on large data; its edge (log-parameters)
_SUBSAMPLE = 3000
_SUBSAMPLE_BOUND = 20.0
# predictions on at least this many customers merge identical histories first
_GROUP_PREDICTIONS = 1000


class ParetoNBDResult(PurchaseResult):
    """Fitted Pareto/NBD: parameters ``r, alpha, s, beta`` and the predictions."""

    def _terms(self, x, t_x, age):
        """Per-customer log-likelihood and P(alive); identical histories are evaluated once."""
        codes, first = group_rows((x, t_x, age)) if len(x) >= _GROUP_PREDICTIONS else (None, None)
        # merging pays where it saves a fifth of the rows: a row of the kernel (hypergeometric series) costs
        # far more than hashing it
        if codes is not None and len(first) <= 0.8 * len(x):
            order = first[np.argsort(x[first], kind="stable")]   # by frequency: the kernel's series cache
            loglik, alive = np.empty(len(x)), np.empty(len(x))
            loglik[order], alive[order] = self._kernel_terms(x[order], t_x[order], age[order])
            return loglik[first][codes], alive[first][codes]
        return self._kernel_terms(x, t_x, age)

    def _kernel_terms(self, x, t_x, age):
        loglik, alive = np.empty_like(x), np.empty_like(x)
        _kernel.customer_terms(*self._values, x, t_x, age, loglik, alive,
                               threads_for(len(x), self.n_threads))
        return loglik, alive

    def probability_alive(self, data=None):
        """Probability that each customer is still active at the end of the observation period (T).

        P(alive | x, t_x, T) is the share, in the customer's likelihood, of the history in which the
        customer is still active at T (Schmittlein, Morrison & Colombo 1987; Fader & Hardie's note).
        Without data: a customer just after the first purchase, who is alive for sure (1.0).

        Returns
        -------
        pandas.Series or float
        """
        if data is None:
            return 1.0
        x, t_x, age = self._customers(data)
        _, alive = self._terms(x, t_x, age)
        return self._series(alive, data, "probability_alive")

    def expected_purchases(self, t, data=None):
        """Expected number of repeat purchases in the next ``t`` periods.

        Parameters
        ----------
        t : float or array-like
            Length of the forecast window in the model's time unit (one value, or one per customer).
        data : pandas.DataFrame, optional
            Customers with ``frequency, recency, T``: the expectation is conditional on each history,
            ``(r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive)``.
            Without data: a new customer from the moment of the first purchase,
            ``r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)]``. At ``s = 1`` both take their limits
            (the bracket divided by ``s-1`` becomes a logarithm).

        Returns
        -------
        pandas.Series or float or ndarray
        """
        r, alpha, s, beta = self._values
        if data is None:
            shape = np.shape(t)
            times = check_times(t)
            expected = r * beta / alpha * _growth(s - 1.0, np.log1p(times / beta))
            return float(expected[0]) if not shape else expected.reshape(shape)
        x, t_x, age = self._customers(data)
        times = check_windows(t, len(x))
        _, alive = self._terms(x, t_x, age)
        expected = ((r + x) * (beta + age) / (alpha + age)
                    * _growth(s - 1.0, np.log1p(times / (beta + age))) * alive)
        return self._series(expected, data, "expected_purchases")


class ParetoNBDModel(Model):
    """Pareto/NBD model of repeat purchasing in a non-contractual setting.

    ``fit(data)`` takes one row per customer with ``frequency`` (repeat purchases), ``recency`` (time of the
    last repeat purchase after the first purchase, 0 if none) and ``T`` (time from the first purchase to the
    end of the period), plus an optional ``weights`` column of counts, and returns a
    :class:`ParetoNBDResult` with parameters ``r, alpha, s, beta``. Configuration (penalizer, n_threads,
    initial_params, maxiter) as in :class:`~._base.Model`.

    Examples
    --------
    >>> result = ParetoNBDModel().fit(summary)          # doctest: +SKIP
    >>> result.probability_alive(summary)               # doctest: +SKIP
    """

    name = "Pareto/NBD"
    param_names = ("r", "alpha", "s", "beta")
    result_class = ParetoNBDResult
    search_hessian = "difference"

    def _prepare(self, data):
        x, t_x, age, weights = frequency_recency_age(data, self.name, weights_column="weights")
        return Prepared(Histories(x, t_x, age), weights, int(round(float(weights.sum()))),
                        purchase_notes(x, age, weights))

    def _compress(self, columns, weights):
        """Distinct points (x, u), u a recency or an age, and distinct rows as pairs of point indices.

        Returns :class:`~._inputs.PointHistories` and the row weights: the kernel evaluates the integral
        terms once per point (sorted by x, so the series coefficients are shared) and combines them per
        row. Merging identical rows changes nothing in the likelihood.
        """
        x, t_x, age = columns
        n = len(x)
        time_code, times = pd.factorize(np.concatenate((t_x, age)), sort=True)
        x_code, counts = pd.factorize(x, sort=True)
        pair = x_code.astype(np.int64) * len(times)
        point_code, points = pd.factorize(np.concatenate((pair + time_code[:n], pair + time_code[n:])), sort=True)
        # rows sorted by their (x, t_x) point: the kernel reads the point table in order (most rows have
        # a recency of their own), the few (x, T) points of each x stay in cache
        row_code, rows = pd.factorize(point_code[:n].astype(np.int64) * len(points) + point_code[n:], sort=True)
        merged = np.bincount(row_code, weights=weights, minlength=len(rows))
        point_x = np.ascontiguousarray(counts[points // len(times)], dtype=float)
        point_u = np.ascontiguousarray(times[points % len(times)], dtype=float)
        return PointHistories(point_x, point_u, rows // len(points), rows % len(points)), merged

    def _initial_params(self, columns, weights):
        # r = s = 1, a purchase rate r / alpha matching the data's (x + 1) / T and a mean lifetime
        # beta / s of the order of the observation window: independent of the time unit
        x, _, age = columns.rows()
        total = max(float(np.sum(weights)), 1e-12)
        alpha = float(np.sum(weights * age) / max(np.sum(weights * (x + 1)), 1e-12))
        beta = float(np.sum(weights * age) / total)
        return np.array([1.0, max(alpha, 1e-6), 1.0, max(beta, 1e-6)])

    def _identification_problem(self, columns, weights):
        return repeat_purchase_problem(columns.rows(), weights) or super()._identification_problem(columns, weights)

    def _search_start(self, columns, weights):
        """On large data, estimates on a random subsample of about ``_SUBSAMPLE`` customers, as the start.

        They lie within sampling error of the full-data estimates, so the full search needs only a few
        steps; the subsample fit costs little (a few hundred points), and its Hessian, scaled to the full
        data, steers the first steps. The plain start where the subsample fit ends at an edge of the
        parameter space.
        """
        start = self._initial_params(columns, weights)
        total = float(np.sum(weights))
        if not isinstance(columns, PointHistories) or total <= 4 * _SUBSAMPLE or self.initial_params:
            return start, None
        point_x, point_u, row_tx, row_t = columns
        counts = np.random.default_rng(_SUBSAMPLE).poisson(weights * (_SUBSAMPLE / total))
        keep = counts > 0
        m = int(keep.sum())
        used, inverse = np.unique(np.concatenate((row_tx[keep], row_t[keep])), return_inverse=True)
        sub = PointHistories(point_x[used], point_u[used], np.ascontiguousarray(inverse[:m], dtype=np.int64),
                             np.ascontiguousarray(inverse[m:], dtype=np.int64))
        sub_weights = counts[keep].astype(float)
        theta = _search.rough_minimize(lambda t: self._negloglik_and_grad(t, sub, sub_weights), np.log(start),
                                       [(-_SUBSAMPLE_BOUND, _SUBSAMPLE_BOUND)] * 4)
        if theta is None or np.any(np.abs(theta) >= _SUBSAMPLE_BOUND - 1e-6):
            return start, None
        h_sub = _search.hessian(lambda t: self._negloglik_and_grad(t, sub, sub_weights)[1], theta)
        return np.exp(theta), (h_sub * (total / sub_weights.sum()) if np.all(np.isfinite(h_sub)) else None)

    def _negloglik_and_grad(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(4)
        threads = threads_for(len(weights), self.n_threads)
        if isinstance(columns, PointHistories):
            value = _kernel.loglik_and_grad_grouped(*params, *columns, weights, grad, threads)
        else:
            value = _kernel.loglik_and_grad(*params, *columns, weights, grad, threads)
        return in_log_parameters(params, value, grad)
