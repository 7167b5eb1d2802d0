"""RFM scoring: the compiled kernel against the obvious pandas ``qcut`` recipe, with identical scores.

Usage: python benchmarks/rfm.py [n_customers ...]   (default: 1000000 10000000)
"""
import sys
import time

import numpy as np
import pandas as pd

from paynecrm_kernel.segmentation import rfm_scores


def synthetic_summary(n, seed=0):
    """A customer summary with realistic ties (integer frequencies, rounded times and spend)."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(1, 78, n).round(2)
    frequency = rng.poisson(1.5, n)
    recency = np.where(frequency > 0, (T * rng.uniform(0, 1, n)).round(2), 0.0)
    return pd.DataFrame({"frequency": frequency, "recency": recency, "T": T,
                         "monetary_value": np.where(frequency > 0, rng.gamma(2, 20, n).round(2), 0.0)})


def pandas_rfm(summary, bins=5):
    """The obvious pandas code: rank with ties in order of appearance, then qcut each measure."""
    out = pd.DataFrame(index=summary.index)
    out["r_score"] = pd.qcut((summary["recency"] - summary["T"]).rank(method="first"), bins, labels=False) + 1
    out["f_score"] = pd.qcut(summary["frequency"].rank(method="first"), bins, labels=False) + 1
    out["m_score"] = pd.qcut(summary["monetary_value"].rank(method="first"), bins, labels=False) + 1
    return out


def best_of(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(sizes):
    print("| customers | pandas qcut (s) | workbook rfm_scores (s) | speed-up | identical scores |")
    print("|---:|---:|---:|---:|:---:|")
    for n in sizes:
        summary = synthetic_summary(n)
        repeat = 3 if n <= 2_000_000 else 1
        t_pandas, ref = best_of(lambda: pandas_rfm(summary), repeat)
        t_ours, ours = best_of(lambda: rfm_scores(summary), repeat)
        same = all(np.array_equal(ours[c].to_numpy(), ref[c].to_numpy()) for c in ("r_score", "f_score", "m_score"))
        print(f"| {n:,} | {t_pandas:.2f} | {t_ours:.2f} | {t_pandas / t_ours:.1f}x | {'yes' if same else 'NO'} |",
              flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000_000, 10_000_000])
