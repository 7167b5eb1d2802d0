"""Gamma-Gamma spend model (Fader, Hardie & Lee 2005b; Hardie's note 025): log-likelihood and gradient.

A customer with x repeat transactions of mean value m contributes

    LL = lnG(p x + q) - lnG(p x) - lnG(q) + q ln v + (p x - 1) ln m + p x ln x - (p x + q) ln(v + x m)

with its derivatives

    d/dp = x [psi(p x + q) - psi(p x) + ln m + ln x - ln(v + x m)]
    d/dq = psi(p x + q) - psi(q) + ln v - ln(v + x m)
    d/dv = q / v - (p x + q) / (v + x m)

Only customers with whole x > 0 and m > 0 may be passed; anything else, or invalid parameters, give NaN.
"""
import numpy as np
from cython.parallel cimport prange
from libc.math cimport log, NAN, INFINITY
from scipy.special.cython_special cimport gammaln, psi

include "threads.pxi"
include "guards.pxi"
include "history_rules.pxi"
include "trigamma.pxi"


def loglik_and_grad(double p, double q, double v,
                    const double[::1] x,          # IN  repeat purchases (whole numbers >= 1)
                    const double[::1] m,          # IN  mean repeat spend (> 0)
                    const double[::1] weights,    # IN  customers each row stands for
                    double[::1] grad_out,         # OUT gradient (length 3)
                    int n_threads=0):
    """Weighted log-likelihood sum; ``grad_out`` (length 3) receives its gradient in (p, q, v)."""
    cdef Py_ssize_t i, n = x.shape[0], max_x = largest_frequency(x, 1.0), k
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_p = 0.0, g_q = 0.0, g_v = 0.0
    cdef double xi, mi, w, px, lvxm, lgq, psi_q, lv, lm, lx
    cdef double[:, ::1] memo
    if not all_positive(p, q, v) or max_x < 0:
        grad_out[:] = NAN
        return NAN
    # the gamma/digamma terms depend on a row only through x: tabulate lnG(px+q) - lnG(px), psi(px+q), psi(px),
    # ln x
    memo = np.empty((max_x + 1, 4))
    for k in range(1, max_x + 1):
        px = p * k
        memo[k, 0] = gammaln(px + q) - gammaln(px)
        memo[k, 1] = psi(px + q)
        memo[k, 2] = psi(px)
        memo[k, 3] = log(<double> k)
    lgq = gammaln(q)
    psi_q = psi(q)
    lv = log(v)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        k = <Py_ssize_t> xi
        mi = m[i]
        w = weights[i]
        px = p * xi
        lvxm = log(v + xi * mi)
        lm = log(mi)
        lx = memo[k, 3]
        total += w * (memo[k, 0] - lgq + q * lv + (px - 1.0) * lm + px * lx - (px + q) * lvxm)
        g_p += w * xi * (memo[k, 1] - memo[k, 2] + lm + lx - lvxm)
        g_q += w * (memo[k, 1] - psi_q + lv - lvxm)
        g_v += w * (q / v - (px + q) / (v + xi * mi))
    grad_out[0] = g_p
    grad_out[1] = g_q
    grad_out[2] = g_v
    return total


def expected_spend(double p, double q, double v,
                   const double[::1] x,           # IN  repeat purchases (whole numbers >= 0)
                   const double[::1] m,           # IN  mean repeat spend (>= 0)
                   double[::1] out):              # OUT expected spend per transaction
    """E[M | x, m] = p (v + x m) / (p x + q - 1) per customer; customers with x = 0 get the population
    mean p v / (q - 1) (inf when q <= 1). One pass, no temporaries, with the spend-row rule of
    ``history_rules.pxi`` applied on the way.

    Returns True when every row is valid; False when one is not (``out`` is then meaningless and the
    caller runs the detailed checks, which name the rows).
    """
    cdef Py_ssize_t i, n = x.shape[0]
    cdef double population = p * v / (q - 1.0) if q > 1.0 else INFINITY
    cdef double xi
    cdef bint clean = True
    with nogil:
        if q > 1.0:
            # at x = 0 the formula is the population mean itself: one branch-free (vectorised) loop
            for i in range(n):
                clean &= spend_is_clean(x[i], m[i])
                out[i] = p * (v + x[i] * m[i]) / (p * x[i] + q - 1.0)
        else:
            for i in range(n):
                xi = x[i]
                clean &= spend_is_clean(xi, m[i])
                out[i] = p * (v + xi * m[i]) / (p * xi + q - 1.0) if xi > 0 else population
    return clean


