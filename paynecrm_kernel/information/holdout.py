"""Validate a purchase model the way Fader, Hardie & Lee (2005) did: fit on a calibration period, forecast
the holdout period, compare with what customers actually bought.

:func:`holdout_validation` works on any transaction log; :func:`cdnow_holdout_validation` runs it on the
bundled CDNOW 1/10 sample with the paper's split (39 weeks of calibration from 1997-01-01, 39 weeks of
holdout to 1998-06-30), where the calibration fit reproduces the published BG/NBD parameters
(r = 0.243, alpha = 4.414, a = 0.793, b = 2.426).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..clv import BetaGeoModel, calibration_holdout_table, summarize_transactions
from ..data import load_cdnow_sample

__all__ = ["HoldoutValidation", "cdnow_holdout_validation", "holdout_validation"]


@dataclass(frozen=True)
class HoldoutValidation:
    """A purchase model fitted on the calibration period and checked on the holdout period.

    Attributes
    ----------
    result : BetaGeoResult
        The calibration fit.
    table : pandas.DataFrame
        Mean holdout repeat purchases, actual and predicted, by number of calibration repeat purchases
        (``0`` ... ``7+``).
    customers : pandas.DataFrame
        Per customer: ``frequency, recency, T, frequency_holdout, duration_holdout, predicted``.
    time_unit : str
    """

    result: object
    table: pd.DataFrame
    customers: pd.DataFrame = field(repr=False)
    time_unit: str = "weeks"

    @property
    def totals(self):
        """Holdout repeat purchases of all customers: actual, predicted and the relative error."""
        actual = float(self.customers["frequency_holdout"].sum())
        predicted = float(self.customers["predicted"].sum())
        return pd.Series({"actual": actual, "predicted": predicted, "error": predicted / actual - 1})

    @property
    def accuracy(self):
        """Per-customer accuracy of the forecast: mean absolute error, RMSE and correlation."""
        error = self.customers["predicted"] - self.customers["frequency_holdout"]
        return pd.Series({"mae": float(error.abs().mean()), "rmse": float(np.sqrt((error ** 2).mean())),
                          "correlation": float(self.customers[["predicted", "frequency_holdout"]].corr().iloc[0, 1])})


def holdout_validation(transactions, calibration_end, observation_end=None, *, customer_id="customer_id",
                       date="date", time_unit="W", max_frequency=7):
    """Fit the BG/NBD model on the calibration period and forecast the holdout period.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase.
    calibration_end : date-like
        Last day of the calibration period; customers first seen after it are left out.
    observation_end : date-like, optional
        Last day of the holdout period (the last transaction by default).
    customer_id, date : str
        Columns.
    time_unit : {"D", "W", "M"}
    max_frequency : int
        The last row of the table groups this many calibration repeat purchases or more.

    Returns
    -------
    HoldoutValidation
    """
    summary = summarize_transactions(transactions, customer_id=customer_id, date=date, time_unit=time_unit,
                                     calibration_end=calibration_end, observation_end=observation_end)
    result = BetaGeoModel().fit(summary)
    table = calibration_holdout_table(result, summary, max_frequency=max_frequency)
    predicted = np.asarray(result.expected_purchases(summary["duration_holdout"].to_numpy(dtype=float), summary))
    customers = summary[["frequency", "recency", "T", "frequency_holdout", "duration_holdout"]].assign(
        predicted=predicted)
    return HoldoutValidation(result=result, table=table, customers=customers, time_unit=result.time_unit)


def cdnow_holdout_validation():
    """:func:`holdout_validation` on the CDNOW 1/10 sample with Fader, Hardie & Lee's (2005) split."""
    return holdout_validation(load_cdnow_sample(), calibration_end="1997-09-30", observation_end="1998-06-30")
