"""Pareto/NBD model (Schmittlein, Morrison & Colombo 1987, "Counting your customers", Management Science 33).

While active, a customer buys as a Poisson process with rate lambda; the customer's unobserved lifetime is
exponential with rate mu. Across customers lambda ~ Gamma(r, alpha) and mu ~ Gamma(s, beta), independently.
The likelihood follows Fader & Hardie's derivation note; the compiled kernel keeps its Gaussian
hypergeometric terms finite over the whole parameter space (see ``ext/paretonbd.pyx``).
"""
import numpy as np
import pandas as pd

from .._core import paretonbd as _kernel
from . import _newton
from ._base import FitResult, Model, _covariance_from_log_hessian, group_rows
from ._checks import frequency_recency_age
from ._threads import threads_for


def _as_times(t, n):
    times = np.broadcast_to(np.asarray(t, dtype=float), (n,)).astype(float)
    if not np.all(np.isfinite(times)) or (times < 0).any():
        raise ValueError(f"t must be a finite time >= 0 (in the model's time unit), got {t!r}.")
    return times


def _growth(c, log_ratio):
    """(1 - exp(-c L)) / c, and L itself when c = 0 (stable near c = 0)."""
    c = np.asarray(c, dtype=float)
    safe = np.where(c == 0, 1.0, c)
    return np.where(c == 0, log_ratio, -np.expm1(-safe * log_ratio) / safe)


# the Hessian of the Newton stage serves the standard errors when it was taken this close (log-parameters)
# to the estimates; farther away the base class computes a fresh one at the estimates
HESSIAN_REUSE = 1e-4
# customers in the subsample whose estimates start the search on large data; its edge (log-parameters)
SUBSAMPLE = 3000
_SUBSAMPLE_BOUND = 20.0
# predictions on at least this many customers merge identical histories first
GROUP_PREDICTIONS = 1000


