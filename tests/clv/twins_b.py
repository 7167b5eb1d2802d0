"""Plain NumPy/SciPy twins of the Pareto/NBD, BG/BB and sBG kernels, used only by the tests.

They follow the papers' formulas as directly as possible, so a disagreement with the compiled kernels
points at a bug in one of them.
"""
import numpy as np
from scipy import special


# ------------------------------------------------------------------------------------------ Pareto/NBD
def pareto_nbd_loglik_textbook(params, x, t_x, T):
    """Per-customer Pareto/NBD log-likelihood in the paper's form with scipy's 2F1 (moderate parameters).

    L = G(r+x) a^r b^s / G(r) [ 1/((a+T)^(r+x) (b+T)^s) + s/(r+s+x) A0 ], A0 as in Fader & Hardie's note.
    """
    r, alpha, s, beta = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    if alpha >= beta:
        big, second = alpha, s + 1.0
        z_tx, z_t = (alpha - beta) / (alpha + t_x), (alpha - beta) / (alpha + T)
    else:
        big, second = beta, r + x
        z_tx, z_t = (beta - alpha) / (beta + t_x), (beta - alpha) / (beta + T)
    rsx = r + s + x
    a0 = (special.hyp2f1(rsx, second, rsx + 1.0, z_tx) / (big + t_x) ** rsx
          - special.hyp2f1(rsx, second, rsx + 1.0, z_t) / (big + T) ** rsx)
    first = (alpha + T) ** -(r + x) * (beta + T) ** -s
    return (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
            + np.log(first + s / rsx * a0))


def _log_f_series(e1, e2, big, small, terms):
    """log of int_0^inf (big+v)^-e1 (small+v)^-e2 dv by the Euler-transformed series, and its gradient.

    Vectorised over customers; ``terms`` terms of 2F1(1, e1; e1+e2; z) are summed (enough when z <= 0.9).
    Returns (value, d_e1, d_e2, d_big, d_small).
    """
    z = np.atleast_1d((big - small) / big)
    c = e1 + e2
    k = np.arange(1, terms + 1, dtype=float)[:, None]
    # log of (e1)_k / (c)_k and the partial sums of 1/(e1+j), 1/(c+j), j < k
    log_coef = np.cumsum(np.log(e1 + k - 1.0) - np.log(c + k - 1.0), axis=0)
    ha = np.cumsum(1.0 / (e1 + k - 1.0), axis=0)
    hc = np.cumsum(1.0 / (c + k - 1.0), axis=0)
    with np.errstate(divide="ignore"):
        log_z = np.log(z)
    terms_ = np.exp(log_coef + k * log_z)                  # k >= 1
    series = 1.0 + terms_.sum(axis=0)
    d_a = (terms_ * ha).sum(axis=0) / series
    d_c = -(terms_ * hc).sum(axis=0) / series
    dz_sum = np.exp(log_coef) * k * z[None, :] ** (k - 1.0)
    d_z = dz_sum.sum(axis=0) / series
    value = -e1 * np.log(big) + (1.0 - e2) * np.log(small) + np.log(series) - np.log(c - 1.0)
    d_e1 = -np.log(big) + d_a + d_c - 1.0 / (c - 1.0)
    d_e2 = -np.log(small) + d_c - 1.0 / (c - 1.0)
    d_big = -e1 / big + d_z * small / big ** 2
    d_small = (1.0 - e2) / small - d_z / big
    return value, d_e1, d_e2, d_big, d_small


def pareto_nbd_loglik_grad(params, x, t_x, T, weights, terms=800):
    """Weighted Pareto/NBD log-likelihood and gradient (r, alpha, s, beta), NumPy series form."""
    r, alpha, s, beta = params
    x, t_x, T, weights = (np.asarray(v, dtype=float) for v in (x, t_x, T, weights))

    def log_f(u):
        if alpha >= beta:
            v, g_r, g_s, g_a, g_b = _log_f_series(r + x, s + 1.0, alpha + u, beta + u, terms)
        else:
            v, g_s, g_r, g_b, g_a = _log_f_series(s + 1.0, r + x, beta + u, alpha + u, terms)
        return v, np.array([g_r, g_a, g_s, g_b])

    f_tx, g_tx = log_f(t_x)
    f_t, g_t = log_f(T)
    l1 = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    with np.errstate(divide="ignore"):
        one_minus = -np.expm1(f_t - f_tx)
        l2 = np.where(t_x < T, np.log(s) + f_tx + np.log(one_minus), -np.inf)
    lse = np.logaddexp(l1, l2)
    w1, w2 = np.exp(l1 - lse), np.exp(l2 - lse)
    loglik = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta) + lse)
    d_l1 = np.array([-np.log(alpha + T), np.zeros_like(T), -np.log(beta + T), np.zeros_like(T)])
    safe = np.where(w2 > 0, one_minus, 1.0)
    d_l2 = (g_tx - np.exp(f_t - f_tx) * g_t) / safe + np.array([0.0, 0.0, 1.0 / s, 0.0])[:, None]
    head = np.array([special.digamma(r + x) - special.digamma(r) + np.log(alpha), r / alpha + 0 * x,
                     np.log(beta) + 0 * x, s / beta + 0 * x])
    head[1] -= w1 * (r + x) / (alpha + T)
    head[3] -= w1 * s / (beta + T)
    grad = head + w1 * np.array([d_l1[0], 0 * x, d_l1[2], 0 * x]) + np.where(w2 > 0, w2 * d_l2, 0.0)
    return float(weights @ loglik), grad @ weights


