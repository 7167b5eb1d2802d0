"""Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005b, JMR 42(4); Hardie's note 025).

Each transaction value of a customer is Gamma(p, nu); across customers nu ~ Gamma(q, v). The model is
estimated on repeat customers (frequency > 0), from their number of repeat transactions and mean repeat
spend. It assumes spend is independent of purchase frequency: the fit reports corr(frequency, spend) so
the assumption can be checked.
"""
import numpy as np
import pandas as pd

from .._core import gammagamma as _kernel
from .._threads import threads_for
from ._base import Model, in_log_parameters
from ._checks import float_columns, frequency_monetary, frequency_spend
from ._inputs import Prepared, Spends
from ._results import FitResult


class GammaGammaResult(FitResult):
    """Fitted Gamma-Gamma spend model: parameters ``p, q, v`` and :meth:`expected_spend`."""

    @property
    def population_mean_spend(self):
        """Mean spend per transaction across customers, ``p v / (q - 1)`` (infinite when q <= 1)."""
        p, q, v = self._values
        return p * v / (q - 1) if q > 1 else float("inf")

    def expected_spend(self, data=None):
        """Expected mean spend per transaction, conditional on each customer's repeat purchases.

        ``E[M | x, m] = (p (v + x m)) / (p x - 1 + q)``, a weighted average of the customer's own mean ``m``
        (weight ``p x / (p x + q - 1)``) and the population mean ``p v / (q - 1)``.

        Parameters
        ----------
        data : pandas.DataFrame, optional
            Customers with ``frequency`` and ``monetary_value``, validated as the fit validates them;
            customers without repeat purchases get the population mean. Without data: the population mean
            (a new customer), as a float.

        Returns
        -------
        pandas.Series or float
        """
        if data is None:
            return self.population_mean_spend
        columns = float_columns(data, ("frequency", "monetary_value"))
        spend = np.empty(len(data))
        # the row checks in the same pass; the detailed ones (which name the rows) only when it fails
        if columns is None or not _kernel.expected_spend(*self._values, *columns, spend):
            x, m = frequency_spend(data, self.model_name)
            _kernel.expected_spend(*self._values, x, m, spend)
        return pd.Series(spend, index=data.index, name="expected_spend", copy=False)


class GammaGammaModel(Model):
    """Gamma-Gamma spend model.

    ``fit(data)`` takes one row per customer with ``frequency`` (repeat purchases) and ``monetary_value``
    (mean value of the repeat purchases). Customers without repeat purchases carry no information on spend
    and are left out, as are repeat customers whose repeat purchases were all worth 0; the result says how
    many (``result.extra``), with corr(frequency, spend). Negative spend is an error.
    If nobody has a repeat purchase, a DataValidationError says so.
    """

    name = "Gamma-Gamma"
    param_names = ("p", "q", "v")
    result_class = GammaGammaResult
    # mean spends are continuous: identical (frequency, spend) rows are rare, so merging them costs more
    # (hashing every row) than it saves
    compress_rows = False
    search_hessian = "exact"

    def _prepare(self, data):
        x, m, excluded, zero_spend = frequency_monetary(data, self.name)
        corr = float(np.corrcoef(x, m)[0, 1]) if len(x) > 2 and np.std(x) > 0 and np.std(m) > 0 else float("nan")
        notes = {"customers without repeat purchase": excluded, "repeat customers with zero spend": zero_spend,
                 "corr(frequency, spend)": round(corr, 4)}
        # log(m) does not depend on the parameters: taken once per fit
        return Prepared(Spends(x, m, np.log(m)), np.ones_like(x), len(x), notes)

    def _initial_params(self, columns, weights):
        # moments: spend across customers has mean p v / (q - 1) and, ignoring the noise within customers,
        # variance mean^2 / (q - 2); nothing in two moments tells p from q, so p = q
        m = columns.m
        mean = max(float(np.average(m, weights=weights)), 1e-6)
        variance = float(np.average((m - mean) ** 2, weights=weights))
        q = min(2.0 + mean ** 2 / variance, 100.0) if variance > 0 else 100.0
        return np.array([q, q, mean * (q - 1.0) / q])

    def _identification_problem(self, columns, weights):
        distinct = len(np.unique(columns.m))
        if distinct < 2:
            return (f"all {len(columns.m):,} repeat customers have the same mean spend, so the spread of spend "
                    "across customers (q) and within them (p) cannot be estimated")
        return super()._identification_problem(columns, weights)

    def _negloglik_and_grad(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(3)
        value = _kernel.loglik_and_grad(*params, columns.x, columns.m, weights, grad,
                                        threads_for(len(columns.x), self.n_threads))
        return in_log_parameters(params, value, grad)

    def _negloglik_grad_hess(self, log_params, columns, weights):
        """Negative log-likelihood, gradient and exact Hessian in the log-parameters (one kernel pass)."""
        params = np.exp(log_params)
        grad, hess = np.empty(3), np.empty((3, 3))
        value = _kernel.loglik_grad_hess(*params, *columns, weights, grad, hess,
                                         threads_for(len(columns.x), self.n_threads))
        return in_log_parameters(params, value, grad, hess)
