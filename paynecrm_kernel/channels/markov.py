"""Markov-chain attribution with exact removal effects (Anderl, Becker, von Wangenheim & Schumann 2016).

Each journey is a walk from a start state through the channels it touched to one of two absorbing states,
conversion or null. The removal effect of channel c is ``1 - P(conversion | c removed) / P(conversion)``;
a channel's credit is its removal effect's share of the sum of removal effects, times the conversions.
The chain is solved exactly (:mod:`._chain`), so credits never move between runs and are never negative.
The widely used ChannelAttribution package simulates the same chain instead and agrees within its
simulation error (the tests show it with a Monte Carlo twin).

Higher orders remember the last 2 to 4 channels. :func:`select_markov_order` picks the order whose chain
predicts held-out journeys best (log-likelihood per journey, smoothed so unseen transitions keep a small
probability).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._chain import PathChain
from ._checks import DEFAULT_SEED, number
from .paths import as_path_table

__all__ = ["MAX_ORDER", "markov_attribution", "removal_effects", "select_markov_order"]

#: The highest chain order offered.
MAX_ORDER = 4


def _order(order):
    return number(order, "The Markov order", 1, MAX_ORDER, integer=True)


def removal_effects(paths, order=1):
    """Removal effect of every channel, with the chain's conversion probability.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
        See :func:`~paynecrm_kernel.channels.paths.as_path_table`.
    order : int, default 1
        Order of the chain (1 to 4).

    Returns
    -------
    pandas.DataFrame
        ``channel``, ``removal_effect`` (share of conversions lost when the channel is removed) and
        ``conversion_probability_without`` (the chain's conversion probability without it); ``attrs`` holds
        ``conversion_probability`` of the full chain.
    """
    table = as_path_table(paths)
    table.require_conversions("Markov attribution")
    chain = PathChain(table, _order(order)).fit()
    effects, base = chain.removal_effects()
    out = pd.DataFrame({"channel": list(table.channels), "removal_effect": effects,
                        "conversion_probability_without": base * (1.0 - effects)})
    out.attrs["conversion_probability"] = base
    return out


def markov_attribution(paths, order=1, channels=None):
    """Credit conversions (and their value) to channels by exact Markov removal effects.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
        Journeys from :func:`~paynecrm_kernel.channels.journeys.build_journeys`, or one row per path with
        ``path`` (channels joined by ``" > "``), ``total_conversions``, ``total_null`` and optionally
        ``total_conversion_value``.
    order : int or "auto", default 1
        Chain order 1 to 4; "auto" picks it by held-out likelihood (:func:`select_markov_order`).
    channels : sequence of str, optional
        Order of the rows (default: first appearance in the paths).

    Returns
    -------
    pandas.DataFrame
        One row per channel: ``channel``, ``removal_effect``, ``conversions`` (credited conversions; they sum
        to the total), ``share`` (of all conversions) and, when values are known, ``value_removal_effect`` and
        ``value`` (credited conversion value, summing to the total value). ``attrs``: ``order``,
        ``conversion_probability``, ``total_conversions``, ``method``.

    Examples
    --------
    >>> import pandas as pd
    >>> paths = pd.DataFrame({"path": ["web > stores", "web", "catalogue > stores"],
    ...                       "total_conversions": [30, 10, 20], "total_null": [70, 90, 80]})
    >>> markov_attribution(paths)["conversions"].round(2).tolist()
    [19.09, 27.27, 13.64]
    """
    table = as_path_table(paths, channels)
    table.require_conversions("Markov attribution")
    if isinstance(order, str) and order == "auto":
        order = int(select_markov_order(table).attrs["chosen_order"])
    order = _order(order)
    chain = PathChain(table, order).fit()
    effects, base = chain.removal_effects()
    out = pd.DataFrame({"channel": list(table.channels), "removal_effect": effects,
                        "conversions": _share_out(effects, table.total_conversions)})
    out["share"] = out["conversions"] / table.total_conversions
    if table.values is not None:
        value_effects, _ = chain.removal_effects(reward=chain.value)
        out["value_removal_effect"] = value_effects
        out["value"] = _share_out(value_effects, float(table.values.sum()))
    out.attrs.update(order=order, conversion_probability=base, total_conversions=table.total_conversions,
                     method=f"Markov removal effects, order {order}, solved exactly")
    return out


def _share_out(effects, total):
    weight = effects.sum()
    if weight <= 0:
        raise DataValidationError("Markov attribution: every removal effect is zero, so no channel can be "
                                  "credited; the converting paths must pass through at least one channel.")
    return effects / weight * total


def select_markov_order(paths, orders=(1, 2, 3, 4), holdout=0.3, seed=DEFAULT_SEED, smoothing=1.0):
    """Choose the chain order by the log-likelihood of held-out journeys.

    The journeys are split at random (each journey independently, fixed seed) into a training part and a
    held-out part. Each order's chain is estimated on the training part; a held-out transition from state s to
    symbol y (a channel, conversion or null) has probability ``(n(s, y) + a p0(y)) / (n(s) + a)``, where
    ``p0`` is the add-one smoothed share of y among all training transitions and ``a`` the ``smoothing``
    weight, so unseen transitions are unlikely but possible and every order is scored on the same journeys.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
    orders : sequence of int, default (1, 2, 3, 4)
    holdout : float, default 0.3
        Share of journeys held out.
    seed : int, default 2016
    smoothing : float, default 1.0

    Returns
    -------
    pandas.DataFrame
        One row per order: ``order``, ``states`` (transient states of the chain), ``train_log_likelihood``
        and ``holdout_log_likelihood`` (per journey) and ``chosen``; ``attrs["chosen_order"]``.
    """
    table = as_path_table(paths)
    table.require_conversions("Markov order selection")
    holdout = number(holdout, "The held-out share", 0.05, 0.95)
    smoothing = number(smoothing, "The smoothing weight", 1e-9, 1e6)
    rng = np.random.default_rng(number(seed, "The seed", 0, integer=True))
    conv_test = rng.binomial(table.conversions.astype(np.int64), holdout).astype(float)
    null_test = rng.binomial(table.nulls.astype(np.int64), holdout).astype(float)
    train = (table.conversions - conv_test, table.nulls - null_test)
    if conv_test.sum() + null_test.sum() == 0 or sum(x.sum() for x in train) == 0:
        raise DataValidationError("Markov order selection needs journeys in both the training and the held-out "
                                  "part; pass more journeys or another held-out share.")
    rows = []
    for order in sorted({_order(o) for o in orders}):
        counts = _symbol_counts(table, order, *train)
        rows.append({"order": order, "states": len(counts[0]),
                     "train_log_likelihood": _log_likelihood(table, order, counts, smoothing, *train),
                     "holdout_log_likelihood": _log_likelihood(table, order, counts, smoothing,
                                                               conv_test, null_test)})
    out = pd.DataFrame(rows)
    best = int(out.loc[out["holdout_log_likelihood"].idxmax(), "order"])
    out["chosen"] = out["order"] == best
    out.attrs["chosen_order"] = best
    return out


_CONV, _NULL = -1, -2


def _transitions(path, order):
    """(state, next symbol) pairs of a path's transient steps, and its last state."""
    state, steps = (), []
    for t, channel in enumerate(path):
        steps.append((state, channel))
        state = path[max(0, t - order + 1): t + 1]
    return steps, state


def _symbol_counts(table, order, conversions, nulls):
    by_state, symbols = {}, {}

    def add(state, symbol, weight):
        if weight:
            row = by_state.setdefault(state, {})
            row[symbol] = row.get(symbol, 0.0) + weight
            symbols[symbol] = symbols.get(symbol, 0.0) + weight

    for path, c, n in zip(table.paths, conversions, nulls):
        steps, last = _transitions(path, order)
        for state, symbol in steps:
            add(state, symbol, c + n)
        add(last, _CONV, c)
        add(last, _NULL, n)
    return by_state, symbols


def _log_likelihood(table, order, counts, smoothing, conversions, nulls):
    by_state, symbols = counts
    alphabet = list(range(table.n_channels)) + [_CONV, _NULL]
    total = sum(symbols.values()) + len(alphabet)
    p0 = {s: (symbols.get(s, 0.0) + 1.0) / total for s in alphabet}
    totals = {state: sum(row.values()) for state, row in by_state.items()}

    def log_p(state, symbol):
        row = by_state.get(state, {})
        return np.log((row.get(symbol, 0.0) + smoothing * p0[symbol]) / (totals.get(state, 0.0) + smoothing))

    loglik = 0.0
    for path, c, n in zip(table.paths, conversions, nulls):
        if c + n == 0:
            continue
        steps, last = _transitions(path, order)
        loglik += (c + n) * sum(log_p(state, symbol) for state, symbol in steps)
        loglik += (c * log_p(last, _CONV) if c else 0.0) + (n * log_p(last, _NULL) if n else 0.0)
    return float(loglik / (conversions.sum() + nulls.sum()))
