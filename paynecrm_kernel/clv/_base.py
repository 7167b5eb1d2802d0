"""Shared machinery of the CLV models: a configurable model whose ``fit`` returns an immutable result.

The split follows statsmodels (a model holds configuration, a result holds the estimates) and the manners
of lifelines (one short class per model, errors and warnings that say what to do).

How a model plugs in
--------------------
A subclass of :class:`Model` provides

``name`` : str
    Display name, e.g. ``"BG/NBD"``.
``param_names`` : tuple of str
    Parameter names as in the paper (``("r", "alpha", "a", "b")``); all parameters must be positive.
``result_class`` : type
    A subclass of :class:`FitResult` carrying the model's prediction methods (no new fields).
``_prepare(self, data)`` -> ``(columns, weights, n_obs)``
    Validate the user's data (raise :class:`~paynecrm_kernel.errors.DataValidationError` naming column,
    rows and fix) and return a tuple of equal-length 1-D float64 arrays (one per data column, in a fixed
    order), a float64 array of weights (counts, 1.0 when the data have none) and the number of
    observations (customers) for the BIC.
``_negloglik_and_grad(self, log_params, columns, weights)`` -> ``(float, ndarray)``
    The weighted NEGATIVE log-likelihood at ``exp(log_params)`` and its gradient with respect to the
    LOG-parameters, computed in one pass (the Cython core). Invalid parameters may give NaN or inf; the
    base class turns that into a clear error.
``_initial_params(self, columns, weights)`` -> ndarray
    Natural-scale starting values (used unless the user passes ``initial_params``).

Optionally ``compress_rows = False`` when identical rows must not be merged (the base class merges
identical rows of ``columns`` into weights by default, which changes nothing in the likelihood),
``lazy_covariance = False`` when the fit already yields the Hessian (the base class otherwise computes the
covariance on the result's first use of it), and ``exact_hessian = True`` with
``_negloglik_grad_hess(self, log_params, columns, weights)`` -> ``(float, ndarray, ndarray)`` when the
kernel also gives the exact Hessian in the log-parameters: the search is then Newton's method
(:func:`._newton.newton_minimize`), with L-BFGS-B from the start only where it does not settle, and the
covariance is the inverse of the Hessian at the estimates.
The base class does the rest: compression, the L2 penalty on log-parameters, the search, convergence
checks, standard errors (exact Hessian, or finite differences of the analytic gradient), and the result.
"""
import copy
from dataclasses import dataclass, field
import functools
import math
import warnings

import numpy as np
import pandas as pd
from scipy import special

from ..errors import ConvergenceWarning, DataValidationError, ModelFitError
from . import _newton
from .units import describe_time_unit, validate_time_unit

_LOG_BOUND = 25.0          # log-parameters live in [-25, 25]: parameters between 1.4e-11 and 7.2e10
_DEGENERATE_LOG = 18.5     # beyond 1e8 (or below 1e-8) a parameter has run off: the data do not identify it
_BAD_OBJECTIVE = 1e300     # returned to the optimiser where the likelihood is not finite


def _remedies(model):
    return (
        f"{model.name} did not converge. Try, in this order:\n"
        f"  1. raise maxiter (now {model.maxiter}): {type(model).__name__}(maxiter={2 * model.maxiter});\n"
        "  2. express time in a coarser unit (weeks rather than days), so the parameters are of order one;\n"
        "  3. add a small L2 penalty on the log-parameters, e.g. penalizer=0.001;\n"
        "  4. start from other values with initial_params={...};\n"
        "  5. check the data: a few customers with extreme frequency or spend can dominate the fit."
    )


