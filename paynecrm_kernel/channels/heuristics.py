"""Rule-based attribution: first touch, last touch, linear, position-based and time decay.

These rules were the defaults of web analytics for two decades. Google Ads and Google Analytics 4 retired
first click, linear, time decay and position-based attribution in 2023 (keeping last click and data-driven
attribution): the workbook teaches them as history and as a baseline that data-driven models are compared
with.

* **first** / **last**: all the credit to the first / last touch of a converting journey;
* **linear**: equal credit to every touch;
* **position**: 40 % to the first touch, 40 % to the last, 20 % shared by the touches between (half each
  for a two-touch journey, all of it for a single touch);
* **time decay**: credit halves every ``half_life_days`` before the conversion (7 days, the old Google
  default) when touch times are known; with aggregated paths it halves every ``half_life_touches`` touches
  counted back from the conversion.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import number
from .paths import as_path_table

__all__ = ["HEURISTICS", "RETIRED_NOTE", "heuristic_attribution"]

#: Names of the rules, in the order of the result's columns.
HEURISTICS = ("first_touch", "last_touch", "linear", "position_based", "time_decay")
#: What to say next to every rule-based figure.
RETIRED_NOTE = ("Google Ads and Google Analytics 4 retired the first-click, linear, time-decay and "
                "position-based models in 2023; they are shown as history and as a baseline.")


def _touch_table(paths):
    """One row per touch of a converting journey: path, position, length, channel, weights, days to the end."""
    if hasattr(paths, "touches") and hasattr(paths, "journeys"):
        journeys = paths.journeys[paths.journeys["converted"]]
        touches = paths.touches[paths.touches["journey_id"].isin(journeys["journey_id"])].copy()
        touches = touches.sort_values(["journey_id", "timestamp"], kind="stable")
        code = {name: i for i, name in enumerate(paths.channels)}
        value = journeys.set_index("journey_id")["value"]
        touches["length"] = touches.groupby("journey_id")["channel"].transform("size")
        return paths.channels, pd.DataFrame({
            "journey": touches["journey_id"].to_numpy(),
            "position": touches.groupby("journey_id").cumcount().to_numpy(),
            "length": touches["length"].to_numpy(), "channel": touches["channel"].map(code).to_numpy(),
            "weight": 1.0, "value": touches["journey_id"].map(value).to_numpy(dtype=float),
            "days_to_end": touches["days_to_end"].to_numpy()})
    table = as_path_table(paths)
    rows = [(u, t, len(p), c) for u, p in enumerate(table.paths) for t, c in enumerate(p)]
    frame = pd.DataFrame(rows, columns=["journey", "position", "length", "channel"])
    frame["weight"] = table.conversions[frame["journey"]]
    frame["value"] = table.values[frame["journey"]] if table.values is not None else 0.0
    frame["days_to_end"] = np.nan
    return table.channels, frame[frame["weight"] > 0]


def heuristic_attribution(paths, half_life_days=7.0, half_life_touches=1.0, value=False):
    """Credit conversions (or their value) to channels by the five rule-based models.

    Parameters
    ----------
    paths : Journeys, PathTable or pandas.DataFrame
        See :func:`~paynecrm_kernel.channels.paths.as_path_table`; journeys carry touch times for time decay.
    half_life_days : float, default 7
    half_life_touches : float, default 1
    value : bool, default False
        Credit conversion value instead of conversions.

    Returns
    -------
    pandas.DataFrame
        ``channel`` and one column per rule of :data:`HEURISTICS`; each column sums to the total conversions
        (or value). ``attrs["note"]`` holds :data:`RETIRED_NOTE`.
    """
    channels, t = _touch_table(paths)
    half_days = number(half_life_days, "half_life_days", 1e-6)
    half_touches = number(half_life_touches, "half_life_touches", 1e-6)
    first = (t["position"] == 0).to_numpy(float)
    last = (t["position"] == t["length"] - 1).to_numpy(float)
    length = t["length"].to_numpy(float)
    middle = 1.0 - first - last
    position = np.where(length == 1, 1.0, np.where(length == 2, 0.5,
                        0.4 * first + 0.4 * last + 0.2 * middle / np.maximum(length - 2, 1)))
    age = t["days_to_end"].to_numpy() / half_days
    by_touch = (t["length"] - 1 - t["position"]).to_numpy(float) / half_touches
    decay = 2.0 ** -np.where(np.isnan(age), by_touch, age)
    decay = decay / pd.Series(decay).groupby(t["journey"].to_numpy()).transform("sum").to_numpy()
    mass = (t["value"] if value else t["weight"]).to_numpy(float)
    out = pd.DataFrame({"channel": list(channels)})
    for name, share in zip(HEURISTICS, (first, last, 1.0 / length, position, decay)):
        out[name] = np.bincount(t["channel"].to_numpy(), share * mass, len(channels))
    out.attrs["note"] = RETIRED_NOTE
    return out
