"""Shared machinery of the CLV models: a configurable model whose ``fit`` returns an immutable result.

The split follows statsmodels (a model holds configuration, a result holds the estimates) and the manners
of lifelines (one short class per model, errors and warnings that say what to do). ``fit`` leaves the
model as it was: everything a fit needs lives in the call.

How a model plugs in
--------------------
A subclass of :class:`Model` provides

``name`` : str
    Display name, e.g. ``"BG/NBD"``.
``param_names`` : tuple of str
    Parameter names as in the paper (``("r", "alpha", "a", "b")``); all parameters must be positive.
``result_class`` : type
    A subclass of :class:`~._results.FitResult` carrying the model's prediction methods (no new fields).
``_prepare(self, data)`` -> :class:`~._inputs.Prepared`
    Validate the user's data (through :mod:`._checks`, which raises
    :class:`~paynecrm_kernel.errors.DataValidationError` naming column, rows and fix) and return the
    columns as a named container of :mod:`._inputs`, the weights (customers per row), the number of
    customers for the BIC and notes for the result's ``extra``.
``_negloglik_and_grad(self, log_params, columns, weights)`` -> ``(float, ndarray)``
    The weighted NEGATIVE log-likelihood at ``exp(log_params)`` and its gradient with respect to the
    LOG-parameters, computed in one pass (the Cython core; :func:`in_log_parameters` converts a kernel's
    natural-parameter derivatives). Invalid parameters may give NaN or inf; the base class turns that into
    a clear error.
``_initial_params(self, columns, weights)`` -> ndarray
    Natural-scale starting values (used unless the user passes ``initial_params``).

Optionally ``compress_rows = False`` when merging identical rows into weights does not pay (it changes
nothing in the likelihood), a ``_compress`` of the model's own, ``search_hessian = "exact"`` with
``_negloglik_grad_hess`` (value, gradient and Hessian in log-parameters) or ``"difference"`` (see
:func:`._search.search`), ``_search_start`` when the start comes with an approximate Hessian, and
``_identification_problem`` for data that cannot identify the model.
The base class does the rest: the L2 penalty on log-parameters, the search, convergence checks, standard
errors (from the search's Hessian where it has one, else finite differences of the analytic gradient, on
first use), and the result.
"""
import functools
import math
import warnings

import numpy as np
import pandas as pd

from .._threads import blas_on_one_thread
from ..errors import ConvergenceWarning, ModelFitError
from . import _search
from ._results import FitResult, covariance_from_log_hessian, invert_hessian
from .units import validate_time_unit

_LOG_BOUND = 25.0          # log-parameters live in [-25, 25]: parameters between 1.4e-11 and 7.2e10
_DEGENERATE_LOG = 18.5     # beyond 1e8 (or below 1e-8) a parameter has run off: the data do not identify it
_BAD_OBJECTIVE = 1e300     # returned to the optimiser where the likelihood is not finite
# a Hessian of the search taken this close (log-parameters) to the estimates serves the standard errors;
# farther away they come from a fresh one at the estimates
_HESSIAN_REUSE = 1e-4


def _remedies(model):
    return (
        f"{model.name} did not converge. Try, in this order:\n"
        f"  1. raise maxiter (now {model.maxiter}): {type(model).__name__}(maxiter={2 * model.maxiter});\n"
        "  2. express time in a coarser unit (weeks rather than days), so the parameters are of order one;\n"
        "  3. add a small L2 penalty on the log-parameters, e.g. penalizer=0.001;\n"
        "  4. start from other values with initial_params={...};\n"
        "  5. check the data: a few customers with extreme frequency or spend can dominate the fit."
    )


def in_log_parameters(params, value, grad, hess=None):
    """The negative log-likelihood and its derivatives in log-parameters, from the log-likelihood and its
    derivatives in natural parameters (what the kernels return).

    ``d(-LL)/dlog p_i = -p_i dLL/dp_i`` and
    ``d2(-LL)/dlog p_i dlog p_j = -(p_i p_j d2LL/dp_i dp_j + [i = j] p_i dLL/dp_i)``.

    Returns
    -------
    tuple
        ``(value, grad)``, or ``(value, grad, hess)`` when ``hess`` is given.
    """
    grad_log = grad * params
    if hess is None:
        return -value, -grad_log
    return -value, -grad_log, -(hess * np.outer(params, params) + np.diag(grad_log))


