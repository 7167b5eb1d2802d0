"""Conversion paths: the aggregated form that attribution tools exchange, and its encoded twin.

The exchange format is one row per distinct path: ``path`` (channel names joined by ``" > "``, first touch
first), ``total_conversions`` and ``total_null`` (journeys on that path that converted or did not) and,
optionally, ``total_conversion_value``. :func:`as_path_table` accepts that DataFrame, a
:class:`~paynecrm_kernel.channels.journeys.Journeys` object or a :class:`PathTable`, and returns the encoded
form every attribution model works on: each path as a tuple of channel positions, with its counts.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import as_frame, numeric_column, require_columns, rows_text

__all__ = ["PATH_SEPARATOR", "PathTable", "as_path_table", "paths_frame"]

#: How channel names are joined in the ``path`` column.
PATH_SEPARATOR = " > "

_HINT = ("Pass journeys from build_journeys, or a DataFrame with one row per path: 'path' (channels joined by "
         "' > '), 'total_conversions', 'total_null' and optionally 'total_conversion_value'.")


@dataclass(frozen=True)
class PathTable:
    """Distinct conversion paths, encoded.

    Attributes
    ----------
    channels : tuple of str
        Channel names; a path holds positions into this tuple.
    paths : tuple of tuple of int
        Each distinct path, first touch first.
    conversions, nulls : numpy.ndarray of float
        Journeys on each path that converted / did not convert.
    values : numpy.ndarray of float or None
        Total conversion value of each path, when known.
    """

    channels: tuple
    paths: tuple
    conversions: np.ndarray
    nulls: np.ndarray
    values: np.ndarray | None = None

    @property
    def n_channels(self):
        return len(self.channels)

    @property
    def total_conversions(self):
        return float(self.conversions.sum())

    @property
    def total_journeys(self):
        return float(self.conversions.sum() + self.nulls.sum())

    def with_counts(self, conversions, nulls, values=None):
        """The same paths with other counts (a bootstrap resample, a held-out split)."""
        return PathTable(self.channels, self.paths, np.asarray(conversions, float), np.asarray(nulls, float),
                         None if values is None else np.asarray(values, float))

    def require_conversions(self, what):
        """Raise when no journey converted: no model can share out zero conversions."""
        if self.total_conversions <= 0:
            raise DataValidationError(
                f"{what}: none of the {self.total_journeys:,.0f} journeys converted, so there is no credit to "
                "share. Check the conversion rule (the outcome or stage that marks a sale) or the "
                "'total_conversions' column.", column="total_conversions")


def as_path_table(paths, channels=None):
    """Return ``paths`` as a :class:`PathTable`.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
        Journeys built from an interaction log, or the aggregated exchange format (see the module docstring).
    channels : sequence of str, optional
        Order of the channels in results; channels that appear in no path may be listed too. Default: the
        order of first appearance.

    Returns
    -------
    PathTable

    Raises
    ------
    DataValidationError
        Missing columns, empty paths, negative or non-numeric counts, no rows.
    """
    if isinstance(paths, PathTable):
        table = paths
    elif hasattr(paths, "path_table"):
        table = paths.path_table()
    else:
        table = _from_frame(as_frame(paths, "The conversion paths", _HINT))
    return table if channels is None else _reorder(table, channels)


def _from_frame(frame):
    require_columns(frame, ["path", "total_conversions", "total_null"], "The conversion paths")
    conversions = numeric_column(frame, "total_conversions", "The conversion paths")
    nulls = numeric_column(frame, "total_null", "The conversion paths")
    values = None
    if "total_conversion_value" in frame.columns:
        values = numeric_column(frame, "total_conversion_value", "The conversion paths")
    raw = frame["path"]
    bad = raw.isna().to_numpy() | ~raw.map(lambda p: isinstance(p, str)).to_numpy()
    split = [tuple(part.strip() for part in str(p).split(PATH_SEPARATOR.strip())) for p in raw]
    bad |= np.array([any(part == "" for part in parts) for parts in split])
    if bad.any():
        rows, text = rows_text(frame.index, bad)
        raise DataValidationError(
            f"The conversion paths: column 'path' has {int(bad.sum())} empty or malformed path(s) (rows {text}); "
            "each path is channel names joined by ' > ', e.g. 'web > stores'. Remove the rows or fix the names.",
            column="path", rows=rows)
    names = list(dict.fromkeys(part for parts in split for part in parts))
    code = {name: i for i, name in enumerate(names)}
    encoded = pd.Series([tuple(code[p] for p in parts) for parts in split])
    grouped = pd.DataFrame({"path": encoded, "c": conversions, "n": nulls,
                            "v": values if values is not None else 0.0}).groupby("path", sort=False).sum()
    return PathTable(tuple(names), tuple(grouped.index), grouped["c"].to_numpy(float),
                     grouped["n"].to_numpy(float), grouped["v"].to_numpy(float) if values is not None else None)


def _reorder(table, channels):
    channels = [str(c) for c in channels]
    unknown = [c for c in table.channels if c not in channels]
    if unknown or len(set(channels)) != len(channels):
        raise DataValidationError(
            f"The channel list {channels} must name every channel of the paths once; missing: {unknown}.",
            column="path")
    position = [channels.index(c) for c in table.channels]
    paths = tuple(tuple(position[i] for i in p) for p in table.paths)
    return PathTable(tuple(channels), paths, table.conversions, table.nulls, table.values)


def paths_frame(paths):
    """Return paths in the exchange format, one row per distinct path, most frequent first.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        ``path, total_conversions, total_null`` and ``total_conversion_value`` when values are known.
    """
    table = as_path_table(paths)
    out = pd.DataFrame({"path": [PATH_SEPARATOR.join(table.channels[i] for i in p) for p in table.paths],
                        "total_conversions": table.conversions, "total_null": table.nulls})
    if table.values is not None:
        out["total_conversion_value"] = table.values
    order = np.argsort(-(table.conversions + table.nulls), kind="stable")
    return out.iloc[order].reset_index(drop=True)
