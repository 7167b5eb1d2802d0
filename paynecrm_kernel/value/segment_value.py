"""Customer segment lifetime value: BG/NBD + Gamma-Gamma per segment, checked on a holdout period.

Payne & Frow's *customer segment lifetime value analysis* joins the value the customer receives with the value
the firm receives. For a non-contractual business the workbook:

1. summarises the transaction log up to ``calibration_end`` and fits, per segment, a BG/NBD purchase model
   (Fader, Hardie & Lee 2005a) and a Gamma-Gamma spend model (Fader, Hardie & Lee 2005b);
2. checks each segment's predicted repeat purchases in the holdout period against what happened;
3. refits on the whole history and computes each customer's CLV (discounted expected margin of repeat
   purchases over a finite horizon, convention stated in the result), then sums it per segment and places
   customers in the customer pyramid (Zeithaml, Rust & Lemon 2001; the percentile cut-offs are a convention).
"""
from __future__ import annotations

from dataclasses import dataclass
import warnings

import numpy as np
import pandas as pd

from .._memo import memoized
from ..clv import (BetaGeoModel, GammaGammaModel, GammaGammaResult, calibration_holdout_table,
                   customer_lifetime_value, summarize_transactions)
from ..errors import ConvergenceWarning, DataValidationError, DataWarning, ModelFitError
from ..segmentation import customer_pyramid

__all__ = ["SegmentValueResult", "segment_lifetime_value"]


@dataclass(frozen=True, repr=False)
class SegmentValueResult:
    """CLV per customer, per segment and per pyramid tier, with the holdout check.

    Attributes
    ----------
    customers : pandas.DataFrame
        Per customer: ``segment``, ``frequency``, ``recency``, ``T``, ``monetary_value``, ``probability_alive``,
        ``expected_purchases``, ``expected_spend``, ``clv``, ``tier``.
    segments : pandas.DataFrame
        Per segment: customers, total and mean CLV, share of CLV, fitted parameters, and the holdout check
        (``holdout_actual`` and ``holdout_predicted`` repeat purchases per customer).
    holdout : dict of str to pandas.DataFrame
        Calibration/holdout table (by calibration frequency) per segment.
    pyramid : pandas.DataFrame
        Profile of the customer pyramid tiers on CLV.
    convention : str
        How the CLV figures are computed (horizon, unit, discounting, margin).
    time_unit : str
        Time unit of frequency/recency/T.
    notes : list of str
        What was left out or pooled, and why.
    models : dict of str to tuple
        Per segment, the (BG/NBD, Gamma-Gamma) results fitted on the whole history.
    """

    customers: pd.DataFrame
    segments: pd.DataFrame
    holdout: dict
    pyramid: pd.DataFrame
    convention: str
    time_unit: str
    notes: list
    models: dict

    @property
    def total_clv(self):
        """Sum of the customers' CLV."""
        return float(self.customers["clv"].sum())

    def __repr__(self):
        return (f"SegmentValueResult({len(self.customers):,} customers, {len(self.segments)} segments, "
                f"total CLV {self.total_clv:,.0f})")


#: L2 penalty on log-parameters used when a segment's unpenalised fit does not converge (remedy 3 of the
#: models' convergence warning); typical of small segments cut by behaviour, whose parameters run off to 0 or
#: infinity (for example when nobody in the segment seems to drop out).
FALLBACK_PENALIZER = 0.001


def _usable(result, data):
    """True when ``result`` converged and predicts finite values for every customer in ``data``."""
    if not result.converged:
        return False
    if isinstance(result, GammaGammaResult):
        return True
    try:
        result.expected_purchases(1.0, data)
    except ModelFitError:
        return False
    return True


def _fit_one(model_class, data, name, notes):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)          # Gamma-Gamma leaves out one-time buyers by design
        warnings.simplefilter("ignore", ConvergenceWarning)   # handled below
        result = model_class().fit(data)
        if not _usable(result, data):
            result = model_class(penalizer=FALLBACK_PENALIZER).fit(data)
            if _usable(result, data):
                notes.append(f"Segment '{name}': the {result.model_name} fit did not converge unpenalised (the "
                             "segment's data hardly identify its parameters), so it was fitted with a small L2 "
                             f"penalty ({FALLBACK_PENALIZER}) on the log-parameters.")
    return result


def _fit(data, name, notes):
    purchases = _fit_one(BetaGeoModel, data, name, notes)
    spend = _fit_one(GammaGammaModel, data, name, notes)
    if not (_usable(purchases, data) and spend.converged):
        raise DataValidationError(f"The models for segment '{name}' did not converge, even with a small penalty; "
                                  "merge it with a similar segment or give it more customers.")
    return purchases, spend


