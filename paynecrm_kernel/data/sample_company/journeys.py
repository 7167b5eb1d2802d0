"""A seeded touch log of Hearth & Home with planted channel effects, for attribution.

The interaction log of :mod:`.channels` surrounds every purchase with contacts, so every journey in it
converts. Attribution needs journeys that fail too. :func:`generate_journeys` draws shopping journeys from a
planted absorbing Markov chain, so the true removal effect and the true credit of every channel are known
exactly (:func:`planted_attribution`):

* A journey's first touch is drawn from the customer's segment mix (:data:`START_WEIGHTS` tilted by the
  segment's purchase-channel mix; a channel the segment never buys through is never a first touch).
* After a touch in channel c the journey converts with probability ``CLOSING[c]`` (that touch is the
  purchase), is abandoned with probability ``ABANDON[c]``, or moves on to a next channel drawn with the
  weights ``HANDOFF[c]``. These are shared by every segment.
* Planted effects: the sales force and the stores close; the catalogue never closes a sale but starts many
  journeys and hands them to the web shop and the stores; the web shop and the app close few sales but pass
  journeys on; the call centre mostly hands over to the stores.

Timing: journeys start uniformly over the history; touches of a journey are 1 hour to 20 days apart
(exponential, mean 2 days), so the default session (30 minutes) and time-out (30 days) rules of
:func:`paynecrm_kernel.channels.build_journeys` recover them exactly; a customer's next journey starts more
than 31 days after the previous one ends. Journeys that would end after the history are not generated
(under 1 %). Purchase amounts: the segment's mean spend times a Gamma(4, 1/4) factor, rounded to cents.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import _params as P

__all__ = ["ABANDON", "CLOSING", "HANDOFF", "START_WEIGHTS", "generate_journeys", "planted_attribution",
           "planted_chain"]

CHANNELS = P.CHANNEL_KEYS
#: Probability that a touch in the channel closes the sale.
CLOSING = {"sales_force": 0.30, "stores": 0.22, "call_centre": 0.06, "catalogue": 0.00, "web": 0.07, "app": 0.05}
#: Probability that the journey ends without a sale after a touch in the channel.
ABANDON = {"sales_force": 0.20, "stores": 0.38, "call_centre": 0.30, "catalogue": 0.45, "web": 0.48, "app": 0.52}
#: Weights of the next channel after a touch in each channel (order of the channel keys).
HANDOFF = {
    "sales_force": (0.40, 0.00, 0.40, 0.00, 0.20, 0.00),
    "stores":      (0.00, 0.30, 0.25, 0.00, 0.30, 0.15),
    "call_centre": (0.10, 0.70, 0.00, 0.00, 0.15, 0.05),
    "catalogue":   (0.00, 0.40, 0.15, 0.05, 0.40, 0.00),
    "web":         (0.00, 0.45, 0.10, 0.00, 0.15, 0.30),
    "app":         (0.00, 0.35, 0.05, 0.00, 0.60, 0.00),
}
#: Base weights of the first touch, tilted by each segment's purchase-channel mix.
START_WEIGHTS = (1.0, 0.6, 0.3, 2.5, 1.5, 1.0)
JOURNEYS_PER_CUSTOMER = 4.0
_GAP_DAYS = (1 / 24, 2.0, 20.0)      # minimum, mean and maximum days between touches of a journey
_BETWEEN_DAYS = 31.0                 # least days between the end of a journey and the customer's next one


def planted_chain(segment=None, segment_shares=None):
    """The planted chain: start probabilities, transitions between channels, closing and abandon rates.

    Parameters
    ----------
    segment : str, optional
        A segment key; default: all segments mixed with ``segment_shares`` (default: the planted shares).
    segment_shares : dict, optional

    Returns
    -------
    dict
        ``channels``, ``start`` (n), ``transitions`` (n x n), ``closing`` (n), ``abandon`` (n).
    """
    closing = np.array([CLOSING[c] for c in CHANNELS])
    abandon = np.array([ABANDON[c] for c in CHANNELS])
    handoff = np.array([HANDOFF[c] for c in CHANNELS], dtype=float)
    transitions = handoff / handoff.sum(axis=1, keepdims=True) * (1 - closing - abandon)[:, None]
    shares = segment_shares or {k: v["share"] for k, v in P.SEGMENTS.items()}
    keys = [segment] if segment is not None else list(shares)
    weights = np.array([shares[k] if segment is None else 1.0 for k in keys])
    start = sum(w * _start(k) for w, k in zip(weights / weights.sum(), keys))
    return {"channels": CHANNELS, "start": start, "transitions": transitions, "closing": closing,
            "abandon": abandon}


def _start(segment):
    mix = np.asarray(P.SEGMENTS[segment]["channel_mix"], dtype=float)
    w = np.asarray(START_WEIGHTS) * (mix + 0.05) * (mix > 0)
    return w / w.sum()


def planted_attribution(segment=None, segment_shares=None):
    """True removal effects and credit shares of the planted chain, solved exactly.

    Returns
    -------
    pandas.DataFrame
        ``channel``, ``removal_effect``, ``share`` (removal effect over the sum of removal effects) and
        ``conversion_probability`` in ``attrs``.
    """
    chain = planted_chain(segment, segment_shares)
    n = len(CHANNELS)

    def convert(keep):
        q = chain["transitions"][np.ix_(keep, keep)]
        x = np.linalg.solve(np.eye(keep.size) - q, chain["closing"][keep])
        return float(chain["start"][keep] @ x)

    base = convert(np.arange(n))
    effects = np.array([1 - convert(np.delete(np.arange(n), c)) / base for c in range(n)])
    out = pd.DataFrame({"channel": list(CHANNELS), "removal_effect": effects, "share": effects / effects.sum()})
    out.attrs["conversion_probability"] = base
    return out


def generate_journeys(company, journeys_per_customer=JOURNEYS_PER_CUSTOMER, seed=None):
    """Draw the touch log of shopping journeys, converting or not, for the company's customers.

    Parameters
    ----------
    company : SampleCompany
        The company whose customers (and segments) shop.
    journeys_per_customer : float, default 4
        Mean journeys per customer (Poisson).
    seed : int, optional
        Default: derived from the company's seed, so the same company always gets the same log.

    Returns
    -------
    pandas.DataFrame
        ``touch_id, customer_id, segment, timestamp, stage, channel, outcome, amount``: stage "awareness"
        for a journey's first touch, "purchase" for a converting touch, "evaluation" otherwise; ``amount``
        is the order value on purchases (NaN elsewhere). Sorted by timestamp.
    """
    rng = np.random.default_rng(np.random.SeedSequence([company.seed if seed is None else seed, 13]))
    customers = company.customers[["customer_id", "segment"]]
    counts = rng.poisson(journeys_per_customer, len(customers))
    cust = np.repeat(customers["customer_id"].to_numpy(), counts)
    seg = np.repeat(customers["segment"].to_numpy(), counts)
    chain = planted_chain()
    channel_rows, ends = _walks(rng, seg, chain)
    lengths = np.array([len(r) for r in channel_rows])
    touches = int(lengths.sum())
    low, mean, high = _GAP_DAYS
    gaps = np.clip(low + rng.exponential(mean - low, touches), low, high)
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    gaps[first] = 0.0
    offset = np.cumsum(gaps) - np.repeat(np.cumsum(gaps)[first], lengths)     # days since the journey began
    duration = offset[np.cumsum(lengths) - 1]
    start = _journey_starts(rng, cust, duration)
    when = np.repeat(start, lengths) + offset
    inside = np.repeat(start + duration < P.HISTORY_WEEKS * 7, lengths)
    channel = np.concatenate(channel_rows)
    position = np.arange(touches) - np.repeat(first, lengths)
    last = position == np.repeat(lengths - 1, lengths)
    converted = last & np.repeat(ends, lengths)
    stage = np.where(converted, "purchase", np.where(position == 0, "awareness", "evaluation"))
    mean_spend = {k: v["gamma_gamma"]["mean_spend"] for k, v in company.truth["segments"].items()}
    spend = P.lookup(np.repeat(seg, lengths), mean_spend) * rng.gamma(4.0, 0.25, touches)
    out = pd.DataFrame({
        "customer_id": np.repeat(cust, lengths), "segment": np.repeat(seg, lengths),
        "timestamp": (P.START + pd.to_timedelta(np.round(when * 1440), unit="min")).astype("datetime64[ns]"),
        "stage": stage, "channel": np.asarray(CHANNELS)[channel], "outcome": "completed",
        "amount": np.where(converted, np.maximum(np.round(spend, 2), 0.01), np.nan)})[inside]
    out = out.sort_values(["timestamp", "customer_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "touch_id", np.arange(1, len(out) + 1, dtype="int64"))
    return out


def _walks(rng, segments, chain):
    """Channel sequence of every journey and whether it converted."""
    n = len(CHANNELS)
    starts = {k: np.cumsum(_start(k)) for k in P.SEGMENTS}
    state = np.empty(segments.size, dtype=np.int64)
    for key, cum in starts.items():
        rows = np.flatnonzero(segments == key)
        state[rows] = np.minimum((rng.random(rows.size)[:, None] >= cum).sum(axis=1), n - 1)
    step = np.hstack([chain["transitions"], chain["closing"][:, None], chain["abandon"][:, None]])
    cumulative = np.cumsum(step, axis=1)
    cumulative[:, -1] = 1.0
    sequences = [[int(s)] for s in state]
    converted = np.zeros(segments.size, dtype=bool)
    active = np.arange(segments.size)
    while active.size:
        nxt = (rng.random(active.size)[:, None] >= cumulative[state[active]]).sum(axis=1)
        converted[active[nxt == n]] = True
        moving = nxt < n
        for j, s in zip(active[moving], nxt[moving]):
            sequences[j].append(int(s))
        state[active[moving]] = nxt[moving]
        active = active[moving]
    return [np.asarray(s, dtype=np.int64) for s in sequences], converted


def _journey_starts(rng, customers, duration):
    """Start day of every journey: customers' journeys in sequence, more than 31 days apart."""
    start = rng.random(customers.size) * P.HISTORY_WEEKS * 7
    order = np.lexsort((start, customers))
    start_sorted, dur_sorted, cust_sorted = start[order], duration[order], customers[order]
    for i in range(1, customers.size):
        if cust_sorted[i] == cust_sorted[i - 1]:
            start_sorted[i] = max(start_sorted[i], start_sorted[i - 1] + dur_sorted[i - 1] + _BETWEEN_DAYS)
    start[order] = start_sorted
    return start
