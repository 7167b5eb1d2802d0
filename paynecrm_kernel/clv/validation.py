"""How well a purchase model fits and forecasts: the tables behind the standard diagnostic plots.

* :func:`period_transactions_table`: customers by number of repeat purchases in the calibration period,
  observed versus expected (the expected counts are exact sums of P(X(T_i) = n), not simulations);
* :func:`calibration_holdout_table`: mean repeat purchases in the holdout period, actual versus predicted,
  by calibration frequency (Fader, Hardie & Lee 2005, Figure 4);
* :func:`tracking_table`: repeat purchases per period over time, actual versus expected, incremental and
  cumulative (FHL 2005, Figures 2 and 3).
"""
import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import require_columns
from .summary import _days, _factorize
from .units import DAYS_PER_UNIT, validate_time_unit


def _frequency_label(x, max_frequency):
    capped = np.minimum(np.asarray(x, dtype=int), max_frequency)
    labels = [str(k) for k in range(max_frequency)] + [f"{max_frequency}+"]
    return pd.Categorical.from_codes(capped, categories=labels)


def period_transactions_table(result, data, max_frequency=7):
    """Number of customers with 0, 1, ..., ``max_frequency``+ repeat purchases: observed and expected.

    The expected count for ``n`` is ``sum_i P(X(T_i) = n)`` over the customers' own ages ``T_i``; the last
    row collects ``max_frequency`` and more.
    """
    require_columns(data, ["frequency", "T"], result.model_name)
    x = data["frequency"].to_numpy(dtype=float)
    age = data["T"].to_numpy(dtype=float)
    observed = np.bincount(np.minimum(x.astype(int), max_frequency), minlength=max_frequency + 1)
    expected = np.array([np.sum(result.probability_of_purchases(n, age)) for n in range(max_frequency)])
    expected = np.append(expected, len(x) - expected.sum())
    labels = [str(k) for k in range(max_frequency)] + [f"{max_frequency}+"]
    table = pd.DataFrame({"observed": observed, "expected": expected},
                         index=pd.Index(labels, name="repeat purchases"))
    table.attrs["time_unit"] = result.time_unit
    return table


def calibration_holdout_table(result, data, max_frequency=7):
    """Mean repeat purchases in the holdout period, actual and predicted, by calibration frequency.

    Parameters
    ----------
    result : fitted purchase model (BG/NBD family, Pareto/NBD ...)
    data : pandas.DataFrame
        From ``summarize_transactions(..., calibration_end=...)``: ``frequency, recency, T,
        frequency_holdout, duration_holdout``.
    max_frequency : int
        Customers with this many calibration repeat purchases or more form one group.

    Returns
    -------
    pandas.DataFrame
        Index ``calibration frequency`` ("0" ... "7+"); columns ``customers``, ``actual``, ``predicted``.
    """
    require_columns(data, ["frequency", "recency", "T", "frequency_holdout", "duration_holdout"],
                    result.model_name)
    predicted = np.asarray(result.expected_purchases(data["duration_holdout"].to_numpy(dtype=float), data))
    frame = pd.DataFrame({"group": _frequency_label(data["frequency"], max_frequency),
                          "actual": data["frequency_holdout"].to_numpy(dtype=float), "predicted": predicted})
    table = frame.groupby("group", observed=False).agg(customers=("actual", "size"), actual=("actual", "mean"),
                                                       predicted=("predicted", "mean"))
    table.index.name = "calibration frequency"
    table.attrs["time_unit"] = result.time_unit
    return table


def tracking_table(result, transactions, customer_id="customer_id", date="date", period="W", end=None):
    """Repeat purchases per period, actual and expected by the model, from the first acquisition on.

    Every customer starts at the first purchase; the expected repeat purchases of customer i by calendar
    time tau are ``E[X(tau - s_i)]`` (a new customer's expectation), summed over customers.

    Parameters
    ----------
    result : fitted purchase model with ``expected_purchases(t)`` and a ``time_unit``.
    transactions : pandas.DataFrame
        The transaction log (same-day purchases are merged, first purchases are not counted).
    customer_id, date : str
        Column names.
    period : {"D", "W", "M"}
        Length of the tracking periods.
    end : date-like, optional
        Last day to track; defaults to the last transaction.

    Returns
    -------
    pandas.DataFrame
        One row per period (``period_start`` date): ``actual``, ``expected``, ``actual_cumulative``,
        ``expected_cumulative``.
    """
    if result.time_unit is None:
        raise DataValidationError("The model does not know its time unit; fit it with fit(data, time_unit=...).")
    unit = validate_time_unit(period)
    codes, _ = _factorize(transactions[customer_id])
    days = _days(transactions, date)
    pairs = pd.DataFrame({"c": codes, "d": days}).drop_duplicates()
    first = pairs.groupby("c")["d"].transform("min").to_numpy()
    origin = int(first.min())
    last = int(days.max()) if end is None else int(np.datetime64(pd.Timestamp(end).date(), "D").astype(np.int64))
    step = DAYS_PER_UNIT[unit]
    n_periods = int(np.floor((last - origin + 1) / step + 1e-9))
    if n_periods < 1:
        raise DataValidationError("The tracking window is shorter than one period; choose a shorter period.")
    repeat_days = pairs["d"].to_numpy()[pairs["d"].to_numpy() > first]
    index = np.floor((repeat_days - origin) / step).astype(int)
    actual = np.bincount(index[(index >= 0) & (index < n_periods)], minlength=n_periods).astype(float)
    starts, counts = np.unique(pairs.groupby("c")["d"].min().to_numpy(), return_counts=True)
    ends = origin + step * np.arange(1, n_periods + 1)         # end of period k (exclusive day boundary)
    model_days = DAYS_PER_UNIT[result.time_unit]
    ages = np.clip((ends[None, :] - (starts[:, None] + 1)) / model_days, 0, None)
    cumulative = (counts[:, None] * result.expected_purchases(ages)).sum(axis=0)
    table = pd.DataFrame({
        "period_start": pd.to_datetime(origin + step * np.arange(n_periods), unit="D").normalize(),
        "actual": actual, "expected": np.diff(np.concatenate([[0.0], cumulative])),
        "actual_cumulative": np.cumsum(actual), "expected_cumulative": cumulative})
    table.attrs["period"] = unit
    return table
