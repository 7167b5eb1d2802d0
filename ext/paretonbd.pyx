"""Pareto/NBD kernels: weighted log-likelihood with its analytic gradient in one pass, and P(alive).

Schmittlein, Morrison & Colombo (1987); the likelihood as derived in Fader & Hardie's note on the
Pareto/NBD. With F(u) = int_u^inf (alpha+v)^-(r+x) (beta+v)^-(s+1) dv,

    L_i = G(r+x) alpha^r beta^s / G(r) * [ (alpha+T)^-(r+x) (beta+T)^-s  +  s (F(t_x) - F(T)) ]

(s F(u) equals the paper's s/(r+s+x) * 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+u)) / (alpha+u)^(r+s+x)).
Everything is computed in logs. Write F(u) = int_0^inf (P+v)^-e1 (Q+v)^-e2 dv with P >= Q the larger and
smaller offset (alpha+u and beta+u when alpha >= beta, the other way round otherwise: the symmetric form),
e1, e2 their exponents. Then, with z = 1 - Q/P in [0, 1),

    F = P^-e1 Q^(1-e2) S(z) / (e1+e2-1),    S(z) = 2F1(1, e1; e1+e2; z) = sum_k (e1)_k/(e1+e2)_k z^k

(Euler's transformation of the paper's 2F1): a series of positive terms, summed with its derivatives in
e1, e1+e2 and z. When z is close to 1 the series converges slowly; there F is written as the integral
D^(1-e1-e2) int_rho0^1 rho^(-e2) (1-rho)^(e1+e2-2) d rho (D = P-Q, rho0 = Q/P), split at a small rho_c:
the part above rho_c is the same series at z = 1 - rho_c, the part below a binomial series whose terms
decrease geometrically and whose powers of rho are integrated in closed form (stable at every exponent,
including the removable singularities). The difference F(t_x) - F(T) is taken by log-sum-exp.

Invalid parameters (not all positive) give NaN; the Python layer turns that into an error.
"""
from cython.parallel cimport prange, threadid
from libc.stdlib cimport malloc, free
from libc.stdint cimport int64_t
from libc.math cimport exp, log, log1p, expm1, fabs, NAN, INFINITY
from scipy.special.cython_special cimport gammaln, psi
import numpy as np

include "threads.pxi"
include "guards.pxi"
include "logaddexp.pxi"

# the series is used up to this z; above it the split integral
cdef double Z_SERIES = 0.95
cdef long MAX_TERMS = 20000000


cdef struct Series:
    double log_s   # log S(z)
    double d_a     # d log S / d a   (first parameter, e1)
    double d_c     # d log S / d c   (third parameter, e1 + e2)
    double d_z     # d log S / d z


cdef struct LogF:
    double value   # log F
    double d_e1
    double d_e2
    double d_p     # d log F / d P (larger offset)
    double d_q     # d log F / d Q (smaller offset)


cdef struct Customer:
    double ll
    double g_r
    double g_alpha
    double g_s
    double g_beta
    double p_alive


cdef enum:
    CACHE_TERMS = 4096


cdef struct Cache:
    # per-thread memo of the series coefficients for the current (a, c), and of lnG(r+x), psi(r+x)
    double a
    double c
    long filled
    double* coef    # (a)_k / (c)_k
    double* ha      # sum_{j<k} 1/(a+j)
    double* hc      # sum_{j<k} 1/(c+j)
    double x
    double lg_rx
    double psi_rx


