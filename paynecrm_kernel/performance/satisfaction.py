"""Satisfaction measured beside the NPS: the mean rating with its interval and the top-two-box share.

The mean of a rating scale uses a t interval (respondents independent); the top-two-box share (e.g. 6-7 on a
1-7 scale) uses the Wilson score interval. Both are reported per group, like :func:`~.nps.nps_by`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import DataValidationError
from ._checks import check_level, numeric_column, require_frame

__all__ = ["satisfaction_summary", "wilson_interval"]


def wilson_interval(successes, n, level=0.95):
    """Wilson score interval of a proportion, as ``(lower, upper)`` shares."""
    z = float(stats.norm.ppf(0.5 + check_level(level) / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(centre - half), float(centre + half)


def _summary(values, top_box, level):
    n = len(values)
    mean = float(values.mean())
    sd = float(values.std(ddof=1)) if n > 1 else 0.0
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * sd / np.sqrt(n)) if n > 1 else np.inf
    top = int(np.sum(values >= top_box))
    low, high = wilson_interval(top, n, level)
    return {"mean": mean, "lower": mean - half, "upper": mean + half, "sd": sd, "n": n,
            "top_box_share": top / n, "top_box_lower": low, "top_box_upper": high}


def satisfaction_summary(responses, by=None, *, column="satisfaction", scale=(1, 7), top_box=None, level=0.95):
    """Mean satisfaction and top-box share, overall or per group.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent.
    by : str or list of str, optional
        Grouping column(s); None gives one row for all respondents.
    column : str
        The rating column.
    scale : (int, int)
        Lowest and highest point of the scale; answers outside it are an error (rows named).
    top_box : float, optional
        Lowest answer counted in the top box (default: the two highest points).
    level : float
        Coverage of the intervals.

    Returns
    -------
    pandas.DataFrame
        ``mean, lower, upper, sd, n, top_box_share, top_box_lower, top_box_upper`` (a single row named "all"
        when ``by`` is None). A group of one respondent has an infinite interval on its mean.
    """
    level = check_level(level)
    low, high = (float(v) for v in scale)
    if not low < high:
        raise DataValidationError(f"The scale must run from a lower to a higher point, not {scale!r}.")
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    require_frame(responses, keys + [column], "survey responses")
    values = pd.Series(numeric_column(responses, column, "survey responses", low, high), index=responses.index)
    top = high - 1 if top_box is None else float(top_box)
    if not keys:
        return pd.DataFrame([_summary(values.to_numpy(), top, level)], index=pd.Index(["all"], name="group"))
    rows = {}
    for group, frame in values.groupby([responses[k] for k in keys], sort=True, observed=True):
        rows[group[0] if len(keys) == 1 else group] = _summary(frame.to_numpy(), top, level)
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.names = keys
    return table
