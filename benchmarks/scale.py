"""Scale benchmark: speed and memory of paynecrm_kernel.scale, as ratios measured in one run.

Three parts, all in this process tree, one after the other:

1. ``inmemory``: the in-memory summary (``clv.summarize_transactions``) of a 1M-row log in three row orders
   (random, by date, by customer) against lifetimes 0.11.3 (on its pinned pandas 1.5.3 and, where it runs,
   on current pandas) and against a bare NumPy factorise-and-bincount pass over the same columns.
2. ``dask``: the customer summary of a partitioned Parquet log by DuckDB (2 threads) and by Dask on a
   ``LocalCluster`` of 2 worker processes (1 thread each) on loopback, same machine, same files.
3. ``path``: the whole path on a large partitioned Parquet log written by a streaming generator (log ->
   customer table -> BG/NBD and Gamma-Gamma fits -> 12-month CLV of every customer written to Parquet), with
   DuckDB on 2 threads and a 2 GB memory limit, in a child process whose peak resident memory is measured.

Usage::

    python benchmarks/scale.py                          # all parts, 100M rows for the path
    python benchmarks/scale.py --parts inmemory dask    # the quick parts
    python benchmarks/scale.py --rows 20000000 --markdown

``--markdown`` writes the tables into ``benchmarks/scale.md``. Generated data go to
``benchmarks/results/scale/`` and the large log is deleted at the end (``--keep`` keeps it).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402
from harness import RESULTS, Peer, exit_on_sigterm, load_average, machine, median  # noqa: E402

DATA = RESULTS / "scale"
PEERS = {"pinned": HERE / ".venv-lifetimes", "current": HERE / ".venv-lifetimes-current"}
OBSERVATION_END = synthetic.OBSERVATION_END


# ----------------------------------------------------------------------------------------- data
def write_partitioned_log(folder, n_rows, seed, customers_per_file=200_000):
    """Stream a planted BG/NBD + Gamma-Gamma log of about ``n_rows`` rows into Parquet files.

    One file per block of customers (rows sorted by date within the file); memory holds one block at a time.
    Returns ``(rows, customers, files)``.
    """
    folder = Path(folder)
    if (folder / "_done.json").exists():
        info = json.loads((folder / "_done.json").read_text())
        return info["rows"], info["customers"], info["files"]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    rows, customers, files, next_id = 0, 0, 0, 1
    while rows < n_rows:
        ids, days, amount = synthetic._log_chunk(rng, customers_per_file, next_id)
        order = np.argsort(days, kind="stable")
        table = pa.table({"customer_id": pa.array(ids[order], pa.int64()),
                          "date": pa.array((synthetic.START + days[order].astype("timedelta64[D]")).astype(
                              "datetime64[D]"), pa.date32()),
                          "amount": pa.array(amount[order], pa.float64())})
        pq.write_table(table, folder / f"part-{files:05d}.parquet", row_group_size=1_000_000)
        rows, customers, files, next_id = rows + len(ids), customers + customers_per_file, files + 1, \
            next_id + customers_per_file
    (folder / "_done.json").write_text(json.dumps({"rows": rows, "customers": customers, "files": files}))
    return rows, customers, files


def log_1m(order):
    """The 1M-row synthetic log (``tx1m``) in a row order, as a Parquet file and a frame."""
    path = DATA / f"tx1m_{order}.parquet"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        log = pd.read_parquet(synthetic.ensure("tx1m"))
        if order == "random":
            log = log.sample(frac=1.0, random_state=3)
        elif order == "customer":
            log = log.sort_values(["customer_id", "date"], kind="stable")
        log.reset_index(drop=True).to_parquet(path, index=False)
    return path, pd.read_parquet(path)


# ----------------------------------------------------------------------------------------- timing
def timed(fn, repeat):
    values, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        values.append(time.perf_counter() - t0)
    return values, result


def timed_cpu(fn, repeat):
    """Wall and CPU (user + system) seconds of ``repeat`` calls, and the last result. On cores shared with
    other work the wall time grows with their load; the CPU time much less."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - t0)
    return walls, cpus, result