def loglik_grad_hess(double p, double q, double v,
                     const double[::1] x,          # IN  repeat purchases (whole numbers >= 1)
                     const double[::1] m,          # IN  mean repeat spend (> 0)
                     const double[::1] log_m,      # IN  log(m)
                     const double[::1] weights,    # IN  customers each row stands for
                     double[::1] grad_out,         # OUT gradient (length 3)
                     double[:, ::1] hess_out,      # OUT Hessian (3 x 3)
                     int n_threads=0):
    """Weighted log-likelihood, its gradient and its exact Hessian in (p, q, v), in one pass.

    ``log_m`` is ``log(m)``, taken once per fit by the caller: per row only ``log(v + x m)`` and its
    reciprocal remain. The second derivatives are

        d2/dp2 = x^2 [psi'(p x + q) - psi'(p x)]      d2/dp dq = x psi'(p x + q)    d2/dp dv = -x / (v + x m)
        d2/dq2 = psi'(p x + q) - psi'(q)              d2/dq dv = 1/v - 1/(v + x m)
        d2/dv2 = -q / v^2 + (p x + q) / (v + x m)^2

    with the gamma, digamma and trigamma terms tabulated per distinct frequency.
    """
    cdef Py_ssize_t i, n = x.shape[0], max_x = largest_frequency(x, 1.0), k
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_p = 0.0, g_q = 0.0, g_v = 0.0
    cdef double h_pp = 0.0, h_pq = 0.0, h_pv = 0.0, h_qq = 0.0, h_qv = 0.0, h_vv = 0.0
    cdef double xi, mi, w, px, lvxm, u, lgq, psi_q, tri_q, lv, lm, inv_v, kk
    cdef double[:, ::1] memo
    if not all_positive(p, q, v) or max_x < 0:
        grad_out[:] = NAN
        hess_out[:, :] = NAN
        return NAN
    # columns: lnG(pk+q) - lnG(pk) + pk ln k, psi(pk+q) - psi(pk) + ln k, psi(pk+q), psi'(pk+q), psi'(pk)
    memo = np.zeros((max_x + 1, 5))
    for k in range(1, max_x + 1):
        kk = <double> k
        px = p * kk
        memo[k, 0] = gammaln(px + q) - gammaln(px) + px * log(kk)
        memo[k, 1] = psi(px + q) - psi(px) + log(kk)
        memo[k, 2] = psi(px + q)
        memo[k, 3] = trigamma(px + q)
        memo[k, 4] = trigamma(px)
    lgq = gammaln(q)
    psi_q = psi(q)
    tri_q = trigamma(q)
    lv = log(v)
    inv_v = 1.0 / v
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        k = <Py_ssize_t> xi
        mi = m[i]
        w = weights[i]
        px = p * xi
        lvxm = log(v + xi * mi)
        u = 1.0 / (v + xi * mi)
        lm = log_m[i]
        total += w * (memo[k, 0] - lgq + q * lv + (px - 1.0) * lm - (px + q) * lvxm)
        g_p += w * xi * (memo[k, 1] + lm - lvxm)
        g_q += w * (memo[k, 2] - psi_q + lv - lvxm)
        g_v += w * (q * inv_v - (px + q) * u)
        h_pp += w * xi * xi * (memo[k, 3] - memo[k, 4])
        h_pq += w * xi * memo[k, 3]
        h_pv += -w * xi * u
        h_qq += w * (memo[k, 3] - tri_q)
        h_qv += w * (inv_v - u)
        h_vv += w * ((px + q) * u * u - q * inv_v * inv_v)
    grad_out[0] = g_p
    grad_out[1] = g_q
    grad_out[2] = g_v
    hess_out[0, 0] = h_pp
    hess_out[0, 1] = hess_out[1, 0] = h_pq
    hess_out[0, 2] = hess_out[2, 0] = h_pv
    hess_out[1, 1] = h_qq
    hess_out[1, 2] = hess_out[2, 1] = h_qv
    hess_out[2, 2] = h_vv
    return total
