# cython: boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""BG/NBD and MBG/NBD kernels: weighted log-likelihood with its analytic gradient, and per-customer predictions.

``modified = 0`` is the BG/NBD of Fader, Hardie & Lee (2005), where a customer can drop out only after a
repeat purchase; ``modified = 1`` is the MBG/NBD of Batislam, Denizel & Filiztekin (2007), where drop-out
can also follow the first purchase. Both share one form with ``shift = modified``:

    LL_i = A1 + A2 + log(exp(A3) + D * exp(A4))
    A1 = lnG(r+x) - lnG(r) + r ln(alpha)
    A2 = lnG(a+b) + lnG(b+x+shift) - lnG(b) - lnG(a+b+x+shift)
    A3 = -(r+x) ln(alpha+T)
    A4 = ln(a) - ln(b+x-1+shift) - (r+x) ln(alpha+t_x),   D = 1 if (x > 0 or shift) else 0

Invalid parameters (not all positive) give NaN; the Python layer turns that into an error.
"""
import numpy as np
from cython.parallel cimport prange
from libc.math cimport exp, log, log1p, fabs, NAN, INFINITY
from libc.stdint cimport int64_t
from scipy.special.cython_special cimport gammaln, psi, hyp2f1

include "threads.pxi"
include "logaddexp.pxi"
include "trigamma.pxi"

cdef enum:
    MEMO_MAX_FREQUENCY = 1000000


def loglik_and_grad(double r, double alpha, double a, double b,
                    const double[::1] x, const double[::1] t_x, const double[::1] T,
                    const double[::1] weights, double[::1] grad_out, int modified=0, int n_threads=0):
    """Weighted log-likelihood sum and its gradient with respect to (r, alpha, a, b).

    Parameters
    ----------
    r, alpha, a, b : float
        Model parameters (natural scale).
    x, t_x, T : memoryviews of float64
        Frequency (whole numbers), recency and age of each (compressed) customer row.
    weights : memoryview of float64
        Number of customers each row stands for.
    grad_out : memoryview of float64, length 4
        Receives the gradient of the summed log-likelihood (natural parameters).
    modified : int
        0 for BG/NBD, 1 for MBG/NBD.
    n_threads : int
        Threads to use; 0 = all available.

    Returns
    -------
    float
        The weighted log-likelihood (NaN for invalid parameters).

    Notes
    -----
    The gamma and digamma terms depend on a row only through its frequency, so they are tabulated once
    per call for x = 0 .. max(x) (six special-function calls per distinct frequency instead of per row).
    """
    cdef Py_ssize_t i, n = x.shape[0], max_x = 0, k
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double total = 0.0, g_r = 0.0, g_alpha = 0.0, g_a = 0.0, g_b = 0.0
    cdef double xi, w, a1, a2, a3, a4, lse, p3, p4, p4_bx, bx, lat, lat_x
    cdef LogAddExp both
    cdef double c_r, c_ab, ln_alpha, psi_r, psi_ab, psi_b, kk
    cdef double[:, ::1] memo
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        grad_out[:] = NAN
        return NAN
    for i in range(n):
        if x[i] > max_x:
            max_x = <Py_ssize_t> x[i]
        if x[i] < 0 or x[i] != <double> (<Py_ssize_t> x[i]) or max_x > MEMO_MAX_FREQUENCY:
            grad_out[:] = NAN
            return NAN
    # columns: lnG(r+k), psi(r+k), lnG(b+k+s) - lnG(a+b+k+s), psi(b+k+s), psi(a+b+k+s),
    # ln(a) - ln(b+k-1+s) (used where k > 0 or s = 1)
    memo = np.empty((max_x + 1, 6))
    for k in range(max_x + 1):
        kk = <double> k
        memo[k, 0] = gammaln(r + kk)
        memo[k, 1] = psi(r + kk)
        memo[k, 2] = gammaln(b + kk + shift) - gammaln(a + b + kk + shift)
        memo[k, 3] = psi(b + kk + shift)
        memo[k, 4] = psi(a + b + kk + shift)
        memo[k, 5] = log(a) - log(b + kk - 1.0 + shift) if (k > 0 or modified) else 0.0
    ln_alpha = log(alpha)
    c_r = -gammaln(r) + r * ln_alpha
    c_ab = gammaln(a + b) - gammaln(b)
    psi_r = psi(r)
    psi_ab = psi(a + b)
    psi_b = psi(b)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        k = <Py_ssize_t> xi
        w = weights[i]
        bx = b + xi - 1.0 + shift
        lat = log(alpha + T[i])
        lat_x = log(alpha + t_x[i])
        a1 = memo[k, 0] + c_r
        a2 = c_ab + memo[k, 2]
        a3 = -(r + xi) * lat
        if xi > 0 or modified:
            a4 = memo[k, 5] - (r + xi) * lat_x
            both = log_add_exp(a3, a4)
            lse = both.value
            p3 = both.share_a
            p4 = both.share_b
            p4_bx = p4 / bx
        else:
            lse = a3
            p3 = 1.0
            p4 = 0.0
            p4_bx = 0.0
        total += w * (a1 + a2 + lse)
        g_r += w * (memo[k, 1] - psi_r + ln_alpha - p3 * lat - p4 * lat_x)
        g_alpha += w * (r / alpha - (r + xi) * (p3 / (alpha + T[i]) + p4 / (alpha + t_x[i])))
        g_a += w * (psi_ab - memo[k, 4] + p4 / a)
        g_b += w * (psi_ab + memo[k, 3] - psi_b - memo[k, 4] - p4_bx)
    grad_out[0] = g_r
    grad_out[1] = g_alpha
    grad_out[2] = g_a
    grad_out[3] = g_b
    return total


def loglik_and_grad_indexed(double r, double alpha, double a, double b, const double[::1] x,
                            const double[::1] times, const int64_t[::1] t_x_index, const int64_t[::1] T_index,
                            const double[::1] weights, double[::1] grad_out, int modified=0, int n_threads=0):
    """The same as :func:`loglik_and_grad`, with recency and age given as indices into ``times``.

    Row ``i`` has recency ``times[t_x_index[i]]`` and age ``times[T_index[i]]``. When the data hold few
    distinct times (days expressed in weeks, say), ``log(alpha + t)`` and ``1 / (alpha + t)`` are computed
    once per distinct time instead of twice per row.
    """
    cdef Py_ssize_t i, n = x.shape[0], max_x = 0, k
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double total = 0.0, g_r = 0.0, g_alpha = 0.0, g_a = 0.0, g_b = 0.0
    cdef double xi, w, a1, a2, a3, a4, lse, p3, p4, p4_bx, bx, lat, lat_x
    cdef LogAddExp both
    cdef double c_r, c_ab, ln_alpha, psi_r, psi_ab, psi_b, kk
    cdef double[:, ::1] memo
    cdef double[:, ::1] table
    cdef Py_ssize_t j, m = times.shape[0], jt, jx
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        grad_out[:] = NAN
        return NAN
    for i in range(n):
        if x[i] > max_x:
            max_x = <Py_ssize_t> x[i]
        if not (0 <= t_x_index[i] < m and 0 <= T_index[i] < m):
            raise IndexError("t_x_index and T_index must point into times")
        if x[i] < 0 or x[i] != <double> (<Py_ssize_t> x[i]) or max_x > MEMO_MAX_FREQUENCY:
            grad_out[:] = NAN
            return NAN
    # columns: lnG(r+k), psi(r+k), lnG(b+k+s) - lnG(a+b+k+s), psi(b+k+s), psi(a+b+k+s),
    # ln(a) - ln(b+k-1+s) (used where k > 0 or s = 1)
    memo = np.empty((max_x + 1, 6))
    for k in range(max_x + 1):
        kk = <double> k
        memo[k, 0] = gammaln(r + kk)
        memo[k, 1] = psi(r + kk)
        memo[k, 2] = gammaln(b + kk + shift) - gammaln(a + b + kk + shift)
        memo[k, 3] = psi(b + kk + shift)
        memo[k, 4] = psi(a + b + kk + shift)
        memo[k, 5] = log(a) - log(b + kk - 1.0 + shift) if (k > 0 or modified) else 0.0
    # columns: log(alpha + t), 1 / (alpha + t) for each distinct time
    table = np.empty((m, 2))
    for j in range(m):
        table[j, 0] = log(alpha + times[j])
        table[j, 1] = 1.0 / (alpha + times[j])
    ln_alpha = log(alpha)
    c_r = -gammaln(r) + r * ln_alpha
    c_ab = gammaln(a + b) - gammaln(b)
    psi_r = psi(r)
    psi_ab = psi(a + b)
    psi_b = psi(b)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        k = <Py_ssize_t> xi
        w = weights[i]
        bx = b + xi - 1.0 + shift
        jt = T_index[i]
        jx = t_x_index[i]
        lat = table[jt, 0]
        lat_x = table[jx, 0]
        a1 = memo[k, 0] + c_r
        a2 = c_ab + memo[k, 2]
        a3 = -(r + xi) * lat
        if xi > 0 or modified:
            a4 = memo[k, 5] - (r + xi) * lat_x
            both = log_add_exp(a3, a4)
            lse = both.value
            p3 = both.share_a
            p4 = both.share_b
            p4_bx = p4 / bx
        else:
            lse = a3
            p3 = 1.0
            p4 = 0.0
            p4_bx = 0.0
        total += w * (a1 + a2 + lse)
        g_r += w * (memo[k, 1] - psi_r + ln_alpha - p3 * lat - p4 * lat_x)
        g_alpha += w * (r / alpha - (r + xi) * (p3 * table[jt, 1] + p4 * table[jx, 1]))
        g_a += w * (psi_ab - memo[k, 4] + p4 / a)
        g_b += w * (psi_ab + memo[k, 3] - psi_b - memo[k, 4] - p4_bx)
    grad_out[0] = g_r
    grad_out[1] = g_alpha
    grad_out[2] = g_a
    grad_out[3] = g_b
    return total


cdef inline double _window_purchases(double r, double alpha, double a, double b, double xi, double age,
                                    double t, double shift) noexcept nogil:
    """C/(a-1) * (1 - 2F1(r+x, a-1; C; -t/(alpha+T))): expected purchases in (T, T+t] if alive."""
    cdef double big_c = a + b + xi - 1.0 + shift
    cdef double z = -t / (alpha + age)
    if fabs(big_c) < 1e-12:
        # C = 0 (x = 0 and a + b = 1 in the BG/NBD): the limit of C (1 - 2F1(r+x, a-1; C; z)) / (a-1)
        return -(r + xi) * z * hyp2f1(r + xi + 1.0, a, 2.0, z)
    return big_c / (a - 1.0) * (1.0 - hyp2f1(r + xi, a - 1.0, big_c, z))


cdef inline double _window_purchases_stable(double r, double alpha, double a, double b, double xi, double age,
                                           double t, double shift) noexcept nogil:
    """The same, continuous through a = 1 (where both factors are singular): near it, interpolate linearly
    between a = 1 -/+ 1e-4 (the function is smooth in a; the error is of order 1e-8)."""
    cdef double lo, hi
    if fabs(a - 1.0) >= 1e-4:
        return _window_purchases(r, alpha, a, b, xi, age, t, shift)
    lo = _window_purchases(r, alpha, 1.0 - 1e-4, b, xi, age, t, shift)
    hi = _window_purchases(r, alpha, 1.0 + 1e-4, b, xi, age, t, shift)
    return lo + (hi - lo) * (a - (1.0 - 1e-4)) / 2e-4


def predict(double r, double alpha, double a, double b,
            const double[::1] x, const double[::1] t_x, const double[::1] T, const double[::1] t,
            double[::1] expected_out, double[::1] alive_out, int modified=0, int n_threads=0):
    """Per-customer P(alive) and expected repeat purchases in the next ``t`` periods.

    The expectation uses the Pfaff-transformed hypergeometric term, which stays between 0 and 1 where
    the textbook form overflows:

        ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+shift; C; t/(alpha+T+t))
            = 2F1(r+x, a-1; C; -t/(alpha+T)),   C = a+b+x-1+shift

    so that E[Y(t) | x, t_x, T] = C/(a-1) * (1 - 2F1(...)) * P(alive), continuous through a = 1.
    A new customer is x = t_x = T = 0. Invalid parameters give NaN.
    """
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double xi, log_odds, alive
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        expected_out[:] = NAN
        alive_out[:] = NAN
        return
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        if xi > 0 or modified:
            log_odds = log(a) - log(b + xi - 1.0 + shift) + (r + xi) * (log(alpha + T[i]) - log(alpha + t_x[i]))
            if log_odds > 0:
                alive = exp(-log_odds) / (1.0 + exp(-log_odds))
            else:
                alive = 1.0 / (1.0 + exp(log_odds))
        else:
            alive = 1.0
        alive_out[i] = alive
        if t[i] == 0:
            expected_out[i] = 0.0
        else:
            expected_out[i] = _window_purchases_stable(r, alpha, a, b, xi, T[i], t[i], shift) * alive


def predict_path(double r, double alpha, double a, double b,
                 const double[::1] x, const double[::1] t_x, const double[::1] T, const double[::1] times,
                 double[:, ::1] expected_out, int modified=0, int n_threads=0):
    """Expected repeat purchases of each customer by each of several times (one row per customer).

    ``expected_out[i, k] = E[Y_i(times[k]) | x_i, t_x_i, T_i]``; P(alive) is computed once per customer,
    which makes a CLV over many periods one pass over the customers.
    """
    cdef Py_ssize_t i, k, n = x.shape[0], n_times = times.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double xi, log_odds, alive
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        expected_out[:, :] = NAN
        return
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        if xi > 0 or modified:
            log_odds = log(a) - log(b + xi - 1.0 + shift) + (r + xi) * (log(alpha + T[i]) - log(alpha + t_x[i]))
            if log_odds > 0:
                alive = exp(-log_odds) / (1.0 + exp(-log_odds))
            else:
                alive = 1.0 / (1.0 + exp(log_odds))
        else:
            alive = 1.0
        for k in range(n_times):
            if times[k] == 0:
                expected_out[i, k] = 0.0
            else:
                expected_out[i, k] = _window_purchases_stable(r, alpha, a, b, xi, T[i], times[k], shift) * alive


cdef inline double _alive(double log_a, double r, double alpha, double b, double xi, double t_x, double age,
                          double shift, int modified) noexcept nogil:
    """P(alive | x, t_x, T) = 1 / (1 + a/(b+x-1+shift) ((alpha+T)/(alpha+t_x))^(r+x)), overflow-safe."""
    if not (xi > 0 or modified):
        return 1.0
    # the odds of having dropped out; exp overflows to inf (P = 0) and underflows to 0 (P = 1) safely
    return 1.0 / (1.0 + exp(log_a + (r + xi) * log((alpha + age) / (alpha + t_x))) / (b + xi - 1.0 + shift))


def probability_alive(double r, double alpha, double a, double b,
                      const double[::1] x, const double[::1] t_x, const double[::1] T,
                      double[::1] alive_out, int modified=0, int n_threads=0):
    """P(alive) of each customer alone: closed form, no hypergeometric term. Invalid parameters give NaN."""
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double log_a
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        alive_out[:] = NAN
        return
    log_a = log(a)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        alive_out[i] = _alive(log_a, r, alpha, b, x[i], t_x[i], T[i], shift, modified)


def histories_are_clean(const double[::1] x, const double[::1] t_x, const double[::1] T):
    """True when every row is a valid (frequency, recency, T) history needing no correction: whole
    x >= 0, 0 <= t_x <= T, T > 0, t_x = 0 where x = 0, all finite. One pass; callers use it to skip the
    detailed checks (which name the offending rows) when there is nothing to report."""
    cdef Py_ssize_t i, start, stop, n = x.shape[0]
    cdef double xi, ti, ai, whole
    cdef int clean = 1
    with nogil:
        # without branches inside a block (a block is a few microseconds); stop at the first bad block
        for start in range(0, n, 4096):
            stop = min(start + 4096, n)
            for i in range(start, stop):
                xi = x[i]
                ti = t_x[i]
                ai = T[i]
                # comparisons are false for NaN; adding and taking away 2^52 rounds x to a whole number
                # (exactly, for 0 <= x < 1e15) without a branch or an integer conversion
                whole = (xi + 4503599627370496.0) - 4503599627370496.0
                clean &= ((xi >= 0) & (xi < 1e15) & (ti >= 0) & (ai > 0) & (ti <= ai) & (ai < INFINITY)
                          & (xi == whole) & ((xi > 0) | (ti == 0)))
            if not clean:
                break
    return clean != 0


def loglik_grad_hess_indexed(double r, double alpha, double a, double b, const double[::1] x,
                             const double[::1] times, const int64_t[::1] t_x_index, const int64_t[::1] T_index,
                             const double[::1] weights, double[::1] grad_out, double[:, ::1] hess_out,
                             int modified=0, int n_threads=0):
    """Weighted log-likelihood, its gradient and its analytic Hessian in (r, alpha, a, b), in one pass.

    Data as in :func:`loglik_and_grad_indexed`; ``hess_out`` (4 x 4) receives the Hessian of the summed
    log-likelihood (natural parameters). With shares p3, p4 of the two terms of the log-sum-exp,

        d2 LSE = p3 d2 A3 + p4 d2 A4 + p3 p4 (dA4 - dA3)(dA4 - dA3)'

    and the gamma terms give trigamma functions. Everything that depends on a row only through its
    frequency is summed per distinct frequency (weights first added up per frequency), so the loop over
    the rows keeps only the terms of the log-sum-exp. Newton steps with this Hessian converge in a few
    evaluations where a quasi-Newton search needs tens.
    """
    cdef Py_ssize_t i, n = x.shape[0], max_x = 0, k
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double total = 0.0, g_r = 0.0, g_alpha = 0.0, s_p4 = 0.0, g_b = 0.0
    cdef double h_rr = 0.0, h_ral = 0.0, h_ra = 0.0, h_rb = 0.0, h_alal = 0.0, h_ala = 0.0, h_alb = 0.0
    cdef double s_q = 0.0, h_ab = 0.0, h_bb = 0.0
    cdef double xi, w, a3, a4, lse, p3, p4, bx, lat, lat_x, iat, iat_x, rx, d_r, d_al, d_b, wq, e, share
    cdef double c_r, c_ab, ln_alpha, psi_r, psi_ab, psi_b, tri_r, tri_ab, tri_b, kk, inv_a, wk, total_w = 0.0
    cdef double f_total = 0.0, f_r = 0.0, f_a = 0.0, f_b = 0.0, f_rr = 0.0, f_aa = 0.0, f_bb = 0.0
    cdef double[:, ::1] memo
    cdef double[:, ::1] table
    cdef double[::1] by_frequency
    cdef Py_ssize_t j, m = times.shape[0], jt, jx
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        grad_out[:] = NAN
        hess_out[:, :] = NAN
        return NAN
    for i in range(n):
        if x[i] > max_x:
            max_x = <Py_ssize_t> x[i]
        if not (0 <= t_x_index[i] < m and 0 <= T_index[i] < m):
            raise IndexError("t_x_index and T_index must point into times")
        if x[i] < 0 or x[i] != <double> (<Py_ssize_t> x[i]) or max_x > MEMO_MAX_FREQUENCY:
            grad_out[:] = NAN
            hess_out[:, :] = NAN
            return NAN
    by_frequency = np.zeros(max_x + 1)
    for i in range(n):
        by_frequency[<Py_ssize_t> x[i]] += weights[i]
    ln_alpha = log(alpha)
    c_r = -gammaln(r) + r * ln_alpha
    c_ab = gammaln(a + b) - gammaln(b)
    psi_r = psi(r)
    psi_ab = psi(a + b)
    psi_b = psi(b)
    tri_r = trigamma(r)
    tri_ab = trigamma(a + b)
    tri_b = trigamma(b)
    inv_a = 1.0 / a
    # the terms that depend on a row through its frequency only, summed per frequency; per row remain
    # ln(a) - ln(b+k-1+s) and 1/(b+k-1+s) (used where k > 0 or s = 1)
    memo = np.zeros((max_x + 1, 2))
    for k in range(max_x + 1):
        kk = <double> k
        if k > 0 or modified:
            memo[k, 0] = log(a) - log(b + kk - 1.0 + shift)
            memo[k, 1] = 1.0 / (b + kk - 1.0 + shift)
        wk = by_frequency[k]
        if wk == 0:
            continue
        total_w += wk
        f_total += wk * (gammaln(r + kk) + gammaln(b + kk + shift) - gammaln(a + b + kk + shift))
        f_r += wk * psi(r + kk)
        f_a += wk * psi(a + b + kk + shift)
        f_b += wk * psi(b + kk + shift)
        f_rr += wk * trigamma(r + kk)
        f_aa += wk * trigamma(a + b + kk + shift)
        f_bb += wk * trigamma(b + kk + shift)
    # columns: log(alpha + t), 1 / (alpha + t) for each distinct time
    table = np.empty((m, 2))
    for j in range(m):
        table[j, 0] = log(alpha + times[j])
        table[j, 1] = 1.0 / (alpha + times[j])
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        k = <Py_ssize_t> xi
        w = weights[i]
        rx = r + xi
        jt = T_index[i]
        jx = t_x_index[i]
        lat = table[jt, 0]
        lat_x = table[jx, 0]
        iat = table[jt, 1]
        iat_x = table[jx, 1]
        a3 = -rx * lat
        if xi > 0 or modified:
            bx = memo[k, 1]
            a4 = memo[k, 0] - rx * lat_x
            # log(e^a3 + e^a4) and the shares, from one exp and one log
            e = exp(-fabs(a3 - a4))
            share = 1.0 / (1.0 + e)
            lse = (a3 if a3 > a4 else a4) + log(1.0 + e)
            p3 = share if a3 > a4 else e * share
            p4 = e * share if a3 > a4 else share
            d_b = -bx
        else:
            bx = 0.0
            lse = a3
            p3 = 1.0
            p4 = 0.0
            d_b = 0.0
        # dA4 - dA3 in (r, alpha, a, b): (ln(alpha+T) - ln(alpha+t_x), (r+x)(1/(alpha+T) - 1/(alpha+t_x)),
        # 1/a, -1/(b+x-1+s)); weighted by p3 p4
        d_r = lat - lat_x
        d_al = rx * (iat - iat_x)
        wq = w * p3 * p4
        total += w * lse
        g_r += -w * (p3 * lat + p4 * lat_x)
        g_alpha += -w * rx * (p3 * iat + p4 * iat_x)
        s_p4 += w * p4
        g_b += -w * p4 * bx
        h_rr += wq * d_r * d_r
        h_ral += -w * (p3 * iat + p4 * iat_x) + wq * d_r * d_al
        h_alal += w * rx * (p3 * iat * iat + p4 * iat_x * iat_x) + wq * d_al * d_al
        h_ra += wq * d_r
        h_rb += wq * d_r * d_b
        h_ala += wq * d_al
        h_alb += wq * d_al * d_b
        s_q += wq
        h_ab += wq * d_b
        h_bb += w * p4 * bx * bx + wq * d_b * d_b
    grad_out[0] = g_r + f_r + total_w * (ln_alpha - psi_r)
    grad_out[1] = g_alpha + total_w * r / alpha
    grad_out[2] = s_p4 * inv_a + total_w * psi_ab - f_a
    grad_out[3] = g_b + total_w * (psi_ab - psi_b) + f_b - f_a
    hess_out[0, 0] = h_rr + f_rr - total_w * tri_r
    hess_out[0, 1] = hess_out[1, 0] = h_ral + total_w / alpha
    hess_out[0, 2] = hess_out[2, 0] = h_ra * inv_a
    hess_out[0, 3] = hess_out[3, 0] = h_rb
    hess_out[1, 1] = h_alal - total_w * r / (alpha * alpha)
    hess_out[1, 2] = hess_out[2, 1] = h_ala * inv_a
    hess_out[1, 3] = hess_out[3, 1] = h_alb
    hess_out[2, 2] = (s_q - s_p4) * inv_a * inv_a + total_w * tri_ab - f_aa
    hess_out[2, 3] = hess_out[3, 2] = h_ab * inv_a + total_w * tri_ab - f_aa
    hess_out[3, 3] = h_bb + total_w * (tri_ab - tri_b) + f_bb - f_aa
    return total + f_total + total_w * (c_r + c_ab)


def trigamma_values(const double[::1] values, double[::1] out):
    """psi'(x) for each value (the kernels' own trigamma, exposed for the tests)."""
    cdef Py_ssize_t i
    for i in range(values.shape[0]):
        out[i] = trigamma(values[i])


def discounted_windows(double r, double alpha, double a, double b, const double[::1] x, const double[::1] T,
                       const double[::1] times, const double[::1] discounts, double[::1] value_out,
                       double[::1] last_out, int modified=0, int n_threads=0):
    """For each (x, T) pair: the discounted sum of the expected purchases per period of an active customer,
    and the expected purchases by the last time.

    With ``W(t) = C/(a-1) (1 - 2F1(r+x, a-1; C; -t/(alpha+T)))`` (purchases in (T, T+t] if alive, see
    :func:`predict`), ``value_out = sum_k (W(times[k]) - W(times[k-1])) discounts[k]`` (``W(times[-1]) = 0``)
    and ``last_out = W(times[-1])``. The expected purchases of a customer are ``W`` times P(alive), which
    depends on recency while ``W`` does not: customers sharing (x, T) share these sums.
    """
    cdef Py_ssize_t i, k, n = x.shape[0], n_times = times.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double previous, current, total
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        value_out[:] = NAN
        last_out[:] = NAN
        return
    for i in prange(n, nogil=True, num_threads=nt, schedule="dynamic"):
        previous = 0.0
        total = 0.0
        for k in range(n_times):
            if times[k] == 0:
                current = 0.0
            else:
                current = _window_purchases_stable(r, alpha, a, b, x[i], T[i], times[k], shift)
            total = total + (current - previous) * discounts[k]
            previous = current
        value_out[i] = total
        last_out[i] = previous


def scale_by_alive(double r, double alpha, double a, double b, const double[::1] x, const double[::1] t_x,
                   const double[::1] T, const int64_t[::1] pair, const double[::1] pair_value,
                   const double[::1] pair_last, double[::1] value_out, double[::1] expected_out,
                   int modified=0, int n_threads=0):
    """Per customer: P(alive) times the sums of its (x, T) pair (from :func:`discounted_windows`)."""
    cdef Py_ssize_t i, n = x.shape[0], m = pair_value.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double log_a, alive
    for i in range(n):
        if not (0 <= pair[i] < m):
            raise IndexError("pair must point into pair_value")
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        value_out[:] = NAN
        expected_out[:] = NAN
        return
    log_a = log(a)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        alive = _alive(log_a, r, alpha, b, x[i], t_x[i], T[i], shift, modified)
        value_out[i] = alive * pair_value[pair[i]]
        expected_out[i] = alive * pair_last[pair[i]]


def probability_alive_checked(double r, double alpha, double a, double b,
                              const double[::1] x, const double[::1] t_x, const double[::1] T,
                              double[::1] alive_out, int modified=0, int n_threads=0):
    """:func:`probability_alive` and :func:`histories_are_clean` in one pass over the customers.

    Returns True when every history is clean (``alive_out`` then holds the answer); False when one is
    not, and the caller runs the detailed checks (which name the rows, or clip a recency a rounding
    error above T) and computes again.
    """
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double log_a, xi, ti, ai, whole
    cdef int clean = 1
    if not (r > 0 and alpha > 0 and a > 0 and b > 0):
        alive_out[:] = NAN
        return histories_are_clean(x, t_x, T)
    log_a = log(a)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        xi = x[i]
        ti = t_x[i]
        ai = T[i]
        # the rules of histories_are_clean, branch-free
        whole = (xi + 4503599627370496.0) - 4503599627370496.0
        clean &= ((xi >= 0) & (xi < 1e15) & (ti >= 0) & (ai > 0) & (ti <= ai) & (ai < INFINITY)
                  & (xi == whole) & ((xi > 0) | (ti == 0)))
        alive_out[i] = _alive(log_a, r, alpha, b, xi, ti, ai, shift, modified)
    return clean != 0
