"""Plain NumPy/SciPy twins of the compiled CLV kernels, written from the formulas, for the tests."""
import numpy as np
import pandas as pd
from scipy import special


def betageo_loglik(params, x, t_x, T, weights, modified=0):
    """Weighted BG/NBD (modified=0) or MBG/NBD (modified=1) log-likelihood, textbook form."""
    r, alpha, a, b = params
    s = float(modified)
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x + s) - special.gammaln(b) - special.gammaln(a + b + x + s)
    first = (alpha + T) ** (-(r + x))
    has_drop = (x > 0) | bool(modified)
    second = np.where(has_drop, a / np.where(has_drop, b + x - 1 + s, 1.0) * (alpha + t_x) ** (-(r + x)), 0.0)
    return float(np.sum(weights * (a1 + a2 + np.log(first + second))))


def betageo_predict(params, x, t_x, T, t, modified=0):
    """P(alive) and conditional expected purchases in the textbook (untransformed) form."""
    r, alpha, a, b = params
    s = float(modified)
    has_drop = (x > 0) | bool(modified)
    odds = np.where(has_drop, a / (b + x - 1 + s) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    alive = 1.0 / (1.0 + odds)
    big_c = a + b + x - 1 + s
    hyp = special.hyp2f1(r + x, b + x + s, big_c, t / (alpha + T + t))
    expected = big_c / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp) * alive
    return expected, alive


def gammagamma_loglik(params, x, m, weights):
    """Weighted Gamma-Gamma log-likelihood of the mean repeat spend."""
    p, q, v = params
    px = p * x
    ll = (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(v)
          + (px - 1) * np.log(m) + px * np.log(x) - (px + q) * np.log(v + x * m))
    return float(np.sum(weights * ll))


def numeric_gradient(func, params, rel_step=1e-6):
    """Central finite differences of ``func`` at ``params`` (relative steps)."""
    params = np.asarray(params, dtype=float)
    grad = np.empty_like(params)
    for j in range(len(params)):
        h = rel_step * params[j]
        up, down = params.copy(), params.copy()
        up[j] += h
        down[j] -= h
        grad[j] = (func(up) - func(down)) / (2 * h)
    return grad


def summary_twin(log, customer_id, date, amount, calibration_end, observation_end, days_per_unit):
    """The customer summary with plain pandas groupbys (slow, obvious)."""
    frame = pd.DataFrame({"c": log[customer_id], "d": pd.to_datetime(log[date]).dt.normalize(),
                          "a": log[amount].astype(float)})
    daily = frame.groupby(["c", "d"], as_index=False)["a"].sum()
    cal_end, obs_end = pd.Timestamp(calibration_end), pd.Timestamp(observation_end)
    first = daily.groupby("c")["d"].min()
    daily["first"] = daily["c"].map(first)
    daily = daily[daily["first"] <= cal_end]
    repeat = daily[daily["d"] > daily["first"]]
    cal = repeat[repeat["d"] <= cal_end]
    hold = repeat[repeat["d"] > cal_end]
    customers = first[first <= cal_end].index
    days = lambda s: s.dt.days / days_per_unit  # noqa: E731
    out = pd.DataFrame(index=customers)
    out["frequency"] = cal.groupby("c").size().reindex(customers, fill_value=0).astype(float)
    last = cal.groupby("c")["d"].max().reindex(customers)
    out["recency"] = days(last.fillna(first.reindex(customers)) - first.reindex(customers))
    out["T"] = days(cal_end - first.reindex(customers))
    out["monetary_value"] = cal.groupby("c")["a"].mean().reindex(customers, fill_value=0.0)
    out["frequency_holdout"] = hold.groupby("c").size().reindex(customers, fill_value=0).astype(float)
    out["monetary_value_holdout"] = hold.groupby("c")["a"].mean().reindex(customers, fill_value=0.0)
    out["duration_holdout"] = (obs_end - cal_end).days / days_per_unit
    return out