class Model:
    """Base class of the CLV models: configuration only; ``fit`` returns a :class:`~._results.FitResult`.

    Parameters
    ----------
    penalizer : float
        Weight ``c`` of an L2 penalty ``c * sum(log(theta) ** 2)`` added to the negative log-likelihood
        (0 = plain maximum likelihood). Small values (1e-3) stabilise fits on awkward data.
    n_threads : int
        Threads for the compiled kernels; 0 chooses from the work size by the library's thread policy
        (:mod:`paynecrm_kernel._threads`): one thread for small work, all available for large.
    initial_params : dict, optional
        Starting values on the natural scale, by parameter name; missing names use the model's defaults.
    maxiter : int
        Maximum number of iterations of the search.
    """

    name = "model"
    param_names = ()
    result_class = FitResult
    compress_rows = True
    search_hessian = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "result_class" in cls.__dict__ and cls.param_names:
            cls.result_class._model_class = cls

    def __init__(self, penalizer=0.0, n_threads=0, initial_params=None, maxiter=1000):
        if not (isinstance(penalizer, (int, float)) and math.isfinite(penalizer) and penalizer >= 0):
            raise ValueError(f"penalizer must be a number >= 0, got {penalizer!r}.")
        if int(n_threads) != n_threads or n_threads < 0:
            raise ValueError("n_threads must be 0 (chosen from the data size) or a positive integer, "
                             f"got {n_threads!r}.")
        if int(maxiter) != maxiter or maxiter < 1:
            raise ValueError(f"maxiter must be a positive integer, got {maxiter!r}.")
        self.penalizer = float(penalizer)
        self.n_threads = int(n_threads)
        self.initial_params = dict(initial_params or {})
        unknown = set(self.initial_params) - set(self.param_names)
        if unknown:
            raise ValueError(f"initial_params has unknown names {sorted(unknown)}; "
                             f"{self.name} has {list(self.param_names)}.")
        self.maxiter = int(maxiter)

    def __repr__(self):
        return (f"{type(self).__name__}(penalizer={self.penalizer}, n_threads={self.n_threads}, "
                f"maxiter={self.maxiter})")

    # -------------------------------------------------------------- to override
    def _prepare(self, data):
        raise NotImplementedError

    def _negloglik_and_grad(self, log_params, columns, weights):
        raise NotImplementedError

    def _negloglik_grad_hess(self, log_params, columns, weights):
        """Value, gradient and Hessian in log-parameters; needed only with ``search_hessian = "exact"``."""
        raise NotImplementedError(f"{type(self).__name__} has no exact Hessian.")

    def _initial_params(self, columns, weights):
        return np.ones(len(self.param_names))

    def _search_start(self, columns, weights):
        """Natural-scale start and an approximate Hessian of the negative LL (log-parameters) there, or None."""
        return self._initial_params(columns, weights), None

    def _identification_problem(self, columns, weights):
        """Why the data cannot identify the model (plain words), or None. By default: fewer distinct
        histories with customers than parameters (one customer, or all customers alike)."""
        distinct = int(np.count_nonzero(weights))
        if distinct < len(self.param_names):
            return (f"the data hold {distinct} distinct customer histor{'y' if distinct == 1 else 'ies'} for "
                    f"{len(self.param_names)} parameters (one customer, or customers who all look alike)")
        return None

    # -------------------------------------------------------------- machinery
    def negative_log_likelihood(self, params, data):
        """Negative log-likelihood (no penalty) of ``data`` at natural ``params`` (dict or sequence)."""
        prepared = self._prepare(data)
        value, _ = self._negloglik_and_grad(np.log(self._as_vector(params)), prepared.columns, prepared.weights)
        return float(value)

    def _as_vector(self, params):
        if isinstance(params, dict):
            params = [params[n] for n in self.param_names]
        vector = np.asarray(params, dtype=float)
        if vector.shape != (len(self.param_names),) or np.any(~(vector > 0)) or not np.all(np.isfinite(vector)):
            raise ValueError(f"{self.name} needs {len(self.param_names)} positive finite parameters "
                             f"{list(self.param_names)}, got {params!r}.")
        return vector

    def _compress(self, columns, weights):
        """Merge identical rows, adding their weights (hash-based: linear time, first-seen order)."""
        codes, first = group_rows(columns)
        merged = np.bincount(codes, weights=weights, minlength=len(first))
        return type(columns)(*(np.ascontiguousarray(column[first]) for column in columns)), merged

    def _start(self, columns, weights):
        start, start_hessian = self._search_start(columns, weights)
        start = np.asarray(start, dtype=float).copy()
        for i, name in enumerate(self.param_names):
            if name in self.initial_params:
                start[i] = self.initial_params[name]
                start_hessian = None
        return self._as_vector(start), start_hessian

    def fit(self, data, time_unit=None):
        """Estimate the parameters by maximum likelihood.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per customer in the model's vocabulary (see the subclass).
        time_unit : {"D", "W", "M"}, optional
            Unit of the time columns; defaults to ``data.attrs["time_unit"]`` as set by
            :func:`~paynecrm_kernel.clv.summarize_transactions`.

        Returns
        -------
        FitResult
            The model's result subclass, with the predictions. The model itself is left unchanged.
        """
        with blas_on_one_thread():
            return self._fit(data, time_unit)

    def _fit(self, data, time_unit):
        if time_unit is None and isinstance(data, pd.DataFrame):
            time_unit = data.attrs.get("time_unit")
        if time_unit is not None:
            time_unit = validate_time_unit(time_unit)
        prepared = self._prepare(data)
        columns, weights = prepared.columns, prepared.weights
        if self.compress_rows:
            columns, weights = self._compress(columns, weights)
        problem = self._identification_problem(columns, weights) if self.penalizer == 0 else None
        start, start_hessian = self._start(columns, weights)
        exact = self.search_hessian == "exact"
        penalizer = self.penalizer
        eye = np.eye(len(start))
        recent = {}

        def evaluate(theta):
            # the checks around the search ask again for points the search has evaluated (its start and its
            # end): serve those from the last few evaluations
            key = np.asarray(theta, dtype=float).tobytes()
            if key not in recent:
                if len(recent) >= 4:
                    del recent[next(iter(recent))]
                if exact:
                    recent[key] = self._negloglik_grad_hess(theta, columns, weights)
                else:
                    recent[key] = (*self._negloglik_and_grad(theta, columns, weights), None)
            value, grad, hess = recent[key]
            return value, np.array(grad, dtype=float), hess

        def objective(theta):
            value, grad, hess = evaluate(theta)
            finite = np.isfinite(value) and np.all(np.isfinite(grad))
            if exact:
                if not (finite and np.all(np.isfinite(hess))):
                    return np.inf, grad, hess
                return value + penalizer * theta @ theta, grad + 2 * penalizer * theta, hess + 2 * penalizer * eye
            if not finite:
                return _BAD_OBJECTIVE, np.zeros_like(theta)
            return value + penalizer * theta @ theta, grad + 2 * penalizer * theta

        value0, grad0, _ = evaluate(np.log(start))
        if not (np.isfinite(value0) and np.all(np.isfinite(grad0))):
            raise ModelFitError(
                f"The {self.name} log-likelihood is not finite at the starting values "
                f"{dict(zip(self.param_names, np.round(start, 6)))}. Check the data for extreme values "
                "(very large frequencies or times; express time in weeks rather than days), or pass other "
                "starting values with initial_params={...}.")
        if start_hessian is not None:
            start_hessian = start_hessian + 2 * penalizer * eye
        outcome = _search.search(objective, np.log(start), [(-_LOG_BOUND, _LOG_BOUND)] * len(start),
                                 self.maxiter, hessian=self.search_hessian, start_hessian=start_hessian,
                                 give_up_beyond=_DEGENERATE_LOG)
        theta = np.asarray(outcome.x, dtype=float)
        value, grad, _ = evaluate(theta)
        if not np.isfinite(value):
            raise ModelFitError(f"{self.name}: the optimiser ended where the likelihood is not finite. "
                                + _remedies(self).split("\n", 1)[1])
        converged = self._converged(outcome, theta, objective(theta)[:2], problem)
        params = np.exp(theta)
        if outcome.hessian is not None and np.max(np.abs(theta - outcome.hessian_x)) <= _HESSIAN_REUSE:
            # the search's Hessian (of the penalised objective) is at hand: the covariance is the inverse of
            # the likelihood's, on first use
            source = functools.partial(covariance_from_log_hessian, params.copy(), grad,
                                       outcome.hessian - 2 * penalizer * eye)
        else:
            # the Hessian costs 2k gradient evaluations: leave it until the standard errors are asked for
            source = functools.partial(self._covariance, params.copy(), columns, weights)
        return self.result_class(
            model_name=self.name, param_names=tuple(self.param_names), _values=params, _covariance=None,
            log_likelihood=-float(value), n_obs=int(prepared.n_obs), converged=converged, time_unit=time_unit,
            penalizer=penalizer, n_iter=int(outcome.nit), message=str(outcome.message), n_threads=self.n_threads,
            extra=prepared.notes, search_path=outcome.path, _covariance_source=source)

    def _converged(self, outcome, theta, final, problem):
        """Whether the search converged to estimates the data identify; warns with the remedies if not."""
        final_value, final_grad = final
        at_bound = bool(np.any(np.abs(theta) >= _DEGENERATE_LOG))
        # L-BFGS-B can stop "abnormally" in the line search when it is already at the optimum (rounding
        # noise in the last digits of f): accept a stop where the gradient is negligible
        stationary = np.max(np.abs(final_grad)) <= 1e-5 * max(1.0, abs(final_value))
        if (bool(outcome.success) or stationary) and not at_bound and problem is None:
            return True
        if problem is not None:
            reason = (f"the data cannot identify the model: {problem}. The estimates are not reported as "
                      "converged; fit more customers, or add a penalty (remedy 3)")
        elif at_bound:
            reason = ("a parameter ran off towards 0 or infinity ("
                      + ", ".join(f"{n} = {v:.3g}" for n, v, t in zip(self.param_names, np.exp(theta), theta)
                                  if abs(t) >= _DEGENERATE_LOG)
                      + "): the data do not identify the model")
        else:
            reason = outcome.message
        warnings.warn(f"{_remedies(self)}\n(optimiser: {reason})", ConvergenceWarning, stacklevel=4)
        return False

    def _natural_gradient(self, params, columns, weights):
        _, grad_log = self._negloglik_and_grad(np.log(params), columns, weights)
        return grad_log / params

    def _covariance(self, params, columns, weights):
        """Inverse of the Hessian of the negative LL: exact where the model has it, else finite differences
        of the analytic gradient."""
        if self.search_hessian == "exact":
            _, grad_log, hess_log = self._negloglik_grad_hess(np.log(params), columns, weights)
            return covariance_from_log_hessian(params, grad_log, hess_log)
        k = len(params)
        hessian = np.empty((k, k))
        for j in range(k):
            step = 1e-5 * params[j]
            up, down = params.copy(), params.copy()
            up[j] += step
            down[j] -= step
            hessian[:, j] = (self._natural_gradient(up, columns, weights)
                             - self._natural_gradient(down, columns, weights)) / (2 * step)
        return invert_hessian(hessian)


def group_rows(columns):
    """Identical rows of equal-length 1-D arrays: ``(codes, first)``, each row's group (numbered in
    first-seen order) and the first row of each group.

    Each column is factorised, the codes are folded into one integer key and the key factorised: the
    groups of a DataFrame groupby, in half its time and without building a frame.
    """
    n = len(columns[0]) if columns else 0
    codes, size = np.zeros(n, dtype=np.int64), 1
    for column in columns:
        column_codes, uniques = pd.factorize(column, sort=False)
        if size * len(uniques) >= 2 ** 62:             # refold before the key could overflow
            codes, folded = pd.factorize(codes, sort=False)
            size = len(folded)
        codes = codes * len(uniques) + column_codes
        size *= max(len(uniques), 1)
    codes = pd.factorize(codes, sort=False)[0]
    n_groups = int(codes.max()) + 1 if n else 0
    first = np.empty(n_groups, dtype=np.int64)
    first[codes[::-1]] = np.arange(n - 1, -1, -1)
    return codes, first


