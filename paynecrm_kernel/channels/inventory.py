"""The channel inventory: Payne & Frow's six channel categories and the firm's own channels mapped onto them.

The six categories run from physical to virtual contact (Payne & Frow 2005): sales force, outlets, telephony,
direct marketing, e-commerce and m-commerce. For each of the firm's channels the inventory shows its
category, its place on that axis, its unit cost per interaction, its measured **reach** (the share of
customers who used it in the log) and volume, and a **richness** rating (how much information and empathy
a contact can carry, 1-5). Richness is a judgement: :data:`CATEGORIES` holds the workbook's starting
ratings, which a team replaces with its own.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from ._checks import as_frame, numeric_column, require_columns, rows_text
from .log import validate_log

__all__ = ["CATEGORIES", "category_table", "channel_inventory", "map_channels", "with_richness"]

#: The six categories, physical to virtual: contact mode, examples (paraphrased) and a starting richness rating.
CATEGORIES = {
    "Sales force": dict(contact="physical", richness=5,
                        examples="field account management, service, personal representation"),
    "Outlets": dict(contact="physical", richness=4, examples="retail branches, stores, depots, kiosks"),
    "Telephony": dict(contact="virtual", richness=3, examples="telephone, fax, call centres"),
    "Direct marketing": dict(contact="virtual", richness=2, examples="direct mail, radio, television"),
    "E-commerce": dict(contact="virtual", richness=2, examples="e-mail, internet, interactive digital TV"),
    "M-commerce": dict(contact="virtual", richness=1, examples="mobile telephony, SMS/text messaging, apps"),
}


def category_table():
    """The six categories as a table: ``position`` (1 = most physical), ``category``, ``contact``,
    ``richness`` (starting rating 1-5) and ``examples``."""
    return pd.DataFrame([{"position": i, "category": name, **spec}
                         for i, (name, spec) in enumerate(CATEGORIES.items(), start=1)])


def map_channels(mapping):
    """Check a mapping of the firm's channels onto the six categories.

    Parameters
    ----------
    mapping : dict or pandas.DataFrame
        ``{firm channel: category}``, or a table with ``channel`` and ``category`` columns. Category names
        are matched without regard to case.

    Returns
    -------
    pandas.DataFrame
        ``channel, category, position, contact``, ordered from physical to virtual.
    """
    if isinstance(mapping, pd.DataFrame):
        require_columns(mapping, ["channel", "category"], "The channel mapping")
        pairs = list(zip(mapping["channel"].astype(str), mapping["category"]))
    elif isinstance(mapping, dict) and mapping:
        pairs = [(str(k), v) for k, v in mapping.items()]
    else:
        raise DataValidationError("The channel mapping must be a non-empty dict {channel: category} or a table "
                                  "with 'channel' and 'category' columns.")
    lookup = {name.lower(): name for name in CATEGORIES}
    unknown = sorted({str(c) for _, c in pairs if str(c).strip().lower() not in lookup})
    if unknown:
        raise DataValidationError(f"Unknown channel categor{'y' if len(unknown) == 1 else 'ies'} {unknown}; use "
                                  f"one of: {', '.join(CATEGORIES)}.", column="category")
    table = category_table().set_index("category")
    rows = [{"channel": ch, "category": lookup[str(c).strip().lower()]} for ch, c in pairs]
    out = pd.DataFrame(rows)
    out["position"] = table.loc[out["category"], "position"].to_numpy()
    out["contact"] = table.loc[out["category"], "contact"].to_numpy()
    return out.sort_values(["position", "channel"], kind="stable").reset_index(drop=True)


def channel_inventory(channels, log=None, richness=None):
    """The firm's channels on the physical-to-virtual axis with cost, reach, volume and richness.

    Parameters
    ----------
    channels : pandas.DataFrame
        One row per firm channel: ``channel``, ``category`` (one of the six) and ``unit_cost`` (cost per
        interaction, >= 0); e.g. ``sample_company().channels``.
    log : pandas.DataFrame, optional
        Interaction log (``customer_id, channel``) to measure reach and volume.
    richness : dict, optional
        Your richness ratings (1-5) by channel; default: the category's starting rating.

    Returns
    -------
    pandas.DataFrame
        ``channel, category, position, contact, unit_cost, richness`` and, with a log, ``interactions``,
        ``interaction_share``, ``customers`` and ``reach`` (share of the log's customers).
    """
    frame = as_frame(channels, "The channel table", "Pass one row per channel with 'channel', 'category' and "
                                                    "'unit_cost'.")
    require_columns(frame, ["channel", "category", "unit_cost"], "The channel table")
    out = map_channels(frame[["channel", "category"]])
    cost = pd.Series(numeric_column(frame, "unit_cost", "The channel table"), index=frame["channel"].astype(str))
    out["unit_cost"] = cost.loc[out["channel"]].to_numpy()
    start = category_table().set_index("category")["richness"]
    out["richness"] = out["category"].map(start).astype(float)
    out = with_richness(out, richness)
    if log is not None:
        clean = validate_log(log, need=("customer", "channel"))
        unknown = ~clean["channel"].isin(out["channel"]).to_numpy()
        if unknown.any():
            rows, text = rows_text(clean.index, unknown)
            raise DataValidationError(
                f"The interaction log uses channel(s) {sorted(set(clean['channel'][unknown]))[:5]} that the channel "
                f"table lacks (rows {text}). Add them to the channel table.", column="channel", rows=rows)
        volume = clean.groupby("channel").size()
        reach = clean.groupby("channel")["customer_id"].nunique()
        out["interactions"] = out["channel"].map(volume).fillna(0).astype(np.int64)
        out["interaction_share"] = out["interactions"] / len(clean)
        out["customers"] = out["channel"].map(reach).fillna(0).astype(np.int64)
        out["reach"] = out["customers"] / clean["customer_id"].nunique()
    return out


def with_richness(inventory, richness=None):
    """The inventory with your richness ratings (1-5) for some or all channels; the others keep theirs.

    Parameters
    ----------
    inventory : pandas.DataFrame
        From :func:`channel_inventory`.
    richness : dict, optional
        ``{channel: rating}``.
    """
    require_columns(inventory, ["channel", "richness"], "The channel inventory")
    out = inventory.copy()
    if richness:
        ratings = pd.DataFrame({"channel": list(map(str, richness)), "richness": list(richness.values())})
        values = numeric_column(ratings, "richness", "The richness ratings")
        if ((values < 1) | (values > 5)).any():
            raise DataValidationError("Richness ratings run from 1 to 5.", column="richness")
        out["richness"] = out["channel"].map(dict(zip(ratings["channel"], values))).fillna(out["richness"])
    return out
