"""BG/BB model (Fader, Hardie & Shang 2010, "Customer-base analysis in a discrete-time noncontractual
setting", Marketing Science 29(6)).

Time comes in discrete transaction opportunities (a yearly gala, a weekly newsletter, an annual donation
drive). While active, a customer transacts at each opportunity with probability p; after each opportunity
the customer becomes inactive for good with probability theta. Across customers p ~ Beta(alpha, beta) and
theta ~ Beta(gamma, delta).
"""
import numpy as np
import pandas as pd
from scipy import special

from .._core import bgbb as _kernel
from .._threads import threads_for
from ._base import Model, in_log_parameters
from ._checks import validate_discrete
from ._inputs import DiscreteHistories, Prepared
from ._results import FitResult

def _periods(n_periods):
    value = np.asarray(n_periods)
    if value.ndim != 0 or not np.isfinite(value) or value < 0 or value != np.round(value):
        raise ValueError(f"n_periods must be a whole number of future opportunities >= 0, got {n_periods!r}.")
    return int(value)


class BetaGeoBetaBinomResult(FitResult):
    """Fitted BG/BB: parameters ``alpha, beta, gamma, delta`` and the predictions."""

    def _customers(self, data):
        x, t_x, n, _ = validate_discrete(data, self.model_name)
        return np.ascontiguousarray(x), np.ascontiguousarray(t_x), np.ascontiguousarray(n)

    def _terms(self, x, t_x, n):
        loglik, alive = np.empty_like(x), np.empty_like(x)
        _kernel.customer_terms(*self._values, x, t_x, n, loglik, alive,
                               threads_for(len(x), self.n_threads))
        return loglik, alive

    def probability_alive(self, data=None):
        """Probability that each customer is still active at the next opportunity (period n+1).

        FHS (2010), eq. 11. Without data: a new customer at the first opportunity, ``delta/(gamma+delta)``.

        Returns
        -------
        pandas.Series or float
        """
        alpha, beta, gamma, delta = self._values
        if data is None:
            return float(delta / (gamma + delta))
        _, alive = self._terms(*self._customers(data))
        return pd.Series(alive, index=data.index, name="probability_alive")

    def expected_purchases(self, n_periods, data=None):
        """Expected number of transactions in the next ``n_periods`` opportunities.

        For a customer with history (x, t_x, n) and likelihood L (FHS 2010, eq. 13 in summed form),

            E[X(n, n+n*)] = B(alpha+x+1, beta+n-x)/B(alpha,beta) / L * sum_{k=1}^{n*} B(gamma, delta+n+k)/B(gamma,delta)

        (transacting in period n+k needs p, and being alive then). Without data: a new customer,
        ``alpha/(alpha+beta) * sum_{k=1}^{n*} B(gamma, delta+k)/B(gamma,delta)``.

        Parameters
        ----------
        n_periods : int
            Number of future opportunities (whole number >= 0).
        data : pandas.DataFrame, optional
            Customers with ``frequency, recency, periods``.

        Returns
        -------
        pandas.Series or float
        """
        alpha, beta, gamma, delta = self._values
        horizon = _periods(n_periods)
        k = np.arange(1, horizon + 1, dtype=float)
        lb_gd = special.betaln(gamma, delta)
        if data is None:
            alive_sum = np.exp(special.betaln(gamma, delta + k) - lb_gd).sum()
            return float(alpha / (alpha + beta) * alive_sum)
        x, t_x, n = self._customers(data)
        loglik, _ = self._terms(x, t_x, n)
        alive_sum = np.exp(special.betaln(gamma, delta + n[:, None] + k[None, :]) - lb_gd).sum(axis=1)
        buy = np.exp(special.betaln(alpha + x + 1.0, beta + n - x) - special.betaln(alpha, beta) - loglik)
        return pd.Series(buy * alive_sum, index=data.index, name="expected_purchases")


class BetaGeoBetaBinomModel(Model):
    """BG/BB model of repeat transactions at discrete opportunities (non-contractual, discrete time).

    ``fit(data)`` takes one row per customer or per pattern with ``frequency`` (transactions after the
    first, at most one per opportunity), ``recency`` (the opportunity of the last one, 0 if none) and
    ``periods`` (the number of opportunities observed), plus an optional ``weights`` column with the number
    of customers showing each pattern; it returns a :class:`BetaGeoBetaBinomResult` with parameters
    ``alpha, beta, gamma, delta``.

    Examples
    --------
    >>> result = BetaGeoBetaBinomModel().fit(donations)     # doctest: +SKIP
    >>> result.expected_purchases(5, donations)             # doctest: +SKIP
    """

    name = "BG/BB"
    param_names = ("alpha", "beta", "gamma", "delta")
    result_class = BetaGeoBetaBinomResult

    def _prepare(self, data):
        x, t_x, n, weights = validate_discrete(data, self.name)
        return Prepared(DiscreteHistories(x, t_x, n), weights, int(round(float(weights.sum()))), {})

    def _initial_params(self, columns, weights):
        return np.ones(4)

    def _negloglik_and_grad(self, log_params, columns, weights):
        params = np.exp(log_params)
        grad = np.empty(4)
        value = _kernel.loglik_and_grad(*params, *columns, weights, grad, threads_for(len(weights), self.n_threads))
        return in_log_parameters(params, value, grad)
