"""The value chapter's tables as a manager reads them: named rows, units in the column names, no model jargon.

Each function takes the results the chapter computed and returns a DataFrame whose column names carry their
unit (``"($)"`` money, ``"(%)"`` a share, ``"(+/-)"`` a signed relative error), ready for
``paynecrm_kernel.widgets.result_table``. The chapter's decisions are saved by :func:`save_value_decisions`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import DataValidationError

__all__ = ["segment_value_report", "part_worth_report", "retention_report", "projection_report",
           "ValueDecisions", "save_value_decisions"]


def segment_value_report(own, pooled):
    """Segment value of record (one fit, aggregated) beside the holdout check of both ways of fitting.

    Parameters
    ----------
    own, pooled : SegmentValueResult
        The same segments valued with ``models="per_segment"`` and ``models="pooled"``.
    """
    if list(own.segments.index) != list(pooled.segments.index):
        raise DataValidationError("segment_value_report: the two results must value the same segments.")
    horizon = f"{pooled.settings['horizon']:,.0f}-month" if pooled.settings else "Horizon"
    seg, mine = pooled.segments, own.segments
    table = pd.DataFrame({
        "Customers": seg["customers"],
        f"{horizon} value per customer ($)": seg["mean_net_value"],
        f"Share of {horizon} value (%)": seg["share_of_net_value"],
        "Holdout purchases per customer": seg["holdout_actual"],
        "Forecast error, own fit (+/-)": mine["holdout_error"],
        "Forecast error, one fit (+/-)": seg["holdout_error"],
        "Note on the own fit": mine["note"].replace("", "—"),
    })
    table.index.name = "Segment"
    return table.sort_values(f"{horizon} value per customer ($)", ascending=False)


def part_worth_report(fit, planted=None):
    """Pooled part-worths with standard errors (and the planted means when known), reference levels named."""
    table = fit.part_worths()
    frame = pd.DataFrame({"Level": table["level"].astype(str).to_numpy(),
                          "Part-worth (rating points)": table["part_worth"].to_numpy(),
                          "Standard error": table["std_err"].to_numpy()},
                         index=pd.Index(table["attribute"].astype(str).to_numpy(), name="Attribute"))
    if planted is not None:
        frame["Planted mean"] = [planted.get(f"{a}={lv}", np.nan) for a, lv in zip(table["attribute"], table["level"])]
    reference = table["reference"].to_numpy(dtype=bool)
    frame["Level"] = [f"{lv} (reference)" if ref else lv for lv, ref in zip(frame["Level"], reference)]
    frame.loc[reference, ["Part-worth (rating points)", "Standard error"]] = [0.0, np.nan]
    return frame


def retention_report(economics, planted_churn=None):
    """Care-plan subscribers by segment: contracts, churn, discounted expected lifetime and value."""
    frame = pd.DataFrame({
        "Contracts": economics["contracts"],
        "Monthly churn (%)": economics["mean_churn"],
        "Discounted expected lifetime (months)": economics["expected_lifetime"],
        "Monthly fee ($)": economics["fee"],
        "Value of a new subscriber ($)": economics["clv"],
    })
    if planted_churn is not None:
        frame.insert(2, "Planted churn (%)", pd.Series(planted_churn).reindex(frame.index))
    frame.index.name = "Segment"
    return frame


def projection_report(projected, actual, first_year):
    """Projected against actual survivors, year by year."""
    projected, actual = np.asarray(projected, dtype=float), np.asarray(actual, dtype=float)
    if projected.shape != actual.shape:
        raise DataValidationError("projection_report: give as many projected as actual years.")
    years = pd.Index(np.arange(first_year, first_year + len(actual)), name="Year")
    return pd.DataFrame({"Projected survivors": np.round(projected), "Actual survivors": actual,
                         "Error (+/-)": projected / actual - 1}, index=years)


@dataclass(frozen=True)
class ValueDecisions:
    """What the value chapter concluded, as saved in the workbook."""

    top_segment: str
    segment_value: dict
    horizon: str
    offer: dict
    offer_share: float
    best_channel: str

    def lines(self):
        """The decisions as sentences for the screen."""
        values = "; ".join(f"{name} ${value:,.0f}" for name, value in self.segment_value.items())
        offer = ", ".join(f"{k} {v}" for k, v in self.offer.items())
        return (f"Most valuable customers: {self.top_segment}. {self.horizon.capitalize()} value of each segment, "
                f"net of the cost to serve: {values}.",
                f"Our offer: {offer}, winning {self.offer_share:.1%} of preference in the simulator.",
                f"Channel whose customers repay their acquisition cost best: {self.best_channel}.")

    def __str__(self):
        return "\n".join(self.lines())

    __repr__ = __str__

    def _repr_html_(self):
        return "<ul class='pcrm-value-decisions'>" + "".join(f"<li>{line}</li>" for line in self.lines()) + "</ul>"


def save_value_decisions(workbook, result, segment_source, offer, offer_share, importances, channels,
                         subscriber_value):
    """Save the value chapter's decisions under ``value.decisions.*`` and return them.

    Parameters
    ----------
    workbook : Workbook
    result : SegmentValueResult
        The segment values of record.
    segment_source : {"strategy", "fallback"}
    offer : dict
        The offer tried in the simulator; ``offer_share`` its share of preference.
    importances : pandas.Series
        Attribute importance (%).
    channels : ChannelValue
        Acquisition economics by channel.
    subscriber_value : pandas.Series
        Value of a new care-plan subscriber by segment.
    """
    totals = result.segments["total_net_value"].round(2)
    top = str(result.segments["mean_net_value"].idxmax())
    horizon = f"{result.settings['horizon']:,.0f}-month" if result.settings else "horizon"
    best_channel = str(channels.table["value_to_cac"].idxmax())
    workbook.update({
        "value.decisions.clv_by_segment": {str(k): float(v) for k, v in totals.items()},
        "value.decisions.clv_convention": result.convention,
        "value.decisions.segment_source": segment_source,
        "value.decisions.subscriber_clv": {str(k): round(float(v), 2) for k, v in subscriber_value.items()},
        "value.decisions.top_segment": top,
        "value.decisions.offer": dict(offer),
        "value.decisions.offer_share": round(float(offer_share), 4),
        "value.decisions.importances": {str(k): round(float(v), 1) for k, v in importances.items()},
        "value.decisions.best_channel": best_channel,
    })
    return ValueDecisions(top, {str(k): float(v) for k, v in totals.sort_values(ascending=False).items()},
                          horizon, dict(offer), float(offer_share), best_channel)
