"""What the customers each channel acquires are worth: acquisition economics by segment mix.

One value for every channel's customers hides the point of acquisition economics: channels win different
customers. A trade account manager may cost ten times as much per customer as an app campaign and still be the
better buy, because the accounts it wins are worth more. So each channel's customers are valued by the
segments they belong to:

.. math:: V_c(H) = \\sum_s \\pi_{c,s}\\, \\bar v_s(H)

where :math:`\\pi_{c,s}` is the share of the customers channel :math:`c` acquired who are in segment
:math:`s` and :math:`\\bar v_s(H)` the mean value of segment :math:`s` over horizon :math:`H`, net of the cost to
serve (:meth:`SegmentValueResult.value_by_horizon`). The **payback period** is the horizon at which
:math:`V_c(H)` reaches the channel's acquisition cost (interpolated linearly between the horizons computed);
value-to-cost compares :math:`V_c(H)` with that cost at the stated horizon.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataValidationError

__all__ = ["ChannelValue", "channel_value"]


@dataclass(frozen=True)
class ChannelValue:
    """Acquisition economics per channel with the value of the customers it acquires.

    Attributes
    ----------
    table : pandas.DataFrame
        Per channel: ``cac``, ``acquired``, ``main_segment`` and its ``main_segment_share``, ``value`` (at the
        reference horizon), ``value_to_cac`` and ``payback`` (in the horizon's unit; ``inf`` when the value does
        not reach the CAC within the longest horizon computed).
    mix : pandas.DataFrame
        Share of each channel's customers in each segment (rows sum to 1).
    value_by_horizon : pandas.DataFrame
        Value per acquired customer by channel (rows) and horizon (columns).
    horizon : float
        The reference horizon of ``value`` and ``value_to_cac``.
    """

    table: pd.DataFrame
    mix: pd.DataFrame
    value_by_horizon: pd.DataFrame
    horizon: float

    def at(self, horizon):
        """The same economics with ``value`` and ``value_to_cac`` at another computed horizon."""
        if horizon not in self.value_by_horizon.columns:
            raise DataValidationError(f"The horizon {horizon} was not computed; choose one of "
                                      f"{list(self.value_by_horizon.columns)}.")
        table = self.table.copy()
        table["value"] = self.value_by_horizon[horizon].reindex(table.index)
        table["value_to_cac"] = table["value"] / table["cac"]
        return ChannelValue(table.sort_values("value_to_cac", ascending=False), self.mix, self.value_by_horizon,
                            float(horizon))


def _payback(values, cac):
    horizons = np.asarray(values.index, dtype=float)
    amounts = values.to_numpy(dtype=float)
    reached = np.flatnonzero(amounts >= cac)
    if cac <= 0:
        return 0.0
    if len(reached) == 0:
        return np.inf
    k = reached[0]
    if k == 0:
        return float(horizons[0] * cac / amounts[0]) if amounts[0] > 0 else float(horizons[0])
    h0, h1, v0, v1 = horizons[k - 1], horizons[k], amounts[k - 1], amounts[k]
    return float(h0 + (h1 - h0) * (cac - v0) / (v1 - v0))


def channel_value(acquired_by, segments, segment_values, costs, *, horizon=12):
    """Value of each channel's acquired customers from their segment mix, against the cost of acquiring them.

    Parameters
    ----------
    acquired_by : pandas.Series
        The channel that acquired each customer, indexed by customer id (customers without one are left out).
    segments : pandas.Series
        Segment of each customer, indexed by customer id.
    segment_values : pandas.DataFrame
        Mean value per customer by segment (rows) and horizon (columns), e.g.
        ``SegmentValueResult.value_by_horizon([6, 12, 24, 36, 60])``.
    costs : pandas.DataFrame
        :func:`~paynecrm_kernel.value.acquisition_costs` by channel (``cac`` and ``acquired``).
    horizon : float
        Reference horizon (a column of ``segment_values``) for the value and the value-to-cost ratio.

    Returns
    -------
    ChannelValue
    """
    for name, series in (("acquired_by", acquired_by), ("segments", segments)):
        if not isinstance(series, pd.Series):
            raise DataValidationError(f"channel_value: give {name} as a pandas Series indexed by customer id.")
    if not isinstance(segment_values, pd.DataFrame) or segment_values.empty:
        raise DataValidationError("channel_value: segment_values must be a non-empty DataFrame (segments by horizon).")
    if horizon not in segment_values.columns:
        raise DataValidationError(f"channel_value: the reference horizon {horizon} is not among the horizons "
                                  f"computed ({list(segment_values.columns)}); add it.")
    if "cac" not in getattr(costs, "columns", ()):
        raise DataValidationError("channel_value: costs must be the acquisition_costs table, with a 'cac' column.",
                                  column="cac")
    channel = acquired_by.dropna().astype(str)
    segment = segments.reindex(channel.index)
    unknown = segment.index[segment.isna()]
    if len(unknown):
        raise DataValidationError(f"channel_value: {len(unknown):,} acquired customer(s) have no segment, e.g. "
                                  f"{list(unknown[:5])}; give every customer a segment.", column="segment",
                                  rows=list(unknown[:50]))
    missing = sorted(set(segment.astype(str).unique()) - set(segment_values.index.astype(str)))
    if missing:
        raise DataValidationError(f"channel_value: no value for segment(s) {missing}; value every segment.",
                                  column="segment")
    no_customers = sorted(set(costs.index.astype(str)) - set(channel.unique()))
    if no_customers:
        raise DataValidationError(f"channel_value: no acquired customers are recorded for channel(s) "
                                  f"{no_customers}; their customers' value is unknown.", column="channel")
    mix = pd.crosstab(channel, segment.astype(str), normalize="index")
    values = mix @ segment_values.loc[mix.columns]
    table = costs[["cac", "acquired"]].copy()
    table.index = table.index.astype(str)
    table["main_segment"] = mix.idxmax(axis=1).reindex(table.index)
    table["main_segment_share"] = mix.max(axis=1).reindex(table.index)
    table["value"] = values[horizon].reindex(table.index)
    table["value_to_cac"] = table["value"] / table["cac"]
    table["payback"] = [_payback(values.loc[c], cost) for c, cost in table["cac"].items()]
    return ChannelValue(table.sort_values("value_to_cac", ascending=False), mix, values, float(horizon))

