"""The whole CLV analysis of a transaction log in one call, with progress reported as it goes.

:func:`analyse_log` reads the log, summarises the customers with the chosen engine, fits a purchase model on
the distinct histories and the Gamma-Gamma spend model on the repeat buyers, checks the forecast against a
holdout period when one is given, scores every customer to Parquet and returns a :class:`ClvAnalysis`
holding the fits, where the scores are and the figures of the report (:attr:`ClvAnalysis.report_html`).
"""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..clv.units import convert_time, describe_time_unit
from .fits import fit_purchases, fit_spend
from .progress import report
from .scoring import score_customers, value_distribution
from .engine_dask import read_dask
from .sources import SAMPLE_ROWS, open_log, resolve_mapping
from .summary import _is_dask, customer_table

__all__ = ["ClvAnalysis", "analyse_log", "holdout_check"]

#: Stages of :func:`analyse_log`, in order, as passed to the progress callback.
STAGES = ("reading the log", "summarising customers", "fitting the models", "checking against the holdout",
          "scoring customers", "measuring the spread of value", "writing the report")


@dataclass(frozen=True)
class ClvAnalysis:
    """Result of :func:`analyse_log`.

    Attributes
    ----------
    source : str
        What was analysed.
    mapping : dict
        Columns used for ``customer_id``, ``date`` and ``amount``; ``guessed`` lists the guessed ones.
    engine : str
    customers : int
        Customers in the calibration period.
    histories : int
        Distinct ``(frequency, recency, T)`` rows the purchase model was fitted on.
    summary_attrs : dict
        Time unit, calibration and observation ends, excluded customers.
    purchases : FitResult
        The fitted purchase model.
    spend : GammaGammaResult or None
        The fitted spend model (None without amounts).
    holdout : pandas.DataFrame or None
        Mean holdout purchases by calibration frequency, actual and predicted (with ``calibration_end``).
    scores_path : str
        Parquet file with every customer's scores.
    distribution : ValueDistribution
        Distribution of value, top customers, concentration.
    clv_settings : dict
        Horizon, unit, discount rate, margin and the convention in words.
    seconds : dict
        Wall time of each stage.
    """

    source: str
    mapping: dict
    guessed: tuple
    engine: str
    customers: int
    histories: int
    summary_attrs: dict
    purchases: object
    spend: object
    holdout: object
    scores_path: str
    distribution: object
    clv_settings: dict
    seconds: dict = field(default_factory=dict)

    @property
    def report_html(self):
        """A self-contained HTML page of the analysis (charts as inline SVG)."""
        from .report import render_report

        return render_report(self)

    def scores(self, columns=None):
        """The scores file as a DataFrame (it holds every customer: mind its size)."""
        return pd.read_parquet(self.scores_path, columns=columns)

    def summary_text(self):
        """A few lines stating the fit and the value found, for a terminal."""
        unit = describe_time_unit(self.summary_attrs.get("time_unit"))
        params = ", ".join(f"{k} = {v:.4g}" for k, v in self.purchases.params.items())
        lines = [f"{self.customers:,} customers ({self.histories:,} distinct histories; time in {unit}), "
                 f"calibration to {self.summary_attrs['calibration_end']}",
                 f"{self.purchases.model_name}: {params}; log-likelihood {self.purchases.log_likelihood:,.2f}"
                 + ("" if self.purchases.converged else " (NOT CONVERGED)")]
        if self.spend is not None:
            lines.append("Gamma-Gamma: " + ", ".join(f"{k} = {v:.4g}" for k, v in self.spend.params.items()))
        d = self.distribution
        label = "CLV" if d.column == "clv" else "expected purchases"
        horizon = f"{self.clv_settings['horizon']:g} {describe_time_unit(self.clv_settings['time_unit'])}"
        lines.append(f"{label} over {horizon}:"
                     f" total {d.total:,.2f}, median {d.quantiles[0.5]:,.2f}, top 10 % of customers hold "
                     f"{d.concentration['top 10%']:.1%}")
        if self.holdout is not None:
            actual, predicted = self.holdout["actual_total"].sum(), self.holdout["predicted_total"].sum()
            lines.append(f"holdout: {actual:,.0f} repeat purchases observed, {predicted:,.0f} predicted "
                         f"({predicted / actual - 1:+.1%})" if actual else "holdout: no repeat purchases observed")
        lines.append(f"scores: {self.scores_path}")
        return "\n".join(lines)


def holdout_check(purchases, histories, duration, max_frequency=7):
    """Mean holdout purchases by calibration frequency, actual against predicted, from weighted histories.

    Parameters
    ----------
    purchases : fitted purchase model
    histories : pandas.DataFrame
        From ``CustomerTable.histories(holdout=True)``: ``frequency, recency, T, weights, frequency_holdout_sum``.
    duration : float
        Length of the holdout period in the model's time unit.
    max_frequency : int
        Customers with this many calibration purchases or more form one group.

    Returns
    -------
    pandas.DataFrame
        Index ``calibration frequency`` ("0" ... "7+"): ``customers``, ``actual``, ``predicted`` (means per
        customer) and ``actual_total``, ``predicted_total``.
    """
    weights = histories["weights"].to_numpy(dtype=float)
    predicted = np.asarray(purchases.expected_purchases(duration, histories), dtype=float) * weights
    group = np.minimum(histories["frequency"].to_numpy(dtype=int), max_frequency)
    frame = pd.DataFrame({"group": group, "customers": weights, "actual_total": histories["frequency_holdout_sum"],
                          "predicted_total": predicted}).groupby("group").sum()
    frame = frame.reindex(range(max_frequency + 1), fill_value=0.0)
    frame.index = pd.Index([str(k) for k in range(max_frequency)] + [f"{max_frequency}+"],
                           name="calibration frequency")
    customers = frame["customers"].replace(0, np.nan)
    frame.insert(1, "actual", frame["actual_total"] / customers)
    frame.insert(2, "predicted", frame["predicted_total"] / customers)
    frame.attrs["time_unit"] = purchases.time_unit
    return frame


