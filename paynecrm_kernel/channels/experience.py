"""Experience standards: a "perfect customer experience" per channel, and the gap to what customers get.

Payne & Frow ask the firm to define an outstanding experience in each channel before integrating them. The
workbook measures it on five dimensions, each through one metric:

================== ============================== ============ ===========================================
dimension          metric                         better       source
================== ============================== ============ ===========================================
speed              mean handling minutes          lower        log: ``handling_minutes``
consistency        first-contact resolution       higher       log: ``outcome`` is "completed"
personalisation    share of contacts identified   higher       log: ``identified`` (contact linked to the
                                                               customer's record)
information        information rating (1-7)       higher       survey (your own question)
ease               channel satisfaction (1-7)     higher       survey: ``rated_channel``,
                                                               ``channel_satisfaction``
================== ============================== ============ ===========================================

The gap of a metric is its shortfall relative to the standard (0 when the standard is met):
``(target - observed) / target`` when higher is better, ``(observed - target) / target`` when lower is
better. A channel's experience gap is the importance-weighted mean of its dimensions' gaps; importances come
from a conjoint study or a survey and are rescaled to sum to 1 over the measured dimensions.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import as_frame, numeric_column, require_columns
from .log import validate_log

__all__ = ["DIMENSIONS", "METRICS", "experience_gaps", "observed_experience", "standards_template"]

#: The five dimensions of the experience standard.
DIMENSIONS = ("speed", "consistency", "personalisation", "information", "ease")
#: Metric, direction and scale of each dimension.
METRICS = {
    "speed": dict(metric="mean handling minutes", higher_is_better=False),
    "consistency": dict(metric="first-contact resolution", higher_is_better=True),
    "personalisation": dict(metric="share of contacts identified", higher_is_better=True),
    "information": dict(metric="information rating (1-7)", higher_is_better=True),
    "ease": dict(metric="channel satisfaction (1-7)", higher_is_better=True),
}
# The workbook's starting standards; speed in minutes per contact by channel category.
_START = {"consistency": 0.90, "personalisation": 0.95, "information": 6.0, "ease": 6.0}
_SPEED_BY_CATEGORY = {"Sales force": 45.0, "Outlets": 12.0, "Telephony": 6.0, "Direct marketing": 2.0,
                      "E-commerce": 1.0, "M-commerce": 0.5}


def standards_template(channels):
    """Starting standards for each channel, for a team to edit.

    Parameters
    ----------
    channels : pandas.DataFrame
        ``channel`` and ``category`` (one of the six; sets the starting speed standard).

    Returns
    -------
    pandas.DataFrame
        ``channel, dimension, metric, higher_is_better, target``.
    """
    require_columns(as_frame(channels, "The channel table", "Pass 'channel' and 'category'."),
                    ["channel", "category"], "The channel table")
    rows = []
    for channel, category in zip(channels["channel"].astype(str), channels["category"]):
        if category not in _SPEED_BY_CATEGORY:
            raise DataValidationError(f"Unknown channel category {category!r} for {channel!r}; use one of "
                                      f"{', '.join(_SPEED_BY_CATEGORY)}.", column="category")
        for dimension in DIMENSIONS:
            target = _SPEED_BY_CATEGORY[category] if dimension == "speed" else _START[dimension]
            rows.append({"channel": channel, "dimension": dimension, **METRICS[dimension], "target": target})
    return pd.DataFrame(rows)


def observed_experience(log=None, surveys=None, ratings=None):
    """Observed performance per channel and dimension, from the log, the survey and your own ratings.

    Parameters
    ----------
    log : pandas.DataFrame, optional
        ``customer_id, channel`` with ``handling_minutes``, ``outcome``, ``identified`` where available.
    surveys : pandas.DataFrame, optional
        ``rated_channel, channel_satisfaction`` (ease).
    ratings : pandas.DataFrame, optional
        Extra measurements: ``channel, dimension, observed`` (e.g. the information rating).

    Returns
    -------
    pandas.DataFrame
        ``channel, dimension, observed, source, n`` (contacts or respondents behind the figure).
    """
    parts = []
    if log is not None:
        clean = validate_log(log, need=("customer", "channel"))
        grouped = clean.groupby("channel", observed=True)
        if "handling_minutes" in clean.columns:
            parts.append(_part(grouped["handling_minutes"].mean(), grouped.size(), "speed", "log"))
        if "outcome" in clean.columns:
            resolved = clean["outcome"].astype(str).eq("completed").groupby(clean["channel"]).mean()
            parts.append(_part(resolved, grouped.size(), "consistency", "log"))
        if "identified" in clean.columns:
            parts.append(_part(grouped["identified"].mean(), grouped.size(), "personalisation", "log"))
    if surveys is not None:
        require_columns(surveys, ["rated_channel", "channel_satisfaction"], "The survey")
        score = pd.Series(numeric_column(surveys, "channel_satisfaction", "The survey"), index=surveys.index)
        grouped = score.groupby(surveys["rated_channel"].astype(str))
        parts.append(_part(grouped.mean(), grouped.size(), "ease", "survey"))
    if ratings is not None:
        require_columns(ratings, ["channel", "dimension", "observed"], "The ratings")
        _known_dimensions(ratings["dimension"])
        parts.append(ratings.assign(observed=numeric_column(ratings, "observed", "The ratings"),
                                    source="ratings", n=ratings.get("n", np.nan))
                     [["channel", "dimension", "observed", "source", "n"]])
    if not parts:
        raise DataValidationError("Pass a log, a survey or ratings to measure the experience.")
    return pd.concat(parts, ignore_index=True)


def _part(values, counts, dimension, source):
    return pd.DataFrame({"channel": values.index.astype(str), "dimension": dimension,
                         "observed": values.to_numpy(dtype=float), "source": source,
                         "n": counts.reindex(values.index).to_numpy()})


def _known_dimensions(column):
    unknown = sorted(set(column.astype(str)) - set(DIMENSIONS))
    if unknown:
        raise DataValidationError(f"Unknown experience dimension(s) {unknown}; use {', '.join(DIMENSIONS)}.",
                                  column="dimension")


def experience_gaps(standards, observed, importance=None):
    """Gap between the standards and observed performance, per channel and dimension, weighted by importance.

    Parameters
    ----------
    standards : pandas.DataFrame
        ``channel, dimension, target`` (and ``higher_is_better``; default from :data:`METRICS`).
    observed : pandas.DataFrame
        ``channel, dimension, observed`` (from :func:`observed_experience`).
    importance : dict, optional
        Weight of each dimension (e.g. conjoint importances); default equal. Rescaled to sum to 1 over the
        dimensions measured for each channel.

    Returns
    -------
    gaps : pandas.DataFrame
        ``channel, dimension, metric, target, observed, measured, meets_standard, gap, weight``;
        unmeasured dimensions have ``measured=False``, gap 0 and weight 0.
    by_channel : pandas.DataFrame
        ``channel, weighted_gap`` (0 = every measured standard met), ``dimensions_measured``,
        ``standards_met``, ``worst_dimension``.
    """
    require_columns(standards, ["channel", "dimension", "target"], "The standards")
    require_columns(observed, ["channel", "dimension", "observed"], "The observed performance")
    _known_dimensions(standards["dimension"])
    target = numeric_column(standards, "target", "The standards")
    if (target == 0).any():
        raise DataValidationError("The standards: a target of 0 cannot be a reference; enter a positive target.",
                                  column="target")
    weights = {d: 1.0 for d in DIMENSIONS} if importance is None else dict(importance)
    _known_dimensions(pd.Series(list(weights)))
    table = standards.assign(target=target, channel=standards["channel"].astype(str))
    if "higher_is_better" not in table.columns:
        table["higher_is_better"] = table["dimension"].map(lambda d: METRICS[d]["higher_is_better"])
    table["metric"] = table["dimension"].map(lambda d: METRICS[d]["metric"])
    obs = observed.assign(channel=observed["channel"].astype(str))[["channel", "dimension", "observed"]]
    table = table.merge(obs.drop_duplicates(["channel", "dimension"], keep="last"), on=["channel", "dimension"],
                        how="left")
    table["measured"] = table["observed"].notna()
    shortfall = np.where(table["higher_is_better"].astype(bool), table["target"] - table["observed"],
                         table["observed"] - table["target"]) / table["target"]
    table["gap"] = np.where(table["measured"], np.clip(shortfall, 0.0, None), 0.0)
    table["meets_standard"] = table["measured"] & (table["gap"] == 0)
    raw = table["dimension"].map(weights).fillna(0.0) * table["measured"]
    table["weight"] = raw / raw.groupby(table["channel"]).transform("sum").replace(0, np.nan)
    table["weight"] = table["weight"].fillna(0.0)
    grouped = table.assign(weighted=table["gap"] * table["weight"]).groupby("channel", sort=False)
    by_channel = pd.DataFrame({
        "weighted_gap": grouped["weighted"].sum(), "dimensions_measured": grouped["measured"].sum(),
        "standards_met": grouped["meets_standard"].sum(),
        "worst_dimension": grouped.apply(lambda g: g.loc[g["gap"].idxmax(), "dimension"] if g["gap"].max() > 0
                                         else "none", include_groups=False)}).reset_index()
    columns = ["channel", "dimension", "metric", "target", "observed", "measured", "meets_standard", "gap", "weight"]
    return table[columns], by_channel
