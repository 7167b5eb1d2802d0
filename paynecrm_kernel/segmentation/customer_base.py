"""One table per customer for segmentation: RFM summary, value, cost to serve, profit and future value.

Profit per customer follows customer profitability analysis: revenue times the gross margin, minus the cost to
serve (each interaction priced at its channel's unit cost). The gross margin is an assumption the analyst
states (the workbook's default is 40 %). With a ``calibration_end`` the table also holds each customer's spend
after it (``holdout_value``), the fair target for judging segments built on past behaviour.
"""
import numpy as np
import pandas as pd

from .._memo import memoized
from ..clv.summary import summarize_transactions
from ..errors import DataValidationError
from ._checks import as_frame, require_columns

__all__ = ["customer_base"]


def _main_channel(transactions, customer_id, channel):
    """Each customer's most used channel (most purchases; ties go to the alphabetically first channel)."""
    counts = transactions.groupby([customer_id, channel], sort=True, observed=True).size()
    counts = counts.reset_index(name="n").sort_values("n", ascending=False, kind="stable")
    first = counts.drop_duplicates(customer_id)
    return pd.Series(first[channel].to_numpy(), index=pd.Index(first[customer_id].to_numpy()), name="main_channel")


@memoized(persist=True)
def customer_base(transactions, calibration_end=None, interactions=None, channels=None, gross_margin=0.4,
                  customer_id="customer_id", date="date", amount="amount", channel="channel", time_unit="W"):
    """Build the per-customer table the segmentation tools work on.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per purchase with ``customer_id``, ``date``, ``amount`` and optionally ``channel``.
    calibration_end : date-like, optional
        End of the period used for RFM, value and profit; later purchases give ``holdout_value``.
    interactions : pandas.DataFrame, optional
        Contacts with ``customer_id``, ``channel`` and a date or ``timestamp`` (cost to serve).
    channels : pandas.DataFrame, optional
        ``channel`` and ``unit_cost`` per contact; needed with ``interactions``.
    gross_margin : float
        Share of revenue left after the cost of goods (0..1).
    time_unit : {"D", "W", "M"}
        Unit of ``recency``, ``T`` and ``time_since_last``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer: ``frequency``, ``recency``, ``T``, ``monetary_value``, ``revenue``,
        ``cost_to_serve``, ``profit``, ``main_channel`` (when transactions have a channel: the one with most
        purchases, ties to the alphabetically first) and, with a
        calibration end, ``holdout_value``.
    """
    transactions = as_frame(transactions, "customer_base: the transactions")
    require_columns(transactions, [customer_id, date, amount], "customer_base: the transactions")
    if not 0 <= gross_margin <= 1:
        raise DataValidationError(f"customer_base: gross_margin is a share of revenue between 0 and 1, got "
                                  f"{gross_margin!r}.")
    summary = summarize_transactions(transactions, customer_id=customer_id, date=date, amount=amount,
                                     time_unit=time_unit, calibration_end=calibration_end)
    dates = pd.to_datetime(transactions[date])
    in_cal = np.ones(len(transactions), dtype=bool) if calibration_end is None else \
        (dates.dt.normalize() <= pd.Timestamp(calibration_end)).to_numpy()
    cal = transactions.loc[in_cal]
    table = summary[["frequency", "recency", "T", "monetary_value"]].copy()
    table["revenue"] = cal.groupby(customer_id)[amount].sum().reindex(table.index).fillna(0.0)
    table["cost_to_serve"] = 0.0
    if interactions is not None:
        if channels is None:
            raise DataValidationError("customer_base: interactions need the channels table (channel, unit_cost) "
                                      "to price each contact.")
        require_columns(interactions, [customer_id, channel], "customer_base: the interactions")
        require_columns(channels, [channel, "unit_cost"], "customer_base: the channels table")
        contacts = interactions
        when = next((c for c in ("timestamp", date) if c in interactions.columns), None)
        if calibration_end is not None and when is not None:
            contacts = interactions.loc[pd.to_datetime(interactions[when]).dt.normalize()
                                        <= pd.Timestamp(calibration_end)]
        cost = contacts[channel].map(channels.set_index(channel)["unit_cost"])
        if cost.isna().any():
            unknown = sorted(contacts.loc[cost.isna(), channel].astype(str).unique())
            raise DataValidationError(f"customer_base: no unit cost for channel(s) {unknown}; add them to the "
                                      "channels table.", column=channel)
        per_customer = cost.groupby(contacts[customer_id]).sum()
        table["cost_to_serve"] = per_customer.reindex(table.index).fillna(0.0)
    table["profit"] = table["revenue"] * gross_margin - table["cost_to_serve"]
    if channel in transactions.columns:
        table["main_channel"] = _main_channel(cal, customer_id, channel).reindex(table.index)
    if calibration_end is not None:
        later = transactions.loc[~in_cal]
        table["holdout_value"] = later.groupby(customer_id)[amount].sum().reindex(table.index).fillna(0.0)
    table.attrs["time_unit"] = summary.attrs.get("time_unit", time_unit)
    table.attrs["gross_margin"] = gross_margin
    return table