@dataclass(frozen=True, repr=False)
class FitResult:
    """Immutable result of a fitted model; model-specific subclasses add the predictions.

    Attributes
    ----------
    model_name : str
        Display name of the model.
    param_names : tuple of str
        Parameter names as in the paper.
    log_likelihood : float
        Log-likelihood at the estimates (without the penalty).
    n_obs : int
        Number of observations (customers) in the fit.
    converged : bool
        Whether the optimiser met its convergence criterion.
    time_unit : str or None
        Unit of time of the data ("D", "W", "M"); None when the data did not state it.
    penalizer : float
        Weight of the L2 penalty on log-parameters used in the fit.
    n_iter : int
        Iterations used by L-BFGS-B.
    message : str
        The optimiser's message.

    Notes
    -----
    The covariance matrix (behind ``standard_errors``, ``conf_int``, ``summary`` and ``covariance``) may be
    passed as ``None`` with a ``_covariance_source``: a function of no arguments that computes it. It is
    then computed on first use and kept; from the outside the result is immutable either way.
    """

    model_name: str
    param_names: tuple
    _values: np.ndarray
    _covariance: np.ndarray
    log_likelihood: float
    n_obs: int
    converged: bool
    time_unit: object = None
    penalizer: float = 0.0
    n_iter: int = 0
    message: str = ""
    n_threads: int = 0
    extra: dict = field(default_factory=dict)
    _covariance_source: object = field(default=None, compare=False)

    def __post_init__(self):
        for name in ("_values", "_covariance"):
            if getattr(self, name) is None and name == "_covariance" and self._covariance_source is not None:
                continue
            array = np.array(getattr(self, name), dtype=float)
            array.setflags(write=False)
            object.__setattr__(self, name, array)

    def _covariance_matrix(self):
        """The covariance matrix as a read-only array, computed on first use when it was deferred."""
        covariance = self._covariance
        if covariance is None:
            covariance = np.array(self._covariance_source(), dtype=float)
            covariance.setflags(write=False)
            object.__setattr__(self, "_covariance", covariance)
            object.__setattr__(self, "_covariance_source", None)      # the fit data are no longer needed
        return covariance

    # ----------------------------------------------------------------- estimates
    @property
    def params(self):
        """pandas.Series of the estimates, named as in the paper."""
        return pd.Series(self._values.copy(), index=list(self.param_names), name="estimate")

    @property
    def covariance(self):
        """Covariance matrix of the estimates (inverse Hessian of the log-likelihood), a DataFrame."""
        names = list(self.param_names)
        return pd.DataFrame(self._covariance_matrix().copy(), index=names, columns=names)

    @property
    def standard_errors(self):
        """Standard errors from the inverse Hessian of the log-likelihood in natural parameters."""
        diag = np.diag(self._covariance_matrix())
        se = np.where(diag >= 0, np.sqrt(np.abs(diag)), np.nan)
        return pd.Series(se, index=list(self.param_names), name="standard error")

    def conf_int(self, level=0.95):
        """Wald confidence intervals, built on the log scale so they stay positive.

        Parameters
        ----------
        level : float
            Coverage, between 0 and 1 (0.95 gives 95 % intervals).

        Returns
        -------
        pandas.DataFrame
            Columns ``lower`` and ``upper``, one row per parameter:
            ``exp(log(theta) -/+ z * se / theta)`` with ``z`` the normal quantile (delta method).
        """
        if not 0 < level < 1:
            raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}.")
        z = special.ndtri(0.5 + level / 2)
        values = self._values
        se_log = self.standard_errors.to_numpy() / values
        return pd.DataFrame({"lower": values * np.exp(-z * se_log), "upper": values * np.exp(z * se_log)},
                            index=list(self.param_names))

    @property
    def n_params(self):
        """Number of estimated parameters."""
        return len(self.param_names)

    @property
    def aic(self):
        """Akaike information criterion, ``2k - 2 LL``."""
        return 2 * self.n_params - 2 * self.log_likelihood

    @property
    def bic(self):
        """Bayesian information criterion, ``k ln(n) - 2 LL``."""
        return self.n_params * math.log(max(self.n_obs, 1)) - 2 * self.log_likelihood

    def __getattr__(self, item):
        # ``result.r`` as a short form of ``result.params["r"]``
        names = object.__getattribute__(self, "param_names")
        if item in names:
            return float(object.__getattribute__(self, "_values")[names.index(item)])
        raise AttributeError(f"{type(self).__name__!s} has no attribute {item!r}")

    # ----------------------------------------------------------------- display
    def summary(self, level=0.95):
        """Table of estimates, standard errors and confidence intervals (a DataFrame).

        The fit statistics (log-likelihood, AIC, BIC, n, convergence, time unit) are in ``.attrs``
        and in the text form ``str(result)``.
        """
        ci = self.conf_int(level)
        pct = f"{100 * level:g} %"
        table = pd.DataFrame({"estimate": self._values, "standard error": self.standard_errors.to_numpy(),
                              f"lower {pct}": ci["lower"].to_numpy(), f"upper {pct}": ci["upper"].to_numpy()},
                             index=pd.Index(list(self.param_names), name="parameter"))
        table.attrs.update(self._fit_statistics())
        return table

    def _fit_statistics(self):
        return {"model": self.model_name, "log-likelihood": self.log_likelihood, "AIC": self.aic,
                "BIC": self.bic, "customers": self.n_obs, "converged": self.converged,
                "time unit": describe_time_unit(self.time_unit), "penalizer": self.penalizer, **self.extra}

    def __repr__(self):
        stats_ = self._fit_statistics()
        lines = [f"{self.model_name} fit ({stats_['customers']:,} customers, time unit: {stats_['time unit']})"]
        lines.append(self.summary().round(4).to_string())
        lines.append(f"log-likelihood {self.log_likelihood:,.2f}   AIC {self.aic:,.2f}   BIC {self.bic:,.2f}   "
                     f"converged: {'yes' if self.converged else 'NO'}")
        lines.extend(f"{key}: {value}" for key, value in self.extra.items())
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self):
        stats_ = self._fit_statistics()
        table = self.summary().round(4).to_html(classes="paynecrm-fit-table", border=0)
        return (f"<div class='paynecrm-fit'><strong>{self.model_name}</strong> fit: "
                f"{stats_['customers']:,} customers, time unit <em>{stats_['time unit']}</em>{table}"
                f"<p>log-likelihood {self.log_likelihood:,.2f} &middot; AIC {self.aic:,.2f} &middot; "
                f"BIC {self.bic:,.2f} &middot; converged: {'yes' if self.converged else '<b>no</b>'}</p></div>")


