"""The single customer view of the sample company, and what de-duplication does to the customer base.

:func:`single_customer_view` links the four systems' extracts
(:func:`~paynecrm_kernel.data.sample_company.extracts.generate_extracts`) with :func:`.link_records`: one
de-duplication over all records, so duplicates inside a system and the same person across systems are
found in one pass. The comparison uses the fields that tell people apart (names, birth date, e-mail,
phone); the postcode is used only to propose candidate pairs, because relatives share it along with the
address, and a model that counted the address, the postcode and the shared landline as three independent
agreements would marry every household.

:func:`merge_effect` answers the chapter's question "what do duplicates cost?": every duplicate billing
account is a customer counted twice, each with part of the purchase history, so the customer base looks
larger and each customer less valuable and less active than they are. It fits the BG/NBD and Gamma-Gamma
models (:mod:`paynecrm_kernel.clv`) on the purchases by account, by linked customer and by true customer
and compares the counts and the customer lifetime values.
"""
from __future__ import annotations

import pandas as pd

from ..clv import BetaGeoModel, GammaGammaModel, customer_lifetime_value, summarize_transactions
from ..errors import DataValidationError
from .linkage import link_records

__all__ = ["SCV_BLOCKING", "SCV_COMPARE", "merge_effect", "single_customer_view"]

#: Fields compared for the single customer view, and their kinds.
SCV_COMPARE = {"first_name": "name", "surname": "name", "date_of_birth": "date", "email": "email",
               "phone": "phone"}
#: Candidate pairs share one of these.
SCV_BLOCKING = [["surname", "postcode"], "email", "phone", ["first_name", "date_of_birth"],
                ["surname", "date_of_birth"]]


def single_customer_view(extracts, threshold=0.9, seed=0, progress=None):
    """Link every record of the four systems into customers.

    Parameters
    ----------
    extracts : Extracts or pandas.DataFrame
        The sample extracts, or records with ``record_id`` and the fields of :data:`SCV_COMPARE` and
        :data:`SCV_BLOCKING` (e.g. ``extracts.combined()``).
    threshold : float
        Match probability at or above which two records are one customer.
    seed : int
    progress : callable, optional
        ``progress(stage, fraction)`` through the stages of the linkage (see :func:`~.linkage.link_records`).

    Returns
    -------
    LinkageResult
    """
    records = extracts.combined() if hasattr(extracts, "combined") else extracts
    return link_records(records, unique_id="record_id", compare=SCV_COMPARE, blocking=SCV_BLOCKING,
                        threshold=threshold, seed=seed, progress=progress)


def merge_effect(transactions, clusters, truth=None, *, horizon=52, discount_rate=0.0019, margin=0.3,
                 observation_end="2024-12-29"):
    """Customers and customer lifetime value counted by account, by linked customer and by true customer.

    Parameters
    ----------
    transactions : pandas.DataFrame
        ``record_id, date, amount``: purchases with the account they were billed to
        (``Extracts.billing_transactions``).
    clusters : pandas.DataFrame
        ``record_id, cluster_id`` (``LinkageResult.clusters``).
    truth : pandas.DataFrame, optional
        ``record_id, customer_id``; adds the "true customers" column.
    horizon : float
        CLV horizon in weeks (52 = one year).
    discount_rate : float
        Per week (0.0019 a week is about 10 % a year).
    margin : float
        Share of spend that is profit.
    observation_end : date-like
        Last day of the purchase history.

    Returns
    -------
    pandas.DataFrame
        Columns ``accounts``, ``linked customers`` (and ``true customers``); rows ``customers``,
        ``repeat buyers``, ``mean purchases per customer``, ``mean CLV``, ``total CLV``. The CLV
        convention is in ``attrs["convention"]``, the time unit (weeks) in ``attrs["time_unit"]``.
    """
    for column in ("record_id", "date", "amount"):
        if column not in transactions.columns:
            raise DataValidationError(f"The transactions have no column {column!r}. Fix: pass "
                                      f"Extracts.billing_transactions or a frame with record_id, date, amount.",
                                      column=column)
    cluster = clusters.set_index("record_id")["cluster_id"]
    unlinked = ~transactions["record_id"].isin(cluster.index)
    if unlinked.any():
        raise DataValidationError(f"{int(unlinked.sum()):,} purchases are billed to accounts that are not in the "
                                  f"clusters (e.g. {transactions['record_id'][unlinked].iloc[0]!r}). Fix: link "
                                  f"the billing extract with the other systems first.", column="record_id")
    views = {"accounts": transactions["record_id"], "linked customers": transactions["record_id"].map(cluster)}
    if truth is not None:
        views["true customers"] = transactions["record_id"].map(truth.set_index("record_id")["customer_id"])
    columns, convention = {}, ""
    for name, key in views.items():
        columns[name], convention = _value(transactions.assign(key=key.to_numpy()), horizon, discount_rate,
                                           margin, observation_end)
    table = pd.DataFrame(columns)
    table.attrs.update(convention=convention, time_unit="weeks")
    return table


def _value(transactions, horizon, discount_rate, margin, observation_end):
    summary = summarize_transactions(transactions, customer_id="key", date="date", amount="amount",
                                     time_unit="W", observation_end=observation_end)
    purchases = BetaGeoModel().fit(summary)
    spend = GammaGammaModel().fit(summary[summary["frequency"] > 0])
    clv = customer_lifetime_value(purchases, spend, summary, horizon=horizon, time_unit="W",
                                  discount_rate=discount_rate, margin=margin)
    return pd.Series({"customers": len(summary), "repeat buyers": int((summary["frequency"] > 0).sum()),
                      "mean purchases per customer": (summary["frequency"] + 1).mean(),
                      "mean CLV": clv["clv"].mean(), "total CLV": clv["clv"].sum()}), clv.attrs["convention"]
