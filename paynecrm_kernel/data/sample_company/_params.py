"""The planted truth of the Hearth & Home sample company: every parameter the generators draw from.

Nothing here is estimated; these are the "true" values that the workbook's models should recover from the
generated data. :func:`truth` returns them as one nested dict (a deep copy), and
``docs/sample-company.md`` explains each one. Time unit of the purchase process: **weeks**.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd

START = pd.Timestamp("2023-01-02")          # a Monday; first day of the trading history
HISTORY_WEEKS = 104                          # two years of history: [START, END)
END = START + pd.Timedelta(weeks=HISTORY_WEEKS)

CHANNEL_KEYS = ("sales_force", "stores", "call_centre", "catalogue", "web", "app")
STAGES = ("awareness", "evaluation", "purchase", "delivery", "after-sales")
REGIONS = ("North", "South", "East", "West", "Central")
REGION_SHARES = (0.22, 0.26, 0.18, 0.16, 0.18)

# The six channel categories of Payne & Frow (2005), ordered from physical to virtual contact.
CHANNELS = {
    "sales_force": dict(category="Sales force", label="Trade account managers",
                        examples="field account managers visiting hotels, offices and interior designers",
                        contact="physical", unit_cost=92.00, mean_minutes=55.0, identified=1.00, resolved=0.90),
    "stores": dict(category="Outlets", label="Stores and showrooms",
                   examples="24 stores and two design showrooms",
                   contact="physical", unit_cost=11.50, mean_minutes=14.0, identified=0.60, resolved=0.88),
    "call_centre": dict(category="Telephony", label="Call centre",
                        examples="order line, delivery booking and service desk",
                        contact="virtual", unit_cost=6.40, mean_minutes=7.5, identified=0.92, resolved=0.78),
    "catalogue": dict(category="Direct marketing", label="Catalogue and direct mail",
                      examples="seasonal catalogue, mail-order coupons, direct mail",
                      contact="virtual", unit_cost=2.75, mean_minutes=2.0, identified=0.75, resolved=0.70),
    "web": dict(category="E-commerce", label="Web shop and e-mail",
                examples="web shop, e-mail newsletters, live chat",
                contact="virtual", unit_cost=0.60, mean_minutes=0.8, identified=0.85, resolved=0.82),
    "app": dict(category="M-commerce", label="Mobile app and SMS",
                examples="shopping app, delivery SMS, push messages",
                contact="virtual", unit_cost=0.35, mean_minutes=0.5, identified=0.97, resolved=0.85),
}

# Four planted customer segments. bgnbd: lambda ~ Gamma(r, rate alpha) per week, dropout p ~ Beta(a, b);
# gamma_gamma: spend z ~ Gamma(p, rate nu), nu ~ Gamma(q, rate v); sbg: monthly care-plan churn
# theta ~ Beta(alpha, beta). channel_mix: shares of purchases by channel (order of CHANNEL_KEYS).
SEGMENTS = {
    "trade": dict(
        label="Trade accounts", business=True, share=0.08,
        bgnbd=dict(r=1.4, alpha=9.0, a=0.5, b=5.0),
        gamma_gamma=dict(p=3.5, q=6.0, v=620.0),
        channel_mix=(0.45, 0.05, 0.20, 0.05, 0.25, 0.00),
        care_plan=dict(take_up=0.35, monthly_fee=29.00, alpha=1.1, beta=9.0),
        satisfaction_mean=5.4, survey_response=0.35),
    "enthusiasts": dict(
        label="Home enthusiasts", business=False, share=0.22,
        bgnbd=dict(r=0.9, alpha=10.0, a=0.7, b=4.5),
        gamma_gamma=dict(p=6.0, q=5.0, v=70.0),
        channel_mix=(0.00, 0.35, 0.05, 0.10, 0.30, 0.20),
        care_plan=dict(take_up=0.30, monthly_fee=9.99, alpha=0.9, beta=6.0),
        satisfaction_mean=5.6, survey_response=0.30),
    "everyday": dict(
        label="Everyday shoppers", business=False, share=0.40,
        bgnbd=dict(r=0.55, alpha=11.0, a=0.8, b=3.2),
        gamma_gamma=dict(p=5.0, q=4.0, v=36.0),
        channel_mix=(0.00, 0.40, 0.10, 0.10, 0.30, 0.10),
        care_plan=dict(take_up=0.18, monthly_fee=9.99, alpha=1.0, beta=4.0),
        satisfaction_mean=5.0, survey_response=0.25),
    "bargain": dict(
        label="Occasional bargain hunters", business=False, share=0.30,
        bgnbd=dict(r=0.35, alpha=14.0, a=1.1, b=2.4),
        gamma_gamma=dict(p=4.0, q=7.0, v=66.0),
        channel_mix=(0.00, 0.25, 0.10, 0.25, 0.30, 0.10),
        care_plan=dict(take_up=0.10, monthly_fee=9.99, alpha=1.4, beta=3.5),
        satisfaction_mean=4.6, survey_response=0.20),
}

# Channel chains: how likely each channel is at each buying stage, before the segment's own tilt
# (weight of channel c at stage s for segment g is BASE[s][c] * (mix_g[c] + 0.05); zero stays zero).
STAGE_CHANNEL_BASE = {
    "awareness":   (0.6, 1.0, 0.2, 2.0, 1.5, 1.0),
    "evaluation":  (1.0, 1.5, 0.6, 0.6, 1.5, 0.8),
    "delivery":    (0.5, 0.2, 1.0, 0.0, 1.0, 1.5),
    "after-sales": (1.0, 0.8, 1.5, 0.0, 1.0, 0.8),
}
STAGE_INTERACTIONS = {  # expected interactions per purchase, and their timing in days around it
    "awareness": dict(mean=0.5, days=(-21.0, -3.0)),
    "evaluation": dict(mean=1.0, days=(-10.0, -0.5)),
    "delivery": dict(mean=0.7, days=(2.0, 14.0)),
    "after-sales": dict(mean=0.25, days=(7.0, 60.0)),
}

# Acquisition: true cost per acquired customer (CAC) by the campaign's channel, before noise.
CAMPAIGN_CAC = {"sales_force": 420.0, "stores": 38.0, "call_centre": 55.0, "catalogue": 46.0,
                "web": 29.0, "app": 24.0}
N_CAMPAIGNS = 20
ORGANIC_SHARE = 0.22
CAMPAIGN_COST_NOISE_SD = 0.15

# Surveys (one wave in weeks 100-104): latent overall satisfaction = segment mean + 0.5 * channel effect
# + loyalty_loading * loyalty + N(0, noise_sd), loyalty = -(standardised logit of the customer's dropout
# probability within the segment); channel satisfaction = segment mean + channel effect
# + N(0, channel_noise_sd); NPS = nps_intercept + nps_slope * (latent - nps_centre) + N(0, nps_noise_sd).
CHANNEL_SATISFACTION_EFFECT = {"sales_force": 0.5, "stores": 0.3, "call_centre": -0.4, "catalogue": -0.2,
                               "web": 0.1, "app": 0.2}
SURVEY = dict(wave_weeks=(100.0, 104.0), channel_effect_in_overall=0.5, loyalty_loading=0.5, noise_sd=0.8,
              channel_noise_sd=0.9, nps_slope=1.6, nps_centre=4.0,
              nps_intercept=5.5, nps_noise_sd=1.2)

# Service-profit chain (Heskett et al. 1994): standardised structural coefficients per link.
SERVICE_PROFIT_CHAIN = {
    "employee_satisfaction": {"internal_service_quality": 0.55},
    "employee_turnover": {"employee_satisfaction": -0.50},
    "service_quality": {"employee_satisfaction": 0.35, "employee_turnover": -0.30},
    "customer_satisfaction": {"service_quality": 0.60},
    "customer_retention": {"customer_satisfaction": 0.50},
    "revenue_growth": {"customer_retention": 0.45},
    "profit": {"customer_retention": 0.40, "revenue_growth": 0.30},
}
# Reporting scale of each standardised variable: mean, standard deviation, decimals.
UNIT_SCALES = {
    "internal_service_quality": (5.0, 0.6, 2), "employee_satisfaction": (5.2, 0.5, 2),
    "employee_turnover": (28.0, 6.0, 1), "service_quality": (78.0, 6.0, 1),
    "customer_satisfaction": (5.6, 0.35, 2), "customer_retention": (72.0, 5.0, 1),
    "revenue_growth": (4.0, 3.0, 2), "profit": (410.0, 120.0, 1),
}

# Conjoint: a sofa offer. Part-worths in rating points (0-100 purchase-likelihood scale); the first level
# of each attribute is the reference (0).
CONJOINT_ATTRIBUTES = {
    "price": ("$1,299", "$999", "$799"),
    "delivery": ("3 weeks", "1 week", "next day"),
    "warranty": ("1 year", "5 years"),
    "design": ("Classic", "Scandinavian", "Industrial"),
}
CONJOINT_SEGMENTS = {
    "price-conscious": dict(share=0.45, intercept=30.0, part_worths={
        "price": (0.0, 14.0, 26.0), "delivery": (0.0, 4.0, 6.0), "warranty": (0.0, 4.0),
        "design": (0.0, 2.0, -2.0)}),
    "convenience seekers": dict(share=0.35, intercept=32.0, part_worths={
        "price": (0.0, 6.0, 10.0), "delivery": (0.0, 12.0, 22.0), "warranty": (0.0, 10.0),
        "design": (0.0, 1.0, 0.0)}),
    "design-led": dict(share=0.20, intercept=35.0, part_worths={
        "price": (0.0, 3.0, 5.0), "delivery": (0.0, 3.0, 4.0), "warranty": (0.0, 3.0),
        "design": (0.0, 16.0, 10.0)}),
}
CONJOINT_NOISE = dict(part_worth_sd=3.0, rating_sd=5.0)


def truth():
    """Return every planted parameter as a nested dict (a fresh deep copy).

    Returns
    -------
    dict
        Keys ``time_unit``, ``start``, ``end``, ``history_weeks``, ``segments`` (BG/NBD, Gamma-Gamma,
        sBG, channel mix, satisfaction per segment, with the implied mean spend ``p*v/(q-1)``),
        ``channels``, ``stage_channel_base``, ``stage_interactions``, ``campaigns``, ``surveys``,
        ``service_profit_chain``, ``unit_scales``, ``conjoint``.
    """
    segments = copy.deepcopy(SEGMENTS)
    for seg in segments.values():
        gg, bg = seg["gamma_gamma"], seg["bgnbd"]
        gg["mean_spend"] = gg["p"] * gg["v"] / (gg["q"] - 1.0)
        bg["mean_weekly_rate"] = bg["r"] / bg["alpha"]
        bg["mean_dropout"] = bg["a"] / (bg["a"] + bg["b"])
        seg["channel_mix"] = dict(zip(CHANNEL_KEYS, seg["channel_mix"]))
        seg["care_plan"]["mean_monthly_churn"] = seg["care_plan"]["alpha"] / (
            seg["care_plan"]["alpha"] + seg["care_plan"]["beta"])
    return {
        "company": "Hearth & Home",
        "time_unit": "weeks",
        "start": START.strftime("%Y-%m-%d"),
        "end": END.strftime("%Y-%m-%d"),
        "history_weeks": HISTORY_WEEKS,
        "segments": segments,
        "channels": copy.deepcopy(CHANNELS),
        "stage_channel_base": {k: dict(zip(CHANNEL_KEYS, v)) for k, v in STAGE_CHANNEL_BASE.items()},
        "stage_interactions": copy.deepcopy(STAGE_INTERACTIONS),
        "campaigns": {"n_campaigns": N_CAMPAIGNS, "organic_share": ORGANIC_SHARE,
                      "cac": dict(CAMPAIGN_CAC), "cost_noise_sd": CAMPAIGN_COST_NOISE_SD},
        "surveys": {"channel_effect": dict(CHANNEL_SATISFACTION_EFFECT), **SURVEY},
        "service_profit_chain": copy.deepcopy(SERVICE_PROFIT_CHAIN),
        "unit_scales": {k: {"mean": m, "sd": s} for k, (m, s, _) in UNIT_SCALES.items()},
        "conjoint": {"attributes": {k: list(v) for k, v in CONJOINT_ATTRIBUTES.items()},
                     "segments": copy.deepcopy(CONJOINT_SEGMENTS), **CONJOINT_NOISE},
    }


def segment_values(keys, family, name):
    """Return, for each segment key in ``keys``, the planted parameter ``SEGMENTS[key][family][name]``.

    Parameters
    ----------
    keys : array-like of str
        Segment keys, one per row.
    family, name : str
        For example ``"bgnbd"`` and ``"r"``, or ``"care_plan"`` and ``"alpha"``.

    Returns
    -------
    numpy.ndarray of float
    """
    return lookup(keys, {k: float(SEGMENTS[k][family][name]) for k in SEGMENTS})


def lookup(keys, table):
    """Return ``table[k]`` for every ``k`` in ``keys`` as a NumPy array (a hash look-up, fast for strings)."""
    keys = np.asarray(keys, dtype=object)
    position = pd.Index(list(table), dtype=object).get_indexer(keys.ravel())
    if (position < 0).any():
        raise KeyError(f"unknown keys: {sorted(set(keys.ravel()[position < 0]))[:5]}")
    return np.asarray(list(table.values()))[position].reshape(keys.shape)
