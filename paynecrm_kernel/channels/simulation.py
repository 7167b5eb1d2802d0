"""Removal effects estimated by simulating the chain, as ChannelAttribution's ``markov_model`` does.

Random walks start at the start state and follow the fitted transition probabilities until they are
absorbed. Removing channel c turns every walk that visits a state containing c into a non-conversion, so
``P(conversion | c removed)`` is estimated by the share of walks that convert *without* visiting c. The
estimate moves with the seed by about its standard error; the exact solution
(:func:`~paynecrm_kernel.channels.markov.removal_effects`) is what the simulation converges to. The workbook
uses this module to show that difference, and its tests to check the exact solution.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._chain import PathChain
from ._checks import DEFAULT_SEED, number
from .markov import MAX_ORDER
from .paths import as_path_table

__all__ = ["simulate_removal_effects"]


def simulate_removal_effects(paths, n_walks=1_000_000, order=1, seed=DEFAULT_SEED, max_steps=1000):
    """Monte Carlo removal effects with their standard errors.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
    n_walks : int, default 1,000,000
    order : int, default 1
    seed : int, default 2016
    max_steps : int, default 1000
        Walks still transient after this many steps count as non-conversions.

    Returns
    -------
    pandas.DataFrame
        ``channel``, ``removal_effect`` and ``standard_error`` (binomial, given the converting walks);
        ``attrs``: ``conversion_probability``, ``n_walks``, ``seed``.
    """
    table = as_path_table(paths)
    table.require_conversions("Simulated Markov attribution")
    n_walks = number(n_walks, "The number of walks", 100, 10**8, integer=True)
    order = number(order, "The Markov order", 1, MAX_ORDER, integer=True)
    chain = PathChain(table, order).fit()
    structure = chain.structure
    s = structure.n_states
    if s > 5000:
        raise DataValidationError(f"The chain has {s:,} states; simulate a lower order.")
    # columns: transient states, then conversion (s) and null (s + 1)
    step = np.zeros((s, s + 2))
    step[:, :s] = chain.q.toarray()
    step[:, s] = chain.conv
    step[:, s + 1] = 1.0 - step[:, :s + 1].sum(axis=1)
    cumulative = np.cumsum(step, axis=1)
    cumulative[:, -1] = 1.0
    bits = (structure.state_channels * (1 << np.arange(table.n_channels))).sum(axis=1).astype(np.int64)
    rng = np.random.default_rng(number(seed, "The seed", 0, integer=True))
    state = np.zeros(n_walks, dtype=np.int64)
    visited = np.zeros(n_walks, dtype=np.int64)
    converted = np.zeros(n_walks, dtype=bool)
    active = np.arange(n_walks)
    for _ in range(number(max_steps, "max_steps", 1, integer=True)):
        if active.size == 0:
            break
        u = rng.random(active.size)
        nxt = _next_states(cumulative, state[active], u)
        absorbed = nxt >= s
        converted[active[nxt == s]] = True
        moving = active[~absorbed]
        state[moving] = nxt[~absorbed]
        visited[moving] |= bits[nxt[~absorbed]]
        active = moving
    wins = int(converted.sum())
    if wins == 0:
        raise DataValidationError("No simulated walk converted; simulate more walks.")
    effects, errors = [], []
    for c in range(table.n_channels):
        kept = np.count_nonzero(converted & ((visited >> c) & 1 == 0)) / wins
        effects.append(1.0 - kept)
        errors.append(np.sqrt(kept * (1.0 - kept) / wins))
    out = pd.DataFrame({"channel": list(table.channels), "removal_effect": effects, "standard_error": errors})
    out.attrs.update(conversion_probability=wins / n_walks, n_walks=n_walks, seed=seed)
    return out


def _next_states(cumulative, states, u):
    """Inverse-CDF draw of the next state of every walk (rows of ``cumulative`` picked by ``states``)."""
    return (u[:, None] >= cumulative[states]).sum(axis=1)