cdef Series _series(double a, double c, double z, Cache* cache) noexcept nogil:
    """S(z) = 2F1(1, a; c; z) for 0 <= z < 1, a > 0, c > a, with its log-derivatives."""
    cdef Series out
    cdef double s = 1.0, sa = 0.0, sc = 0.0, sz = 0.0
    cdef double coef = a / c, ha = 1.0 / a, hc = 1.0 / c
    cdef double u, t, zk = 1.0
    cdef double tail = 1.0 / (1.0 - z)
    cdef long k = 1
    if cache.a != a or cache.c != c:
        cache.a = a
        cache.c = c
        cache.filled = 0
    while True:
        if k <= cache.filled:
            coef = cache.coef[k]
            ha = cache.ha[k]
            hc = cache.hc[k]
        else:
            if k > 1:
                coef = coef * (a + k - 1) / (c + k - 1)
                ha = ha + 1.0 / (a + k - 1)
                hc = hc + 1.0 / (c + k - 1)
            if k < CACHE_TERMS:
                cache.coef[k] = coef
                cache.ha[k] = ha
                cache.hc[k] = hc
                cache.filled = k
        u = coef * zk               # (a)_k / (c)_k z^(k-1)
        t = u * z
        s = s + t
        sa = sa + t * ha
        sc = sc + t * hc
        sz = sz + k * u
        # terms decrease at least geometrically with ratio z: bound the tails of all four sums
        if t * (tail * (1.0 + ha + hc + k) + tail * tail) < 1e-17 * s or k >= MAX_TERMS:
            break
        zk = zk * z
        k = k + 1
    out.log_s = log(s)
    out.d_a = sa / s
    out.d_c = -sc / s
    out.d_z = sz / s
    return out


cdef inline void _log_int_exp(double c, double l0, double l1, double* value, double* mean) noexcept nogil:
    """log of int_l0^l1 exp(c u) du and its derivative in c (the mean of u), stable for every c."""
    cdef double delta = l1 - l0, y = c * delta
    if fabs(y) < 1e-5:
        value[0] = c * l0 + log(delta) + y / 2.0 + y * y / 24.0
        mean[0] = l0 + delta * (0.5 + y / 12.0)
    elif y > 0:
        value[0] = c * l1 + log(-expm1(-y)) - log(c)
        mean[0] = l1 - 1.0 / c + delta / expm1(y)
    else:
        value[0] = c * l0 + log(-expm1(y)) - log(-c)
        mean[0] = l0 - 1.0 / c - delta / expm1(-y)


