"""Benchmark worker for the peer library (lifetimes 0.11.3), run inside its own virtualenv.

Started by ``clv_vs_lifetimes.py`` as a subprocess. It reads one JSON request per line on stdin
and answers one JSON line on the original stdout (anything the peer prints goes to stderr).
Data sets are loaded once per worker and kept in memory, so only the measured call is timed.

Request: ``{"task": ..., "data": {"name", "kind", "path"}, "save": path-or-null, "options": {}}``.
Answer: ``{"ok": true, "seconds": float, "info": {...}}`` or ``{"ok": false, "error": str}``.
"""
import json
import os
import sys
import time
import traceback
import warnings

import numpy as np
import pandas as pd

warnings.simplefilter("ignore")
from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter  # noqa: E402
from lifetimes.utils import summary_data_from_transaction_data  # noqa: E402

OBSERVATION_END = "1998-06-30"
HORIZON_WEEKS = 52.0

_DATA = {}
_MODELS = {}


def read_cdnow(path):
    df = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": np.int64, "date": str})
    return pd.DataFrame({
        "customer_id": df["customer_id"].to_numpy(),
        "date": pd.to_datetime(df["date"], format="%Y%m%d"),
        "amount": df["dollar_value"].astype(float).to_numpy(),
    })


def load(spec):
    name = spec["name"]
    if name not in _DATA:
        if spec["kind"] == "cdnow":
            _DATA[name] = read_cdnow(spec["path"])
        else:
            df = pd.read_parquet(spec["path"])
            if spec["kind"] == "summary":
                df = df.set_index("customer_id")
            _DATA[name] = df
    return _DATA[name]


def summarize(log):
    return summary_data_from_transaction_data(
        log, "customer_id", "date", monetary_value_col="amount",
        observation_period_end=OBSERVATION_END, freq="D", freq_multiplier=7)


def ll_bgnbd(params, s):
    w = np.ones(len(s))
    return -BetaGeoFitter._negative_log_likelihood(
        np.log(params), s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy(), w, 0.0) * w.sum()


def ll_pareto(params, s):
    w = np.ones(len(s))
    return -ParetoNBDFitter._negative_log_likelihood(
        np.asarray(params), s["frequency"].to_numpy(), s["recency"].to_numpy(), s["T"].to_numpy(), w, 0.0) * w.mean()


def ll_gg(params, s):
    w = np.ones(len(s))
    return -GammaGammaFitter._negative_log_likelihood(
        np.log(params), s["frequency"].to_numpy(), s["monetary_value"].to_numpy(), w, 0.0) * w.sum()


def repeaters(s):
    return s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]


def fit_bgnbd(s):
    return BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])


def fit_pareto(s):
    np.random.seed(0)  # the peer draws its starting values at random
    return ParetoNBDFitter().fit(s["frequency"], s["recency"], s["T"])


def fit_gg(s):
    r = repeaters(s)
    return GammaGammaFitter().fit(r["frequency"], r["monetary_value"])


def model(kind, name, s):
    """A fitted peer model for a data set, fitted untimed on first use."""
    key = (kind, name)
    if key not in _MODELS:
        _MODELS[key] = {"bgnbd": fit_bgnbd, "pareto": fit_pareto, "gg": fit_gg}[kind](s)
    return _MODELS[key]


def clv12(bgf, ggf, s):
    return ggf.customer_lifetime_value(bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"],
                                       time=12, discount_rate=0.01, freq="W")


def fit_info(fitted, ll, s, sub=None):
    return {"params": {k: float(v) for k, v in fitted.params_.items()},
            "log_likelihood": float(ll(fitted.params_.to_numpy(), s if sub is None else sub)),
            "converged": True}


def run(task, data, name):
    """Run one task; returns (seconds, info, array-or-frame to save)."""
    if task == "summary":
        t0 = time.perf_counter()
        out = summarize(data)
        dt = time.perf_counter() - t0
        return dt, {"customers": len(out)}, out.reset_index()
    if task in ("fit_bgnbd", "fit_pareto", "fit_gg"):
        kind = task[4:]
        fitter, ll = {"bgnbd": (fit_bgnbd, ll_bgnbd), "pareto": (fit_pareto, ll_pareto),
                      "gg": (fit_gg, ll_gg)}[kind]
        t0 = time.perf_counter()
        fitted = fitter(data)
        dt = time.perf_counter() - t0
        _MODELS[(kind, name)] = fitted
        return dt, fit_info(fitted, ll, data, repeaters(data) if kind == "gg" else None), None
    if task in ("p_alive", "expected_purchases", "pareto_p_alive", "pareto_expected_purchases"):
        fitted = model("pareto" if task.startswith("pareto") else "bgnbd", name, data)
        f, r, T = (data[c].to_numpy() for c in ("frequency", "recency", "T"))
        t0 = time.perf_counter()
        if task.endswith("p_alive"):
            out = fitted.conditional_probability_alive(f, r, T)
        else:
            out = fitted.conditional_expected_number_of_purchases_up_to_time(HORIZON_WEEKS, f, r, T)
        dt = time.perf_counter() - t0
        return dt, {}, np.asarray(out, dtype=float)
    if task == "expected_spend":
        ggf = model("gg", name, data)
        t0 = time.perf_counter()
        out = ggf.conditional_expected_average_profit(data["frequency"].to_numpy(),
                                                      data["monetary_value"].to_numpy())
        dt = time.perf_counter() - t0
        return dt, {}, np.asarray(out, dtype=float)
    if task == "clv12":
        bgf, ggf = model("bgnbd", name, data), model("gg", name, data)
        t0 = time.perf_counter()
        out = clv12(bgf, ggf, data)
        dt = time.perf_counter() - t0
        return dt, {}, np.asarray(out, dtype=float)
    if task == "path":
        stages = {}
        t0 = time.perf_counter()
        s = summarize(data)
        stages["summary"] = time.perf_counter() - t0
        bgf = fit_bgnbd(s)
        stages["fit_bgnbd"] = time.perf_counter() - t0 - sum(stages.values())
        ggf = fit_gg(s)
        stages["fit_gg"] = time.perf_counter() - t0 - sum(stages.values())
        out = clv12(bgf, ggf, s)
        stages["clv12"] = time.perf_counter() - t0 - sum(stages.values())
        dt = time.perf_counter() - t0
        info = {"stages": stages, "customers": len(s),
                "params_bgnbd": {k: float(v) for k, v in bgf.params_.items()},
                "params_gg": {k: float(v) for k, v in ggf.params_.items()}}
        return dt, info, None
    raise ValueError(f"unknown task {task!r}")


def save(obj, path):
    if path is None or obj is None:
        return
    if isinstance(obj, pd.DataFrame):
        obj.to_parquet(path, index=False)
    else:
        np.save(path, obj)


def main():
    reply = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    versions = {m.__name__: m.__version__ for m in (np, pd)}
    import lifetimes
    import scipy
    versions.update(lifetimes=lifetimes.__version__, scipy=scipy.__version__,
                    python=sys.version.split()[0])
    reply.write(json.dumps({"ok": True, "ready": True, "versions": versions}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            data = load(req["data"])
            seconds, info, out = run(req["task"], data, req["data"]["name"])
            save(out, req.get("save"))
            answer = {"ok": True, "seconds": seconds, "info": info}
        except Exception as exc:  # reported to the driver, which records the failure
            traceback.print_exc()
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        reply.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()