def _source_name(source):
    if isinstance(source, (str, Path)):
        return str(source)
    return f"<{type(source).__name__}>"


def analyse_log(source, customer_id=None, date=None, amount=None, time_unit="W", calibration_end=None,
                observation_end=None, model="bgnbd", horizon=12, horizon_unit="M", discount_rate=0.01,
                margin=1.0, engine="duckdb", scores_path=None, guess=True, connection=None, progress=None):
    """Run the whole CLV analysis of a transaction log.

    Parameters
    ----------
    source : path, folder, glob, DuckDB relation, dask or pandas DataFrame
        The transaction log (see :func:`paynecrm_kernel.scale.summarize`).
    customer_id, date, amount : str, optional
        Columns; those not given are guessed from names and values when ``guess`` (as ``%crm data`` does).
        Without an amount column the analysis forecasts purchases only.
    time_unit : {"D", "W", "M"}
        Time unit of the customer table and the fits (weeks by default, as in the CDNOW papers).
    calibration_end : date-like, optional
        End of the calibration period: the models are fitted on it and checked on the rest (holdout).
    observation_end : date-like, optional
        End of the observation (default: the last transaction).
    model : {"bgnbd", "mbgnbd", "paretonbd"}
        Purchase model.
    horizon, horizon_unit, discount_rate, margin
        CLV settings (see :func:`paynecrm_kernel.clv.customer_lifetime_value`).
    engine : {"duckdb", "dask", "pandas"}
    scores_path : str, optional
        Parquet file for the scores (a temporary file by default).
    guess : bool
        Guess the columns not given.
    connection : duckdb.DuckDBPyConnection, optional
    progress : callable, optional
        ``progress(stage, fraction)`` with the stages of :data:`STAGES` (the last one is the command's).

    Returns
    -------
    ClvAnalysis
    """
    seconds, started = {}, time.perf_counter()

    def timed_progress(stage, fraction):
        if fraction >= 1.0 and stage not in seconds:
            seconds[stage] = round(time.perf_counter() - started - sum(seconds.values()), 3)
        report(progress, stage, fraction)

    if engine == "dask":
        # the columns are guessed on the first rows, read by Dask wherever the log is (s3://, hdfs:// ...)
        source = source if _is_dask(source) else read_dask(source)
        mapping, guessed = resolve_mapping(open_log(source.head(SAMPLE_ROWS)), customer_id, date, amount,
                                           guess=guess)
    else:
        log = open_log(source, connection)
        mapping, guessed = resolve_mapping(log, customer_id, date, amount, guess=guess)
        connection = log.connection
    table = customer_table(source, mapping["customer_id"], mapping["date"], mapping["amount"], time_unit=time_unit,
                           calibration_end=calibration_end, observation_end=observation_end, engine=engine,
                           connection=connection, progress=timed_progress)
    try:
        report(progress, "fitting the models", 0.0)
        holdout_wanted = calibration_end is not None
        histories = table.histories(holdout=holdout_wanted)
        purchases = fit_purchases(table, model, histories=histories)
        report(progress, "fitting the models", 0.5)
        spend = fit_spend(table) if mapping["amount"] is not None else None
        timed_progress("fitting the models", 1.0)
        holdout = None
        if holdout_wanted:
            days = (pd.Timestamp(table.attrs["observation_end"]) - pd.Timestamp(table.attrs["calibration_end"])).days
            duration = convert_time(days, "D", table.attrs["time_unit"])
            holdout = holdout_check(purchases, histories, duration)
            timed_progress("checking against the holdout", 1.0)
        if scores_path is None:
            scores_path = str(Path(tempfile.mkdtemp(prefix="paynecrm-scores-")) / "scores.parquet")
        scored = score_customers(table, purchases, scores_path, spend=spend, horizon=horizon, time_unit=horizon_unit,
                                 discount_rate=discount_rate, margin=margin, progress=timed_progress)
        report(progress, "measuring the spread of value", 0.0)
        distribution = value_distribution(scores_path, connection=table.connection)
        timed_progress("measuring the spread of value", 1.0)
        return ClvAnalysis(source=_source_name(source), mapping=mapping, guessed=tuple(guessed), engine=engine,
                           customers=scored["customers"], histories=len(histories), summary_attrs=dict(table.attrs),
                           purchases=purchases, spend=spend, holdout=holdout, scores_path=str(scores_path),
                           distribution=distribution, clv_settings={**scored["attrs"], "time_unit": horizon_unit},
                           seconds=seconds)
    finally:
        table.drop()