cdef LogF _log_f(double e1, double e2, double big, double small, Cache* cache) noexcept nogil:
    """log of int_0^inf (big+v)^-e1 (small+v)^-e2 dv (big >= small > 0) and its partial derivatives."""
    cdef LogF out
    cdef Series ser
    cdef double z = (big - small) / big
    cdef double rho0 = small / big, rho_c, m = e1 + e2 - 2.0, p = e2 - 1.0
    cdef double log_d, log_k_hi, k_hi_e1, k_hi_e2, l0, lc, log_j0, log_j, mean_j, ratio
    cdef double coef, dcoef, lo, lo_p, lo_m, log_k, w_hi, d_rho, new_coef
    cdef long j
    rho_c = 0.5 / (fabs(m) + 1.0)
    if rho_c > 1.0 - Z_SERIES:
        rho_c = 1.0 - Z_SERIES
    if z <= Z_SERIES or rho0 >= rho_c:
        ser = _series(e1, e1 + e2, z, cache)
        out.value = -e1 * log(big) + (1.0 - e2) * log(small) + ser.log_s - log(e1 + e2 - 1.0)
        out.d_e1 = -log(big) + ser.d_a + ser.d_c - 1.0 / (e1 + e2 - 1.0)
        out.d_e2 = -log(small) + ser.d_c - 1.0 / (e1 + e2 - 1.0)
        out.d_p = -e1 / big + ser.d_z * small / (big * big)
        out.d_q = (1.0 - e2) / small - ser.d_z / big
        return out
    # split integral: K = K_hi (rho_c .. 1, series) + K_lo (rho0 .. rho_c, binomial series)
    ser = _series(e1, e1 + e2, 1.0 - rho_c, cache)
    log_k_hi = -p * log(rho_c) + (m + 1.0) * log1p(-rho_c) + ser.log_s - log(m + 1.0)
    k_hi_e1 = log1p(-rho_c) + ser.d_a + ser.d_c - 1.0 / (m + 1.0)
    k_hi_e2 = -log(rho_c) + log1p(-rho_c) + ser.d_c - 1.0 / (m + 1.0)
    l0 = log(rho0)
    lc = log(rho_c)
    _log_int_exp(-p, l0, lc, &log_j0, &mean_j)
    # sums relative to J_0 = int rho^(-1-p): value, d/dp, d/dm
    lo = 1.0
    lo_p = -mean_j
    lo_m = 0.0
    coef = 1.0
    dcoef = 0.0
    j = 0
    while j < 100000:
        new_coef = coef * (j - m) / (j + 1.0)
        dcoef = (dcoef * (j - m) - coef) / (j + 1.0)
        coef = new_coef
        j = j + 1
        _log_int_exp(j - p, l0, lc, &log_j, &mean_j)
        ratio = exp(log_j - log_j0)
        lo = lo + coef * ratio
        lo_p = lo_p - coef * ratio * mean_j
        lo_m = lo_m + dcoef * ratio
        if (fabs(coef) + fabs(dcoef)) * ratio * (1.0 + fabs(mean_j)) < 1e-17 * lo:
            break
    log_k = log_sum_exp(log_k_hi, log_j0 + log(lo))
    w_hi = exp(log_k_hi - log_k)
    ratio = exp(log_j0 - log_k)          # J_0 / K
    log_d = log(big - small)
    # d log K / d rho0 = -rho0^(-1-p) (1-rho0)^m / K
    d_rho = -exp(-(1.0 + p) * l0 + m * log1p(-rho0) - log_k)
    out.value = (1.0 - e1 - e2) * log_d + log_k
    out.d_e1 = -log_d + w_hi * k_hi_e1 + ratio * lo_m
    out.d_e2 = -log_d + w_hi * k_hi_e2 + ratio * (lo_p + lo_m)
    out.d_p = (1.0 - e1 - e2) / (big - small) - d_rho * small / (big * big)
    out.d_q = -(1.0 - e1 - e2) / (big - small) + d_rho / big
    return out


cdef inline LogF _log_f_params(double r, double alpha, double s, double beta, double x, double u,
                               Cache* cache) noexcept nogil:
    """log F(u) and its derivatives mapped to (r, alpha, s, beta) in fields (d_e1, d_p, d_e2, d_q)."""
    cdef LogF f, out
    if alpha >= beta:
        f = _log_f(r + x, s + 1.0, alpha + u, beta + u, cache)
        out.value = f.value
        out.d_e1 = f.d_e1    # r
        out.d_p = f.d_p      # alpha
        out.d_e2 = f.d_e2    # s
        out.d_q = f.d_q      # beta
    else:
        f = _log_f(s + 1.0, r + x, beta + u, alpha + u, cache)
        out.value = f.value
        out.d_e1 = f.d_e2    # r
        out.d_p = f.d_q      # alpha
        out.d_e2 = f.d_e1    # s
        out.d_q = f.d_p      # beta
    return out


