"""Shapley-value attribution: each channel's average marginal contribution over every order of arrival.

Two games (characteristic functions ``v(S)`` for a coalition S of channels) are offered:

* ``"journeys"`` (Zhao, Mahboobi & Bagheri 2018, the "simplified" Shapley value used for attribution):
  ``v(S)`` = conversions of journeys whose set of channels lies within S. Its Shapley value has a closed
  form, each converting journey's conversions split equally among the distinct channels it touched, which
  the tests confirm against brute-force enumeration.
* ``"markov"``: ``v(S)`` = expected conversions of the fitted Markov chain when only the channels in S remain
  (the others removed as in removal effects). Computed exactly by enumerating all 2^n coalitions up to
  :data:`EXACT_LIMIT` channels; beyond, by permutation sampling with a fixed seed (the estimate is unbiased
  and its Monte Carlo standard error is reported).

Both satisfy efficiency (credits sum to ``v(all channels)``, the conversions), symmetry and the null-player
property exactly when enumerated.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._chain import PathChain
from ._checks import DEFAULT_SEED, number
from .markov import MAX_ORDER
from .paths import as_path_table

__all__ = ["EXACT_LIMIT", "GAMES", "shapley_attribution", "shapley_values"]

#: Largest number of players for which every coalition is enumerated.
EXACT_LIMIT = 15
#: The characteristic functions offered.
GAMES = ("journeys", "markov")


def shapley_values(value, n_players, n_permutations=None, seed=DEFAULT_SEED):
    """Shapley values of a game given by a function of coalitions (bit masks).

    Parameters
    ----------
    value : callable
        ``value(mask)`` returns the worth of the coalition whose members are the set bits of ``mask``.
    n_players : int
    n_permutations : int, optional
        Sample this many random orders instead of enumerating (default: enumerate when
        ``n_players <= EXACT_LIMIT``, else 2,000 orders).
    seed : int, default 2016

    Returns
    -------
    values : numpy.ndarray
    standard_errors : numpy.ndarray
        Zero when enumerated; the Monte Carlo standard error of each value when sampled.
    """
    n = number(n_players, "The number of channels", 1, integer=True)
    if n_permutations is None and n <= EXACT_LIMIT:
        worth = np.array([value(mask) for mask in range(1 << n)], dtype=float)
        weights = [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
        size = np.array([bin(m).count("1") for m in range(1 << n)])
        phi = np.zeros(n)
        for i in range(n):
            bit = 1 << i
            without = np.array([m for m in range(1 << n) if not m & bit])
            phi[i] = np.sum(np.take(weights, size[without]) * (worth[without | bit] - worth[without]))
        return phi, np.zeros(n)
    draws = number(n_permutations if n_permutations is not None else 2000, "The number of permutations", 10,
                   integer=True)
    rng = np.random.default_rng(number(seed, "The seed", 0, integer=True))
    cache = {}

    def worth(mask):
        if mask not in cache:
            cache[mask] = float(value(mask))
        return cache[mask]

    contributions = np.zeros((draws, n))
    for d in range(draws):
        mask, before = 0, worth(0)
        for i in rng.permutation(n):
            mask |= 1 << int(i)
            after = worth(mask)
            contributions[d, i] = after - before
            before = after
    return contributions.mean(axis=0), contributions.std(axis=0, ddof=1) / np.sqrt(draws)


def shapley_attribution(paths, game="journeys", order=1, n_permutations=None, seed=DEFAULT_SEED,
                        channels=None):
    """Credit conversions to channels by their Shapley values.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
        See :func:`~paynecrm_kernel.channels.paths.as_path_table`.
    game : {"journeys", "markov"}, default "journeys"
        The characteristic function (module docstring).
    order : int, default 1
        Chain order for the "markov" game.
    n_permutations : int, optional
        Force permutation sampling with this many orders ("markov" game).
    seed : int, default 2016
    channels : sequence of str, optional
        Order of the rows.

    Returns
    -------
    pandas.DataFrame
        ``channel``, ``conversions`` (credited; they sum to the total), ``share``, ``standard_error`` (0 when
        exact) and ``value`` when conversion values are known. ``attrs``: ``game``, ``exact``, ``method``.
    """
    table = as_path_table(paths, channels)
    table.require_conversions("Shapley attribution")
    if game not in GAMES:
        raise DataValidationError(f"Unknown Shapley game {game!r}; choose one of {', '.join(GAMES)}.")
    if game == "journeys":
        credit = _journey_shares(table, table.conversions)
        errors, exact = np.zeros(table.n_channels), True
        value = None if table.values is None else _journey_shares(table, table.values)
    else:
        order = number(order, "The Markov order", 1, MAX_ORDER, integer=True)
        chain = PathChain(table, order).fit()
        exact = n_permutations is None and table.n_channels <= EXACT_LIMIT
        credit, errors = _markov_game(chain, table, chain.conv, table.total_conversions, n_permutations, seed)
        value = None
        if table.values is not None:
            value, _ = _markov_game(chain, table, chain.value, float(table.values.sum()), n_permutations, seed)
    out = pd.DataFrame({"channel": list(table.channels), "conversions": credit,
                        "share": credit / table.total_conversions, "standard_error": errors})
    if value is not None:
        out["value"] = value
    how = "enumerating every coalition" if exact else "permutation sampling (fixed seed)"
    out.attrs.update(game=game, exact=exact, method=f"Shapley values of the {game} game, {how}")
    return out


def _journey_shares(table, weights):
    """Closed form of the journeys game: each path's weight split equally among its distinct channels."""
    credit = np.zeros(table.n_channels)
    for path, w in zip(table.paths, weights):
        distinct = list(set(path))
        credit[distinct] += w / len(distinct)
    return credit


def journeys_game(table):
    """``v(mask)`` of the journeys game (for enumeration and the tests' brute-force check)."""
    masks = np.array([sum(1 << c for c in set(p)) for p in table.paths])
    return lambda mask: float(table.conversions[(masks & ~mask) == 0].sum())


def _markov_game(chain, table, reward, total, n_permutations, seed):
    base = chain.absorption(reward=reward)
    if base <= 0:
        raise DataValidationError("Shapley attribution: the chain never reaches a conversion.")
    scale = total / base

    def value(mask):
        if mask == 0:
            return 0.0
        members = [c for c in range(table.n_channels) if mask >> c & 1]
        return chain.absorption(chain.keep_only(members), reward) * scale

    phi, errors = shapley_values(value, table.n_channels, n_permutations, seed)
    return np.clip(phi, 0.0, None), errors