# ------------------------------------------------------------------------------------------------ BG/BB
def bgbb_loglik_grad(params, x, t_x, n, weights):
    """Weighted BG/BB log-likelihood and gradient (alpha, beta, gamma, delta), summing the paper's terms."""
    alpha, beta, gamma, delta = params
    x, t_x, n, weights = (np.asarray(v, dtype=float) for v in (x, t_x, n, weights))
    psi = special.digamma

    def log_b_and_grad(a_add, b_add, c_add, d_add, p_alive_gamma):
        # log B(alpha+a_add, beta+b_add)/B(alpha,beta) + log B(gamma+c_add, delta+d_add)/B(gamma,delta)
        value = (special.betaln(alpha + a_add, beta + b_add) - special.betaln(alpha, beta)
                 + special.betaln(gamma + c_add, delta + d_add) - special.betaln(gamma, delta))
        grad = np.array([
            psi(alpha + a_add) - psi(alpha + beta + a_add + b_add) - psi(alpha) + psi(alpha + beta),
            psi(beta + b_add) - psi(alpha + beta + a_add + b_add) - psi(beta) + psi(alpha + beta),
            psi(gamma + c_add) - psi(gamma + delta + c_add + d_add) - psi(gamma) + psi(gamma + delta),
            psi(delta + d_add) - psi(gamma + delta + c_add + d_add) - psi(delta) + psi(gamma + delta)])
        return value, grad

    total, grad = 0.0, np.zeros(4)
    for xi, ti, ni, wi in zip(x, t_x, n, weights):
        logs, grads = [], []
        v, g = log_b_and_grad(xi, ni - xi, 0.0, ni, None)
        logs.append(v)
        grads.append(g)
        for i in range(int(ni - ti)):
            v, g = log_b_and_grad(xi, ti - xi + i, 1.0, ti + i, None)
            logs.append(v)
            grads.append(g)
        logs = np.array(logs)
        ll = special.logsumexp(logs)
        share = np.exp(logs - ll)
        total += wi * ll
        grad += wi * (share @ np.array(grads))
    return total, grad


# -------------------------------------------------------------------------------------------------- sBG
def sbg_loglik_grad(params, t, churned, weights):
    """Weighted sBG log-likelihood and gradient (alpha, beta): P(T=t) for churners, S(t) for survivors."""
    alpha, beta = params
    t, churned, weights = (np.asarray(v, dtype=float) for v in (t, churned, weights))
    psi = special.digamma
    lost = churned > 0
    value = np.where(lost, special.betaln(alpha + 1.0, beta + t - 1.0), special.betaln(alpha, beta + t))
    value = value - special.betaln(alpha, beta)
    g_alpha = np.where(lost, psi(alpha + 1.0), psi(alpha)) - psi(alpha + beta + t) - psi(alpha) + psi(alpha + beta)
    g_beta = np.where(lost, psi(beta + t - 1.0), psi(beta + t)) - psi(alpha + beta + t) - psi(beta) + psi(alpha + beta)
    return float(weights @ value), np.array([weights @ g_alpha, weights @ g_beta])


def sbg_survival_bruteforce(alpha, beta, t):
    """S(t) by the paper's recursion P(T=1) = a/(a+b), P(T=t) = (b+t-2)/(a+b+t-1) P(T=t-1)."""
    p = alpha / (alpha + beta)
    survival = 1.0 - p
    for step in range(2, int(t) + 1):
        p *= (beta + step - 2.0) / (alpha + beta + step - 1.0)
        survival -= p
    return survival if t >= 1 else 1.0