cdef Customer _customer(double r, double alpha, double s, double beta, double x, double tx, double age,
                        double c_r, double psi_r, Cache* cache) noexcept nogil:
    cdef Customer out
    cdef LogF f_tx, f_t
    cdef double head, l1, l2, lse, w1, w2, delta, e, g_r, g_a, g_s, g_b
    cdef double one_minus = 1.0
    cdef double lat = log(alpha + age), lbt = log(beta + age)
    if cache.x != x:
        cache.x = x
        cache.lg_rx = gammaln(r + x)
        cache.psi_rx = psi(r + x)
    head = cache.lg_rx + c_r + s * log(beta)
    l1 = -(r + x) * lat - s * lbt
    f_tx = _log_f_params(r, alpha, s, beta, x, tx, cache)
    f_t = _log_f_params(r, alpha, s, beta, x, age, cache)
    delta = f_t.value - f_tx.value
    if tx < age and delta < 0:
        one_minus = -expm1(delta)
        l2 = log(s) + f_tx.value + log(one_minus)
    else:
        l2 = -INFINITY
    lse = log_sum_exp(l1, l2)
    w1 = exp(l1 - lse)
    w2 = exp(l2 - lse)
    out.ll = head + lse
    out.p_alive = w1
    g_r = cache.psi_rx - psi_r + log(alpha) - w1 * lat
    g_a = r / alpha - w1 * (r + x) / (alpha + age)
    g_s = log(beta) - w1 * lbt
    g_b = s / beta - w1 * s / (beta + age)
    if w2 > 0:
        e = exp(delta)
        # d log(F_tx - F_T) = (dlogF_tx - e dlogF_T) / (1 - e)
        g_r = g_r + w2 * (f_tx.d_e1 - e * f_t.d_e1) / one_minus
        g_a = g_a + w2 * (f_tx.d_p - e * f_t.d_p) / one_minus
        g_s = g_s + w2 * (1.0 / s + (f_tx.d_e2 - e * f_t.d_e2) / one_minus)
        g_b = g_b + w2 * (f_tx.d_q - e * f_t.d_q) / one_minus
    out.g_r = g_r
    out.g_alpha = g_a
    out.g_s = g_s
    out.g_beta = g_b
    return out


cdef Cache* _new_caches(int nt, double[::1] buffer) except NULL:
    """One memo per thread, its arrays carved out of ``buffer`` (3 * CACHE_TERMS doubles per thread)."""
    cdef Cache* caches = <Cache*> malloc(nt * sizeof(Cache))
    cdef int t
    if caches == NULL:
        raise MemoryError()
    for t in range(nt):
        caches[t].a = -1.0
        caches[t].c = -1.0
        caches[t].filled = 0
        caches[t].coef = &buffer[(3 * t) * CACHE_TERMS]
        caches[t].ha = &buffer[(3 * t + 1) * CACHE_TERMS]
        caches[t].hc = &buffer[(3 * t + 2) * CACHE_TERMS]
        caches[t].x = -1.0
    return caches


def loglik_and_grad(double r, double alpha, double s, double beta,
                    const double[::1] x,         # IN
                    const double[::1] t_x,       # IN
                    const double[::1] T,         # IN
                    const double[::1] weights,   # IN
                    double[::1] grad_out,        # OUT
                    int n_threads=0):
    """Weighted Pareto/NBD log-likelihood sum and its gradient with respect to (r, alpha, s, beta).

    Parameters
    ----------
    r, alpha, s, beta : float
        Model parameters (natural scale).
    x, t_x, T : memoryviews of float64
        Frequency, recency and age of each (compressed) customer row.
    weights : memoryview of float64
        Number of customers each row stands for.
    grad_out : memoryview of float64, length 4
        Receives the gradient of the summed log-likelihood (natural parameters).
    n_threads : int
        Threads to use; 0 = all available.

    Returns
    -------
    float
        The weighted log-likelihood (NaN for invalid parameters).
    """
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_r = 0.0, g_a = 0.0, g_s = 0.0, g_b = 0.0, w, c_r, psi_r
    cdef Customer cu
    cdef Cache* caches
    if not all_positive(r, alpha, s, beta):
        grad_out[:] = NAN
        return NAN
    c_r = -gammaln(r) + r * log(alpha)
    psi_r = psi(r)
    buffer = np.empty(3 * CACHE_TERMS * nt)
    caches = _new_caches(nt, buffer)
    try:
        for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
            w = weights[i]
            cu = _customer(r, alpha, s, beta, x[i], t_x[i], T[i], c_r, psi_r, &caches[threadid()])
            total += w * cu.ll
            g_r += w * cu.g_r
            g_a += w * cu.g_alpha
            g_s += w * cu.g_s
            g_b += w * cu.g_beta
    finally:
        free(caches)
    grad_out[0] = g_r
    grad_out[1] = g_a
    grad_out[2] = g_s
    grad_out[3] = g_b
    return total


