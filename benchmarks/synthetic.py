"""Planted data sets for the CLV benchmarks, generated once and cached as Parquet.

Two kinds of data are generated from known ("planted") parameters with a fixed seed:

* **Transaction logs** (``tx1m``, ``tx10m``): customers acquired over the first 12 weeks of
  1997, each buying according to a BG/NBD process (Fader, Hardie & Lee 2005) with spend per
  transaction from the Gamma-Gamma model (Fader, Hardie & Lee 2005, JMR; Hardie's note 025),
  observed until 1998-06-30, like the CDNOW cohort.  Rows are sorted by date, as a real log is.
* **Customer summaries** (``cust1m``: BG/NBD + Gamma-Gamma, ``cust100k``: Pareto/NBD), drawn
  directly at the summary level (frequency, recency, T in weeks, mean repeat spend).

Exact draws, without simulating every purchase of a customer:

* BG/NBD: with ``N ~ Poisson(lambda T)`` purchase opportunities and dropout after the
  ``K``-th repeat purchase (``K ~ Geometric(p)``), ``x = min(N, K)``; the ``k``-th of ``N``
  sorted uniform times is ``S_k / S_{N+1}`` with ``S`` partial sums of unit exponentials, so
  the first ``x`` times need only ``x`` exponentials and one ``Gamma(N + 1 - x)`` draw.
* Pareto/NBD: lifetime ``tau ~ Exp(mu)``, ``x ~ Poisson(lambda min(tau, T))`` and
  ``t_x = min(tau, T) * Beta(x, 1)``.
* Gamma-Gamma: the mean of ``x`` draws from ``Gamma(p, rate nu)`` is ``Gamma(p x, rate nu x)``.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

CACHE_DIR = Path(__file__).resolve().parent / "results" / "cache"

#: Planted BG/NBD parameters of the synthetic logs (time unit: weeks).
BGNBD_TRUE = {"r": 0.55, "alpha": 4.0, "a": 0.80, "b": 2.50}
#: Planted Pareto/NBD parameters (weeks): the published CDNOW estimates.
PARETO_TRUE = {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}
#: Planted Gamma-Gamma parameters: the published CDNOW estimates.
GAMMA_GAMMA_TRUE = {"p": 6.25, "q": 3.74, "v": 15.44}

START = np.datetime64("1997-01-01")
OBSERVATION_END = "1998-06-30"
END_DAY = int((np.datetime64(OBSERVATION_END) - START).astype(int))  # 545
ACQUISITION_DAYS = 84

TRANSACTION_LOGS = {"tx1m": 1_000_000, "tx10m": 10_000_000}
CUSTOMER_SETS = {"cust1m": 1_000_000, "cust100k": 100_000}
SEEDS = {"tx1m": 11, "tx10m": 12, "cust1m": 21, "cust100k": 22}


def _bgnbd_repeat_count(rng, n, T, params):
    """Draw lambda, N and x = min(N, K) for ``n`` customers observed for ``T`` weeks."""
    lam = rng.gamma(params["r"], 1.0 / params["alpha"], n)
    p = rng.beta(params["a"], params["b"], n)
    N = rng.poisson(lam * T)
    K = rng.geometric(np.clip(p, 1e-12, 1.0))
    return np.minimum(N, K), N


def _spend_rates(rng, n):
    """Per-customer Gamma-Gamma rate ``nu ~ Gamma(q, rate v)``."""
    return rng.gamma(GAMMA_GAMMA_TRUE["q"], 1.0 / GAMMA_GAMMA_TRUE["v"], n)


def _log_chunk(rng, n_customers, first_id):
    """Transactions of ``n_customers`` consecutive customers as (id, day, amount) arrays."""
    first_day = rng.integers(0, ACQUISITION_DAYS, n_customers)
    T = (END_DAY - first_day) / 7.0  # weeks, continuous
    x, N = _bgnbd_repeat_count(rng, n_customers, T, BGNBD_TRUE)
    total = int(x.sum())
    owner = np.repeat(np.arange(n_customers), x)
    # partial sums of unit exponentials within each customer
    gaps = rng.standard_exponential(total)
    csum = np.cumsum(gaps)
    offsets = np.concatenate(([0], np.cumsum(x)[:-1]))
    before = np.concatenate(([0.0], csum))[offsets]
    partial = csum - np.repeat(before, x)
    last = np.zeros(n_customers)
    has = x > 0
    last[has] = partial[np.cumsum(x)[has] - 1]
    tail = np.zeros(n_customers)
    tail[has] = rng.standard_gamma(N[has] - x[has] + 1)
    scale = np.ones(n_customers)
    scale[has] = T[has] / (last[has] + tail[has])
    repeat_weeks = partial * scale[owner]
    repeat_day = first_day[owner] + np.floor(repeat_weeks * 7.0).astype(np.int64)

    ids = np.concatenate((np.arange(n_customers), owner)) + first_id
    days = np.concatenate((first_day, repeat_day))
    nu = _spend_rates(rng, n_customers)
    cust = np.concatenate((np.arange(n_customers), owner))
    amount = rng.gamma(GAMMA_GAMMA_TRUE["p"], 1.0 / nu[cust])
    return ids, days, np.round(amount, 2)


def make_transaction_log(n_rows, seed):
    """A planted BG/NBD + Gamma-Gamma transaction log of about ``n_rows`` rows.

    Whole customers are kept, so the log has the first customers whose transactions
    reach ``n_rows`` (a few rows more at most).  Columns: ``customer_id`` (int64),
    ``date`` (datetime64), ``amount`` (float64, dollars); sorted by date.
    """
    rng = np.random.default_rng(seed)
    parts, rows, next_id = [], 0, 1
    chunk = max(10_000, n_rows // 8)
    while rows < n_rows:
        ids, days, amount = _log_chunk(rng, chunk, next_id)
        parts.append((ids, days, amount))
        rows += len(ids)
        next_id += chunk
    ids = np.concatenate([p[0] for p in parts])
    days = np.concatenate([p[1] for p in parts])
    amount = np.concatenate([p[2] for p in parts])
    # keep whole customers: customers are numbered in order, so cut on the id
    counts = np.bincount(ids)
    cum = np.cumsum(counts)
    last_id = int(np.searchsorted(cum, n_rows))
    keep = ids <= last_id
    ids, days, amount = ids[keep], days[keep], amount[keep]
    order = np.argsort(days, kind="stable")
    return pd.DataFrame({
        "customer_id": ids[order].astype(np.int64),
        "date": (START + days[order].astype("timedelta64[D]")).astype("datetime64[ns]"),
        "amount": amount[order],
    })


def make_bgnbd_customers(n, seed):
    """``n`` customer summaries (weeks) from the planted BG/NBD + Gamma-Gamma process."""
    rng = np.random.default_rng(seed)
    first_day = rng.integers(0, ACQUISITION_DAYS, n)
    T = np.round((END_DAY - first_day) / 7.0, 2)
    x, N = _bgnbd_repeat_count(rng, n, T, BGNBD_TRUE)
    recency = np.zeros(n)
    has = x > 0
    recency[has] = T[has] * rng.beta(x[has], N[has] - x[has] + 1)
    nu = _spend_rates(rng, n)
    monetary = np.zeros(n)
    monetary[has] = rng.gamma(GAMMA_GAMMA_TRUE["p"] * x[has], 1.0 / (nu[has] * x[has]))
    return pd.DataFrame({
        "customer_id": np.arange(1, n + 1, dtype=np.int64),
        "frequency": x.astype(np.float64),
        "recency": np.round(recency, 2),
        "T": T,
        "monetary_value": np.round(monetary, 2),
    })


def make_pareto_customers(n, seed):
    """``n`` customer summaries (weeks) from the planted Pareto/NBD process."""
    rng = np.random.default_rng(seed)
    first_day = rng.integers(0, ACQUISITION_DAYS, n)
    T = np.round((END_DAY - first_day) / 7.0, 2)
    lam = rng.gamma(PARETO_TRUE["r"], 1.0 / PARETO_TRUE["alpha"], n)
    mu = rng.gamma(PARETO_TRUE["s"], 1.0 / PARETO_TRUE["beta"], n)
    alive_for = np.minimum(rng.exponential(1.0 / mu), T)
    x = rng.poisson(lam * alive_for)
    recency = np.zeros(n)
    has = x > 0
    recency[has] = alive_for[has] * rng.beta(x[has], 1.0)
    return pd.DataFrame({
        "customer_id": np.arange(1, n + 1, dtype=np.int64),
        "frequency": x.astype(np.float64),
        "recency": np.round(recency, 2),
        "T": T,
    })


def dataset_path(name):
    """Parquet path of a cached synthetic data set."""
    return CACHE_DIR / f"{name}.parquet"


def ensure(name):
    """Generate data set ``name`` unless cached; return its Parquet path."""
    path = dataset_path(name)
    if path.exists():
        return path
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    if name in TRANSACTION_LOGS:
        df = make_transaction_log(TRANSACTION_LOGS[name], SEEDS[name])
    elif name == "cust1m":
        df = make_bgnbd_customers(CUSTOMER_SETS[name], SEEDS[name])
    elif name == "cust100k":
        df = make_pareto_customers(CUSTOMER_SETS[name], SEEDS[name])
    else:
        raise KeyError(f"unknown synthetic data set {name!r}")
    tmp = path.with_suffix(".tmp")
    df.to_parquet(tmp, index=False)
    tmp.replace(path)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=[*TRANSACTION_LOGS, *CUSTOMER_SETS])
    for name in parser.parse_args().names:
        path = ensure(name)
        df = pd.read_parquet(path)
        print(f"{name}: {len(df):,} rows, {df['customer_id'].nunique():,} customers -> {path.name}")


if __name__ == "__main__":
    main()
