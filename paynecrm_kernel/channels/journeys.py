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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import number, rows_text
from .log import LOG_COLUMNS, validate_log
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
    _tables: dict = field(default_factory=dict, repr=False, compare=False)

    def path_table(self, segment=None):
        """The journeys as a :class:`~.paths.PathTable` (optionally one segment's only; computed once)."""
        if segment not in self._tables:
            self._tables[segment] = self._path_table(segment)
        return self._tables[segment]

    def _path_table(self, segment):
        frame = self.journeys
        if segment is not None:
            if "segment" not in frame.columns:
                raise DataValidationError("These journeys have no segments; pass segments to build_journeys.")
            frame = frame[frame["segment"] == segment]
            if frame.empty:
                raise DataValidationError(f"No journey belongs to segment {segment!r}.", column="segment")
        code = {name: i for i, name in enumerate(self.channels)}
        grouped = frame.groupby("path", sort=False, observed=True).agg(
            c=("converted", "sum"), n=("converted", "size"), v=("value", "sum"))
        paths = tuple(tuple(code[p] for p in str(path).split(PATH_SEPARATOR)) for path in grouped.index)
        conversions = grouped["c"].to_numpy(float)
        return PathTable(self.channels, paths, conversions, grouped["n"].to_numpy(float) - conversions,
                         grouped["v"].to_numpy(float) if self.rules["value_column"] else None)

    def _repr_html_(self):
        from .summaries import journeys_table

        return journeys_table(self).to_html()

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
    if conversion_stage is None and conversion_outcome is None:
        raise DataValidationError("Say what a conversion is: pass conversion_stage (e.g. 'purchase') or "
                                  "conversion_outcome (e.g. 'order placed').")
    need = ["customer", "timestamp", "channel"] + (["stage"] if conversion_stage is not None else []) + \
        (["outcome"] if conversion_outcome is not None else [])
    frame = validate_log(_slim(log, columns, value_column), need=need, stage_phases=stage_phases, columns=columns)
    session = pd.Timedelta(minutes=number(session_minutes, "session_minutes", 0, 1440)).to_timedelta64()
    timeout = pd.Timedelta(days=number(timeout_days, "timeout_days", 1e-6, 36_500)).to_timedelta64()
    if "phase" in frame.columns:
        frame = frame[(frame["phase"] != "after-sale").to_numpy()]
    if frame.empty:
        raise DataValidationError("The interaction log has no pre-sale or sale contacts to build journeys from.",
                                  column="stage")
    converts = np.ones(len(frame), dtype=bool)
    if conversion_stage is not None:
        converts &= (frame["stage"] == str(conversion_stage)).to_numpy()
    if conversion_outcome is not None:
        converts &= (frame["outcome"].astype(str) == str(conversion_outcome)).to_numpy()
    value = _conversion_values(frame, value_column, converts)
    customer_code, customer_names = pd.factorize(frame["customer_id"])
    channel_code, channel_names = pd.factorize(frame["channel"])
    time = frame["timestamp"].to_numpy()
    order = np.lexsort((converts, time, customer_code))
    touches = _sessions(customer_code[order], time[order], channel_code[order], converts[order], value[order],
                        session)
    journeys = _journeys(touches, timeout)
    if not keep_open:
        open_ = ~journeys["converted"] & (journeys["end"] > time.max() - timeout)
        touches = {k: v[np.repeat(~open_, journeys["touches"])] for k, v in touches.items()}
        journeys = {k: v[~open_] for k, v in journeys.items()}
    if journeys["first"].size == 0:
        raise DataValidationError("No complete journey: every journey is still open at the end of the log. "
                                  "Pass keep_open=True or a shorter timeout_days.")
    names = np.asarray(channel_names, dtype=object)
    used = list(names[np.unique(touches["channel"])])
    ordered = list(channels) if channels is not None else used
    missing = sorted(set(used) - set(ordered))
    if missing:
        raise DataValidationError(f"The channel list lacks {missing}, which the log uses.", column="channel")
    ids = np.asarray(customer_names, dtype=object)
    lengths = journeys["touches"]
    journey_ids = np.arange(1, lengths.size + 1)
    journey_of_touch = np.repeat(journey_ids, lengths)
    table = pd.DataFrame({
        "journey_id": journey_ids, "customer_id": ids[journeys["customer"]], "start": journeys["start"],
        "end": journeys["end"], "touches": lengths,
        "path": _path_strings(touches["channel"], lengths, names), "converted": journeys["converted"],
        "value": journeys["value"]})
    _add_segments(table, frame, segments)
    touch_table = pd.DataFrame({
        "journey_id": journey_of_touch, "customer_id": ids[touches["customer"]], "timestamp": touches["time"],
        "channel": pd.Categorical.from_codes(touches["channel"], categories=names),
        "days_to_end": (np.repeat(journeys["end"], lengths) - touches["time"]) / np.timedelta64(1, "D")})
    rules = {"session_minutes": float(session_minutes), "timeout_days": float(timeout_days),
             "conversion_stage": conversion_stage, "conversion_outcome": conversion_outcome,
             "value_column": value_column, "keep_open": keep_open}
    return Journeys(table, touch_table, tuple(ordered), rules)


