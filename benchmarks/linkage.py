"""Single customer view at scale: de-duplicate up to a million customer records with Splink on DuckDB.

Each size runs in a fresh child process, so its peak memory (maximum resident set size) and its CPU time
(generation or reading of the cached extracts, and linkage; on a shared machine the CPU time is the steadier figure) are its own. The
records are the sample company's four extracts (easy tier) for enough invented customers to give the
requested number of records; the model is estimated without labels and judged against the planted truth.
The smallest size is the peer: the report gives each size's time per record as a ratio to it (1.0 =
linear scaling).

Usage: python benchmarks/linkage.py [n_records ...]   (default: 100000 1000000)
"""
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

CACHE = Path(__file__).parent / "results" / "cache"   # generated extracts, reused by later runs
RECORDS_PER_CUSTOMER = 2.88          # coverage of the four systems (0.85 + 1 + 0.55 + 0.4) plus 3 % duplicates


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_one(n_records, tier="easy"):
    """Generate, link and score one size in this process; print one JSON line."""
    from paynecrm_kernel.data.sample_company.extracts import generate_extracts
    from paynecrm_kernel.information import linkage_metrics, single_customer_view

    n_customers = int(round(n_records / RECORDS_PER_CUSTOMER))
    cached = CACHE / f"extracts_{tier}_{n_records}"
    start = time.perf_counter()
    if (cached / "truth.parquet").exists():
        records = pd.read_parquet(cached / "records.parquet")
        truth = pd.read_parquet(cached / "truth.parquet")
    else:
        rng = np.random.default_rng(n_records)
        customers = pd.DataFrame({"customer_id": np.arange(1, n_customers + 1),
                                  "region": rng.choice(["North", "South", "East", "West", "Central"], n_customers)})
        extracts = generate_extracts(customers, tier=tier, seed=1)
        records, truth = extracts.combined(), extracts.truth
        cached.mkdir(parents=True, exist_ok=True)
        records.to_parquet(cached / "records.parquet")
        truth.to_parquet(cached / "truth.parquet")      # written last: its presence marks a complete cache
    generated = time.perf_counter() - start
    start, cpu_start = time.perf_counter(), _cpu_seconds()
    result = single_customer_view(records)
    linked, link_cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
    metrics = linkage_metrics(result.clusters, truth)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    row = {"records": len(records), "customers": n_customers, "generate_or_read_s": round(generated, 1),
           "link_s": round(linked, 1), "link_cpu_s": round(link_cpu, 1),
           "cpu_s_total": round(usage.ru_utime + usage.ru_stime, 1), "load_1min": round(os.getloadavg()[0], 1),
           "pairs_scored": len(result.pairs), "peak_mb": round(usage.ru_maxrss / 1024),
           "precision": round(float(metrics["precision"]), 5), "recall": round(float(metrics["recall"]), 5),
           "f1": round(float(metrics["f1"]), 5), "clusters": int(metrics["clusters"])}
    print(json.dumps(row), flush=True)


def main(sizes):
    rows = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True,
                             check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(rows[-1], flush=True)
    table = pd.DataFrame(rows)
    peer = table["link_s"].iloc[0] / table["records"].iloc[0]
    table["time_per_record_vs_smallest"] = (table["link_s"] / table["records"] / peer).round(2)
    print(table.to_string(index=False))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        run_one(int(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
