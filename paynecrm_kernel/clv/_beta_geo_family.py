"""What the BG/NBD and the MBG/NBD share: the model, the result and its predictions.

The two differ by one switch of the compiled kernel (``modified``); :mod:`.beta_geo` and
:mod:`.modified_beta_geo` give them their public names.
"""
import numpy as np
import pandas as pd
from scipy import special

from .._core import betageo as _kernel
from .._core.rowindex import factorize as _factorize, index_histories as _index_histories
from .._threads import threads_for
from ..errors import ModelFitError
from ._base import Model, group_rows, in_log_parameters
from ._checks import (check_times, check_windows, float_columns, frequency_recency_age, purchase_notes,
                      repeat_purchase_problem)
from ._inputs import Histories, IndexedHistories, Prepared
from ._results import PurchaseResult

# work of one hypergeometric evaluation in rows of a likelihood pass (the unit of the thread policy): a
# series of several terms against a few logarithms
_HYP2F1_ROWS = 8


class BetaGeoFamilyResult(PurchaseResult):
    """Predictions shared by BG/NBD and MBG/NBD results (``modified`` switches the model)."""

    modified = 0

    def _kernel_predict(self, x, t_x, age, t):
        expected, alive = np.empty_like(x), np.empty_like(x)
        r, alpha, a, b = self._values
        _kernel.predict(r, alpha, a, b, x, t_x, age, t, expected, alive, self.modified,
                        threads_for(len(x), self.n_threads))
        return expected, alive

    def _kernel_alive(self, x, t_x, age):
        alive = np.empty_like(x)
        r, alpha, a, b = self._values
        _kernel.probability_alive(r, alpha, a, b, x, t_x, age, alive, self.modified,
                                  threads_for(len(x), self.n_threads))
        return alive

    def expected_purchases(self, t, data=None):
        """Expected number of repeat purchases in the next ``t`` periods.

        Parameters
        ----------
        t : float or array-like
            Length of the forecast window in the model's time unit (one value, or one per customer).
        data : pandas.DataFrame, optional
            Customers with ``frequency, recency, T``: the expectation is conditional on each history
            (FHL 2005, eq. 10). Without data: a new customer, ``E[X(t)]`` from the moment of the first
            purchase (eq. 9), as a float or an array shaped like ``t``.

        Returns
        -------
        pandas.Series or float or ndarray
        """
        if data is None:
            shape = np.shape(t)
            times = check_times(t)
            zeros = np.zeros_like(times)
            expected, _ = self._kernel_predict(zeros, zeros.copy(), zeros.copy(), times)
            return float(expected[0]) if not shape else expected.reshape(shape)
        x, t_x, age = self._customers(data)
        expected, _ = self._kernel_predict(x, t_x, age, check_windows(t, len(x)))
        return self._series(self._checked(expected, "expected purchases"), data, "expected_purchases")

    def discounted_purchases(self, times, discounts, data):
        """Discounted expected purchases per period, and expected purchases by the last time, per customer.

        As :meth:`PurchaseResult.discounted_purchases <._results.PurchaseResult.discounted_purchases>`, in
        two compiled passes: the hypergeometric part depends on a customer only through (x, T), so it is
        evaluated once per distinct pair (few when T is whole days), and each customer scales it by
        P(alive).
        """
        x, t_x, age = self._customers(data)
        times = check_times(times, "times")
        discounts = np.ascontiguousarray(np.broadcast_to(np.asarray(discounts, dtype=float), times.shape))
        age_codes, ages = _factorize(age)
        n_ages = max(len(ages), 1)
        key = x.astype(np.int64) * n_ages + age_codes
        size = (int(x.max()) + 1) * n_ages if len(x) else 0
        if size <= 4 * len(x) + 1024:
            # few (x, T) pairs: a dense table of them
            used = np.zeros(size, dtype=bool)
            used[key] = True
            cells = np.flatnonzero(used)
            cell_of = np.empty(size, dtype=np.int64)
            cell_of[cells] = np.arange(len(cells))
            pair = cell_of[key]
        else:
            pair, cells = _factorize(key.astype(float))
            cells = cells.astype(np.int64)
        pair_x = np.ascontiguousarray(cells // n_ages, dtype=float)
        pair_age = np.ascontiguousarray(ages[cells % n_ages]) if len(cells) else np.empty(0)
        pair_value, pair_last = np.empty(len(cells)), np.empty(len(cells))
        r, alpha, a, b = self._values
        _kernel.discounted_windows(r, alpha, a, b, pair_x, pair_age, times, discounts, pair_value, pair_last,
                                   self.modified, threads_for(len(cells) * len(times) * _HYP2F1_ROWS, self.n_threads))
        self._checked(pair_value, "expected purchases")
        self._checked(pair_last, "expected purchases")
        value, expected = np.empty(len(x)), np.empty(len(x))
        _kernel.scale_by_alive(r, alpha, a, b, x, t_x, age, np.ascontiguousarray(pair, dtype=np.int64),
                               pair_value, pair_last, value, expected, self.modified,
                               threads_for(len(x), self.n_threads))
        return value, expected

    def _checked(self, values, what):
        """Return ``values``, or raise a clear error where the parameters make a prediction non-finite."""
        bad = ~np.isfinite(values)
        if bad.any():
            params = ", ".join(f"{n} = {v:.4g}" for n, v in zip(self.param_names, self._values))
            raise ModelFitError(
                f"The {what} are not finite for {int(bad.any(axis=-1).sum()) if bad.ndim > 1 else int(bad.sum()):,} "
                f"customer(s) at the fitted parameters ({params}): some parameters ran off to extreme values, "
                f"which the data do not pin down. Refit with a small L2 penalty, e.g. "
                f"{type(self).__name__.replace('Result', 'Model')}(penalizer=0.001), or with more customers.")
        return values

    def probability_alive(self, data=None):
        """Probability that each customer is still active at the end of the observation period.

        Without data: a customer just after the first purchase (1 for BG/NBD; ``b/(a+b)`` for MBG/NBD,
        where a customer can leave right after the first purchase).
        """
        if data is None:
            zeros = np.zeros(1)
            return float(self._kernel_alive(zeros, zeros.copy(), zeros.copy())[0])
        columns = float_columns(data, ("frequency", "recency", "T"))
        if columns is not None:
            # the history checks in the same pass; the detailed ones (which name the rows) only when it fails
            alive = np.empty(len(columns[0]))
            r, alpha, a, b = self._values
            if _kernel.probability_alive_checked(r, alpha, a, b, *columns, alive, self.modified,
                                                 threads_for(len(alive), self.n_threads)):
                return self._series(alive, data, "probability_alive")
        x, t_x, age = self._customers(data)
        return self._series(self._kernel_alive(x, t_x, age), data, "probability_alive")

    def probability_of_purchases(self, n, t):
        """P(X(t) = n): probability that a new customer makes exactly ``n`` repeat purchases by time ``t``.

        FHL (2005) eq. 8 (and its MBG/NBD analogue): the customer is active throughout with ``n`` purchases
        (NBD), or dropped out right after the ``n``-th purchase, having made it before ``t``.

        Parameters
        ----------
        n : int or array-like of int
            Number of repeat purchases (>= 0).
        t : float or array-like
            Time since the first purchase, in the model's time unit; broadcast against ``n``.
        """
        n_arr, t_arr = np.broadcast_arrays(np.asarray(n), np.asarray(t, dtype=float))
        if (n_arr < 0).any() or np.any(n_arr != np.round(n_arr)):
            raise ValueError(f"n must be whole numbers >= 0, got {n!r}.")
        if (t_arr < 0).any() or not np.all(np.isfinite(t_arr)):
            raise ValueError(f"t must be finite and >= 0, got {t!r}.")
        from scipy import stats             # imported on use: it is slow to import

        r, alpha, a, b = self._values
        shift = float(self.modified)
        n_arr = n_arr.astype(float)
        success = alpha / (alpha + t_arr)
        log_beta_ab = special.betaln(a, b)
        active = np.exp(special.betaln(a, b + n_arr + shift) - log_beta_ab) * stats.nbinom.pmf(n_arr, r, success)
        dropped = (np.exp(special.betaln(a + 1, np.maximum(b + n_arr - 1 + shift, 1e-300)) - log_beta_ab)
                   * stats.nbinom.sf(n_arr - 1, r, success))
        has_drop = (n_arr > 0) | bool(self.modified)
        out = active + np.where(has_drop, dropped, 0.0)
        return float(out) if out.ndim == 0 else out


class BetaGeoFamilyModel(Model):
    """Model side shared by BG/NBD and MBG/NBD: data preparation and the compiled likelihood."""

    param_names = ("r", "alpha", "a", "b")
    modified = 0
    search_hessian = "exact"

    def _prepare(self, data):
        x, t_x, age, weights = frequency_recency_age(data, self.name, weights_column="weights")
        return Prepared(Histories(x, t_x, age), weights, int(round(float(weights.sum()))),
                        purchase_notes(x, age, weights))

    def _compress(self, columns, weights):
        """Identical rows merged, with recency and age as indices into their distinct values.

        Returns :class:`~._inputs.IndexedHistories` and the merged weights, from one compiled hashing pass
        (:func:`paynecrm_kernel._core.rowindex.index_histories`, which leaves the rows as they are when
        most are distinct). The likelihood takes each ``log(alpha + t)`` once per distinct time (few when
        days are expressed in weeks). Merging identical rows changes nothing in the likelihood.
        """
        x, t_x, age = columns
        try:
            first, merged, times, t_x_index, age_index = _index_histories(x, t_x, age, weights)
        except OverflowError:           # astronomically many distinct values: group the general way
            codes, first = group_rows(columns)
            merged = np.bincount(codes, weights=weights, minlength=len(first))
            time_codes, times = pd.factorize(np.concatenate((t_x[first], age[first])), sort=False)
            t_x_index, age_index = np.split(time_codes.astype(np.int64), 2)
        if len(first) < len(x):          # (with as many histories as rows, first is every row in order)
            x = x[first]
        return IndexedHistories(np.ascontiguousarray(x), np.ascontiguousarray(times, dtype=float),
                                np.ascontiguousarray(t_x_index), np.ascontiguousarray(age_index)), merged

    def _initial_params(self, columns, weights):
        # r = 1 and a purchase rate r / alpha matching the data's (x + 1) / T: independent of the time unit
        rows = columns.rows()
        alpha = float(np.sum(weights * rows.T) / max(np.sum(weights * (rows.x + 1)), 1e-12))
        return np.array([1.0, max(alpha, 1e-6), 1.0, 1.0])

    def _identification_problem(self, columns, weights):
        return repeat_purchase_problem(columns.rows(), weights) or super()._identification_problem(columns, weights)

    def _negloglik_and_grad(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(4)
        threads = threads_for(len(columns.x), self.n_threads)
        if isinstance(columns, IndexedHistories):
            value = _kernel.loglik_and_grad_indexed(*params, *columns, weights, grad, self.modified, threads)
        else:
            value = _kernel.loglik_and_grad(*params, *columns, weights, grad, self.modified, threads)
        return in_log_parameters(params, value, grad)

    def _negloglik_grad_hess(self, log_params, columns, weights):
        """Negative log-likelihood, gradient and exact Hessian in the log-parameters (one kernel pass)."""
        params = np.exp(log_params)
        grad, hess = np.empty(4), np.empty((4, 4))
        if not isinstance(columns, IndexedHistories):
            columns, weights = self._compress(columns, weights)
        value = _kernel.loglik_grad_hess_indexed(*params, *columns, weights, grad, hess, self.modified,
                                                 threads_for(len(columns.x), self.n_threads))
        return in_log_parameters(params, value, grad, hess)

