"""Customer segment lifetime value: BG/NBD + Gamma-Gamma per segment, checked on a holdout period.

Payne & Frow's *customer segment lifetime value analysis* joins the value the customer receives with the value
the firm receives. For a non-contractual business the workbook:

1. summarises the transaction log up to ``calibration_end`` and fits, per segment, a BG/NBD purchase model
   (Fader, Hardie & Lee 2005a) and a Gamma-Gamma spend model (Fader, Hardie & Lee 2005b);
2. checks each segment's predicted repeat purchases in the holdout period against what happened;
3. refits on the whole history and computes each customer's value over a finite horizon (the discounted
   expected margin of repeat purchases: a *truncated* value, called by its horizon, e.g. "12-month value"),
   minus the expected cost to serve over the same horizon, then sums it per segment and places customers in
   the customer pyramid on that net value (Zeithaml, Rust & Lemon 2001: lead customers cost money).

**Segmenting on behaviour truncates heterogeneity.** BG/NBD assumes purchase rates and dropout
probabilities vary across customers by gamma and beta distributions. A segment cut on calibration-period
frequency and recency holds a slice of those distributions (all the one-time buyers, or all the heavy
buyers), so a model fitted inside it is fitted to a truncated sample: its holdout forecasts err, often by
tens of per cent, and a segment with almost no repeat buyers cannot be fitted at all. Two remedies: segment on
characteristics that are not the model's inputs (customer type, acquisition channel), or fit the models once
on all customers and aggregate each customer's value by segment (``models="pooled"``), which keeps the full
heterogeneity and still gives values per segment.
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

__all__ = ["HOLDOUT_TOLERANCE", "SegmentValueResult", "cost_per_purchase", "segment_lifetime_value"]


@dataclass(frozen=True, repr=False)
class SegmentValueResult:
    """CLV per customer, per segment and per pyramid tier, with the holdout check.

    Attributes
    ----------
    customers : pandas.DataFrame
        Per customer: ``segment``, ``frequency``, ``recency``, ``T``, ``monetary_value``, ``probability_alive``,
        ``expected_purchases``, ``expected_spend``, ``clv`` (the discounted margin over the horizon, before
        cost to serve), ``cost_to_serve`` (expected, discounted, over the horizon), ``net_value`` and ``tier``.
    segments : pandas.DataFrame
        Per segment: customers, total and mean CLV, share of CLV, the same for ``net_value``, fitted
        parameters, the holdout check (``holdout_actual`` and ``holdout_predicted`` repeat purchases per
        customer, ``holdout_error`` their relative difference), ``own_models`` and a ``note`` for the screen.
    holdout : dict of str to pandas.DataFrame
        Calibration/holdout table (by calibration frequency) per segment.
    pyramid : pandas.DataFrame
        Profile of the customer pyramid tiers on net value.
    convention : str
        How the CLV figures are computed (horizon, unit, discounting, margin).
    time_unit : str
        Time unit of frequency/recency/T.
    notes : list of str
        What was left out or pooled, and why.
    models : dict of str to tuple
        Per segment, the (BG/NBD, Gamma-Gamma) results fitted on the whole history.
    fit : {"per_segment", "pooled"}
        Whether the models were fitted within each segment or once on all customers.
    settings : dict
        ``horizon``, ``horizon_unit``, ``discount_rate`` and ``margin`` of the values.
    """

    customers: pd.DataFrame
    segments: pd.DataFrame
    holdout: dict
    pyramid: pd.DataFrame
    convention: str
    time_unit: str
    notes: list
    models: dict
    fit: str = "per_segment"
    settings: dict = None

    @property
    def total_clv(self):
        """Sum of the customers' CLV."""
        return float(self.customers["clv"].sum())

    @property
    def total_net_value(self):
        """Sum of the customers' value net of the cost to serve them."""
        return float(self.customers["net_value"].sum())

    def value_by_horizon(self, horizons):
        """Mean net value per customer of each segment over several horizons (same models and settings).

        Parameters
        ----------
        horizons : sequence of float
            Horizons in the result's ``horizon_unit`` (e.g. ``[6, 12, 24, 36]`` months).

        Returns
        -------
        pandas.DataFrame
            One row per segment, one column per horizon: mean value net of cost to serve ($ per customer).
        """
        horizons = [float(h) for h in horizons]
        if not horizons or min(horizons) <= 0 or max(horizons) > 1200:
            raise DataValidationError(f"value_by_horizon: give horizons between 0 and 1,200 periods, got {horizons}.")
        return _value_by_horizon(self, horizons)

    def __repr__(self):
        return (f"SegmentValueResult({len(self.customers):,} customers, {len(self.segments)} segments, "
                f"total CLV {self.total_clv:,.0f})")