class Model:
    """Base class of the CLV models: configuration only; ``fit`` returns a :class:`FitResult`.

    Parameters
    ----------
    penalizer : float
        Weight ``c`` of an L2 penalty ``c * sum(log(theta) ** 2)`` added to the negative log-likelihood
        (0 = plain maximum likelihood). Small values (1e-3) stabilise fits on awkward data.
    n_threads : int
        Threads for the compiled kernels; 0 chooses from the work size: one thread below 100,000 distinct
        rows (a parallel region costs more than it saves there), all available (``OMP_NUM_THREADS`` aware)
        above.
    initial_params : dict, optional
        Starting values on the natural scale, by parameter name; missing names use the model's defaults.
    maxiter : int
        Maximum number of L-BFGS-B iterations.
    """

    name = "model"
    param_names = ()
    result_class = FitResult
    compress_rows = True
    lazy_covariance = True
    exact_hessian = False

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
        """Value, gradient and Hessian in log-parameters; needed only by models with ``exact_hessian``."""
        raise NotImplementedError(f"{type(self).__name__} has no exact Hessian (exact_hessian is False).")

    def _initial_params(self, columns, weights):
        return np.ones(len(self.param_names))

    # -------------------------------------------------------------- machinery
    def negative_log_likelihood(self, params, data):
        """Negative log-likelihood (no penalty) of ``data`` at natural ``params`` (dict or sequence)."""
        columns, weights, _ = self._prepare(data)
        value, _ = self._negloglik_and_grad(np.log(self._as_vector(params)), columns, weights)
        return float(value)

    def _as_vector(self, params):
        if isinstance(params, dict):
            params = [params[n] for n in self.param_names]
        vector = np.asarray(params, dtype=float)
        if vector.shape != (len(self.param_names),) or np.any(~(vector > 0)) or not np.all(np.isfinite(vector)):
            raise ValueError(f"{self.name} needs {len(self.param_names)} positive finite parameters "
                             f"{list(self.param_names)}, got {params!r}.")
        return vector

    @staticmethod
    def _compress(columns, weights):
        """Merge identical rows, adding their weights (hash-based: linear time, first-seen order)."""
        codes, first = group_rows(columns)
        merged = np.bincount(codes, weights=weights, minlength=len(first))
        return tuple(np.ascontiguousarray(column[first]) for column in columns), merged

    def _start(self, columns, weights):
        start = np.asarray(self._initial_params(columns, weights), dtype=float).copy()
        for i, name in enumerate(self.param_names):
            if name in self.initial_params:
                start[i] = self.initial_params[name]
        return self._as_vector(start)

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
            The model's result subclass, with the predictions.
        """
        # the search makes many tiny BLAS calls (L-BFGS-B's own, 4 x 4 factorisations): on a busy machine
        # waking BLAS threads for them costs milliseconds each, so BLAS runs on one thread meanwhile
        with _newton.one_blas_thread():
            return self._fit(data, time_unit)

    def _fit(self, data, time_unit):
        if time_unit is None and isinstance(data, pd.DataFrame):
            time_unit = data.attrs.get("time_unit")
        if time_unit is not None:
            time_unit = validate_time_unit(time_unit)
        columns, weights, n_obs = self._prepare(data)
        if self.compress_rows:
            columns, weights = self._compress(columns, weights)
        start = self._start(columns, weights)

        penalizer = self.penalizer
        recent = {}
        exact_hessian = self.exact_hessian

        def evaluate_all(theta):
            # the checks around the search ask again for points the optimiser has evaluated (its start and
            # its end): serve those from the last few evaluations
            key = np.asarray(theta, dtype=float).tobytes()
            if key not in recent:
                if len(recent) >= 4:
                    del recent[next(iter(recent))]
                if exact_hessian:
                    value, grad, hess = self._negloglik_grad_hess(theta, columns, weights)
                else:
                    (value, grad), hess = self._negloglik_and_grad(theta, columns, weights), None
                recent[key] = (value, np.array(grad, dtype=float), hess)
            return recent[key]

        def evaluate(theta):
            value, grad, _ = evaluate_all(theta)
            return value, grad.copy()

        def objective(theta):
            value, grad = evaluate(theta)
            if not (np.isfinite(value) and np.all(np.isfinite(grad))):
                return _BAD_OBJECTIVE, np.zeros_like(theta)
            return value + penalizer * theta @ theta, grad + 2 * penalizer * theta

        def objective_with_hessian(theta):
            value, grad, hess = evaluate_all(theta)
            if not (np.isfinite(value) and np.all(np.isfinite(grad)) and np.all(np.isfinite(hess))):
                return np.inf, grad, hess
            return (value + penalizer * theta @ theta, grad + 2 * penalizer * theta,
                    hess + 2 * penalizer * np.eye(len(theta)))

        value0, grad0 = evaluate(np.log(start))
        if not (np.isfinite(value0) and np.all(np.isfinite(grad0))):
            raise ModelFitError(
                f"The {self.name} log-likelihood is not finite at the starting values "
                f"{dict(zip(self.param_names, np.round(start, 6)))}. Check the data for extreme values "
                "(very large frequencies or times; express time in weeks rather than days), or pass other "
                "starting values with initial_params={...}.")
        bounds = [(-_LOG_BOUND, _LOG_BOUND)] * len(start)
        outcome = None
        if exact_hessian:
            # Newton steps with the exact Hessian; L-BFGS-B from the start where they do not settle
            outcome = _newton.newton_minimize(objective_with_hessian, np.log(start), bounds, _DEGENERATE_LOG,
                                              max_iterations=self.maxiter)
        if outcome is None:
            outcome = self._minimize(objective, np.log(start), bounds)
        theta = outcome.x
        value, _ = evaluate(theta)
        if not np.isfinite(value):
            raise ModelFitError(f"{self.name}: the optimiser ended where the likelihood is not finite. "
                                + _remedies(self).split("\n", 1)[1])
        at_bound = np.any(np.abs(theta) >= _DEGENERATE_LOG)
        # L-BFGS-B can stop "abnormally" in the line search when it is already at the optimum (rounding
        # noise in the last digits of f): accept a stop where the gradient is negligible
        final_value, final_grad = objective(theta)
        stationary = np.max(np.abs(final_grad)) <= 1e-5 * max(1.0, abs(final_value))
        converged = (bool(outcome.success) or stationary) and not at_bound
        if not converged:
            reason = ("a parameter ran off towards 0 or infinity ("
                      + ", ".join(f"{n} = {v:.3g}" for n, v, t in zip(self.param_names, np.exp(theta), theta)
                                  if abs(t) >= _DEGENERATE_LOG)
                      + "): the data do not identify the model" if at_bound else outcome.message)
            warnings.warn(f"{_remedies(self)}\n(optimiser: {reason})", ConvergenceWarning, stacklevel=3)
        params = np.exp(theta)
        exact = recent.get(np.asarray(theta, dtype=float).tobytes()) if exact_hessian else None
        if exact is not None:
            # the exact Hessian at the estimates is at hand: the covariance is its inverse, on first use
            covariance = None
            source = functools.partial(_covariance_from_log_hessian, params.copy(), exact[1], exact[2])
        elif self.lazy_covariance:
            # the Hessian costs 2k likelihood evaluations: leave it until the standard errors are asked for
            covariance = None
            source = functools.partial(copy.copy(self)._covariance, params.copy(), columns, weights)
        else:
            covariance, source = self._covariance(params, columns, weights), None
        return self.result_class(
            model_name=self.name, param_names=tuple(self.param_names), _values=params, _covariance=covariance,
            log_likelihood=-float(value), n_obs=int(n_obs), converged=converged, time_unit=time_unit,
            penalizer=penalizer, n_iter=int(outcome.nit), message=str(outcome.message), n_threads=self.n_threads,
            _covariance_source=source)

    def _minimize(self, objective, theta0, bounds):
        """Run the optimiser on ``objective`` (value, gradient of log-parameters); a model may override it.

        Returns a ``scipy.optimize.OptimizeResult`` with at least ``x, success, message, nit``.
        """
        from scipy import optimize          # imported on first fit: it is slow to import

        return optimize.minimize(objective, theta0, jac=True, method="L-BFGS-B", bounds=bounds,
                                 options={"maxiter": self.maxiter, "ftol": 1e-13, "gtol": 1e-7})

    def _natural_gradient(self, params, columns, weights):
        _, grad_log = self._negloglik_and_grad(np.log(params), columns, weights)
        return grad_log / params

    def _covariance(self, params, columns, weights):
        """Inverse of the Hessian of the negative LL: exact where the model has it, else finite differences
        of the analytic gradient."""
        if self.exact_hessian:
            _, grad_log, hess_log = self._negloglik_grad_hess(np.log(params), columns, weights)
            return _covariance_from_log_hessian(params, grad_log, hess_log)
        k = len(params)
        hessian = np.empty((k, k))
        for j in range(k):
            step = 1e-5 * params[j]
            up, down = params.copy(), params.copy()
            up[j] += step
            down[j] -= step
            hessian[:, j] = (self._natural_gradient(up, columns, weights)
                             - self._natural_gradient(down, columns, weights)) / (2 * step)
        return _invert_hessian(hessian)


def _invert_hessian(hessian):
    """Covariance from a Hessian of the negative LL in natural parameters: the inverse of its symmetric part
    (pseudo-inverse when singular); all NaN when the Hessian is not finite."""
    hessian = (hessian + hessian.T) / 2
    if not np.all(np.isfinite(hessian)):
        return np.full(hessian.shape, np.nan)
    try:
        return np.linalg.inv(hessian)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(hessian)


def _covariance_from_log_hessian(params, grad_log, hess_log):
    """Covariance of the estimates from the gradient and Hessian of the negative LL in log-parameters.

    In natural parameters ``d2f/dp_i dp_j = (d2f/dlog p_i dlog p_j - [i = j] df/dlog p_i) / (p_i p_j)``;
    the covariance is the inverse of that matrix.
    """
    return _invert_hessian((np.asarray(hess_log, dtype=float) - np.diag(grad_log)) / np.outer(params, params))


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


def require_columns(data, columns, model_name):
    """Raise a DataValidationError unless ``data`` is a DataFrame with the given columns."""
    if not isinstance(data, pd.DataFrame):
        raise DataValidationError(
            f"{model_name} needs a pandas DataFrame with columns {list(columns)}, got {type(data).__name__}. "
            "Build one with paynecrm_kernel.clv.summarize_transactions(transactions, ...).")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise DataValidationError(
            f"{model_name} needs the column(s) {missing}; the data have {list(data.columns)}. "
            "Rename your columns (e.g. data.rename(columns={'x': 'frequency'})) or build the summary with "
            "summarize_transactions.", column=missing[0])
    if len(data) == 0:
        raise DataValidationError(f"{model_name} cannot be fitted to an empty table: it has no customers. "
                                  "Check the filter or the date range that produced it.")
