"""Our side of the CLV benchmark, and the plain-pandas reference for the summary.

Each function takes data already in memory and returns what it computed; the driver times the
call. The names used here (``summarize_transactions``, ``BetaGeoModel``, ``ParetoNBDModel``,
``GammaGammaModel``, ``customer_lifetime_value`` and the result methods) are the public API of
``paynecrm_kernel.clv``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

OBSERVATION_END = "1998-06-30"
HORIZON_WEEKS = 52.0
CLV_MONTHS = 12
MONTHLY_DISCOUNT = 0.01


def read_cdnow(path):
    """CDNOW master as a (customer_id, date, amount) log, parsed exactly as the peer worker does."""
    df = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": np.int64, "date": str})
    return pd.DataFrame({
        "customer_id": df["customer_id"].to_numpy(),
        "date": pd.to_datetime(df["date"], format="%Y%m%d"),
        "amount": df["dollar_value"].astype(float).to_numpy(),
    })


# ---------------------------------------------------------------- plain pandas reference
def pandas_summary(log, observation_end=OBSERVATION_END):
    """The same summary with a plain pandas groupby: same-day rows merged, time in weeks (days / 7)."""
    daily = log.groupby(["customer_id", "date"])["amount"].sum().reset_index()
    g = daily.groupby("customer_id")
    agg = g.agg(first=("date", "min"), last=("date", "max"), n=("date", "size"),
                total=("amount", "sum"), first_amount=("amount", "first"))
    week = pd.Timedelta(days=7)
    frequency = agg["n"] - 1
    out = pd.DataFrame({
        "frequency": frequency.astype(float),
        "recency": (agg["last"] - agg["first"]) / week,
        "T": (pd.Timestamp(observation_end) - agg["first"]) / week,
    })
    repeat_total = agg["total"] - agg["first_amount"]
    out["monetary_value"] = np.where(frequency > 0, repeat_total / frequency.clip(lower=1), 0.0)
    return out


# ---------------------------------------------------------------- ours
def _clv():
    from paynecrm_kernel import clv
    return clv


def summarize(log):
    """``paynecrm_kernel.clv.summarize_transactions`` in weeks up to the observation end."""
    return _clv().summarize_transactions(log, customer_id="customer_id", date="date", amount="amount",
                                         time_unit="W", observation_end=OBSERVATION_END)


def summary_frame(result):
    """Our summary as a frame indexed by customer_id with the four vocabulary columns."""
    df = result if isinstance(result, pd.DataFrame) else pd.DataFrame(result)
    if "customer_id" in df.columns:
        df = df.set_index("customer_id")
    return df[["frequency", "recency", "T", "monetary_value"]]


def repeaters(summary):
    """Customers with a repeat purchase and positive mean repeat spend (the Gamma-Gamma sample)."""
    return summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]


# The fits take the summary frame as it is: each model reads the columns it needs, and the Gamma-Gamma
# model leaves out the customers without a repeat purchase or with zero spend itself (the peer's user
# selects them, so the peer's timed call includes that selection).
def fit_bgnbd(summary):
    return _clv().BetaGeoModel().fit(summary, time_unit="W")


def fit_pareto(summary):
    return _clv().ParetoNBDModel().fit(summary, time_unit="W")


def fit_gg(summary):
    return _clv().GammaGammaModel().fit(summary, time_unit="W")


def fit_info(result):
    """Parameters, log-likelihood and convergence flag of one of our fit results."""
    return {"params": {k: float(v) for k, v in result.params.items()},
            "log_likelihood": float(result.log_likelihood),
            "converged": bool(getattr(result, "converged", True))}


# The predictions take the summary frame as it is (they read only the columns they need): the peer's side
# gets its columns as arrays too, without a pandas column selection (~0.7 ms on CDNOW in pandas 3) in its
# timed call.
def probability_alive(result, summary):
    return np.asarray(result.probability_alive(summary), dtype=float)


def expected_purchases(result, summary):
    return np.asarray(result.expected_purchases(HORIZON_WEEKS, summary), dtype=float)


def expected_spend(gg_result, summary):
    return np.asarray(gg_result.expected_spend(summary), dtype=float)


def clv12(bg_result, gg_result, summary):
    """12-month CLV per customer, monthly discounting at 1 % a month (the peer's convention)."""
    value = _clv().customer_lifetime_value(bg_result, gg_result, summary, horizon=CLV_MONTHS,
                                           time_unit="M", discount_rate=MONTHLY_DISCOUNT)
    if isinstance(value, pd.DataFrame):
        value = value["clv"]
    return np.asarray(value, dtype=float)


def whole_path(log):
    """Transaction log -> summary -> BG/NBD and Gamma-Gamma fits -> 12-month CLV per customer."""
    summary = summary_frame(summarize(log))
    bg = fit_bgnbd(summary)
    gg = fit_gg(summary)
    return clv12(bg, gg, summary)
