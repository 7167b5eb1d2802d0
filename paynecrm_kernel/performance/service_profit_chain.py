"""The service-profit chain estimated link by link on unit data (stores, branches), with standardised OLS.

Heskett, Jones, Loveman, Sasser & Schlesinger (1994) describe a chain: internal service quality goes with
employee satisfaction, which goes with lower turnover, better service, more satisfied and loyal customers,
growth and profit. Payne & Frow's shareholder results (employee value, customer value, shareholder value)
follow the same logic. Each link is a regression of a variable on its predecessors, all variables
standardised (z-scores), so a coefficient reads "a unit one standard deviation higher on the predictor has
an outcome this many standard deviations higher, the other predictors held equal"; Kamakura, Mittal, de
Rosa & Mazzon (2002) estimate such a chain on 500+ bank branches.

**Associations, not causes.** The coefficients describe how the metrics go together across units. They do
not show that raising one metric would move the next: units differ in ways the data do not record, and the
arrows could run the other way (profitable stores can afford better internal service). The chain effect and
the what-if projections below are read in that spirit.

The chain effect of a path is the product of its standardised coefficients; the total effect of a variable
on a later one sums that product over every path between them (path tracing in a recursive model).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from ..errors import DataValidationError
from ._checks import check_level, check_number, numeric_column, require_frame

__all__ = ["CHAIN_METRICS", "HESKETT_LINKS", "ServiceProfitChainResult", "estimate_chain", "validate_links",
           "standardise"]

#: The links of the chain (outcome: its predictors), in the order of Heskett et al.'s propositions and with
#: the column names of the sample company's ``employee_units`` table.
HESKETT_LINKS = {
    "employee_satisfaction": ("internal_service_quality",),
    "employee_turnover": ("employee_satisfaction",),
    "service_quality": ("employee_satisfaction", "employee_turnover"),
    "customer_satisfaction": ("service_quality",),
    "customer_retention": ("customer_satisfaction",),
    "revenue_growth": ("customer_retention",),
    "profit": ("customer_retention", "revenue_growth"),
}

#: Display name of each metric of the sample company's store table (the chain's variables), and the unit in
#: which a difference in it reads.
CHAIN_METRICS = {
    "internal_service_quality": ("Internal service quality", "points on its 1-7 scale"),
    "employee_satisfaction": ("Employee satisfaction", "points on its 1-7 scale"),
    "employee_turnover": ("Employee turnover", "percentage points a year"),
    "service_quality": ("Service quality", "points on its 0-100 mystery-shopping scale"),
    "customer_satisfaction": ("Customer satisfaction", "points on its 1-7 scale"),
    "customer_retention": ("Customer retention", "percentage points a year"),
    "revenue_growth": ("Revenue growth", "percentage points a year"),
    "profit": ("Profit", "$ thousand a year"),
}

CAUSALITY_CAVEAT = ("Associations across units, not causes: the data cannot show that changing one metric "
                    "would move the next.")


def validate_links(links):
    """Check a chain specification and return it as ``{outcome: tuple of predictors}`` in causal order.

    Raises
    ------
    DataValidationError
        For an empty specification, a link without predictors, a variable predicting itself, or a cycle.
    """
    if not isinstance(links, dict) or not links:
        raise DataValidationError("Give the chain as a dict {outcome: [predictors]}, e.g. HESKETT_LINKS.")
    spec = {}
    for outcome, predictors in links.items():
        predictors = (predictors,) if isinstance(predictors, str) else tuple(predictors)
        if not predictors:
            raise DataValidationError(f"The link to '{outcome}' has no predictor; name at least one.")
        if outcome in predictors:
            raise DataValidationError(f"'{outcome}' cannot predict itself; remove it from its predictors.")
        spec[str(outcome)] = predictors
    ordered, placed = {}, set(v for p in spec.values() for v in p) - set(spec)
    while len(ordered) < len(spec):
        ready = [o for o in spec if o not in ordered and set(spec[o]) <= placed]
        if not ready:
            stuck = sorted(set(spec) - set(ordered))
            raise DataValidationError(f"The links form a cycle among {stuck}; a chain must run one way "
                                      "(a recursive model). Remove one of the arrows.")
        for outcome in ready:
            ordered[outcome] = spec[outcome]
            placed.add(outcome)
    return ordered


def standardise(units, variables, what="unit data"):
    """z-scores (sample standard deviation) of ``variables``; returns the frame and the means and SDs."""
    require_frame(units, list(variables), what)
    raw = pd.DataFrame({v: numeric_column(units, v, what) for v in variables}, index=units.index)
    sd = raw.std(ddof=1)
    flat = sd.index[~(sd > 0)].tolist()
    if flat:
        raise DataValidationError(f"Column(s) {flat} do not vary across units, so they cannot be standardised; "
                                  "leave them out of the chain.", column=flat[0])
    if len(raw) < 2 * len(variables) and len(raw) < 30:
        raise DataValidationError(f"{len(raw)} units are too few to estimate a chain of {len(variables)} "
                                  "metrics; give at least 30 units.")
    scales = pd.DataFrame({"mean": raw.mean(), "sd": sd})
    return (raw - scales["mean"]) / scales["sd"], scales


@dataclass(frozen=True, repr=False)
class ServiceProfitChainResult:
    """Standardised link estimates of a service-profit chain.

    Attributes
    ----------
    links : pandas.DataFrame
        One row per (outcome, predictor): ``beta`` (standardised), ``std_error``, ``lower``, ``upper``,
        ``p_value``, and the link's ``r_squared`` and ``n``.
    spec : dict
        ``{outcome: predictors}`` in causal order.
    scales : pandas.DataFrame
        Mean and standard deviation of every variable in its own unit (for what-if projections).
    level : float
        Coverage of the intervals.
    caveat : str
        The causality caveat to show beside any figure.
    """

    links: pd.DataFrame
    spec: dict
    scales: pd.DataFrame
    level: float
    caveat: str = CAUSALITY_CAVEAT

    def __repr__(self):
        return (f"ServiceProfitChainResult({len(self.spec)} links, {int(self.links['n'].iloc[0])} units; "
                f"weakest: {' -> '.join(self.weakest_link()[['predictor', 'outcome']])})")

    def beta(self, predictor, outcome):
        """Standardised coefficient of ``predictor`` in the link to ``outcome``."""
        try:
            return float(self.links.loc[(outcome, predictor), "beta"])
        except KeyError:
            raise DataValidationError(f"There is no link {predictor} -> {outcome}; links: "
                                      f"{[f'{p} -> {o}' for o, p in self.links.index]}.") from None

    def chain_effect(self, path, *, n_draws=20_000, seed=1994):
        """Product of the standardised coefficients along ``path`` (a list of variables), with an interval.

        The interval comes from ``n_draws`` normal draws of each coefficient (estimates of different
        equations of a recursive model are independent in large samples), percentile at ``level``.

        Returns
        -------
        dict
            ``effect``, ``lower``, ``upper``, ``path``.
        """
        path = list(path)
        if len(path) < 2:
            raise DataValidationError("A path needs at least two variables, e.g. ['employee_satisfaction', "
                                      "'service_quality', 'customer_satisfaction'].")
        pairs = list(zip(path[:-1], path[1:]))
        rows = [self.links.loc[(o, p)] if (o, p) in self.links.index else None for p, o in pairs]
        missing = [f"{p} -> {o}" for (p, o), row in zip(pairs, rows) if row is None]
        if missing:
            raise DataValidationError(f"The path uses link(s) {missing} that the chain does not have.")
        betas = np.array([row["beta"] for row in rows])
        draws = np.random.default_rng(seed).normal(betas, [row["std_error"] for row in rows],
                                                   size=(n_draws, len(rows))).prod(axis=1)
        tail = (1 - self.level) / 2
        return {"effect": float(betas.prod()), "lower": float(np.quantile(draws, tail)),
                "upper": float(np.quantile(draws, 1 - tail)), "path": path}

    def total_effects(self, source):
        """Total standardised effect of ``source`` on every variable after it (sum over all paths)."""
        if source not in self.scales.index:
            raise DataValidationError(f"'{source}' is not in the chain; variables: {list(self.scales.index)}.")
        effect = {source: 1.0}
        for outcome, predictors in self.spec.items():
            total = sum(effect.get(p, 0.0) * self.beta(p, outcome) for p in predictors)
            if any(p in effect for p in predictors):
                effect[outcome] = total
        effect.pop(source)
        return pd.Series(effect, name=f"effect of +1 SD {source}", dtype=float)

    def what_if(self, source, change_sd=1.0):
        """Projected change in every later metric when ``source`` is ``change_sd`` standard deviations higher.

        Returns
        -------
        pandas.DataFrame
            ``change_sd`` and ``change`` (in the metric's own unit) per downstream metric. These are the
            differences the chain's associations imply between otherwise similar units, not a forecast of
            what an intervention would do.
        """
        change_sd = check_number("The change", change_sd, -10, 10)
        effects = self.total_effects(source) * change_sd
        table = pd.DataFrame({"change_sd": effects, "change": effects * self.scales.loc[effects.index, "sd"]})
        table.attrs["caveat"] = self.caveat
        return table

    def weakest_link(self):
        """The link with the smallest absolute standardised coefficient.

        Returns
        -------
        pandas.Series
            ``outcome``, ``predictor``, the link's estimates and ``includes_zero`` (whether its interval
            includes 0, i.e. the data cannot tell the association from none).
        """
        position = int(np.argmin(self.links["beta"].abs().to_numpy()))
        outcome, predictor = self.links.index[position]
        row = self.links.iloc[position]
        return pd.concat([pd.Series({"outcome": outcome, "predictor": predictor}, dtype=object),
                          row.astype(object),
                          pd.Series({"includes_zero": bool(row["lower"] <= 0 <= row["upper"])}, dtype=object)])


def estimate_chain(units, links=None, level=0.95):
    """Estimate every link of a service-profit chain by standardised OLS (statsmodels).

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit (store, branch) with every metric of the chain.
    links : dict, optional
        ``{outcome: predictors}``; default :data:`HESKETT_LINKS`.
    level : float
        Coverage of the coefficient intervals.

    Returns
    -------
    ServiceProfitChainResult
        Associations across units, not causal effects (see the module docstring).
    """
    level = check_level(level)
    spec = validate_links(HESKETT_LINKS if links is None else links)
    variables = list(dict.fromkeys([v for o, p in spec.items() for v in (*p, o)]))
    z, scales = standardise(units, variables)
    rows = []
    for outcome, predictors in spec.items():
        fit = sm.OLS(z[outcome].to_numpy(), sm.add_constant(z[list(predictors)].to_numpy())).fit()
        ci = fit.conf_int(alpha=1 - level)
        for j, predictor in enumerate(predictors, start=1):
            rows.append({"outcome": outcome, "predictor": predictor, "beta": float(fit.params[j]),
                         "std_error": float(fit.bse[j]), "lower": float(ci[j, 0]), "upper": float(ci[j, 1]),
                         "p_value": float(fit.pvalues[j]), "r_squared": float(fit.rsquared), "n": int(fit.nobs)})
    table = pd.DataFrame(rows).set_index(["outcome", "predictor"])
    return ServiceProfitChainResult(table, spec, scales.loc[variables], level)

