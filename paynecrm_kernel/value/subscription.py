"""Contractual retention economics by segment: the sBG model on subscription cohorts.

In a contractual business (a care plan paid monthly) the firm sees every cancellation, so retention can be
projected from the cohorts' survivor counts with the shifted-beta-geometric (sBG) model of Fader & Hardie
(2007): each customer cancels at the end of a period with a probability θ fixed for that customer, θ varying
across customers as Beta(α, β). Because the customers most likely to leave leave first, the retention rate of
the survivors rises with tenure; a constant rate, or a straight line through the first periods, misses that
and under-projects later survival (Fader & Hardie's "perils of ignoring heterogeneity").

* :func:`segment_survivors` pools, per segment, the monthly cohorts observed for at least ``periods`` periods
  into one survivor curve (every pooled customer is observed over the same periods, so the sums are a valid
  sBG input; this pooling rule is the workbook's).
* :func:`naive_and_sbg_projections` fits a linear, an exponential and an sBG curve to the first ``k`` periods
  of one survivor curve and projects all periods (the teaching tool of the workbook).
* :func:`segment_retention_economics` fits the sBG per segment and values a new subscriber: expected discounted
  lifetime (DEL) times the fee, with the first fee paid at sign-up (the sBG DEL convention, Fader & Hardie
  2010), in the cohorts' time unit.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import statsmodels.api as sm

from .._memo import memoized
from ..clv import ShiftedBetaGeoModel
from ..errors import DataValidationError, PayneCRMWarning

__all__ = ["segment_survivors", "naive_and_sbg_projections", "segment_retention_economics", "SBG_CONVENTION",
           "PROJECTION_METHODS"]

#: How the subscription CLV figures are computed (stated next to every figure).
SBG_CONVENTION = ("expected value of a new subscriber: fee × DEL, the first fee paid at sign-up (t = 0) and "
                  "each later fee only if the contract is renewed, discounted per month")

#: The three projections compared by :func:`naive_and_sbg_projections`.
PROJECTION_METHODS = ("linear", "exponential", "sBG")


def _require(frame, columns, what):
    if not isinstance(frame, pd.DataFrame):
        raise DataValidationError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataValidationError(f"{what} lacks the column(s) {missing}; it has {list(frame.columns)}. Rename the "
                                  "columns or pass their names.", column=missing[0])


def segment_survivors(cohorts, periods=12, *, segment="segment", cohort="cohort", period="period", active="active"):
    """Pool each segment's cohorts observed for at least ``periods`` periods into one survivor curve.

    Parameters
    ----------
    cohorts : pandas.DataFrame
        One row per (segment, cohort, period) with the number of contracts still ``active`` after ``period``
        renewal points (period 0 = the cohort size), as ``sample_company().subscription_cohorts``.
    periods : int
        Length of the pooled curves: cohorts observed for fewer periods are left out, longer ones are cut.

    Returns
    -------
    pandas.DataFrame
        Survivors per period (rows 0..periods) and segment (columns); ``attrs["cohorts"]`` holds the number of
        cohorts pooled per segment.
    """
    _require(cohorts, [segment, cohort, period, active], "The cohort table")
    periods = int(periods)
    if periods < 3:
        raise DataValidationError(f"Use at least 3 periods to pool the cohorts (got {periods}).")
    values = pd.to_numeric(cohorts[active], errors="coerce")
    bad = values.isna() | (values < 0)
    if bad.any():
        rows = list(cohorts.index[bad][:20])
        raise DataValidationError(f"Column '{active}' must hold non-negative counts; rows {rows[:5]} do not.",
                                  column=active, rows=rows)
    data = cohorts.assign(**{active: values})
    age = data.groupby([segment, cohort])[period].transform("max")
    kept = data[(age >= periods) & (data[period] <= periods)]
    if kept.empty:
        longest = int(data[period].max()) if len(data) else 0
        raise DataValidationError(f"No cohort is observed for {periods} periods (the longest has {longest}); "
                                  "choose fewer periods.", column=period)
    table = kept.pivot_table(index=period, columns=segment, values=active, aggfunc="sum").sort_index()
    table = table.reindex(range(periods + 1)).fillna(0.0)
    table.columns = [str(c) for c in table.columns]
    table.index.name = "period"
    table.attrs["cohorts"] = kept.groupby(segment)[cohort].nunique().rename(index=str).to_dict()
    return table


def _fit_sbg(survivors):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PayneCRMWarning)
        return ShiftedBetaGeoModel().fit(list(survivors), time_unit="M")


@memoized(persist=True)
def naive_and_sbg_projections(survivors, fit_periods):
    """Fit linear, exponential and sBG curves to the first ``fit_periods`` periods; project every period.

    The naive curves are ordinary least squares (statsmodels) on the share of the cohort still active:
    linear ``S(t) = a + b t`` and exponential ``ln S(t) = a + b t``, both through the observed periods
    0..fit_periods (the linear projection is floored at zero). The sBG curve is fitted by maximum likelihood
    to the survivor counts of the same periods.

    Parameters
    ----------
    survivors : sequence of float
        One survivor curve (period 0 = cohort size).
    fit_periods : int
        Number of periods after period 0 used to fit, at least 2 and fewer than the periods observed.

    Returns
    -------
    pandas.DataFrame
        Index ``period``; columns ``actual`` (share still active) and one per method of
        :data:`PROJECTION_METHODS`; ``attrs`` holds ``fit_periods``, the sBG ``alpha``/``beta`` and ``mape``
        (mean absolute percentage error of each method over the periods NOT used to fit).
    """
    counts = np.asarray(survivors, dtype=float)
    k = int(fit_periods)
    if k < 2 or k >= len(counts) - 1:
        raise DataValidationError(f"Fit on between 2 and {len(counts) - 2} periods (got {k}), so that at least "
                                  "one later period is left to compare with.")
    if counts[0] <= 0:
        raise DataValidationError("The first survivor count (the cohort size) must be positive.")
    share = counts / counts[0]
    t = np.arange(len(counts), dtype=float)
    design = sm.add_constant(t[: k + 1])
    linear = sm.OLS(share[: k + 1], design).fit().params
    observed = share[: k + 1] > 0
    if observed.sum() < 2:
        raise DataValidationError("The cohort is empty after period 1; an exponential curve cannot be fitted.")
    expo = sm.OLS(np.log(share[: k + 1][observed]), design[observed]).fit().params
    sbg = _fit_sbg(counts[: k + 1])
    table = pd.DataFrame({"actual": share,
                          "linear": np.maximum(linear[0] + linear[1] * t, 0.0),
                          "exponential": np.exp(expo[0] + expo[1] * t),
                          "sBG": np.asarray(sbg.survival(t), dtype=float)},
                         index=pd.Index(t.astype(int), name="period"))
    later = table.iloc[k + 1:]
    nonzero = later["actual"] > 0
    mape = {m: float(np.mean(np.abs(later[m][nonzero] / later["actual"][nonzero] - 1))) if nonzero.any()
            else float("nan") for m in PROJECTION_METHODS}
    table.attrs.update({"fit_periods": k, "alpha": float(sbg.params["alpha"]), "beta": float(sbg.params["beta"]),
                        "mape": mape})
    return table


@memoized(persist=True)
def segment_retention_economics(survivors, fees, *, discount_rate=0.01, time_unit="months"):
    """Fit the sBG per segment and value a new subscriber.

    Parameters
    ----------
    survivors : pandas.DataFrame
        Survivor curves per segment (columns), as from :func:`segment_survivors`.
    fees : mapping or pandas.Series
        Fee (or margin) per period per segment.
    discount_rate : float
        Discount rate per period (0.01 = 1 % a month).

    Returns
    -------
    pandas.DataFrame
        Per segment: ``contracts`` pooled, ``alpha``, ``beta``, ``mean_churn`` (E[θ] = α/(α+β)),
        ``retention_first`` (r_1) and ``retention_last`` (r at the last observed period), ``expected_lifetime``
        (DEL, in periods), ``fee`` and ``clv`` (fee × DEL); ``attrs`` holds ``convention``, ``time_unit`` and
        ``discount_rate``.
    """
    if not isinstance(survivors, pd.DataFrame) or survivors.empty:
        raise DataValidationError("survivors must be a table of survivor counts per period and segment.")
    fees = pd.Series(fees, dtype=float)
    missing = [s for s in survivors.columns if s not in fees.index]
    if missing:
        raise DataValidationError(f"No fee for segment(s) {missing}; give a fee per period for every segment.",
                                  column="fee", rows=missing)
    if not (np.isfinite(discount_rate) and discount_rate > 0):
        raise DataValidationError(f"The discount rate must be positive (0.01 = 1 % a period), not {discount_rate!r}.")
    rows = []
    last = len(survivors) - 1
    for name in survivors.columns:
        fit = _fit_sbg(survivors[name].to_numpy())
        a, b = float(fit.params["alpha"]), float(fit.params["beta"])
        life = fit.discounted_expected_lifetime(discount_rate)
        rows.append({"segment": name, "contracts": float(survivors[name].iloc[0]), "alpha": a, "beta": b,
                     "mean_churn": a / (a + b), "retention_first": float(fit.retention(1)),
                     "retention_last": float(fit.retention(last)), "expected_lifetime": life,
                     "fee": float(fees[name]), "clv": float(fees[name]) * life})
    table = pd.DataFrame(rows).set_index("segment")
    table.attrs.update({"convention": SBG_CONVENTION, "time_unit": time_unit, "discount_rate": float(discount_rate)})
    return table