class ParetoNBDResult(FitResult):
    """Fitted Pareto/NBD: parameters ``r, alpha, s, beta`` and the predictions."""

    def _customers(self, data):
        x, t_x, age, _ = frequency_recency_age(data, self.model_name)
        return np.ascontiguousarray(x), np.ascontiguousarray(t_x), np.ascontiguousarray(age)

    def _terms(self, x, t_x, age):
        """Per-customer log-likelihood and P(alive); identical histories are evaluated once."""
        codes, first = group_rows((x, t_x, age)) if len(x) >= GROUP_PREDICTIONS else (None, None)
        if codes is not None and len(first) <= 0.8 * len(x):      # merging pays: the kernel is ~1 µs a row
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

    def _series(self, values, data, name):
        series = pd.Series(values, index=data.index, name=name, copy=False)   # a fresh array
        series.attrs["time_unit"] = self.time_unit
        return series

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
            times = _as_times(t, int(np.prod(shape)) if shape else 1)
            expected = r * beta / alpha * _growth(s - 1.0, np.log1p(times / beta))
            return float(expected[0]) if not shape else expected.reshape(shape)
        x, t_x, age = self._customers(data)
        times = _as_times(t, len(x))
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
    lazy_covariance = False          # the Newton stage of the fit yields the Hessian (see _covariance)

    def _prepare(self, data):
        x, t_x, age, weights = frequency_recency_age(data, self.name, weights_column="weights")
        return (x, t_x, age), weights, int(round(float(weights.sum())))

    def _compress(self, columns, weights):
        """Distinct points (x, u), u a recency or an age, and distinct rows as pairs of point indices.

        Returns ``(point_x, point_u, row_tx, row_t)`` and the row weights: the kernel evaluates the
        integral terms once per point (sorted by x, so the series coefficients are shared) and combines
        them per row. Merging identical rows changes nothing in the likelihood.
        """
        self._fit_memo = {}        # a fit begins: repeated evaluations at one point are served once
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
        return (point_x, point_u, rows // len(points), rows % len(points)), merged

    @staticmethod
    def _rows(columns):
        """``(x, t_x, T)`` per row, from plain or compressed columns."""
        if len(columns) == 3:
            return columns
        point_x, point_u, row_tx, row_t = columns
        return point_x[row_t], point_u[row_tx], point_u[row_t]

    def _initial_params(self, columns, weights):
        # r = s = 1, a purchase rate r / alpha matching the data's (x + 1) / T and a mean lifetime
        # beta / s of the order of the observation window: independent of the time unit
        x, _, age = self._rows(columns)
        total = max(float(np.sum(weights)), 1e-12)
        alpha = float(np.sum(weights * age) / max(np.sum(weights * (x + 1)), 1e-12))
        beta = float(np.sum(weights * age) / total)
        start = np.array([1.0, max(alpha, 1e-6), 1.0, max(beta, 1e-6)])
        if len(columns) == 4 and total > 4 * SUBSAMPLE and len(self.initial_params) < len(self.param_names):
            start = self._subsample_start(columns, weights, total, start)
        return start

    def _subsample_start(self, columns, weights, total, start):
        """Estimates on a random subsample of about SUBSAMPLE customers, as starting values.

        They lie within sampling error of the full-data estimates, so the full search needs only a few
        steps; the subsample fit costs little (a few hundred points). Falls back to ``start`` when the
        subsample fit ends at an edge of the parameter space.
        """
        point_x, point_u, row_tx, row_t = columns
        counts = np.random.default_rng(SUBSAMPLE).poisson(weights * (SUBSAMPLE / total))
        keep = counts > 0
        m = int(keep.sum())
        used, inverse = np.unique(np.concatenate((row_tx[keep], row_t[keep])), return_inverse=True)
        sub = (point_x[used], point_u[used], np.ascontiguousarray(inverse[:m], dtype=np.int64),
               np.ascontiguousarray(inverse[m:], dtype=np.int64))
        sub_weights = counts[keep].astype(float)
        theta = _newton.rough_minimize(lambda t: self._evaluate(t, sub, sub_weights), np.log(start),
                                       [(-_SUBSAMPLE_BOUND, _SUBSAMPLE_BOUND)] * 4)
        if theta is None or np.any(np.abs(theta) >= _SUBSAMPLE_BOUND - 1e-6):
            return start
        # its Hessian, scaled to the full data, steers the first Newton steps of the full search
        h_sub = _newton.hessian(lambda t: self._evaluate(t, sub, sub_weights)[1], theta)
        if self._fit_memo is not None and np.all(np.isfinite(h_sub)):
            self._fit_memo["h0"] = (np.exp(theta), h_sub * (total / sub_weights.sum()))
        return np.exp(theta)

    def _minimize(self, objective, theta0, bounds):
        # L-BFGS-B to the neighbourhood of the optimum, then Newton steps with a difference Hessian that
        # is kept for the standard errors; evaluations repeated at the same point during the fit (the
        # checks around the search) are served from a one-entry memo
        if getattr(self, "_fit_memo", None) is None:
            self._fit_memo = {}
        h0 = self._fit_memo.pop("h0", None)
        if h0 is not None and not np.array_equal(h0[0], np.exp(theta0)):
            h0 = None
        if h0 is not None:
            h0 = h0[1] + 2 * self.penalizer * np.eye(len(theta0))
        outcome = _newton.minimize(objective, theta0, bounds, self.maxiter, h0=h0)
        if outcome.hessian is not None:
            self._fit_memo["hessian"] = (outcome.x.copy(), outcome.hessian, outcome.hessian_x)
        return outcome

    def _covariance(self, params, columns, weights):
        memo = getattr(self, "_fit_memo", None) or {}
        try:
            if "hessian" not in memo:
                return super()._covariance(params, columns, weights)
            theta, h_log, h_at = memo["hessian"]
            if not np.array_equal(np.exp(theta), params) or np.max(np.abs(theta - h_at)) > HESSIAN_REUSE:
                return super()._covariance(params, columns, weights)
            _, grad_log = self._negloglik_and_grad(theta, columns, weights)
        finally:
            self._fit_memo = None
        # the Hessian of the penalised objective in log-parameters, taken where the Newton steps began,
        # without the penalty's curvature
        return _covariance_from_log_hessian(params, grad_log, h_log - 2 * self.penalizer * np.eye(len(params)))

    def _negloglik_and_grad(self, log_params, columns, weights):
        memo = getattr(self, "_fit_memo", None)
        if memo is not None:
            last = memo.get("last")
            if last is not None and last[0] is columns and last[1] is weights and np.array_equal(last[2], log_params):
                return last[3], last[4].copy()
        value, grad = self._evaluate(log_params, columns, weights)
        if memo is not None:
            memo["last"] = (columns, weights, np.array(log_params, dtype=float), value, grad.copy())
        return value, grad

    def _evaluate(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(4)
        if len(columns) == 3:
            value = _kernel.loglik_and_grad(*params, *columns, weights, grad,
                                            threads_for(len(weights), self.n_threads))
        else:
            value = _kernel.loglik_and_grad_grouped(*params, *columns, weights, grad,
                                            threads_for(len(weights), self.n_threads))
        return -value, -grad * params