def process_cpu(pid):
    """CPU seconds (user + system) a process has used so far, from ``/proc``; None where unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def numpy_pass(log):
    """The bare minimum over the same columns: factorise the ids, whole days, count, sum and extremes by customer."""
    codes, uniques = pd.factorize(log["customer_id"].to_numpy())
    days = log["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    n = len(uniques)
    count = np.bincount(codes, minlength=n)
    spend = np.bincount(codes, weights=log["amount"].to_numpy(), minlength=n)
    last = np.full(n, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, days)
    return count, spend, last


def ours_summary(log):
    from paynecrm_kernel.clv import summarize_transactions

    return summarize_transactions(log, "customer_id", "date", "amount", time_unit="W",
                                  observation_end=OBSERVATION_END)


def start_peer(which):
    python = PEERS[which] / "bin" / "python"
    if not python.exists():
        return None, f"no virtualenv at {PEERS[which]}"
    os.environ["LIFETIMES_VENV"] = str(PEERS[which])
    import harness

    harness.PEER_VENV = PEERS[which]
    peer = Peer()
    try:
        peer.start()
    except Exception as exc:                       # the peer cannot even import on this stack
        return None, f"{type(exc).__name__}: {exc}"[:200]
    return peer, None


def part_inmemory(args, out):
    rows = []
    peers = {which: start_peer(which) for which in PEERS}
    try:
        for order in ("random", "date", "customer"):
            path, log = log_1m(order)
            # one untimed call each first: the first call imports the package and grows the process's heap
            ours_summary(log)
            numpy_pass(log)
            load = load_average()
            ours, ours_cpu, summary = timed_cpu(lambda: ours_summary(log), args.repeat)
            bare, bare_cpu, _ = timed_cpu(lambda: numpy_pass(log), args.repeat)
            row = {"order": order, "rows": len(log), "customers": len(summary), "ours": ours, "numpy": bare,
                   "ours_cpu": ours_cpu, "numpy_cpu": bare_cpu, "load_before": load}
            for which, (peer, note) in peers.items():
                if peer is None:
                    row[f"peer_{which}"], row[f"peer_{which}_cpu"], row[f"peer_{which}_note"] = [], [], note
                    continue
                spec = {"name": f"tx1m_{order}", "kind": "log", "path": str(path)}
                times, cpus = [], []
                for rep in range(args.peer_repeat):
                    save = DATA / f"peer_{which}_{order}.parquet" if rep == 0 else None
                    before = process_cpu(peer.proc.pid)
                    answer = peer.request("summary", spec, save)
                    after = process_cpu(peer.proc.pid)
                    if not answer.get("ok"):
                        row[f"peer_{which}_note"] = answer.get("error", "")[:200]
                        break
                    times.append(answer["seconds"])
                    if rep > 0 and before is not None and after is not None:   # rep 0 also reads and writes files
                        cpus.append(after - before)
                row[f"peer_{which}"], row[f"peer_{which}_cpu"] = times, cpus
                if times:
                    theirs = pd.read_parquet(DATA / f"peer_{which}_{order}.parquet").set_index("customer_id")
                    mine = summary.reindex(theirs.index)
                    row[f"peer_{which}_max_abs_diff"] = float(max(
                        np.nanmax(np.abs(mine[c].to_numpy() - theirs[c].to_numpy()))
                        for c in ("frequency", "recency", "T", "monetary_value")))
            row["load_after"] = load_average()
            rows.append(row)
            print(f"inmemory {order}: ours {median(ours):.3f} s, numpy {median(bare):.3f} s, "
                  + ", ".join(f"{w} {median(row[f'peer_{w}']) or float('nan'):.2f} s" for w in PEERS)
                  + f" (load {row['load_before']:.1f} -> {row['load_after']:.1f})", flush=True)
    finally:
        for peer, _ in peers.values():
            if peer is not None:
                peer.stop()
    out["inmemory"] = rows


# ----------------------------------------------------------------------------------------- dask vs duckdb
def part_dask(args, out):
    from distributed import Client, LocalCluster

    from paynecrm_kernel.scale import connect, summarize

    folder = DATA / f"log_{args.dask_rows}"
    n_rows, n_customers, n_files = write_partitioned_log(folder, args.dask_rows, seed=31)
    glob = str(folder / "*.parquet")
    duck_times, duck = timed(lambda: summarize(glob, amount="amount", observation_end=OBSERVATION_END,
                                               connection=connect(threads=2)), args.dask_repeat)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", memory_limit="4GB",
                      dashboard_address=None) as cluster, Client(cluster):
        import dask.dataframe as dd

        dask_times, theirs = timed(lambda: summarize(dd.read_parquet(glob), engine="dask", amount="amount",
                                                     observation_end=OBSERVATION_END), args.dask_repeat)
    same = bool(len(duck) == len(theirs) and all(
        np.array_equal(duck[c].to_numpy(), theirs[c].to_numpy()) for c in ("frequency", "recency", "T")))
    money = float(np.max(np.abs(duck["monetary_value"].to_numpy() - theirs["monetary_value"].to_numpy())))
    out["dask"] = {"rows": n_rows, "customers": len(duck), "files": n_files, "duckdb": duck_times, "dask": dask_times,
                   "identical_times_and_counts": same, "monetary_max_abs_diff": money}
    print(f"dask vs duckdb on {n_rows:,} rows: duckdb {median(duck_times):.2f} s, dask {median(dask_times):.2f} s",
          flush=True)


# ----------------------------------------------------------------------------------------- whole path
def run_path(folder, scores, spill, report):
    """Child process: the whole path with DuckDB on 2 threads and a 2 GB limit; writes timings to ``report``."""
    from paynecrm_kernel.scale import connect
    from paynecrm_kernel.scale.analysis import analyse_log

    t0 = time.perf_counter()
    con = connect(threads=2, memory_limit="2GB", temp_directory=str(spill))
    analysis = analyse_log(str(Path(folder) / "*.parquet"), customer_id="customer_id", date="date", amount="amount",
                           time_unit="W", observation_end=OBSERVATION_END, scores_path=scores, connection=con)
    total = time.perf_counter() - t0
    Path(report).write_text(json.dumps({
        "seconds": analysis.seconds, "total": total, "customers": analysis.customers,
        "histories": analysis.histories, "bgnbd": analysis.purchases.params.to_dict(),
        "gg": analysis.spend.params.to_dict(), "clv_total": analysis.distribution.total,
        "converged": bool(analysis.purchases.converged)}))


def part_path(args, out):
    folder = DATA / f"log_{args.rows}"
    t0 = time.perf_counter()
    n_rows, n_customers, n_files = write_partitioned_log(folder, args.rows, seed=41)
    generated = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in folder.glob("*.parquet"))
    print(f"path: {n_rows:,} rows in {n_files} files ({size / 2**30:.2f} GiB), generated in {generated:.0f} s",
          flush=True)
    scores, spill, report = DATA / "scores.parquet", DATA / "spill", DATA / "path.json"
    spill.mkdir(exist_ok=True)
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, __file__, "--child", str(folder), str(scores), str(spill), str(report)])
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"the path failed (status {status})")
    result = json.loads(report.read_text())
    result.update({"rows": n_rows, "files": n_files, "log_bytes": size, "wall": wall,
                   "peak_rss_bytes": usage.ru_maxrss * 1024, "scores_bytes": scores.stat().st_size,
                   "cpu_seconds": usage.ru_utime + usage.ru_stime,
                   "generation_seconds": generated})
    out["path"] = result
    print(f"path: {wall:.1f} s wall, peak RSS {usage.ru_maxrss / 2**20:.2f} GiB, stages {result['seconds']}",
          flush=True)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
        scores.unlink(missing_ok=True)
    shutil.rmtree(spill, ignore_errors=True)


# ----------------------------------------------------------------------------------------- report
def _ratio(slow, fast):
    return median(slow) / median(fast) if slow and fast else None


INMEMORY_SECTION = "scale-inmemory"     # the in-memory tables have a section of scale.md of their own


def _header(out):
    return [f"Run of {out['started']} ({out['minutes']:.1f} min), `{out['command']}`.",
            f"Machine: {out['machine']}; load average {out['load_before']:.2f} before, {out['load_after']:.2f} after "
            "(the cores were shared with other work)."]


def _ms_or_s(seconds):
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def markdown_inmemory(rows):
    """The in-memory tables: wall time (the goals) and CPU time of the same calls, with the load of each order."""
    lines = ["**In-memory summary of a 1M-row log** (medians of wall time; ratios = their time / ours):", "",
             "| row order | customers | ours | NumPy factorise+bincount | ours / NumPy | lifetimes, pandas 1.5.3 "
             "| ratio | lifetimes, current pandas | ratio | load average |", "|---|---|---|---|---|---|---|---|---|---|"]
    cpu = ["", "**CPU time of the same calls** (user + system, medians; on shared cores the wall time above grows "
           "with the other work waiting for them, the CPU time much less). lifetimes' CPU time is its process's "
           "over its timed repetitions after the first (the first also reads and writes files):", "",
           "| row order | ours | NumPy | ours / NumPy | lifetimes, pandas 1.5.3 | ratio | lifetimes, current pandas "
           "| ratio |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        cells = [r["order"], f"{r['customers']:,}", _ms_or_s(median(r["ours"])), _ms_or_s(median(r["numpy"])),
                 f"{_ratio(r['ours'], r['numpy']):.2f}x"]
        cpu_cells = [r["order"], _ms_or_s(median(r["ours_cpu"])), _ms_or_s(median(r["numpy_cpu"])),
                     f"{_ratio(r['ours_cpu'], r['numpy_cpu']):.2f}x"]
        for which in PEERS:
            times, cpus = r.get(f"peer_{which}"), r.get(f"peer_{which}_cpu")
            if times:
                cells += [f"{median(times):.2f} s (n={len(times)})", f"{_ratio(times, r['ours']):.1f}x"]
            else:
                cells += [f"did not run: {r.get(f'peer_{which}_note', '')[:90]}", "–"]
            if cpus:
                cpu_cells += [f"{median(cpus):.2f} s (n={len(cpus)})", f"{_ratio(cpus, r['ours_cpu']):.1f}x"]
            else:
                cpu_cells += ["not measured", "–"]
        cells.append(f"{r['load_before']:.1f} -> {r['load_after']:.1f}")
        lines.append("| " + " | ".join(cells) + " |")
        cpu.append("| " + " | ".join(cpu_cells) + " |")
    lines += cpu
    diffs = [r.get("peer_pinned_max_abs_diff") for r in rows if r.get("peer_pinned_max_abs_diff") is not None]
    if diffs:
        lines.append(f"\nAgreement with the peer: largest absolute difference over frequency, recency, T and "
                     f"monetary value {max(diffs):.1e}.")
    return "\n".join(lines)


def markdown(out, section="scale-latest"):
    """The report, as ``{marker of the section of scale.md: text}``: the in-memory part in its own section,
    the other parts in ``section``; only the parts that ran."""
    sections = {}
    if "inmemory" in out:
        sections[INMEMORY_SECTION] = "\n".join(_header(out) + ["", markdown_inmemory(out["inmemory"])])
    if "dask" not in out and "path" not in out:
        return sections
    lines = _header(out)
    if "dask" in out:
        d = out["dask"]
        lines += ["", f"**DuckDB against Dask** (customer summary of {d['rows']:,} rows in {d['files']} Parquet files, "
                      f"{d['customers']:,} customers; same machine):", "",
                  "| engine | median | runs |", "|---|---|---|",
                  f"| DuckDB, 2 threads | {median(d['duckdb']):.2f} s | {len(d['duckdb'])} |",
                  f"| Dask, LocalCluster of 2 worker processes x 1 thread | {median(d['dask']):.2f} s | "
                  f"{len(d['dask'])} |",
                  f"\nDask takes {_ratio(d['dask'], d['duckdb']):.1f}x the time of DuckDB here. Results identical in "
                  f"frequency, recency and T: {d['identical_times_and_counts']}; monetary value differs by at most "
                  f"{d['monetary_max_abs_diff']:.1e} (summation order)."]
    if "path" in out:
        p = out["path"]
        stages = ", ".join(f"{k} {v:.1f} s" for k, v in p["seconds"].items())
        lines += ["", f"**Whole path, {p['rows']:,} rows** ({p['files']} Parquet files, {p['log_bytes'] / 2**30:.2f} "
                      f"GiB; {p['customers']:,} customers, {p['histories']:,} distinct histories): DuckDB on 2 "
                      "threads, "
                      "2 GB memory limit for DuckDB, scores for every customer written to Parquet "
                      f"({p['scores_bytes'] / 2**30:.2f} GiB).", "",
                  "| measure | value | goal | result |", "|---|---|---|---|",
                  f"| wall time, log to scores file | {p['wall']:.0f} s | < 300 s | "
                  f"{'PASS' if p['wall'] < 300 else 'FAIL'} |",
                  f"| peak resident memory | {p['peak_rss_bytes'] / 2**30:.2f} GiB | < 4 GiB | "
                  f"{'PASS' if p['peak_rss_bytes'] < 4 * 2**30 else 'FAIL'} |"]
        if "cpu_seconds" in p:
            lines += [f"| CPU time of the path (user + system) | {p['cpu_seconds']:.0f} s | | |",
                      f"| wall time on 2 idle cores, at least CPU / 2 | {p['cpu_seconds'] / 2:.0f} s | | |"]
        lines += [
                  f"\nStages: {stages}. BG/NBD " + ", ".join(f"{k} = {v:.4g}" for k, v in p["bgnbd"].items())
                  + " (planted " + ", ".join(f"{k} = {v}" for k, v in synthetic.BGNBD_TRUE.items()) + "); "
                  "Gamma-Gamma " + ", ".join(f"{k} = {v:.4g}" for k, v in p["gg"].items()) + " (planted "
                  + ", ".join(f"{k} = {v}" for k, v in synthetic.GAMMA_GAMMA_TRUE.items()) + "). "
                  f"Generating the log took {p['generation_seconds']:.0f} s (not included)."]
    sections[section] = "\n".join(lines)
    return sections


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", nargs="+", default=["inmemory", "dask", "path"],
                        choices=["inmemory", "dask", "path"])
    parser.add_argument("--rows", type=int, default=100_000_000, help="rows of the large log (path)")
    parser.add_argument("--dask-rows", type=int, default=10_000_000, help="rows of the DuckDB/Dask comparison")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of our side and NumPy (1M rows)")
    parser.add_argument("--peer-repeat", type=int, default=3)
    parser.add_argument("--dask-repeat", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the large log")
    parser.add_argument("--markdown", action="store_true", help="write the tables into benchmarks/scale.md")
    parser.add_argument("--section", default="scale-latest",
                        help="marker of the section of scale.md to replace with the dask and path parts (the "
                             f"in-memory part always goes to {INMEMORY_SECTION})")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_path(*args.child)
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    DATA.mkdir(parents=True, exist_ok=True)
    started = time.time()
    out = {"started": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
           "load_before": load_average(), "command": "benchmarks/scale.py " + " ".join(sys.argv[1:])}
    for part in args.parts:
        {"inmemory": part_inmemory, "dask": part_dask, "path": part_path}[part](args, out)
    out["load_after"], out["minutes"] = load_average(), (time.time() - started) / 60
    (RESULTS / f"scale-{int(started)}.json").write_text(json.dumps(out, indent=1, default=str))
    sections = markdown(out, args.section)
    print("\n\n".join(sections.values()))
    if args.markdown:
        from harness import replace_section

        for marker, text in sections.items():
            replace_section(HERE / "scale.md", marker, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
