"""The "Hearth Care" care-plan contract of the sample company, from a planted sBG model per segment.

Generative model (time unit: months; Fader & Hardie 2007)
------------------------------------------------------------
A customer takes the monthly care plan at acquisition with the segment's planted take-up rate; the
contract starts on the first day of the month after the first purchase. Each subscriber has a fixed
monthly cancellation probability ``theta ~ Beta(alpha_g, beta_g)`` and stays for ``L ~ Geometric(theta)``
months (1, 2, ...), the shifted-beta-geometric model. Observation stops on 2024-12-01, the last month
start in the history: a contract that started ``m`` months earlier is observed for ``m`` renewal points,
and is censored (still active) when ``L > m``.

``subscription_cohorts`` counts, for every segment, start month (cohort) and period ``t = 0..m``, the
contracts still active after ``t`` renewal points (``L > t``): the survivor table the sBG model is fitted
to (period 0 holds the whole cohort).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P

__all__ = ["OBSERVATION_MONTH", "generate_subscriptions"]

OBSERVATION_MONTH = pd.Timestamp("2024-12-01")


def generate_subscriptions(rng, customers):
    """Draw the care-plan contracts and their cohort survivor counts.

    Parameters
    ----------
    rng : numpy.random.Generator
    customers : pandas.DataFrame
        From :mod:`.customers` (needs ``customer_id, segment, acquisition_date``).

    Returns
    -------
    subscriptions : pandas.DataFrame
        One row per contract: ``contract_id, customer_id, segment, start_date, monthly_fee,
        months_observed, tenure_months, churned, end_date``.
    cohorts : pandas.DataFrame
        ``segment, cohort, period, active``.
    """
    seg = customers["segment"].to_numpy()
    takes = rng.random(seg.size) < P.segment_values(seg, "care_plan", "take_up")
    idx = np.flatnonzero(takes)
    seg = seg[idx]
    start = (customers["acquisition_date"].to_numpy()[idx].astype("datetime64[M]") + 1)
    observed = (np.datetime64(OBSERVATION_MONTH, "M") - start).astype("int64")
    keep = observed >= 0
    idx, seg, start, observed = idx[keep], seg[keep], start[keep], observed[keep]

    theta = rng.beta(P.segment_values(seg, "care_plan", "alpha"), P.segment_values(seg, "care_plan", "beta"))
    lifetime = rng.geometric(theta)
    churned = lifetime <= observed
    start_ts = pd.to_datetime(start.astype("datetime64[D]")).astype("datetime64[ns]")
    end = (start + np.where(churned, lifetime, 0)).astype("datetime64[D]")
    subscriptions = pd.DataFrame({
        "contract_id": np.arange(1, idx.size + 1, dtype="int64"),
        "customer_id": customers["customer_id"].to_numpy()[idx],
        "segment": seg,
        "start_date": start_ts,
        "monthly_fee": P.segment_values(seg, "care_plan", "monthly_fee"),
        "months_observed": observed,
        "tenure_months": np.minimum(lifetime, observed).astype("int64"),
        "churned": churned,
        "end_date": pd.Series(pd.to_datetime(end).astype("datetime64[ns]")).where(churned),
    })

    owner = np.repeat(np.arange(idx.size), observed + 1)
    period = np.arange(owner.size) - np.repeat(np.cumsum(observed + 1) - (observed + 1), observed + 1)
    alive = lifetime[owner] > period
    long = pd.DataFrame({"segment": seg[owner], "cohort": start_ts.to_numpy()[owner], "period": period,
                         "active": alive.astype("int64")})
    cohorts = (long.groupby(["segment", "cohort", "period"], sort=True, observed=True)["active"].sum()
               .reset_index())
    return subscriptions, cohorts
