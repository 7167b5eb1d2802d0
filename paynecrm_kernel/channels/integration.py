"""Integration check: is the customer recognised in every channel, and is the experience consistent?

A single customer view needs every contact linked to a known customer. The check reports, per channel and
overall, the share of interactions linked to the customer's record (``identified``), the share of
multichannel customers whose contacts are all linked (a complete cross-channel view), and how consistent
the service is across channels: first-contact resolution and handling time per channel, with the spread
between the best and the worst channel.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from .log import validate_log

__all__ = ["integration_check"]


def integration_check(log):
    """Identification and consistency of the interaction log across channels.

    Parameters
    ----------
    log : pandas.DataFrame
        ``customer_id, channel, identified`` and, where available, ``outcome`` and ``handling_minutes``.
        ``customer_id`` is the true customer (as known after matching, or in the sample company).

    Returns
    -------
    by_channel : pandas.DataFrame
        ``channel, interactions, identified_share`` and ``first_contact_resolution``,
        ``mean_handling_minutes`` when the log has them.
    summary : dict
        ``interactions``, ``identified_share``, ``customers``, ``multichannel_customers`` (share using two or
        more channels), ``complete_view_share`` (share of multichannel customers with every contact linked),
        ``resolution_spread`` (best minus worst channel's first-contact resolution, when known),
        ``least_identified_channel``.
    """
    clean = validate_log(log, need=("customer", "channel", "identified"))
    grouped = clean.groupby("channel", observed=True)
    by_channel = pd.DataFrame({"interactions": grouped.size(), "identified_share": grouped["identified"].mean()})
    if "outcome" in clean.columns:
        by_channel["first_contact_resolution"] = clean["outcome"].astype(str).eq("completed") \
            .groupby(clean["channel"]).mean()
    if "handling_minutes" in clean.columns:
        by_channel["mean_handling_minutes"] = grouped["handling_minutes"].mean()
    by_channel = by_channel.reset_index()
    per_customer = clean.groupby("customer_id").agg(channels=("channel", "nunique"), linked=("identified", "all"))
    multi = per_customer["channels"] >= 2
    if len(per_customer) == 0:
        raise DataValidationError("The interaction log has no customers.", column="customer_id")
    summary = {
        "interactions": int(len(clean)),
        "identified_share": float(clean["identified"].mean()),
        "customers": int(len(per_customer)),
        "multichannel_customers": float(multi.mean()),
        "complete_view_share": float(per_customer.loc[multi, "linked"].mean()) if multi.any() else 1.0,
        "least_identified_channel": str(by_channel.loc[by_channel["identified_share"].idxmin(), "channel"]),
    }
    if "first_contact_resolution" in by_channel.columns:
        fcr = by_channel["first_contact_resolution"].to_numpy()
        summary["resolution_spread"] = float(np.max(fcr) - np.min(fcr))
    return by_channel, summary
