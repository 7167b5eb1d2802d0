"""CLV engine versus lifetimes 0.11.3: speed ratios and agreement, in one run.

Our side runs in this process (the project's virtualenv); the peer runs in its own virtualenv
(``setup_lifetimes_env.sh``) as a long-lived subprocess. Each case alternates ours, the peer
(and, for the summary, a plain pandas groupby) for several repetitions and compares medians.
Data are loaded before timing; only the measured call is timed.

Usage::

    python benchmarks/clv_vs_lifetimes.py            # everything (large sizes take a while)
    python benchmarks/clv_vs_lifetimes.py --quick    # CDNOW master only
    python benchmarks/clv_vs_lifetimes.py --only 'fit_*' --readme
"""
from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import json
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contenders as ours  # noqa: E402
import synthetic  # noqa: E402
from harness import (RESULTS, Peer, PeerTimeout, PEER_TIMEOUT, exit_on_sigterm, load_average,  # noqa: E402
                     machine, rel_diff, timed)
import results_format as report  # noqa: E402

CDNOW = Path(__file__).resolve().parents[1] / "paynecrm_kernel" / "data" / "files" / "CDNOW_master.txt"
DATA = {
    "cdnow": {"kind": "cdnow", "path": str(CDNOW)},
    "tx1m": {"kind": "log"}, "tx10m": {"kind": "log"},
    "cdnow_summary": {"kind": "summary"}, "cust1m": {"kind": "summary"}, "cust100k": {"kind": "summary"},
}


@dataclass
class Case:
    task: str
    data: str
    goal: float | None = None          # required peer/ours ratio of medians
    goal_pandas: float | None = None   # required pandas/ours ratio (summary only)
    ours: list = field(default_factory=list)
    peer: list = field(default_factory=list)
    pandas: list = field(default_factory=list)
    note: str = ""                     # why our side has no timing
    peer_note: str = ""                # why the peer has no timing
    agreement: dict = field(default_factory=dict)

    @property
    def id(self):
        return f"{self.task}/{self.data}"


def all_cases():
    C = Case
    return [
        C("summary", "cdnow"), C("summary", "tx1m"), C("summary", "tx10m", 20, 2),
        C("fit_bgnbd", "cdnow_summary", 50), C("fit_bgnbd", "cust1m", 20),
        C("fit_pareto", "cdnow_summary", 100), C("fit_pareto", "cust100k", 100),
        C("fit_gg", "cdnow_summary", 20), C("fit_gg", "cust1m", 20),
        C("p_alive", "cdnow_summary", 1), C("expected_purchases", "cdnow_summary", 1),
        C("expected_spend", "cdnow_summary", 1), C("clv12", "cdnow_summary", 1),
        C("pareto_p_alive", "cdnow_summary", 1), C("pareto_expected_purchases", "cdnow_summary", 1),
        C("p_alive", "cust1m", 1), C("expected_purchases", "cust1m", 1),
        C("expected_spend", "cust1m", 1), C("clv12", "cust1m", 20),
        C("pareto_p_alive", "cust100k", 1), C("pareto_expected_purchases", "cust100k", 1),
        C("path", "tx10m", 20),
    ]


class Data:
    """Data sets in memory (driver side) and their specifications for the peer."""

    def __init__(self):
        self.frames = {}

    def spec(self, name):
        spec = {"name": name, **DATA[name]}
        if "path" not in spec:
            spec["path"] = str(self.path(name))
        return spec

    def path(self, name):
        if name == "cdnow_summary":
            path = synthetic.CACHE_DIR / "cdnow_summary.parquet"
            if not path.exists():
                synthetic.CACHE_DIR.mkdir(parents=True, exist_ok=True)
                ours.pandas_summary(self.get("cdnow")).reset_index().to_parquet(path, index=False)
            return path
        return synthetic.ensure(name)

    def get(self, name):
        if name not in self.frames:
            if name == "cdnow":
                self.frames[name] = ours.read_cdnow(CDNOW)
            else:
                df = pd.read_parquet(self.path(name))
                self.frames[name] = df.set_index("customer_id") if DATA[name]["kind"] == "summary" else df
        return self.frames[name]


