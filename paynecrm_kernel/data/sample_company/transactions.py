"""Purchases of the sample company, from a planted BG/NBD + Gamma-Gamma process per segment.

Generative model (time unit: weeks; Fader, Hardie & Lee 2005a, 2005b)
-------------------------------------------------------------------------
For customer *i* in segment *g*, acquired (first purchase) at week ``t0_i`` and observed until the end of
the history, ``T_i = 104 - t0_i`` weeks later:

* purchase rate ``lambda_i ~ Gamma(shape r_g, rate alpha_g)`` per week;
* dropout probability ``p_i ~ Beta(a_g, b_g)``: after each *repeat* purchase the customer becomes inactive
  for good with probability ``p_i``, so the number of repeat purchases made before dropping out is
  ``K_i ~ Geometric(p_i)`` on 1, 2, ...;
* while active, repeat purchases arrive as a Poisson process with rate ``lambda_i``: given
  ``N_i ~ Poisson(lambda_i T_i)`` arrivals in ``(0, T_i]`` their times are sorted uniforms, and the
  customer makes the first ``x_i = min(N_i, K_i)`` of them. The customer is still active at the end
  exactly when ``N_i < K_i``;
* spend: ``nu_i ~ Gamma(shape q_g, rate v_g)`` and every purchase (the first one too) has value
  ``z ~ Gamma(shape p_g, rate nu_i)``, rounded to cents (at least $0.01), so the expected spend of
  segment *g* is ``p_g v_g / (q_g - 1)``.

Purchases are placed in calendar time between 08:00 and 20:00 by an order-preserving map of each day.
The channel of a purchase is the customer's preferred channel with probability 0.6, otherwise a draw
from the segment's channel mix.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P

__all__ = ["generate_transactions", "weeks_to_timestamp"]

PREFERRED_CHANNEL_PROBABILITY = 0.6


def weeks_to_timestamp(weeks):
    """Map continuous weeks since the start of the history to shop-hours timestamps (minute precision).

    The day is kept; the fraction of the day is mapped linearly onto 08:00-20:00, which keeps the order
    of events within a day.
    """
    days = np.asarray(weeks, dtype=float) * 7.0
    whole = np.floor(days)
    minutes = np.round(8 * 60 + (days - whole) * 12 * 60)
    return (P.START + pd.to_timedelta(whole, unit="D") + pd.to_timedelta(minutes, unit="m")).astype(
        "datetime64[ns]")


def generate_transactions(rng, customers, acquisition_week):
    """Draw every purchase of every customer.

    Parameters
    ----------
    rng : numpy.random.Generator
    customers : pandas.DataFrame
        From :func:`~.customers.generate_customers` (needs ``segment`` and ``preferred_channel``).
    acquisition_week : numpy.ndarray
        Weeks from the start of the history to each customer's first purchase.

    Returns
    -------
    transactions : pandas.DataFrame
        ``transaction_id, customer_id, date, amount, channel``, sorted by date.
    latent : pandas.DataFrame
        The true per-customer quantities: ``customer_id, segment, purchase_rate`` (per week),
        ``dropout_probability, spend_rate`` (nu), ``expected_spend`` (p / nu), ``repeat_purchases``,
        ``observation_weeks`` (T), ``active_at_end`` and ``dropout_date`` (NaT while active).
    """
    seg = customers["segment"].to_numpy()
    n = len(seg)
    r, alpha = P.segment_values(seg, "bgnbd", "r"), P.segment_values(seg, "bgnbd", "alpha")
    a, b = P.segment_values(seg, "bgnbd", "a"), P.segment_values(seg, "bgnbd", "b")
    shape_p = P.segment_values(seg, "gamma_gamma", "p")
    q, v = P.segment_values(seg, "gamma_gamma", "q"), P.segment_values(seg, "gamma_gamma", "v")

    lam = rng.gamma(r, 1.0 / alpha)
    drop = rng.beta(a, b)
    nu = rng.gamma(q, 1.0 / v)
    t_obs = P.HISTORY_WEEKS - np.asarray(acquisition_week, dtype=float)
    n_arrivals = rng.poisson(lam * t_obs)
    k_before_dropout = rng.geometric(drop)
    x = np.minimum(n_arrivals, k_before_dropout)

    owner = np.repeat(np.arange(n), n_arrivals)
    offsets = rng.random(owner.size) * t_obs[owner]
    order = np.lexsort((offsets, owner))
    owner, offsets = owner[order], offsets[order]
    rank = np.arange(owner.size) - np.repeat(np.cumsum(n_arrivals) - n_arrivals, n_arrivals)
    keep = rank < x[owner]
    owner, offsets = owner[keep], offsets[keep]

    active = n_arrivals < k_before_dropout
    last = np.zeros(n)
    if owner.size:
        last[owner] = offsets  # offsets are sorted within customer, so the last write is the x-th purchase
    dropout = np.where(active, np.nan, acquisition_week + last)

    buyer = np.concatenate([np.arange(n), owner])
    when = np.concatenate([acquisition_week, acquisition_week[owner] + offsets])
    amount = np.maximum(np.round(rng.gamma(shape_p[buyer], 1.0 / nu[buyer]), 2), 0.01)
    channel = _purchase_channels(rng, customers, buyer)

    sort = np.lexsort((buyer, when))
    transactions = pd.DataFrame({
        "transaction_id": np.arange(1, buyer.size + 1, dtype="int64"),
        "customer_id": customers["customer_id"].to_numpy()[buyer[sort]],
        "date": weeks_to_timestamp(when[sort]),
        "amount": amount[sort],
        "channel": channel[sort],
    })
    latent = pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy(),
        "segment": seg,
        "purchase_rate": lam,
        "dropout_probability": drop,
        "spend_rate": nu,
        "expected_spend": shape_p / nu,
        "repeat_purchases": x.astype("int64"),
        "observation_weeks": t_obs,
        "active_at_end": active,
        "dropout_date": pd.Series(weeks_to_timestamp(np.nan_to_num(dropout))).where(~active),
    })
    return transactions, latent


def _purchase_channels(rng, customers, buyer):
    keys = list(P.SEGMENTS)
    mix = np.vstack([P.SEGMENTS[k]["channel_mix"] for k in keys])
    seg_index = P.lookup(customers["segment"].to_numpy()[buyer], {k: i for i, k in enumerate(keys)})
    cum = np.cumsum(mix / mix.sum(axis=1, keepdims=True), axis=1)[seg_index]
    drawn = np.minimum((rng.random(buyer.size)[:, None] > cum).sum(axis=1), len(P.CHANNEL_KEYS) - 1)
    preferred = P.lookup(customers["preferred_channel"].to_numpy(),
                         {c: i for i, c in enumerate(P.CHANNEL_KEYS)})
    use_preferred = rng.random(buyer.size) < PREFERRED_CHANNEL_PROBABILITY
    return np.asarray(P.CHANNEL_KEYS)[np.where(use_preferred, preferred[buyer], drawn)]