@memoized(persist=True)
def _value_by_horizon(result, horizons):
    """:meth:`SegmentValueResult.value_by_horizon` once the horizons are checked (kept: pages ask again)."""
    settings = result.settings or {}
    margin = settings.get("margin", 0.3)
    columns = {}
    for h in horizons:
        means = {}
        for name, (bg, gg) in result.models.items():
            data = result.customers[result.customers["segment"] == name]
            values = customer_lifetime_value(bg, gg, data, horizon=h, time_unit=settings.get("horizon_unit", "M"),
                                             discount_rate=settings.get("discount_rate", 0.01), margin=margin)
            purchases = values["clv"] / (values["expected_spend"] * margin)
            means[name] = float((values["clv"] - purchases * data["cost_per_purchase"]).mean())
        columns[h] = pd.Series(means)
    return pd.DataFrame(columns).rename_axis(columns="horizon")


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


def cost_per_purchase(base):
    """Cost to serve per purchase of each customer: the contacts of their history priced, over their purchases.

    Cost to serve follows activity: a customer who stops buying stops calling, visiting and receiving
    deliveries. So the workbook values the future cost to serve as this cost per purchase times the customer's
    expected (discounted) purchases, the same assumption as the margin.

    Parameters
    ----------
    base : pandas.DataFrame
        :func:`~paynecrm_kernel.segmentation.customer_base` over the history to value (``cost_to_serve`` and
        ``frequency``, the repeat purchases).

    Returns
    -------
    pandas.Series
        Cost to serve per purchase ($) per customer.
    """
    for column in ("cost_to_serve", "frequency"):
        if column not in getattr(base, "columns", ()):
            raise DataValidationError(f"cost_per_purchase: the customer base has no column '{column}'; build it "
                                      "with customer_base(..., interactions=..., channels=...).", column=column)
    return (base["cost_to_serve"].astype(float) / (base["frequency"].astype(float) + 1.0)).rename("cost_per_purchase")


def _segment_note(name, customers, repeaters, small, error, min_customers):
    if customers == 0:
        return "No holdout check: its customers arrived after the calibration period."
    if small:
        return (f"Cannot be fitted on its own ({customers:,} customers, {repeaters:,} repeat buyers; at least "
                f"{min_customers} and 20 are needed): valued with the models of all customers.")
    if error is None or not np.isfinite(error):
        return "No holdout check: no repeat purchases to compare with."
    if abs(error) > HOLDOUT_TOLERANCE:
        return f"Holdout forecast off by {error:+.0%}: treat its value as indicative."
    return ""


#: Relative holdout error above which a segment's value is flagged as indicative.
HOLDOUT_TOLERANCE = 0.2


def _rates(cost_to_serve, customers):
    if cost_to_serve is None:
        return pd.Series(0.0, index=customers)
    if not isinstance(cost_to_serve, pd.Series):
        raise DataValidationError("cost_to_serve must be a pandas Series of cost per purchase, indexed by customer "
                                  "id (see cost_per_purchase).", column="cost_to_serve")
    values = pd.to_numeric(cost_to_serve, errors="coerce")
    bad = values.index[values.isna() | (values < 0)]
    if len(bad):
        raise DataValidationError(f"cost_to_serve must be numbers >= 0; {len(bad):,} customer(s) are not, e.g. "
                                  f"{list(bad[:5])}. Correct them or give 0.", column="cost_to_serve",
                                  rows=list(bad[:50]))
    return values.astype(float)