@memoized()
def segment_lifetime_value(transactions, segments, *, calibration_end, observation_end=None, time_unit="W",
                           horizon=12, horizon_unit="M", discount_rate=0.01, margin=0.3, min_customers=100,
                           customer_id="customer_id", date="date", amount="amount", pyramid_cuts=(0.2, 0.5, 0.8)):
    """Fit BG/NBD + Gamma-Gamma per segment, check them on a holdout period and compute CLV.

    Parameters
    ----------
    transactions : pandas.DataFrame
        The transaction log (customer, date, amount).
    segments : pandas.Series
        Segment label per customer id (e.g. from the strategy notebook, RFM or k-means).
    calibration_end : date-like
        End of the calibration period; later purchases form the holdout check.
    observation_end : date-like, optional
        End of the data (default: last transaction).
    time_unit : {"D", "W", "M"}
        Time unit of the purchase models.
    horizon, horizon_unit, discount_rate, margin
        CLV settings, passed to :func:`paynecrm_kernel.clv.customer_lifetime_value`.
    min_customers : int
        Segments with fewer customers (or fewer than 20 repeat buyers) are valued with the models fitted on
        all customers; ``notes`` in the result says so.
    pyramid_cuts : three floats
        Customer-pyramid cut-offs (cumulative shares of customers; a workbook convention).

    Returns
    -------
    SegmentValueResult
    """
    if not isinstance(segments, pd.Series):
        raise DataValidationError("segments must be a pandas Series of segment labels indexed by customer id.")
    calibration = summarize_transactions(transactions, customer_id, date, amount, time_unit,
                                         calibration_end=calibration_end, observation_end=observation_end)
    full = summarize_transactions(transactions, customer_id, date, amount, time_unit, observation_end=observation_end)
    notes = []
    for label, frame in (("calibration", calibration), ("full", full)):
        newest = frame["T"] <= 0
        if newest.any():
            notes.append(f"{int(newest.sum()):,} customer(s) acquired on the last day of the {label} period have no "
                         "time to purchase again and are left out of that period's models.")
    calibration = calibration[calibration["T"] > 0]
    full = full[full["T"] > 0]
    missing = full.index.difference(segments.index)
    if len(missing):
        raise DataValidationError(f"{len(missing):,} customer(s) have no segment, e.g. {list(missing[:5])}; give "
                                  "every customer in the transactions a segment (or an 'other' label).",
                                  column="segment", rows=list(missing[:50]))
    labels_full = segments.reindex(full.index).astype(str)
    labels_cal = segments.reindex(calibration.index).astype(str)
    pooled_cal, pooled_full = None, None
    rows, holdout, parts, models = [], {}, [], {}
    for name in sorted(labels_full.unique()):
        cal = calibration[labels_cal.to_numpy() == name]
        now = full[labels_full.to_numpy() == name]
        repeaters = int((cal["frequency"] > 0).sum())
        small = len(cal) < min_customers or repeaters < 20
        if small:
            notes.append(f"Segment '{name}' has too few customers in the calibration period for its own models "
                         f"({len(cal):,} customers, {repeaters:,} with a repeat purchase; at least {min_customers} "
                         "and 20 are needed); it is valued with the models fitted on all customers.")
            pooled_cal = pooled_cal or _fit(calibration, "all customers", notes)
            pooled_full = pooled_full or _fit(full, "all customers", notes)
            (bg_cal, _), (bg, gg) = pooled_cal, pooled_full
        else:
            bg_cal, _ = _fit(cal, name, notes)
            bg, gg = _fit(now, name, notes)
        models[name] = (bg, gg)
        table = calibration_holdout_table(bg_cal, cal) if len(cal) else None
        holdout[name] = table
        predicted = (np.asarray(bg_cal.expected_purchases(cal["duration_holdout"].to_numpy(dtype=float), cal))
                     if len(cal) else np.array([np.nan]))
        values = customer_lifetime_value(bg, gg, now, horizon=horizon, time_unit=horizon_unit,
                                         discount_rate=discount_rate, margin=margin)
        part = now[["frequency", "recency", "T", "monetary_value"]].copy()
        part.insert(0, "segment", name)
        part["probability_alive"] = np.asarray(bg.probability_alive(now), dtype=float)
        part = part.join(values)
        parts.append(part)
        params = {**{f"bgnbd_{k}": float(v) for k, v in bg.params.items()},
                  **{f"gg_{k}": float(v) for k, v in gg.params.items()}}
        rows.append({"segment": name, "customers": len(now), "total_clv": float(values["clv"].sum()),
                     "mean_clv": float(values["clv"].mean()), "own_models": not small,
                     "holdout_actual": float(cal["frequency_holdout"].mean()) if len(cal) else np.nan,
                     "holdout_predicted": float(predicted.mean()) if len(cal) else np.nan, **params})
        convention = values.attrs["convention"]
    customers = pd.concat(parts).reindex(full.index)
    pyramid = customer_pyramid(customers["clv"], cuts=pyramid_cuts)
    customers["tier"] = pyramid.tiers.astype(str)
    table = pd.DataFrame(rows).set_index("segment")
    table["share_of_clv"] = table["total_clv"] / table["total_clv"].sum()
    return SegmentValueResult(customers, table, holdout, pyramid.profile, convention, time_unit, notes, models)
