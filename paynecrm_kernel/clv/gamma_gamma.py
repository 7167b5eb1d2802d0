"""Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005b, JMR 42(4); Hardie's note 025).

Each transaction value of a customer is Gamma(p, nu); across customers nu ~ Gamma(q, v). The model is
estimated on repeat customers (frequency > 0), from their number of repeat transactions and mean repeat
spend. It assumes spend is independent of purchase frequency: the fit reports corr(frequency, spend) so
the assumption can be checked.
"""
import numpy as np
import pandas as pd

from .._core import gammagamma as _kernel
from ._base import FitResult, Model, require_columns
from ._checks import float_columns, frequency_monetary, numeric_column
from ._threads import threads_for


class _CheckedSpend(tuple):
    """The output of :func:`frequency_monetary` for data already validated."""


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
            Customers with ``frequency`` and ``monetary_value``; customers without repeat purchases get the
            population mean. Without data: the population mean (a new customer), as a float.

        Returns
        -------
        pandas.Series or float
        """
        if data is None:
            return self.population_mean_spend
        columns = float_columns(data, ("frequency", "monetary_value")) if isinstance(data, pd.DataFrame) else None
        if columns is not None:
            spend = np.empty(len(columns[0]))
            _kernel.expected_spend(*self._values, *columns, spend)
            # a missing or infinite input gives a non-finite output, and so a non-finite sum (a huge sum
            # only sends the call through the checks): check the inputs only then
            if np.isfinite(np.add.reduce(spend)):
                return pd.Series(spend, index=data.index, name="expected_spend", copy=False)
        require_columns(data, ["frequency", "monetary_value"], self.model_name)
        x = numeric_column(data, "frequency", self.model_name)          # names the offending rows
        m = numeric_column(data, "monetary_value", self.model_name)
        spend = np.empty_like(x)
        _kernel.expected_spend(*self._values, x, m, spend)
        return pd.Series(spend, index=data.index, name="expected_spend", copy=False)


class GammaGammaModel(Model):
    """Gamma-Gamma spend model.

    ``fit(data)`` takes one row per customer with ``frequency`` (repeat purchases) and ``monetary_value``
    (mean value of the repeat purchases). Customers without repeat purchases carry no information on spend
    and are left out, as are repeat customers whose repeat purchases were all worth 0; the result says how
    many (``result.extra``). Negative spend is an error.
    If nobody has a repeat purchase, a DataValidationError says so.
    """

    name = "Gamma-Gamma"
    param_names = ("p", "q", "v")
    result_class = GammaGammaResult

    # mean spends are continuous: identical (frequency, spend) rows are rare, so merging them costs more
    # (hashing every row) than it saves
    compress_rows = False
    exact_hessian = True

    def _prepare(self, data):
        checked = data if isinstance(data, _CheckedSpend) else _CheckedSpend(frequency_monetary(data, self.name))
        x, m = checked[0], checked[1]
        # log(m) does not depend on the parameters: taken once per fit
        return (x, m, np.log(m)), np.ones_like(x), len(x)

    def _initial_params(self, columns, weights):
        # moments: spend across customers has mean p v / (q - 1) and, ignoring the noise within customers,
        # variance mean^2 / (q - 2); nothing in two moments tells p from q, so p = q
        m = columns[1]
        mean = max(float(np.average(m, weights=weights)), 1e-6)
        variance = float(np.average((m - mean) ** 2, weights=weights))
        q = min(2.0 + mean ** 2 / variance, 100.0) if variance > 0 else 100.0
        return np.array([q, q, mean * (q - 1.0) / q])

    def _negloglik_and_grad(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(3)
        x, m = columns[:2]
        value = _kernel.loglik_and_grad(*params, x, m, weights, grad, threads_for(len(x), self.n_threads))
        return -value, -grad * params

    def _negloglik_grad_hess(self, log_params, columns, weights):
        """Negative log-likelihood, gradient and exact Hessian in the log-parameters (one kernel pass)."""
        params = np.exp(log_params)
        grad, hess = np.empty(3), np.empty((3, 3))
        x, m, log_m = columns
        value = _kernel.loglik_grad_hess(*params, x, m, log_m, weights, grad, hess,
                                         threads_for(len(x), self.n_threads))
        grad_log = grad * params
        return -value, -grad_log, -(hess * np.outer(params, params) + np.diag(grad_log))

    def fit(self, data, time_unit=None):
        """Estimate ``p, q, v`` on the repeat customers of ``data`` (see the class docstring)."""
        if time_unit is None and isinstance(data, pd.DataFrame):
            time_unit = data.attrs.get("time_unit")
        checked = _CheckedSpend(frequency_monetary(data, self.name))      # validated once
        result = super().fit(checked, time_unit=time_unit)
        x, m, excluded, zero_spend = checked
        corr = float(np.corrcoef(x, m)[0, 1]) if len(x) > 2 and np.std(x) > 0 and np.std(m) > 0 else float("nan")
        result.extra.update({"customers without repeat purchase": excluded,
                             "repeat customers with zero spend": zero_spend,
                             "corr(frequency, spend)": round(corr, 4)})
        return result
