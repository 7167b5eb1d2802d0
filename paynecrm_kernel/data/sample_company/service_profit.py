"""Store-level employee and customer metrics with a planted service-profit chain (Heskett et al. 1994).

Generative model
----------------
Eight standardised variables are drawn in causal order; each endogenous variable is a linear function of
its parents with the planted standardised coefficients of ``_params.SERVICE_PROFIT_CHAIN`` plus normal
noise whose variance makes its population variance exactly 1 (computed from the implied covariance of the
parents). So the population standardised OLS coefficients of each link equal the planted ones:

    internal service quality -> employee satisfaction            0.55
    employee satisfaction    -> employee turnover                -0.50
    employee satisfaction, turnover -> service quality            0.35, -0.30
    service quality          -> customer satisfaction             0.60
    customer satisfaction    -> customer retention                0.50
    customer retention       -> revenue growth                    0.45
    customer retention, revenue growth -> profit                  0.40, 0.30

Each variable is then reported on a familiar scale (``UNIT_SCALES``: mean + sd * z, rounded): scores on
1-7, turnover and retention in percent per year, service quality as a 0-100 mystery-shopping score,
revenue growth in percent, profit in thousands of dollars. Linear rescaling leaves standardised
coefficients unchanged. The relations are associations planted for teaching: the data say nothing about
causality.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P

__all__ = ["ORDER", "generate_employee_units", "implied_correlation"]

ORDER = ("internal_service_quality", "employee_satisfaction", "employee_turnover", "service_quality",
         "customer_satisfaction", "customer_retention", "revenue_growth", "profit")


def generate_employee_units(rng, n_units):
    """Draw ``n_units`` stores.

    Parameters
    ----------
    rng : numpy.random.Generator
    n_units : int

    Returns
    -------
    pandas.DataFrame
        ``unit_id, unit_name, region`` and the eight metrics of :data:`ORDER`.
    """
    corr = implied_correlation().to_numpy()
    z = np.zeros((n_units, len(ORDER)))
    z[:, 0] = rng.standard_normal(n_units)
    for j in range(1, len(ORDER)):
        links = P.SERVICE_PROFIT_CHAIN[ORDER[j]]
        parents = [ORDER.index(name) for name in links]
        beta = np.array(list(links.values()))
        explained = beta @ corr[np.ix_(parents, parents)] @ beta
        z[:, j] = z[:, parents] @ beta + rng.normal(0.0, np.sqrt(1.0 - explained), n_units)
    region = np.asarray(P.REGIONS)[rng.choice(len(P.REGIONS), size=n_units, p=P.REGION_SHARES)]
    frame = pd.DataFrame({"unit_id": [f"S{i:03d}" for i in range(1, n_units + 1)],
                          "unit_name": [f"Store {i} ({r})" for i, r in zip(range(1, n_units + 1), region)],
                          "region": region})
    for j, name in enumerate(ORDER):
        mean, sd, decimals = P.UNIT_SCALES[name]
        frame[name] = np.round(mean + sd * z[:, j], decimals)
    return frame


def implied_correlation():
    """Return the population correlation matrix implied by the planted chain, as a DataFrame."""
    k = len(ORDER)
    cov = np.eye(k)
    for j in range(1, k):
        links = P.SERVICE_PROFIT_CHAIN[ORDER[j]]
        parents = [ORDER.index(name) for name in links]
        beta = np.array(list(links.values()))
        cov[j, :j] = beta @ cov[np.ix_(parents, range(j))]
        cov[:j, j] = cov[j, :j]
    return pd.DataFrame(cov, index=list(ORDER), columns=list(ORDER))