class Ours:
    """Our fitted results per (model, data set), fitted untimed when a prediction needs them."""

    def __init__(self):
        self.fits = {}

    def fitted(self, kind, name, summary):
        key = (kind, name)
        if key not in self.fits:
            self.fits[key] = {"bgnbd": ours.fit_bgnbd, "pareto": ours.fit_pareto, "gg": ours.fit_gg}[kind](summary)
        return self.fits[key]

    def call(self, task, name, df):
        """Return (function, args) for one timed call of ``task``."""
        if task == "summary":
            return ours.summarize, (df,)
        if task.startswith("fit_"):
            kind = task[4:]
            fn = {"bgnbd": ours.fit_bgnbd, "pareto": ours.fit_pareto, "gg": ours.fit_gg}[kind]
            return (lambda s: self.fits.__setitem__((kind, name), fn(s)) or self.fits[(kind, name)]), (df,)
        if task in ("p_alive", "pareto_p_alive"):
            return ours.probability_alive, (self.fitted("pareto" if "pareto" in task else "bgnbd", name, df), df)
        if task in ("expected_purchases", "pareto_expected_purchases"):
            return ours.expected_purchases, (self.fitted("pareto" if "pareto" in task else "bgnbd", name, df), df)
        if task == "expected_spend":
            return ours.expected_spend, (self.fitted("gg", name, df), df)
        if task == "clv12":
            return ours.clv12, (self.fitted("bgnbd", name, df), self.fitted("gg", name, df), df)
        if task == "path":
            return ours.whole_path, (df,)
        raise ValueError(task)


def agree_fit(our_info, peer_info):
    """Parameter and log-likelihood agreement of one fit."""
    rel = rel_diff(our_info["params"], peer_info["params"])
    ll_o, ll_p = our_info["log_likelihood"], peer_info["log_likelihood"]
    ll_ok = ll_o >= ll_p - max(1e-6 * abs(ll_p), 1e-6)
    if ll_ok and rel <= 1e-3:
        verdict = "agree"
    elif ll_ok and ll_o - ll_p > 1e-3:
        verdict = "peer short of the optimum"
    else:
        verdict = "DIFFER" if ll_ok else "OUR LL WORSE"
    return {"params_rel_diff": rel, "ll_ours": ll_o, "ll_peer": ll_p, "ll_diff": ll_o - ll_p,
            "verdict": verdict, "params_ours": our_info["params"], "params_peer": peer_info["params"]}


def agree_arrays(a, b):
    a, b = np.asarray(a, float).ravel(), np.asarray(b, float).ravel()
    if a.shape != b.shape:
        return {"verdict": f"DIFFER: {a.size} vs {b.size} values"}
    denom = np.maximum(np.abs(b), 1e-9)
    rel = np.abs(a - b) / denom
    return {"max_rel_diff": float(np.nanmax(rel)), "median_rel_diff": float(np.nanmedian(rel)),
            "nan_ours": int(np.isnan(a).sum()), "nan_peer": int(np.isnan(b).sum()),
            "verdict": "agree" if np.nanmax(rel) <= 1e-3 else "differ"}


def agree_summary(our_frame, peer_frame):
    peer_frame = peer_frame.set_index("customer_id")
    ours_f = ours.summary_frame(our_frame).reindex(peer_frame.index)
    out = {"customers_ours": int(len(our_frame)), "customers_peer": int(len(peer_frame))}
    for col in ("frequency", "recency", "T", "monetary_value"):
        out[f"max_abs_diff_{col}"] = float(np.nanmax(np.abs(ours_f[col].to_numpy() - peer_frame[col].to_numpy())))
    out["verdict"] = "agree" if all(v <= 1e-6 for k, v in out.items() if k.startswith("max_abs")) \
        and len(our_frame) == len(peer_frame) else "differ"
    return out