@memoized(persist=True)
def segment_lifetime_value(transactions, segments, *, calibration_end, observation_end=None, time_unit="W",
                           horizon=12, horizon_unit="M", discount_rate=0.01, margin=0.3, min_customers=100,
                           customer_id="customer_id", date="date", amount="amount", pyramid_cuts=(0.2, 0.5, 0.8),
                           cost_to_serve=None, models="per_segment", pyramid_rule="profit_sign"):
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
    cost_to_serve : pandas.Series, optional
        Cost to serve per purchase per customer (:func:`cost_per_purchase`). The expected cost over the horizon
        is this times the customer's expected discounted purchases, the same expectation as the margin.
        Without it, the net value equals the CLV.
    models : {"per_segment", "pooled"}
        ``"per_segment"`` fits the models within each segment; ``"pooled"`` fits them once on all customers and
        aggregates each customer's value by segment (the remedy when segments were cut on behaviour).
    pyramid_rule : {"profit_sign", "share"}
        How the pyramid's lead tier is drawn on net value (:func:`~paynecrm_kernel.segmentation.customer_pyramid`).

    Returns
    -------
    SegmentValueResult
    """
    if not isinstance(segments, pd.Series):
        raise DataValidationError("segments must be a pandas Series of segment labels indexed by customer id.")
    if models not in ("per_segment", "pooled"):
        raise DataValidationError(f"models must be 'per_segment' or 'pooled', got {models!r}.")
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
    rows, holdout, parts, fitted = [], {}, [], {}
    rates = _rates(cost_to_serve, full.index)
    for name in sorted(labels_full.unique()):
        cal = calibration[labels_cal.to_numpy() == name]
        now = full[labels_full.to_numpy() == name]
        repeaters = int((cal["frequency"] > 0).sum())
        small = len(cal) < min_customers or repeaters < 20
        if models == "pooled":
            pooled_cal = pooled_cal or _fit(calibration, "all customers", notes)
            pooled_full = pooled_full or _fit(full, "all customers", notes)
            (bg_cal, _), (bg, gg) = pooled_cal, pooled_full
        elif small:
            notes.append(f"Segment '{name}' has too few customers in the calibration period for its own models "
                         f"({len(cal):,} customers, {repeaters:,} with a repeat purchase; at least {min_customers} "
                         "and 20 are needed); it is valued with the models fitted on all customers.")
            pooled_cal = pooled_cal or _fit(calibration, "all customers", notes)
            pooled_full = pooled_full or _fit(full, "all customers", notes)
            (bg_cal, _), (bg, gg) = pooled_cal, pooled_full
        else:
            bg_cal, _ = _fit(cal, name, notes)
            bg, gg = _fit(now, name, notes)
        fitted[name] = (bg, gg)
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
        purchases = np.divide(part["clv"], part["expected_spend"] * margin,
                              out=np.zeros(len(part)), where=(part["expected_spend"] * margin).to_numpy() > 0)
        part["cost_to_serve"] = purchases * rates.reindex(part.index).fillna(0.0)
        part["cost_per_purchase"] = rates.reindex(part.index).fillna(0.0)
        part["net_value"] = part["clv"] - part["cost_to_serve"]
        parts.append(part)
        params = {**{f"bgnbd_{k}": float(v) for k, v in bg.params.items()},
                  **{f"gg_{k}": float(v) for k, v in gg.params.items()}}
        actual = float(cal["frequency_holdout"].mean()) if len(cal) else np.nan
        forecast = float(predicted.mean()) if len(cal) else np.nan
        error = (forecast - actual) / actual if len(cal) and actual > 0 else np.nan
        own = models == "per_segment" and not small
        rows.append({"segment": name, "customers": len(now), "total_clv": float(values["clv"].sum()),
                     "mean_clv": float(values["clv"].mean()), "total_net_value": float(part["net_value"].sum()),
                     "mean_net_value": float(part["net_value"].mean()), "own_models": own,
                     "holdout_actual": actual, "holdout_predicted": forecast, "holdout_error": error,
                     "note": _segment_note(name, len(cal), repeaters, small and models == "per_segment", error,
                                           min_customers), **params})
        convention = values.attrs["convention"]
    customers = pd.concat(parts).reindex(full.index)
    pyramid = customer_pyramid(customers["net_value"], cuts=pyramid_cuts, rule=pyramid_rule)
    customers["tier"] = pyramid.tiers.astype(str)
    table = pd.DataFrame(rows).set_index("segment")
    table["share_of_clv"] = table["total_clv"] / table["total_clv"].sum()
    table["share_of_net_value"] = table["total_net_value"] / table["total_net_value"].sum()
    if cost_to_serve is not None:
        convention += "; net of the cost to serve of the expected purchases (each customer's cost per purchase)"
    settings = {"horizon": float(horizon), "horizon_unit": horizon_unit, "discount_rate": float(discount_rate),
                "margin": float(margin)}
    return SegmentValueResult(customers, table, holdout, pyramid.profile, convention, time_unit, notes,
                              fitted, models, settings)
