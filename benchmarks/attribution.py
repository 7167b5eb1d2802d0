"""Attribution: a 1M-row touch log to journeys to Markov and Shapley credit, against DP6's
marketing-attribution-models (MAM) run in its own virtualenv, with agreement of the removal effects.

Usage: python benchmarks/attribution.py [--customers 140000] [--repeat 3] [--resamples 200]
The peer's virtualenv comes from benchmarks/setup_attribution_env.sh (benchmarks/.venv-attribution).

Same work on both sides: the Hearth & Home touch log (paynecrm_kernel.data.sample_company.journeys), cut into
journeys at each purchase, first-order Markov removal effects (MAM with transitions to the same channel kept,
as ours) and Shapley credit (ours: the journeys game, exact; MAM: its default conversion-rate game over the
last four distinct channels). Our journeys here use MAM's rule (a journey ends only at a conversion), so the
two chains are the same chain and their removal effects must agree. Medians of --repeat runs; reading the
files is not timed. Both sides run one after the other in the same process tree.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_VENV = Path(os.environ.get("ATTRIBUTION_VENV", HERE / ".venv-attribution"))
CACHE = HERE / "results" / "cache"

PEER = r"""
import json, sys, time
import polars as pl
from mam import MAM
log = pl.read_parquet(sys.argv[1])
repeat = int(sys.argv[2])
times, shapley_times = [], []
for _ in range(repeat):
    start = time.perf_counter()
    mam = MAM(log, format_type="session", channels_colname="channel", journey_with_conv_colname="converted",
              datetime_colname="timestamp", user_id_colname="customer_id",
              create_journey_id_based_on_conversion=True, conversion_value_colname="amount")
    markov = mam.run_markov(transition_to_same_state=True)
    middle = time.perf_counter()
    shapley = mam.run_shapley()
    end = time.perf_counter()
    times.append(end - start)
    shapley_times.append(end - middle)
effects = markov.metadata["removal_effect"]["removal_effect"].to_dict() if hasattr(markov, "metadata") else {}
print(json.dumps({"times": times, "shapley_times": shapley_times, "removal_effect": effects,
                  "journeys": mam.unified_df.height}))
"""


def touch_log(customers):
    """The Hearth & Home touch log for ``customers`` customers (cached as parquet)."""
    import pandas as pd

    path = CACHE / f"touch_log_{customers}.parquet"
    if not path.exists():
        from paynecrm_kernel.data import sample_company
        from paynecrm_kernel.data.sample_company.journeys import generate_journeys

        CACHE.mkdir(parents=True, exist_ok=True)
        log = generate_journeys(sample_company(n_customers=customers))
        log["converted"] = log["stage"] == "purchase"
        log["amount"] = log["amount"].fillna(0.0)
        log.to_parquet(path)
    return pd.read_parquet(path), path


def ours(log, repeat, resamples):
    from paynecrm_kernel.channels import (attribution_intervals, build_journeys, markov_attribution,
                                          removal_effects, shapley_attribution)

    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        journeys = build_journeys(log, value_column="amount")
        built = time.perf_counter()
        markov_attribution(journeys)
        shapley_attribution(journeys)
        runs.append((time.perf_counter() - start, built - start))
    start = time.perf_counter()
    attribution_intervals(journeys, n_resamples=resamples)
    bootstrap = time.perf_counter() - start
    same_rule = build_journeys(log, value_column="amount", session_minutes=0, timeout_days=36_500, keep_open=True)
    effects = removal_effects(same_rule).set_index("channel")["removal_effect"].to_dict()
    return {"times": [r[0] for r in runs], "journey_times": [r[1] for r in runs], "bootstrap": bootstrap,
            "removal_effect": effects, "journeys": len(journeys.journeys),
            "journeys_same_rule": len(same_rule.journeys)}


def peer(path, repeat):
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(PEER)
    try:
        done = subprocess.run([str(python), script.name, str(path), str(repeat)], capture_output=True, text=True,
                              timeout=3600, check=True)
    finally:
        os.unlink(script.name)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=140_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--resamples", type=int, default=200)
    args = parser.parse_args(argv)
    log, path = touch_log(args.customers)
    mine = ours(log, args.repeat, args.resamples)
    other = peer(path, args.repeat)
    ours_median = statistics.median(mine["times"])
    print(f"touch log: {len(log):,} rows, {mine['journeys']:,} journeys (ours, with the 30-day time-out)")
    print("| step | ours (s) | MAM (s) | MAM / ours |")
    print("|---|---:|---:|---:|")
    if other is None:
        print(f"| log -> journeys -> Markov + Shapley | {ours_median:.2f} | not installed | |")
    else:
        peer_median = statistics.median(other["times"])
        print(f"| log -> journeys -> Markov + Shapley | {ours_median:.2f} | {peer_median:.2f} | "
              f"{peer_median / ours_median:.1f}x |")
    print(f"| of which journeys | {statistics.median(mine['journey_times']):.2f} | | |")
    print(f"| {args.resamples} bootstrap resamples (Markov) | {mine['bootstrap']:.2f} | no bootstrap | |")
    if other is not None:
        common = sorted(set(mine["removal_effect"]) & set(other["removal_effect"]))
        gap = max(abs(mine["removal_effect"][c] - other["removal_effect"][c]) for c in common)
        print(f"\nremoval effects on the same {mine['journeys_same_rule']:,} journeys (MAM: {other['journeys']:,}): "
              f"largest absolute difference {gap:.2e} over {len(common)} channels")
        for c in common:
            print(f"  {c:12s} ours {mine['removal_effect'][c]:.6f}  MAM {other['removal_effect'][c]:.6f}")
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