def run_case(case, data, mine, peer, args, scratch):
    df = data.get(case.data)
    spec = data.spec(case.data)
    peer_total, ours_total, first_ours = 0.0, 0.0, None
    save = scratch / f"peer_{case.task}_{case.data}.{'parquet' if case.task == 'summary' else 'npy'}"
    peer_info = None
    peer_budget = args.peer_budget
    for rep in range(args.repeat):
        if not case.note and (rep == 0 or ours_total < args.ours_budget):
            try:
                fn, fn_args = mine.call(case.task, case.data, df)
                seconds, value = timed(fn, *fn_args)
                case.ours.append(seconds)
                ours_total += seconds
                if first_ours is None:
                    first_ours = value
            except Exception as exc:  # our side may not exist yet: record it
                case.note = f"ours failed: {type(exc).__name__}: {exc}"[:160]
        if peer is not None and (rep == 0 or peer_total < peer_budget) and not case.peer_note \
                and (not case.note or rep == 0):
            try:
                answer = peer.request(case.task, spec, save if rep == 0 else None)
            except PeerTimeout:
                case.peer_note = f"peer did not finish in {PEER_TIMEOUT / 60:.0f} min"
                peer_budget = 0
            else:
                if answer["ok"]:
                    case.peer.append(answer["seconds"])
                    peer_total += answer["seconds"]
                    peer_info = peer_info or answer["info"]
                else:
                    case.peer_note = f"peer failed: {answer['error']}"[:160]
        if case.task == "summary" and (rep == 0 or sum(case.pandas) < args.ours_budget):
            seconds, _ = timed(ours.pandas_summary, df)
            case.pandas.append(seconds)
    try:
        if first_ours is not None and peer_info is not None:
            if case.task.startswith("fit_"):
                case.agreement = agree_fit(ours.fit_info(first_ours), peer_info)
            elif case.task == "summary":
                case.agreement = agree_summary(first_ours, pd.read_parquet(save))
            elif case.task == "path":
                case.agreement = {"stages_peer": peer_info["stages"], "customers": peer_info["customers"]}
            else:
                case.agreement = agree_arrays(first_ours, np.load(save))
    except Exception as exc:
        case.agreement = {"verdict": f"could not compare: {type(exc).__name__}: {exc}"}
    return case


def main(argv=None):
    signal.signal(signal.SIGTERM, exit_on_sigterm)
    parser = argparse.ArgumentParser(description="CLV engine versus lifetimes 0.11.3")
    parser.add_argument("--quick", action="store_true", help="CDNOW master only")
    parser.add_argument("--only", nargs="*", help="case id patterns, e.g. 'fit_*' 'summary/tx10m'")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions per case (default 5)")
    parser.add_argument("--peer-budget", type=float, default=150.0,
                        help="stop repeating the peer once its time in a case exceeds this (s)")
    parser.add_argument("--ours-budget", type=float, default=60.0)
    parser.add_argument("--no-peer", action="store_true", help="time our side only")
    parser.add_argument("--readme", action="store_true", help="write the table into benchmarks/README.md")
    parser.add_argument("--readme-section", default="clv-results",
                        help="README section (between <!-- NAME:start/end --> markers) to write")
    args = parser.parse_args(argv)

    cases = all_cases()
    if args.quick:
        cases = [c for c in cases if c.data.startswith("cdnow")]
    if args.only:
        cases = [c for c in cases if any(fnmatch.fnmatch(c.id, p) for p in args.only)]
    RESULTS.mkdir(exist_ok=True)
    scratch = RESULTS / "scratch"
    scratch.mkdir(exist_ok=True)
    data, mine = Data(), Ours()
    peer = None if args.no_peer else Peer()
    if peer is not None:
        peer.start()
    started = dt.datetime.now()
    run = {"started": started.isoformat(timespec="seconds"), "machine": machine(),
           "load_before": load_average(), "argv": sys.argv[1:], "cases": [],
           "versions": report.versions(), "peer_versions": peer.versions if peer else {}}
    try:
        for case in cases:
            run_case(case, data, mine, peer, args, scratch)
            print(report.case_line(case), flush=True)
            run["cases"].append(report.case_record(case))
    finally:
        if peer is not None:
            peer.stop()
    run["load_after"] = load_average()
    run["minutes"] = (dt.datetime.now() - started).total_seconds() / 60
    out = RESULTS / f"clv_{started:%Y%m%d_%H%M%S}.json"
    out.write_text(json.dumps(run, indent=1))
    print()
    print(report.clv_table(run))
    print(f"\nresults: {out}")
    if args.readme:
        report.write_clv_readme(run, args.readme_section)


if __name__ == "__main__":
    main()