def customer_terms(double r, double alpha, double s, double beta,
                   const double[::1] x,      # IN
                   const double[::1] t_x,    # IN
                   const double[::1] T,      # IN
                   double[::1] loglik_out,   # OUT
                   double[::1] alive_out,    # OUT
                   int n_threads=0):
    """Per-customer log-likelihood and probability of being alive at T.

    P(alive | x, t_x, T) is the share of the first term of the likelihood (the customer is still active at
    T) in the whole likelihood. Outputs are caller-allocated arrays of the length of ``x``; invalid
    parameters fill them with NaN.
    """
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double c_r, psi_r
    cdef Customer cu
    cdef Cache* caches
    if not all_positive(r, alpha, s, beta):
        loglik_out[:] = NAN
        alive_out[:] = NAN
        return
    c_r = -gammaln(r) + r * log(alpha)
    psi_r = psi(r)
    buffer = np.empty(3 * CACHE_TERMS * nt)
    caches = _new_caches(nt, buffer)
    try:
        for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
            cu = _customer(r, alpha, s, beta, x[i], t_x[i], T[i], c_r, psi_r, &caches[threadid()])
            loglik_out[i] = cu.ll
            alive_out[i] = cu.p_alive
    finally:
        free(caches)


# ------------------------------------------------------------------------------------- grouped evaluation
# F(u) depends on a customer only through (x, u), and log(alpha+T), log(beta+T), lnG(r+x), psi(r+x) only
# through (x, T): a fit evaluates them once per distinct point (x, u), u in {t_x, T}, then combines them
# per distinct customer row. The arithmetic is that of ``_customer``, in the same order.
cdef enum:
    P_VALUE = 0     # log F(u)
    P_R = 1         # d log F / d r
    P_ALPHA = 2
    P_S = 3
    P_BETA = 4
    P_LOG_A = 5     # log(alpha + u)
    P_LOG_B = 6     # log(beta + u)
    P_LG = 7        # lnG(r + x)
    P_PSI = 8       # psi(r + x)
    P_FIELDS = 9


cdef inline void _point(double r, double alpha, double s, double beta, double x, double u, double* out,
                        Cache* cache) noexcept nogil:
    cdef LogF f = _log_f_params(r, alpha, s, beta, x, u, cache)
    if cache.x != x:
        cache.x = x
        cache.lg_rx = gammaln(r + x)
        cache.psi_rx = psi(r + x)
    out[P_VALUE] = f.value
    out[P_R] = f.d_e1
    out[P_ALPHA] = f.d_p
    out[P_S] = f.d_e2
    out[P_BETA] = f.d_q
    out[P_LOG_A] = log(alpha + u)
    out[P_LOG_B] = log(beta + u)
    out[P_LG] = cache.lg_rx
    out[P_PSI] = cache.psi_rx


cdef inline Customer _combine(double r, double alpha, double s, double beta, double x, double tx, double age,
                              double* p_tx, double* p_t, double c_r, double psi_r, double log_alpha,
                              double log_beta, double log_s) noexcept nogil:
    # as ``_customer`` with fewer calls to exp and log: exp(delta) gives 1 - exp(delta) to full relative
    # precision when it is below 1/2, and q = exp(-|l1 - l2|) gives log-sum-exp and both weights
    cdef Customer out
    cdef double head, l1, l2, lse, w1, w2, delta, e = 0.0, g_r, g_a, g_s, g_b
    cdef LogAddExp both
    cdef double one_minus = 1.0
    cdef double lat = p_t[P_LOG_A], lbt = p_t[P_LOG_B]
    head = p_t[P_LG] + c_r + s * log_beta
    l1 = -(r + x) * lat - s * lbt
    delta = p_t[P_VALUE] - p_tx[P_VALUE]
    if tx < age and delta < 0:
        e = exp(delta)
        one_minus = 1.0 - e if e < 0.5 else -expm1(delta)
        l2 = log_s + p_tx[P_VALUE] + log(one_minus)
        both = log_add_exp(l1, l2)
        lse = both.value
        w1 = both.share_a
        w2 = both.share_b
    else:
        lse = l1
        w1 = 1.0
        w2 = 0.0
    out.ll = head + lse
    out.p_alive = w1
    g_r = p_t[P_PSI] - psi_r + log_alpha - w1 * lat
    g_a = r / alpha - w1 * (r + x) / (alpha + age)
    g_s = log_beta - w1 * lbt
    g_b = s / beta - w1 * s / (beta + age)
    if w2 > 0:
        g_r = g_r + w2 * (p_tx[P_R] - e * p_t[P_R]) / one_minus
        g_a = g_a + w2 * (p_tx[P_ALPHA] - e * p_t[P_ALPHA]) / one_minus
        g_s = g_s + w2 * (1.0 / s + (p_tx[P_S] - e * p_t[P_S]) / one_minus)
        g_b = g_b + w2 * (p_tx[P_BETA] - e * p_t[P_BETA]) / one_minus
    out.g_r = g_r
    out.g_alpha = g_a
    out.g_s = g_s
    out.g_beta = g_b
    return out


