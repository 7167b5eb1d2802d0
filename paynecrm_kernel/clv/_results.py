"""The immutable result of a fitted CLV model: estimates, covariance, criteria, display.

Model-specific subclasses add the predictions; :class:`PurchaseResult` holds what every purchase model's
result shares (reading customers, shaping outputs, discounted purchases for the CLV).
"""
from dataclasses import dataclass, field, fields
import math
import types

import numpy as np
import pandas as pd
from scipy import special

from ._checks import check_times, frequency_recency_age
from .units import describe_time_unit, validate_time_unit


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
        Iterations of the search.
    message : str
        The optimiser's message.
    search_path : str
        Which search produced the estimates ("newton", "lbfgsb+newton", "quasi-newton+newton", "lbfgsb";
        see :mod:`paynecrm_kernel.clv._search`), or "given" for :meth:`from_params`.
    extra : mapping
        Read-only notes on the data and the fit (customers left out, correlations ...).

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
    extra: types.MappingProxyType = field(default_factory=dict)
    search_path: str = ""
    _covariance_source: object = field(default=None, compare=False)

    # the model class whose fit gives this result (set by Model.__init_subclass__), for from_params
    _model_class = None

    def __post_init__(self):
        for name in ("_values", "_covariance"):
            if getattr(self, name) is None and name == "_covariance" and self._covariance_source is not None:
                continue
            array = np.array(getattr(self, name), dtype=float)
            array.setflags(write=False)
            object.__setattr__(self, name, array)
        object.__setattr__(self, "extra", types.MappingProxyType(dict(self.extra)))

    def __copy__(self):
        return self                  # immutable: a copy is the object itself

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state.update(extra=dict(self.extra), _covariance=self._covariance_matrix(), _covariance_source=None)
        return _rebuild, (type(self), state)

    @classmethod
    def from_params(cls, time_unit=None, n_threads=0, **params):
        """A result at given parameters, for predictions at published values (no fit, no covariance).

        Parameters
        ----------
        time_unit : {"D", "W", "M"}, optional
            Unit of time the parameters are expressed in.
        n_threads : int
            Threads for the compiled predictions (0 chooses from the work size).
        **params : float
            Every parameter of the model by name, e.g. ``BetaGeoResult.from_params(r=0.243, alpha=4.414,
            a=0.793, b=2.426, time_unit="W")``.

        Returns
        -------
        FitResult
            Of this class; ``converged`` is False (nothing was estimated), the log-likelihood and the
            covariance are NaN, ``search_path`` is "given".
        """
        model_class = cls._model_class
        if model_class is None:
            raise TypeError(f"{cls.__name__} is not the result of a model; use the result class of a model, "
                            "e.g. BetaGeoResult.")
        names = tuple(model_class.param_names)
        if set(params) != set(names):
            raise ValueError(f"{model_class.name} needs exactly the parameters {list(names)}, got {sorted(params)}.")
        model = model_class(n_threads=n_threads)
        values = model._as_vector(params)
        if time_unit is not None:
            time_unit = validate_time_unit(time_unit)
        return cls(model_name=model_class.name, param_names=names, _values=values,
                   _covariance=np.full((len(names), len(names)), np.nan), log_likelihood=float("nan"), n_obs=0,
                   converged=False, time_unit=time_unit, n_threads=model.n_threads,
                   message="parameters given, not estimated", search_path="given")

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
                "time unit": describe_time_unit(self.time_unit), "penalizer": self.penalizer,
                "search": self.search_path, **self.extra}

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


def invert_hessian(hessian):
    """Covariance from a Hessian of the negative LL in natural parameters: the inverse of its symmetric part
    (pseudo-inverse when singular); all NaN when the Hessian is not finite."""
    hessian = (hessian + hessian.T) / 2
    if not np.all(np.isfinite(hessian)):
        return np.full(hessian.shape, np.nan)
    try:
        return np.linalg.inv(hessian)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(hessian)


def covariance_from_log_hessian(params, grad_log, hess_log):
    """Covariance of the estimates from the gradient and Hessian of the negative LL in log-parameters.

    In natural parameters ``d2f/dp_i dp_j = (d2f/dlog p_i dlog p_j - [i = j] df/dlog p_i) / (p_i p_j)``;
    the covariance is the inverse of that matrix.
    """
    return invert_hessian((np.asarray(hess_log, dtype=float) - np.diag(grad_log)) / np.outer(params, params))


def _rebuild(cls, state):
    return cls(**state)


class PurchaseResult(FitResult):
    """What the results of purchase models share: customers read alike, outputs shaped alike, and the
    discounted purchases behind :func:`~paynecrm_kernel.clv.customer_lifetime_value`."""

    def _customers(self, data):
        """``frequency, recency, T`` of ``data``, validated as the fit validates them (contiguous float64)."""
        x, t_x, age, _ = frequency_recency_age(data, self.model_name)
        return np.ascontiguousarray(x), np.ascontiguousarray(t_x), np.ascontiguousarray(age)

    def _series(self, values, data, name):
        series = pd.Series(values, index=data.index, name=name, copy=False)   # a fresh array
        series.attrs["time_unit"] = self.time_unit
        return series

    def expected_purchases(self, t, data=None):
        raise NotImplementedError

    def discounted_purchases(self, times, discounts, data):
        """Discounted expected purchases per period, and expected purchases by the last time, per customer.

        Parameters
        ----------
        times : array-like
            Ends of the periods, increasing, in the model's time unit.
        discounts : array-like
            Discount factor of each period (broadcast against ``times``).
        data : pandas.DataFrame
            Customers with ``frequency, recency, T``.

        Returns
        -------
        value, expected : ndarray
            ``sum_k (E[Y(times[k])] - E[Y(times[k-1])]) discounts[k]`` and ``E[Y(times[-1])]`` per customer,
            the conditional expectations of :meth:`expected_purchases`.
        """
        times = check_times(times, "times")
        discounts = np.broadcast_to(np.asarray(discounts, dtype=float), times.shape)
        cumulative = np.column_stack([np.asarray(self.expected_purchases(t, data), dtype=float) for t in times])
        increments = np.diff(cumulative, axis=1, prepend=0.0)
        return increments @ discounts, cumulative[:, -1].copy()
