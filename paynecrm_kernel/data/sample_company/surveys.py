"""Customer satisfaction and NPS survey of the sample company.

Generative model
----------------
One survey wave runs in the last four weeks of the history (weeks 100-104). Customers acquired before it
are invited; each responds with the segment's planted response rate. For a respondent in segment *g* who
rates their preferred channel *c*:

* loyalty ``L`` = minus the standardised (within segment) logit of the customer's true dropout
  probability, so customers who are less likely to defect are more satisfied;
* latent overall satisfaction ``S* = mu_g + 0.5 * e_c + 0.5 * L + N(0, 0.8)``; ``satisfaction`` is
  ``S*`` rounded and clipped to the 1-7 scale;
* ``channel_satisfaction`` = ``mu_g + e_c + N(0, 0.9)`` rounded and clipped to 1-7;
* ``nps`` (likelihood to recommend, 0-10) = ``5.5 + 1.6 * (S* - 4) + N(0, 1.2)`` rounded and clipped.

``mu_g`` is ``SEGMENTS[g]["satisfaction_mean"]`` and ``e_c`` is ``CHANNEL_SATISFACTION_EFFECT[c]``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P
from .transactions import weeks_to_timestamp

__all__ = ["generate_surveys"]


def generate_surveys(rng, customers, latent, acquisition_week):
    """Draw the survey responses.

    Parameters
    ----------
    rng : numpy.random.Generator
    customers, latent : pandas.DataFrame
        From :mod:`.customers` and :mod:`.transactions` (same row order).
    acquisition_week : numpy.ndarray
        Weeks from the start of the history to each customer's first purchase.

    Returns
    -------
    pandas.DataFrame
        ``customer_id, segment, survey_date, rated_channel, satisfaction, channel_satisfaction, nps``.
    """
    s = P.SURVEY
    seg = customers["segment"].to_numpy()
    logit = np.log(latent["dropout_probability"] / (1.0 - latent["dropout_probability"]))
    loyalty = -logit.groupby(seg).transform(lambda x: (x - x.mean()) / x.std(ddof=0)).to_numpy()
    start, end = s["wave_weeks"]
    response = P.lookup(seg, {k: v["survey_response"] for k, v in P.SEGMENTS.items()})
    responds = (np.asarray(acquisition_week) < start) & (rng.random(seg.size) < response)
    idx = np.flatnonzero(responds)

    mu = P.lookup(seg[idx], {k: v["satisfaction_mean"] for k, v in P.SEGMENTS.items()})
    channel = customers["preferred_channel"].to_numpy()[idx]
    effect = P.lookup(channel, P.CHANNEL_SATISFACTION_EFFECT)
    overall = (mu + s["channel_effect_in_overall"] * effect + s["loyalty_loading"] * loyalty[idx]
               + rng.normal(0.0, s["noise_sd"], idx.size))
    channel_latent = mu + effect + rng.normal(0.0, s["channel_noise_sd"], idx.size)
    nps = s["nps_intercept"] + s["nps_slope"] * (overall - s["nps_centre"]) + rng.normal(
        0.0, s["nps_noise_sd"], idx.size)
    when = start + rng.random(idx.size) * (end - start)
    return pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy()[idx],
        "segment": seg[idx],
        "survey_date": weeks_to_timestamp(when).normalize(),
        "rated_channel": channel,
        "satisfaction": np.clip(np.round(overall), 1, 7).astype("int64"),
        "channel_satisfaction": np.clip(np.round(channel_latent), 1, 7).astype("int64"),
        "nps": np.clip(np.round(nps), 0, 10).astype("int64"),
    })