def loglik_and_grad_grouped(double r, double alpha, double s, double beta,
                            const double[::1] point_x,   # IN
                            const double[::1] point_u,   # IN
                            const int64_t[::1] row_tx,   # IN
                            const int64_t[::1] row_t,    # IN
                            const double[::1] weights,   # IN
                            double[::1] grad_out,        # OUT
                            int n_threads=0):
    """Weighted log-likelihood and gradient, as :func:`loglik_and_grad`, over distinct points.

    Parameters
    ----------
    r, alpha, s, beta : float
        Model parameters (natural scale).
    point_x, point_u : memoryviews of float64
        The distinct points (x, u), u a recency or an age, best sorted by x (the series coefficients
        depend on x only and are memoised per thread).
    row_tx, row_t : memoryviews of int64
        For each distinct customer row, the index of its point (x, t_x) and of its point (x, T).
    weights : memoryview of float64
        Number of customers each row stands for.
    grad_out : memoryview of float64, length 4
        Receives the gradient of the summed log-likelihood (natural parameters).
    n_threads : int
        Threads to use; 0 = all available.

    Returns
    -------
    float
        The weighted log-likelihood (NaN for invalid parameters).
    """
    cdef Py_ssize_t i, k, n = row_tx.shape[0], n_points = point_x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_r = 0.0, g_a = 0.0, g_s = 0.0, g_b = 0.0, w, c_r, psi_r
    cdef double log_alpha, log_beta, log_s
    cdef double* p_tx
    cdef double* p_t
    cdef Customer cu
    cdef Cache* caches
    cdef double[:, ::1] table
    if not all_positive(r, alpha, s, beta):
        grad_out[:] = NAN
        return NAN
    c_r = -gammaln(r) + r * log(alpha)
    psi_r = psi(r)
    log_alpha = log(alpha)
    log_beta = log(beta)
    log_s = log(s)
    table = np.empty((n_points, P_FIELDS))
    buffer = np.empty(3 * CACHE_TERMS * nt)
    caches = _new_caches(nt, buffer)
    try:
        for k in prange(n_points, nogil=True, num_threads=nt, schedule="static"):
            _point(r, alpha, s, beta, point_x[k], point_u[k], &table[k, 0], &caches[threadid()])
    finally:
        free(caches)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        w = weights[i]
        p_tx = &table[row_tx[i], 0]
        p_t = &table[row_t[i], 0]
        cu = _combine(r, alpha, s, beta, point_x[row_t[i]], point_u[row_tx[i]], point_u[row_t[i]],
                      p_tx, p_t, c_r, psi_r, log_alpha, log_beta, log_s)
        total += w * cu.ll
        g_r += w * cu.g_r
        g_a += w * cu.g_alpha
        g_s += w * cu.g_s
        g_b += w * cu.g_beta
    grad_out[0] = g_r
    grad_out[1] = g_a
    grad_out[2] = g_s
    grad_out[3] = g_b
    return total
