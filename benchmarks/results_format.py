"""Formatting of benchmark results: console lines, the Markdown table, the README section."""
from __future__ import annotations

import importlib.metadata as md
import os
import platform

from harness import HERE, fmt_seconds, median, replace_section

README = HERE / "README.md"
DESCRIPTIONS = {
    "summary": "transaction log -> customer summary",
    "fit_bgnbd": "BG/NBD fit", "fit_pareto": "Pareto/NBD fit", "fit_gg": "Gamma-Gamma fit",
    "p_alive": "BG/NBD P(alive), every customer",
    "expected_purchases": "BG/NBD expected purchases in 52 weeks, every customer",
    "expected_spend": "Gamma-Gamma expected spend, every customer",
    "clv12": "12-month CLV (BG/NBD + Gamma-Gamma), every customer",
    "pareto_p_alive": "Pareto/NBD P(alive), every customer",
    "pareto_expected_purchases": "Pareto/NBD expected purchases in 52 weeks, every customer",
    "path": "whole path: log -> summary -> fits -> 12-month CLV",
}
DATASETS = {
    "cdnow": "CDNOW master (69,659 rows)", "cdnow_summary": "CDNOW master (23,570 customers)",
    "tx1m": "synthetic log, 1M rows", "tx10m": "synthetic log, 10M rows",
    "cust1m": "synthetic, 1M customers", "cust100k": "synthetic, 100k customers",
}


def versions():
    out = {"python": platform.python_version()}
    for name in ("numpy", "pandas", "scipy", "paynecrm-workbook"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = "?"
    try:
        from paynecrm_kernel._core import runtime
        out["omp_threads"] = int(runtime.max_threads())
    except Exception:
        pass
    return out


def ratio(case_or_record, other="peer"):
    ours = median(case_or_record["ours"] if isinstance(case_or_record, dict) else case_or_record.ours)
    theirs = case_or_record[other] if isinstance(case_or_record, dict) else getattr(case_or_record, other)
    theirs = median(theirs)
    if not ours or not theirs:
        return None
    return theirs / ours


def case_record(case):
    return {"id": case.id, "task": case.task, "data": case.data, "goal": case.goal,
            "goal_pandas": case.goal_pandas, "ours": case.ours, "peer": case.peer, "pandas": case.pandas,
            "note": case.note, "peer_note": case.peer_note, "agreement": case.agreement}


def verdict(rec):
    """PASS / FAIL / n/a for a case's speed goals."""
    if rec["goal"] is None and rec["goal_pandas"] is None:
        return ""
    r = ratio(rec)
    if r is None:
        return "n/a" if not rec["ours"] else "ours only"
    ok = r >= rec["goal"] if rec["goal"] else True
    if rec["goal_pandas"]:
        rp = ratio(rec, "pandas")
        ok = ok and rp is not None and rp >= rec["goal_pandas"]
    return "PASS" if ok else "FAIL"


def _agreement_text(rec):
    a = rec["agreement"]
    if not a:
        return ""
    if "params_rel_diff" in a:
        return (f"{a['verdict']}: params rel. diff {a['params_rel_diff']:.1e}, "
                f"LL ours {a['ll_ours']:.2f} vs peer {a['ll_peer']:.2f}")
    if "max_rel_diff" in a:
        return f"{a['verdict']}: max rel. diff {a['max_rel_diff']:.1e}"
    if "max_abs_diff_recency" in a:
        worst = max(v for k, v in a.items() if k.startswith("max_abs"))
        return f"{a['verdict']}: {a['customers_ours']:,} customers, max abs. diff {worst:.1e}"
    if "stages_peer" in a:
        return "peer stages: " + ", ".join(f"{k} {fmt_seconds(v)}" for k, v in a["stages_peer"].items())
    return a.get("verdict", "")


def case_line(case):
    rec = case_record(case)
    r, rp = ratio(rec), ratio(rec, "pandas")
    parts = [f"{case.id:38s}", f"ours {fmt_seconds(median(case.ours)):>9s} (n={len(case.ours)})",
             f"peer {fmt_seconds(median(case.peer)):>9s} (n={len(case.peer)})",
             f"ratio {r:8.1f}x" if r else "ratio      –"]
    if rp:
        parts.append(f"pandas {fmt_seconds(median(case.pandas))} ratio {rp:.1f}x")
    if rec["goal"]:
        parts.append(f"goal {rec['goal']:g}x {verdict(rec)}")
    for note in (case.note, case.peer_note):
        if note:
            parts.append(note)
    text = _agreement_text(rec)
    return "  ".join(parts) + (f"\n{'':40s}{text}" if text else "")


def clv_table(run):
    lines = ["| case | data | ours (median) | lifetimes (median) | ratio | pandas groupby | goal | result | agreement |",
             "|---|---|---|---|---|---|---|---|---|"]
    for rec in run["cases"]:
        r, rp = ratio(rec), ratio(rec, "pandas")
        peer = fmt_seconds(median(rec["peer"])) + f" (n={len(rec['peer'])})" if rec["peer"] else (rec.get("peer_note") or "–")
        pandas = f"{fmt_seconds(median(rec['pandas']))} ({rp:.1f}x)" if rp else ""
        goal = (f"≥{rec['goal']:g}x" if rec["goal"] else "") + \
            (f", ≥{rec['goal_pandas']:g}x pandas" if rec["goal_pandas"] else "")
        ours = fmt_seconds(median(rec["ours"])) + f" (n={len(rec['ours'])})" if rec["ours"] else (rec["note"] or "–")
        lines.append(f"| {DESCRIPTIONS[rec['task']]} | {DATASETS[rec['data']]} | {ours} | {peer} | "
                     f"{f'{r:.1f}x' if r else '–'} | {pandas} | {goal} | {verdict(rec)} | {_agreement_text(rec)} |")
    return "\n".join(lines)


def write_clv_readme(run, section="clv-results"):
    v, pv = run["versions"], run["peer_versions"]
    head = [f"Run of {run['started']} ({run['minutes']:.1f} min), `{' '.join(run['argv']) or '(full)'}`.",
            f"Machine: {run['machine']}; load average {run['load_before']:.2f} before, "
            f"{run['load_after']:.2f} after (the cores were shared with other work).",
            f"Ours: Python {v.get('python')}, numpy {v.get('numpy')}, pandas {v.get('pandas')}, "
            f"scipy {v.get('scipy')}, OpenMP threads {v.get('omp_threads', '?')}"
            f"{' (OMP_NUM_THREADS=' + os.environ['OMP_NUM_THREADS'] + ')' if 'OMP_NUM_THREADS' in os.environ else ''}.",
            f"Peer: lifetimes {pv.get('lifetimes')}, numpy {pv.get('numpy')}, pandas {pv.get('pandas')}, "
            f"scipy {pv.get('scipy')} (single-threaded NumPy).", ""]
    replace_section(README, section, "\n".join(head) + "\n" + clv_table(run))
