"""The absorbing Markov chain of a set of conversion paths, and its exact solution.

States of an order-k chain are the last k channels touched (fewer at the start of a path), plus the start
state and the two absorbing states, conversion and null. Transition probabilities are the maximum-likelihood
ones (counts over out-counts). The probability of converting from the start is the absorption probability
``x_start`` of the linear system ``(I - Q) x = r`` (Q: transient-to-transient probabilities, r: probability
of converting in one step), solved exactly: no simulation, no seed.

Removing a channel (Anderl et al. 2016) deletes every state that contains it; the probability mass that
flowed into those states goes to null. The counts are linear in the journeys' weights, so the incidence
matrices are built once and a bootstrap resample only reweights them.
"""
from __future__ import annotations

import numpy as np
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg

_DENSE_LIMIT = 600


class PathChain:
    """Incidence structure of the order-``order`` chain of a :class:`~.paths.PathTable`.

    Parameters
    ----------
    table : PathTable
    order : int
        Number of previous channels a state remembers (1 to 4).
    """

    def __init__(self, table, order):
        self.table, self.order = table, order
        index = {(): 0}
        edges, edge_of, rows, cols, last = [], {}, [], [], []
        for u, path in enumerate(table.paths):
            previous = 0
            for t in range(len(path)):
                state = path[max(0, t - order + 1): t + 1]
                current = index.setdefault(state, len(index))
                edge = edge_of.setdefault((previous, current), len(edge_of))
                if edge == len(edges):
                    edges.append((previous, current))
                rows.append(u)
                cols.append(edge)
                previous = current
            last.append(previous)
        self.states = tuple(sorted(index, key=index.get))
        self.n_states = len(self.states)
        self.edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        self.last = np.asarray(last, dtype=np.int64)
        self.incidence = sp.csr_matrix((np.ones(len(rows)), (rows, cols)),
                                       shape=(len(table.paths), len(edges)))
        self.state_channels = np.zeros((self.n_states, table.n_channels), dtype=bool)
        for s, state in enumerate(self.states):
            self.state_channels[s, list(state)] = True

    def fit(self, conversions=None, nulls=None, values=None):
        """Transition probabilities for these journey weights (default: the table's own counts)."""
        t = self.table
        c = t.conversions if conversions is None else conversions
        n = t.nulls if nulls is None else nulls
        v = (t.values if values is None else values)
        edge_counts = self.incidence.T @ (c + n)
        conv = np.bincount(self.last, c, self.n_states)
        null = np.bincount(self.last, n, self.n_states)
        out = np.bincount(self.edges[:, 0], edge_counts, self.n_states) + conv + null
        safe = np.where(out > 0, out, 1.0)
        q = sp.csr_matrix((edge_counts / safe[self.edges[:, 0]], (self.edges[:, 0], self.edges[:, 1])),
                          shape=(self.n_states, self.n_states))
        value = None if v is None else np.bincount(self.last, v, self.n_states) / safe
        return FittedChain(self, q, conv / safe, value, float((c + n).sum()))


class FittedChain:
    """A chain with probabilities: absorption into conversion, with any set of states removed."""

    def __init__(self, structure, q, conv, value, journeys):
        self.structure, self.q, self.conv, self.value, self.journeys = structure, q, conv, value, journeys
        self._dense = q.toarray() if structure.n_states <= _DENSE_LIMIT else None

    def absorption(self, keep=None, reward=None):
        """Expected reward from the start (default reward: conversion) with only the ``keep`` states."""
        reward = self.conv if reward is None else reward
        n = self.structure.n_states
        keep = np.arange(n) if keep is None else np.flatnonzero(keep)
        if self._dense is not None:
            m = np.eye(keep.size) - self._dense[np.ix_(keep, keep)]
            x = scipy.linalg.solve(m, reward[keep], check_finite=False)
        else:
            sub = self.q[keep][:, keep]
            x = scipy.sparse.linalg.spsolve((sp.identity(keep.size, format="csc") - sub).tocsc(), reward[keep])
        return float(x[0])

    def keep_without(self, channels):
        """States to keep when the given channel positions are removed (the start state always stays)."""
        return ~self.structure.state_channels[:, list(channels)].any(axis=1)

    def keep_only(self, channels):
        """States to keep when only the given channel positions remain."""
        allowed = np.zeros(self.structure.table.n_channels, dtype=bool)
        allowed[list(channels)] = True
        return ~(self.structure.state_channels & ~allowed).any(axis=1)

    def removal_effects(self, reward=None):
        """``1 - P(reward | channel removed) / P(reward)`` for every channel, clipped at 0 against rounding."""
        base = self.absorption(reward=reward)
        effects = np.array([1.0 - self.absorption(self.keep_without([c]), reward) / base
                            for c in range(self.structure.table.n_channels)])
        return np.clip(effects, 0.0, 1.0), base
