"""The whole service-profit chain as one structural equation model (path analysis with ``semopy``).

Link-by-link OLS (:mod:`.service_profit_chain`) estimates each arrow on its own; a structural equation model
fits all arrows at once and asks whether the chain *as drawn* reproduces the correlations among the metrics,
including those between metrics the chain does not link directly (store profit and employee satisfaction,
say). The answer is in the fit indices:

* chi-square test of exact fit (p > 0.05: no evidence that the chain misses a link);
* CFI, comparative fit index (Bentler 1990): ``1 - max(chi2 - df, 0) / max(chi2 - df, chi2_0 - df_0, 0)``
  against the model with no links; 0.95 or more is the usual reading of good fit (Hu & Bentler 1999);
* RMSEA, root mean square error of approximation: ``sqrt(max(chi2 - df, 0) / (df (n - 1)))``; 0.06 or less
  reads as good fit (Hu & Bentler 1999).

The variables are standardised before the fit, so the path coefficients are standardised like the OLS
ones. A good fit says the data are *consistent* with the chain, not that the chain is causal: other
orderings of the arrows can fit as well.
"""
from __future__ import annotations

from dataclasses import dataclass
import warnings

import numpy as np
import pandas as pd
import semopy
from scipy import stats

from ..errors import ModelFitError
from ._checks import check_level
from .service_profit_chain import CAUSALITY_CAVEAT, HESKETT_LINKS, standardise, validate_links

__all__ = ["ChainSEMResult", "fit_chain_sem", "GOOD_FIT"]

#: Usual cut-offs for good fit (Hu & Bentler 1999): CFI at least 0.95, RMSEA at most 0.06.
GOOD_FIT = {"CFI": 0.95, "RMSEA": 0.06}


@dataclass(frozen=True, repr=False)
class ChainSEMResult:
    """A path model of the chain fitted by maximum likelihood.

    Attributes
    ----------
    paths : pandas.DataFrame
        One row per (outcome, predictor): ``beta`` (standardised), ``std_error``, ``lower``, ``upper``,
        ``p_value``.
    fit : dict
        ``chi2``, ``dof``, ``p_value``, ``CFI``, ``TLI``, ``RMSEA``, ``n``, and ``good_fit`` (CFI and RMSEA
        both on the good side of :data:`GOOD_FIT`).
    description : str
        The model in semopy's syntax.
    level : float
    caveat : str
    """

    paths: pd.DataFrame
    fit: dict
    description: str
    level: float
    caveat: str = CAUSALITY_CAVEAT

    def __repr__(self):
        f = self.fit
        return (f"ChainSEMResult({len(self.paths)} paths, n = {f['n']}; chi2 = {f['chi2']:.2f} on {f['dof']} df, "
                f"p = {f['p_value']:.3f}; CFI = {f['CFI']:.3f}; RMSEA = {f['RMSEA']:.3f})")


def _fit_indices(chi2, dof, chi2_base, dof_base, n):
    gap, gap_base = max(chi2 - dof, 0.0), max(chi2_base - dof_base, 0.0)
    denominator = max(gap, gap_base)
    cfi = 1.0 if denominator == 0 else 1.0 - gap / denominator
    tli = (chi2_base / dof_base - chi2 / dof) / (chi2_base / dof_base - 1) if dof > 0 and chi2_base > dof_base \
        else 1.0
    rmsea = float(np.sqrt(gap / (dof * (n - 1)))) if dof > 0 else 0.0
    p_value = float(stats.chi2.sf(chi2, dof)) if dof > 0 else 1.0
    return {"chi2": float(chi2), "dof": int(dof), "p_value": p_value, "CFI": float(cfi), "TLI": float(tli),
            "RMSEA": rmsea, "n": int(n), "good_fit": bool(cfi >= GOOD_FIT["CFI"] and rmsea <= GOOD_FIT["RMSEA"])}


def fit_chain_sem(units, links=None, level=0.95):
    """Fit the chain as one path model and report its standardised paths and fit indices.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit with every metric of the chain.
    links : dict, optional
        ``{outcome: predictors}``; default :data:`~.service_profit_chain.HESKETT_LINKS`.
    level : float
        Coverage of the path intervals (Wald, from semopy's standard errors).

    Returns
    -------
    ChainSEMResult

    Raises
    ------
    ModelFitError
        When the optimiser fails.
    """
    level = check_level(level)
    spec = validate_links(HESKETT_LINKS if links is None else links)
    variables = list(dict.fromkeys([v for o, p in spec.items() for v in (*p, o)]))
    z, _ = standardise(units, variables)
    description = "\n".join(f"{outcome} ~ {' + '.join(predictors)}" for outcome, predictors in spec.items())
    model = semopy.Model(description)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # semopy's optimiser chatter; success is checked below
        outcome = model.fit(z)
        if not getattr(outcome, "success", True):
            raise ModelFitError(f"The path model did not converge ({outcome.message}); check the data for "
                                "near-duplicate metrics or give more units.")
        estimates = model.inspect()
        stats_ = semopy.calc_stats(model).iloc[0]
    regressions = estimates[estimates["op"] == "~"]
    q = float(stats.norm.ppf(0.5 + level / 2))
    se = pd.to_numeric(regressions["Std. Err"], errors="coerce").to_numpy(dtype=float)
    beta = regressions["Estimate"].to_numpy(dtype=float)
    paths = pd.DataFrame({"outcome": regressions["lval"].to_numpy(), "predictor": regressions["rval"].to_numpy(),
                          "beta": beta, "std_error": se, "lower": beta - q * se, "upper": beta + q * se,
                          "p_value": pd.to_numeric(regressions["p-value"], errors="coerce").to_numpy(dtype=float)})
    fit = _fit_indices(stats_["chi2"], stats_["DoF"], stats_["chi2 Baseline"], stats_["DoF Baseline"], len(z))
    return ChainSEMResult(paths.set_index(["outcome", "predictor"]), fit, description, level)
