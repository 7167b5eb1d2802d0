"""Named containers for what a model's likelihood reads: one type per shape of the data, never a bare tuple.

A model's ``_prepare`` returns a :class:`Prepared`; its ``columns`` are one of the containers below, and
``_compress`` may turn them into another (the BG/NBD family's :class:`IndexedHistories`, the Pareto/NBD's
:class:`PointHistories`). The likelihood dispatches on the container's type. Every container can give back
its rows as plain :class:`Histories` (or is itself the plain form), so starting values and checks read
one form whatever path the fit took.
"""
from typing import NamedTuple

import numpy as np


class Prepared(NamedTuple):
    """A model's validated data: ``columns`` (a container below), ``weights`` (customers per row),
    ``n_obs`` (customers, for the BIC) and ``notes`` (what the result's ``extra`` reports about the data)."""

    columns: tuple
    weights: np.ndarray
    n_obs: int
    notes: dict


class Histories(NamedTuple):
    """One row per customer (or per distinct history): frequency, recency and age ``T``."""

    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray

    def rows(self):
        """The histories row by row (these)."""
        return self


class IndexedHistories(NamedTuple):
    """Distinct histories with recency and age given as indices into their distinct values ``times``."""

    x: np.ndarray
    times: np.ndarray
    t_x_index: np.ndarray
    T_index: np.ndarray

    def rows(self):
        """The histories row by row."""
        return Histories(self.x, self.times[self.t_x_index], self.times[self.T_index])


class PointHistories(NamedTuple):
    """Distinct points ``(x, u)`` (u a recency or an age) and each distinct history as two point indices."""

    point_x: np.ndarray
    point_u: np.ndarray
    row_tx: np.ndarray
    row_T: np.ndarray

    def rows(self):
        """The histories row by row."""
        return Histories(self.point_x[self.row_T], self.point_u[self.row_tx], self.point_u[self.row_T])


class Spends(NamedTuple):
    """Repeat customers of a spend model: repeat purchases, mean repeat spend and its logarithm."""

    x: np.ndarray
    m: np.ndarray
    log_m: np.ndarray


class DiscreteHistories(NamedTuple):
    """Discrete-time histories: transactions, period of the last one, opportunities observed."""

    x: np.ndarray
    t_x: np.ndarray
    n: np.ndarray


class Cohort(NamedTuple):
    """A cohort's survival as rows: period ``t``, whether the row's customers churned in it (1) or are
    still active at the end (0); the weights count the customers."""

    t: np.ndarray
    churned: np.ndarray
