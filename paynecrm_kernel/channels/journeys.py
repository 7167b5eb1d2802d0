"""Customer journeys from an interaction log: sessions, time-outs and conversion paths.

Rules, applied per customer in time order:

1. **Session**: consecutive contacts in the same channel less than ``session_minutes`` apart are one touch
   (a visit that logs several page views or a call transferred twice counts once).
2. **Conversion**: a touch converts when its stage is ``conversion_stage`` (and, if given, its outcome is
   ``conversion_outcome``); the journey ends with it and the next touch starts a new journey.
3. **Time-out**: a gap of more than ``timeout_days`` without contact ends the journey without conversion.
4. Journeys still open at the end of the log (their last touch less than ``timeout_days`` before the log's
   last contact and no conversion) may yet convert: they are left out unless ``keep_open=True``.
5. Only pre-sale and sale contacts form attribution journeys; after-sale contacts (delivery, service) do
   not lead to the purchase and are skipped when the log has a stage column.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import number
from .log import validate_log
from .paths import PATH_SEPARATOR, PathTable

__all__ = ["Journeys", "build_journeys"]


@dataclass(frozen=True)
class Journeys:
    """Journeys built by :func:`build_journeys`.

    Attributes
    ----------
    journeys : pandas.DataFrame
        One row per journey: ``journey_id, customer_id, start, end, touches, path, converted, value`` and
        ``segment`` when segments were given.
    touches : pandas.DataFrame
        One row per touch (session): ``journey_id, customer_id, timestamp, channel, days_to_end`` (days from
        the touch to the journey's last touch).
    channels : tuple of str
        Channel names in results' order.
    rules : dict
        The session, time-out and conversion rules used.
    """

    journeys: pd.DataFrame
    touches: pd.DataFrame
    channels: tuple
    rules: dict

    def path_table(self, segment=None):
        """The journeys as a :class:`~.paths.PathTable` (optionally one segment's only)."""
        frame = self.journeys
        if segment is not None:
            if "segment" not in frame.columns:
                raise DataValidationError("These journeys have no segments; pass segments to build_journeys.")
            frame = frame[frame["segment"] == segment]
            if frame.empty:
                raise DataValidationError(f"No journey belongs to segment {segment!r}.", column="segment")
        code = {name: i for i, name in enumerate(self.channels)}
        grouped = frame.groupby("path", sort=False).agg(
            c=("converted", "sum"), n=("converted", "size"), v=("value", "sum"))
        paths = tuple(tuple(code[p] for p in path.split(PATH_SEPARATOR)) for path in grouped.index)
        conversions = grouped["c"].to_numpy(float)
        return PathTable(self.channels, paths, conversions, grouped["n"].to_numpy(float) - conversions,
                         grouped["v"].to_numpy(float) if self.rules["value_column"] else None)

    def summary(self):
        """Journeys, conversions, conversion rate and mean touches, overall and per segment."""
        frame = self.journeys.assign(all="all customers")
        keys = ["segment"] if "segment" in frame.columns else ["all"]
        out = frame.groupby(keys, observed=True).agg(journeys=("journey_id", "size"),
                                                     conversions=("converted", "sum"),
                                                     mean_touches=("touches", "mean"))
        out["conversion_rate"] = out["conversions"] / out["journeys"]
        return out.reset_index()


def build_journeys(log, session_minutes=30, timeout_days=30, conversion_stage="purchase",
                   conversion_outcome=None, value_column=None, segments=None, keep_open=False, channels=None,
                   columns=None, stage_phases=None):
    """Cut an interaction log into customer journeys that end in a conversion or a time-out.

    Parameters
    ----------
    log : pandas.DataFrame
        ``customer_id, timestamp, channel`` and, for the conversion rule, ``stage`` (see
        :mod:`~paynecrm_kernel.channels.log`); ``outcome`` when ``conversion_outcome`` is given.
    session_minutes : float, default 30
        Contacts in one channel closer than this are one touch.
    timeout_days : float, default 30
        A longer gap without contact ends a journey unconverted.
    conversion_stage : str or None, default "purchase"
        Stage that marks a conversion; None to use the outcome alone.
    conversion_outcome : str, optional
        Outcome that marks a conversion (e.g. "order placed").
    value_column : str, optional
        Column with the value of a conversion (e.g. the order amount).
    segments : pandas.Series, optional
        Segment of each customer, indexed by ``customer_id`` (or use a ``segment`` column in the log).
    keep_open : bool, default False
        Keep journeys still open at the end of the log, as unconverted.
    channels : sequence of str, optional
        Order of the channels in results.
    columns, stage_phases : dict, optional
        Passed to :func:`~paynecrm_kernel.channels.log.validate_log`.

    Returns
    -------
    Journeys
    """
    need = ["customer", "timestamp", "channel"] + (["stage"] if conversion_stage is not None else []) + \
        (["outcome"] if conversion_outcome is not None else [])
    if conversion_stage is None and conversion_outcome is None:
        raise DataValidationError("Say what a conversion is: pass conversion_stage (e.g. 'purchase') or "
                                  "conversion_outcome (e.g. 'order placed').")
    frame = validate_log(log, need=need, stage_phases=stage_phases, columns=columns)
    session = pd.Timedelta(minutes=number(session_minutes, "session_minutes", 0))
    timeout = pd.Timedelta(days=number(timeout_days, "timeout_days", 1e-6))
    if "phase" in frame.columns:
        frame = frame[frame["phase"] != "after-sale"]
    converts = np.ones(len(frame), dtype=bool)
    if conversion_stage is not None:
        converts &= (frame["stage"] == str(conversion_stage)).to_numpy()
    if conversion_outcome is not None:
        converts &= (frame["outcome"].astype(str) == str(conversion_outcome)).to_numpy()
    value = np.zeros(len(frame))
    if value_column is not None:
        if value_column not in frame.columns:
            raise DataValidationError(f"The interaction log has no value column {value_column!r}.",
                                      column=value_column)
        value = np.where(converts, pd.to_numeric(frame[value_column], errors="coerce").fillna(0.0), 0.0)
        if (value < 0).any():
            raise DataValidationError(f"The interaction log: conversion values in {value_column!r} must be >= 0.",
                                      column=value_column)
    work = pd.DataFrame({"customer_id": frame["customer_id"].to_numpy(), "timestamp": frame["timestamp"].to_numpy(),
                         "channel": frame["channel"].to_numpy(), "converts": converts, "value": value})
    if work.empty:
        raise DataValidationError("The interaction log has no pre-sale or sale contacts to build journeys from.",
                                  column="stage")
    work = work.sort_values(["customer_id", "timestamp", "converts"], kind="stable").reset_index(drop=True)
    touches = _sessions(work, session)
    touches["journey"] = _journey_numbers(touches, timeout)
    journeys = _journeys(touches, frame, segments)
    last_contact = work["timestamp"].max()
    if not keep_open:
        open_ = ~journeys["converted"] & (journeys["end"] > last_contact - timeout)
        journeys = journeys[~open_.to_numpy()]
        touches = touches[touches["journey"].isin(journeys["journey_id"])]
    if journeys.empty:
        raise DataValidationError("No complete journey: every journey is still open at the end of the log. "
                                  "Pass keep_open=True or a shorter timeout_days.")
    order = list(channels) if channels is not None else list(dict.fromkeys(touches["channel"]))
    missing = sorted(set(touches["channel"]) - set(order))
    if missing:
        raise DataValidationError(f"The channel list lacks {missing}, which the log uses.", column="channel")
    end = touches.groupby("journey")["timestamp"].transform("max")
    touch_table = pd.DataFrame({"journey_id": touches["journey"].to_numpy(),
                                "customer_id": touches["customer_id"].to_numpy(),
                                "timestamp": touches["timestamp"].to_numpy(), "channel": touches["channel"].to_numpy(),
                                "days_to_end": ((end - touches["timestamp"]).dt.total_seconds() / 86400).to_numpy()})
    rules = {"session_minutes": float(session_minutes), "timeout_days": float(timeout_days),
             "conversion_stage": conversion_stage, "conversion_outcome": conversion_outcome,
             "value_column": value_column, "keep_open": keep_open}
    return Journeys(journeys.reset_index(drop=True), touch_table, tuple(order), rules)


def _sessions(work, session):
    customer = work["customer_id"].to_numpy()
    channel = work["channel"].to_numpy()
    time = work["timestamp"].to_numpy()
    converts = work["converts"].to_numpy()
    new = np.ones(len(work), dtype=bool)
    new[1:] = (customer[1:] != customer[:-1]) | (channel[1:] != channel[:-1]) | \
        (time[1:] - time[:-1] >= session.to_timedelta64()) | converts[:-1]
    sid = np.cumsum(new) - 1
    grouped = work.groupby(sid, sort=True)
    return pd.DataFrame({"customer_id": customer[new], "channel": channel[new], "timestamp": time[new],
                         "last": grouped["timestamp"].max().to_numpy(),
                         "converts": grouped["converts"].any().to_numpy(),
                         "value": grouped["value"].sum().to_numpy()})


def _journey_numbers(touches, timeout):
    customer = touches["customer_id"].to_numpy()
    new = np.ones(len(touches), dtype=bool)
    gap = touches["timestamp"].to_numpy()[1:] - touches["last"].to_numpy()[:-1]
    new[1:] = (customer[1:] != customer[:-1]) | touches["converts"].to_numpy()[:-1] | (gap > timeout.to_timedelta64())
    return np.cumsum(new)


def _journeys(touches, frame, segments):
    grouped = touches.groupby("journey", sort=True)
    out = pd.DataFrame({"journey_id": grouped.size().index.to_numpy(),
                        "customer_id": grouped["customer_id"].first().to_numpy(),
                        "start": grouped["timestamp"].min().to_numpy(), "end": grouped["timestamp"].max().to_numpy(),
                        "touches": grouped.size().to_numpy(),
                        "path": grouped["channel"].agg(PATH_SEPARATOR.join).to_numpy(),
                        "converted": grouped["converts"].any().to_numpy(),
                        "value": grouped["value"].sum().to_numpy()})
    if segments is None and "segment" in frame.columns:
        segments = frame.groupby("customer_id")["segment"].first()
    if segments is not None:
        if not isinstance(segments, pd.Series):
            raise DataValidationError("segments must be a pandas Series of segment names indexed by customer_id.")
        out["segment"] = out["customer_id"].map(segments)
        unknown = out["segment"].isna().to_numpy()
        if unknown.any():
            ids = sorted(map(str, out.loc[unknown, "customer_id"].unique()))[:5]
            raise DataValidationError(f"segments has no segment for customer(s) {ids}; give every customer of "
                                      "the log a segment.", column="segment")
    return out
