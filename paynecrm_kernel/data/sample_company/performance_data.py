"""Store survey waves and next-year store growth for the performance-assessment chapter.

Generative model (the workbook's own; planted values in :data:`PERFORMANCE_TRUTH`)
--------------------------------------------------------------------------------
The sample company's stores (``employee_units``) each carry a standardised customer-satisfaction level
``z_s`` (their ``customer_satisfaction`` column in z-scores). Two survey waves ask customers of every store
the overall-satisfaction and the recommendation questions: wave 1 in 2024-Q2, wave 2 in 2024-Q4. Each
respondent is a customer of the company drawn at random, with their segment ``g`` and preferred channel
``c``, and answers

* latent satisfaction ``S* = mu_g + 0.5 e_c + 0.6 z_s + delta_w + N(0, 0.8^2)``, with ``delta_w`` = 0 in
  wave 1 and +0.25 in wave 2 (a planted company-wide improvement);
* ``satisfaction`` = ``S*`` rounded and clipped to 1-7;
* ``nps`` (likelihood to recommend) = ``5.5 + 1.6 (S* - 4) + N(0, 1.2^2)`` rounded and clipped to 0-10, as in
  the customer survey (``surveys.py``).

Next-year revenue growth of each store is ``4 + 3 z_g`` per cent with
``z_g = 0.5 z_s + sqrt(1 - 0.25) N(0, 1)``: growth goes with the store's satisfaction *level*, and the NPS
carries no information of its own beyond satisfaction. So, as Keiningham et al. (2007) found across firms,
the NPS should not track growth better than satisfaction does.

``financials`` is a fictional balance-sheet summary at the end of the history (market capitalisation, debt,
cash and other non-operating assets, in dollars) for comparing customer equity with firm value.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P

__all__ = ["FINANCIALS", "PERFORMANCE_TRUTH", "performance_data"]

#: The planted values of the store survey and store growth.
PERFORMANCE_TRUTH = {
    "waves": {1: "2024-Q2", 2: "2024-Q4"},
    "wave_shift": {1: 0.0, 2: 0.25},
    "store_loading": 0.6,
    "channel_loading": 0.5,
    "noise_sd": 0.8,
    "growth_on_satisfaction": 0.5,
    "growth_scale": (4.0, 3.0),
}

#: Fictional balance-sheet figures of Hearth & Home on 2024-12-30, in dollars.
FINANCIALS = {"market_capitalisation": 1_450_000.0, "debt": 420_000.0, "non_operating_assets": 95_000.0,
              "as_of": "2024-12-30"}


def performance_data(company, *, respondents_per_store=40, seed=None):
    """Draw the store survey waves and next-year store growth of a sample company.

    Parameters
    ----------
    company : SampleCompany
        From :func:`~.company.sample_company`; its stores, customers and seed are used.
    respondents_per_store : int
        Respondents per store and wave.
    seed : int, optional
        Seed of this draw (default: derived from the company's seed, so the same company always gives the
        same data).

    Returns
    -------
    dict
        ``store_surveys`` (``unit_id, wave, wave_label, customer_id, segment, rated_channel, satisfaction,
        nps``), ``store_growth`` (``unit_id, satisfaction_level, next_year_growth``), ``financials`` (a copy
        of :data:`FINANCIALS`) and ``truth``.
    """
    n = int(respondents_per_store)
    if n < 1:
        raise ValueError(f"respondents_per_store must be at least 1, not {respondents_per_store!r}.")
    truth = {**PERFORMANCE_TRUTH, "respondents_per_store": n}
    rng = np.random.default_rng([company.seed, 15] if seed is None else seed)
    units = company.employee_units
    level = units["customer_satisfaction"].to_numpy(dtype=float)
    z_store = (level - level.mean()) / level.std(ddof=1)
    customers = company.customers
    survey = P.SURVEY
    frames = []
    for wave, label in truth["waves"].items():
        picks = rng.integers(0, len(customers), size=(len(units), n)).ravel()
        segment = customers["segment"].to_numpy()[picks]
        channel = customers["preferred_channel"].to_numpy()[picks]
        store = np.repeat(np.arange(len(units)), n)
        latent = (P.lookup(segment, {k: v["satisfaction_mean"] for k, v in P.SEGMENTS.items()})
                  + truth["channel_loading"] * P.lookup(channel, P.CHANNEL_SATISFACTION_EFFECT)
                  + truth["store_loading"] * z_store[store] + truth["wave_shift"][wave]
                  + rng.normal(0.0, truth["noise_sd"], store.size))
        recommend = (survey["nps_intercept"] + survey["nps_slope"] * (latent - survey["nps_centre"])
                     + rng.normal(0.0, survey["nps_noise_sd"], store.size))
        frames.append(pd.DataFrame({
            "unit_id": units["unit_id"].to_numpy()[store], "wave": wave, "wave_label": label,
            "customer_id": customers["customer_id"].to_numpy()[picks], "segment": segment,
            "rated_channel": channel,
            "satisfaction": np.clip(np.round(latent), 1, 7).astype("int64"),
            "nps": np.clip(np.round(recommend), 0, 10).astype("int64")}))
    beta = truth["growth_on_satisfaction"]
    z_growth = beta * z_store + np.sqrt(1 - beta ** 2) * rng.standard_normal(len(units))
    mean, sd = truth["growth_scale"]
    growth = pd.DataFrame({"unit_id": units["unit_id"].to_numpy(), "satisfaction_level": level,
                           "next_year_growth": np.round(mean + sd * z_growth, 2)})
    return {"store_surveys": pd.concat(frames, ignore_index=True), "store_growth": growth,
            "financials": dict(FINANCIALS), "truth": truth}