def _slim(log, columns, value_column):
    """Only the columns journeys need (copying a wide log would cost more than building the journeys)."""
    if not isinstance(log, pd.DataFrame):
        return log
    names = {**LOG_COLUMNS, **(columns or {})}
    keep = [names[r] for r in ("customer", "timestamp", "channel", "stage", "outcome")] + [value_column, "segment"]
    return log[[c for c in dict.fromkeys(keep) if c is not None and c in log.columns]]


def _conversion_values(frame, value_column, converts):
    if value_column is None:
        return np.zeros(len(frame))
    if value_column not in frame.columns:
        raise DataValidationError(f"The interaction log has no value column {value_column!r}; name the column "
                                  "that holds the order value, or pass value_column=None.", column=value_column)
    raw = pd.to_numeric(frame[value_column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = converts & ~(np.isfinite(raw) & (raw >= 0))
    if bad.any():
        rows, text = rows_text(frame.index, bad)
        raise DataValidationError(
            f"The interaction log: {int(bad.sum())} conversion(s) have a missing, non-numeric or negative value in "
            f"{value_column!r} (rows {text}). Every sale needs an order value >= 0.", column=value_column, rows=rows)
    return np.where(converts, raw, 0.0)


def _sessions(customer, time, channel, converts, value, session):
    """Merge consecutive same-channel contacts closer than ``session``; one entry per touch."""
    new = np.ones(customer.size, dtype=bool)
    new[1:] = (customer[1:] != customer[:-1]) | (channel[1:] != channel[:-1]) | \
        (time[1:] - time[:-1] >= session) | converts[:-1]
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], customer.size] - 1
    return {"customer": customer[starts], "channel": channel[starts], "time": time[starts], "last": time[ends],
            "converts": np.logical_or.reduceat(converts, starts), "value": np.add.reduceat(value, starts)}


def _journeys(touches, timeout):
    """Cut touches into journeys at a conversion, a new customer or a gap longer than ``timeout``."""
    customer = touches["customer"]
    new = np.ones(customer.size, dtype=bool)
    new[1:] = (customer[1:] != customer[:-1]) | touches["converts"][:-1] | \
        (touches["time"][1:] - touches["last"][:-1] > timeout)
    first = np.flatnonzero(new)
    last = np.r_[first[1:], customer.size] - 1
    return {"first": first, "customer": customer[first], "start": touches["time"][first],
            "end": touches["time"][last], "touches": last - first + 1,
            "converted": np.logical_or.reduceat(touches["converts"], first),
            "value": np.add.reduceat(touches["value"], first)}


def _add_segments(table, frame, segments):
    if segments is None and "segment" in frame.columns:
        segments = frame.groupby("customer_id")["segment"].first()
    if segments is None:
        return
    if not isinstance(segments, pd.Series):
        raise DataValidationError("segments must be a pandas Series of segment names indexed by customer_id.")
    table["segment"] = table["customer_id"].map(segments)
    unknown = table["segment"].isna().to_numpy()
    if unknown.any():
        ids = sorted(map(str, table.loc[unknown, "customer_id"].unique()))[:5]
        raise DataValidationError(f"segments has no segment for customer(s) {ids}; give every customer of "
                                  "the log a segment.", column="segment")


def _path_strings(channel, lengths, names):
    """The ``path`` of every journey as a categorical, joining each distinct path's names only once.

    Paths short enough are keyed by an exact base-(n+1) integer; longer ones by their bytes.
    """
    base = len(names) + 1
    fits = int(np.floor(62 / np.log2(base)))
    first = np.r_[0, np.cumsum(lengths)[:-1]]
    from_end = np.repeat(first + lengths - 1, lengths) - np.arange(channel.size)
    short = lengths <= fits
    digits = np.where(np.repeat(short, lengths), (channel + 1) * base ** np.minimum(from_end, fits), 0)
    key = np.add.reduceat(digits.astype(np.int64), first) if channel.size else np.zeros(0, np.int64)
    if not short.all():
        stream = channel.astype("<u4").tobytes()
        long_first = first[~short]
        long_keys = [stream[4 * a: 4 * (a + n)] for a, n in zip(long_first, lengths[~short])]
        code, _ = pd.factorize(pd.Series(long_keys, dtype=object))
        key[~short] = -1 - code
    position, distinct = pd.factorize(key)
    example = np.unique(position, return_index=True)[1]        # a journey of each distinct path
    text = [PATH_SEPARATOR.join(names[channel[a: a + n]]) for a, n in zip(first[example], lengths[example])]
    return pd.Categorical.from_codes(position, categories=text)
