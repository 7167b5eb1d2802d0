"""Customers and acquisition campaigns of the sample company.

Generative model
----------------
1. Each customer's segment is drawn with the planted shares (``_params.SEGMENTS[...]["share"]``); the
   "trade" segment holds the business accounts, the others are consumers.
2. Twenty acquisition campaigns run at evenly spaced start weeks over the two years, 4-8 weeks each, cycling
   through the six channel categories. A customer is "organic" (no campaign) with probability
   ``ORGANIC_SHARE``; otherwise the campaign is drawn with weights ``channel_mix[segment][campaign channel]
   + 0.02`` (0 where the segment never uses that channel), so trade accounts come mostly from sales-force
   campaigns and consumers never do.
3. The acquisition time (the first purchase) is uniform within the campaign's window, or over the whole
   history for organic customers; it is the timestamp of the first purchase in the
   transactions. Customer ids (1, 2, ...) follow the acquisition order.
4. Campaign cost = customers acquired x the true CAC of its channel (``CAMPAIGN_CAC``) x a log-normal
   error with standard deviation ``CAMPAIGN_COST_NOISE_SD``, rounded to $100.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P
from .transactions import weeks_to_timestamp

__all__ = ["generate_customers"]

_CAMPAIGN_CYCLE = ("catalogue", "web", "stores", "app", "sales_force", "call_centre", "web", "catalogue",
                   "app", "stores")
_SEASONS = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Spring", 4: "Spring", 5: "Spring", 6: "Summer",
            7: "Summer", 8: "Summer", 9: "Autumn", 10: "Autumn", 11: "Autumn"}


def _campaign_plan(rng):
    n = P.N_CAMPAIGNS
    channels = np.array([_CAMPAIGN_CYCLE[i % len(_CAMPAIGN_CYCLE)] for i in range(n)])
    start = np.round(np.linspace(1.0, 94.0, n), 1)
    duration = rng.integers(4, 9, size=n).astype(float)
    return channels, start, duration


def generate_customers(rng, n_customers):
    """Draw the customers and campaigns.

    Parameters
    ----------
    rng : numpy.random.Generator
    n_customers : int

    Returns
    -------
    customers : pandas.DataFrame
        One row per customer, ordered by acquisition (see the module docstring for columns).
    campaigns : pandas.DataFrame
        One row per acquisition campaign.
    acquisition_week : numpy.ndarray
        Weeks from the start of the history to each customer's first purchase (customer order).
    """
    keys = np.array(list(P.SEGMENTS))
    shares = np.array([P.SEGMENTS[k]["share"] for k in keys])
    segment = keys[rng.choice(len(keys), size=n_customers, p=shares / shares.sum())]
    channels, start, duration = _campaign_plan(rng)
    chan_index = np.array([P.CHANNEL_KEYS.index(c) for c in channels])

    campaign = np.full(n_customers, -1)
    organic = rng.random(n_customers) < P.ORGANIC_SHARE
    for key in keys:
        members = np.flatnonzero((segment == key) & ~organic)
        mix = np.asarray(P.SEGMENTS[key]["channel_mix"])[chan_index]
        weights = np.where(mix > 0, mix + 0.02, 0.0)
        campaign[members] = rng.choice(len(channels), size=members.size, p=weights / weights.sum())

    week = np.where(campaign >= 0,
                    start[np.maximum(campaign, 0)] + rng.random(n_customers) * duration[np.maximum(campaign, 0)],
                    rng.random(n_customers) * (P.HISTORY_WEEKS - 0.5))
    mix = np.vstack([P.SEGMENTS[k]["channel_mix"] for k in keys])
    seg_index = P.lookup(segment, {k: i for i, k in enumerate(keys)})
    drawn_channel = _draw_rows(rng, mix[seg_index])
    acquisition_channel = np.where(campaign >= 0, chan_index[np.maximum(campaign, 0)], drawn_channel)
    preferred = np.where(rng.random(n_customers) < 0.5, acquisition_channel, _draw_rows(rng, mix[seg_index]))
    region = np.asarray(P.REGIONS)[rng.choice(len(P.REGIONS), size=n_customers, p=P.REGION_SHARES)]

    order = np.argsort(week, kind="stable")
    chan_names = np.asarray(P.CHANNEL_KEYS)
    campaign_ids = np.array([f"C{i + 1:02d}" for i in range(len(channels))])
    business = P.lookup(segment, {k: v["business"] for k, v in P.SEGMENTS.items()})
    customers = pd.DataFrame({
        "customer_id": np.arange(1, n_customers + 1, dtype="int64"),
        "segment": segment[order],
        "segment_label": P.lookup(segment[order], {k: v["label"] for k, v in P.SEGMENTS.items()}),
        "customer_type": np.where(business[order], "business", "consumer"),
        "region": region[order],
        "acquisition_date": weeks_to_timestamp(week[order]),
        "acquisition_channel": chan_names[acquisition_channel[order]],
        "acquisition_campaign": pd.array(np.where(campaign[order] >= 0,
                                                  campaign_ids[np.maximum(campaign[order], 0)], None),
                                         dtype="string"),
        "preferred_channel": chan_names[preferred[order]],
    })
    campaigns = _campaign_table(rng, campaign_ids, channels, start, duration, campaign, segment)
    return customers, campaigns, week[order]


def _draw_rows(rng, probs):
    """Draw one column index per row of a row-stochastic matrix (vectorised inverse CDF)."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    return np.minimum((rng.random(len(probs))[:, None] > cum).sum(axis=1), probs.shape[1] - 1)


def _campaign_table(rng, ids, channels, start, duration, campaign, segment):
    n = len(ids)
    acquired = np.bincount(campaign[campaign >= 0], minlength=n)
    cac = np.array([P.CAMPAIGN_CAC[c] for c in channels])
    noise = np.exp(rng.normal(0.0, P.CAMPAIGN_COST_NOISE_SD, size=n))
    cost = np.round(np.maximum(acquired, 1) * cac * noise, -2)
    target = []
    for i in range(n):
        segs, counts = np.unique(segment[campaign == i], return_counts=True)
        target.append(segs[np.argmax(counts)] if counts.size else "")
    start_date = P.START + pd.to_timedelta(np.round(start * 7), unit="D")
    end_date = P.START + pd.to_timedelta(np.round((start + duration) * 7) - 1, unit="D")
    names = [f"{_SEASONS[d.month]} {d.year}: {P.CHANNELS[c]['label']}"
             for d, c in zip(start_date, channels)]
    return pd.DataFrame({
        "campaign_id": ids,
        "name": names,
        "channel": channels,
        "start_date": start_date.astype("datetime64[ns]"),
        "end_date": end_date.astype("datetime64[ns]"),
        "target_segment": target,
        "cost": cost,
        "customers_acquired": acquired.astype("int64"),
        "cost_per_acquisition": np.round(cost / np.maximum(acquired, 1), 2),
    })
