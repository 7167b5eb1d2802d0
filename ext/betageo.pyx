"""BG/NBD and MBG/NBD kernels: weighted log-likelihood with its analytic gradient (and Hessian), and
per-customer predictions.

``modified = 0`` is the BG/NBD of Fader, Hardie & Lee (2005), where a customer can drop out only after a
repeat purchase; ``modified = 1`` is the MBG/NBD of Batislam, Denizel & Filiztekin (2007), where drop-out
can also follow the first purchase. Both share one form with ``shift = modified``:

    LL_i = A1 + A2 + log(exp(A3) + D * exp(A4))
    A1 = lnG(r+x) - lnG(r) + r ln(alpha)
    A2 = lnG(a+b) + lnG(b+x+shift) - lnG(b) - lnG(a+b+x+shift)
    A3 = -(r+x) ln(alpha+T)
    A4 = ln(a) - ln(b+x-1+shift) - (r+x) ln(alpha+t_x),   D = 1 if (x > 0 or shift) else 0

Layering (as scikit-learn's ``_loss``): per-row ``cdef inline`` functions (``_row_terms``, ``_alive``,
``_window_purchases_stable``) hold the mathematics once; each ``def`` kernel is a thin loop over rows that
reads its inputs its own way. Invalid parameters (not all positive) give NaN; the Python layer turns that
into an error.
"""
import numpy as np
from cython.parallel cimport prange
from libc.math cimport exp, log, log1p, fabs, NAN, INFINITY
from libc.stdint cimport int64_t
from scipy.special.cython_special cimport gammaln, psi, hyp2f1

include "threads.pxi"
include "guards.pxi"
include "history_rules.pxi"
include "logaddexp.pxi"
include "trigamma.pxi"


# ------------------------------------------------------------------------------------------- likelihood
cdef struct Constants:
    # what every row's likelihood term shares
    double r, alpha, a, b, shift, c_r, c_ab, ln_alpha, psi_r, psi_ab, psi_b
    int modified


cdef struct RowTerms:
    # a row's log-likelihood and its gradient in (r, alpha, a, b)
    double value, g_r, g_alpha, g_a, g_b


cdef Constants _constants(double r, double alpha, double a, double b, int modified):
    cdef Constants c
    c.r, c.alpha, c.a, c.b = r, alpha, a, b
    c.modified = modified
    c.shift = 1.0 if modified else 0.0
    c.ln_alpha = log(alpha)
    c.c_r = -gammaln(r) + r * c.ln_alpha
    c.c_ab = gammaln(a + b) - gammaln(b)
    c.psi_r = psi(r)
    c.psi_ab = psi(a + b)
    c.psi_b = psi(b)
    return c


cdef double[:, ::1] _frequency_table(const Constants* c, Py_ssize_t max_x):
    """The terms that depend on a row only through its frequency k = 0 .. max_x: columns lnG(r+k),
    psi(r+k), lnG(b+k+s) - lnG(a+b+k+s), psi(b+k+s), psi(a+b+k+s), ln(a) - ln(b+k-1+s) (where k > 0 or
    s = 1). Six special-function calls per distinct frequency instead of per row."""
    cdef double[:, ::1] memo = np.empty((max_x + 1, 6))
    cdef Py_ssize_t k
    cdef double kk
    for k in range(max_x + 1):
        kk = <double> k
        memo[k, 0] = gammaln(c.r + kk)
        memo[k, 1] = psi(c.r + kk)
        memo[k, 2] = gammaln(c.b + kk + c.shift) - gammaln(c.a + c.b + kk + c.shift)
        memo[k, 3] = psi(c.b + kk + c.shift)
        memo[k, 4] = psi(c.a + c.b + kk + c.shift)
        memo[k, 5] = log(c.a) - log(c.b + kk - 1.0 + c.shift) if (k > 0 or c.modified) else 0.0
    return memo


cdef inline RowTerms _row_terms(const Constants* c, const double* memo_k, double xi, double lat, double lat_x,
                                double iat, double iat_x) noexcept nogil:
    """One row's log-likelihood and gradient, from its frequency's table row ``memo_k`` and
    ``lat = ln(alpha+T)``, ``lat_x = ln(alpha+t_x)``, ``iat = 1/(alpha+T)``, ``iat_x = 1/(alpha+t_x)``."""
    cdef RowTerms out
    cdef LogAddExp both
    cdef double a3 = -(c.r + xi) * lat
    cdef double lse = a3, p3 = 1.0, p4 = 0.0, p4_bx = 0.0
    if xi > 0 or c.modified:
        both = log_add_exp(a3, memo_k[5] - (c.r + xi) * lat_x)
        lse = both.value
        p3 = both.share_a
        p4 = both.share_b
        p4_bx = p4 / (c.b + xi - 1.0 + c.shift)
    out.value = memo_k[0] + c.c_r + c.c_ab + memo_k[2] + lse
    out.g_r = memo_k[1] - c.psi_r + c.ln_alpha - p3 * lat - p4 * lat_x
    out.g_alpha = c.r / c.alpha - (c.r + xi) * (p3 * iat + p4 * iat_x)
    out.g_a = c.psi_ab - memo_k[4] + p4 / c.a
    out.g_b = c.psi_ab + memo_k[3] - c.psi_b - memo_k[4] - p4_bx
    return out


def loglik_and_grad(double r, double alpha, double a, double b,
                    const double[::1] x,          # IN  frequency (whole numbers) of each row
                    const double[::1] t_x,        # IN  recency
                    const double[::1] T,          # IN  age
                    const double[::1] weights,    # IN  customers each row stands for
                    double[::1] grad_out,         # OUT gradient (length 4) in natural parameters
                    int modified=0, int n_threads=0):
    """Weighted log-likelihood sum (returned) and its gradient with respect to (r, alpha, a, b).

    ``modified`` is 0 for BG/NBD, 1 for MBG/NBD; ``n_threads`` 0 uses all available. NaN for invalid
    parameters or frequencies.
    """
    cdef Py_ssize_t i, k, n = x.shape[0], max_x = largest_frequency(x, 0.0)
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_r = 0.0, g_alpha = 0.0, g_a = 0.0, g_b = 0.0, w, ia, iax
    cdef Constants c
    cdef RowTerms row
    cdef double[:, ::1] memo
    if not all_positive(r, alpha, a, b) or max_x < 0:
        grad_out[:] = NAN
        return NAN
    c = _constants(r, alpha, a, b, modified)
    memo = _frequency_table(&c, max_x)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        k = <Py_ssize_t> x[i]
        w = weights[i]
        ia = 1.0 / (alpha + T[i])
        iax = 1.0 / (alpha + t_x[i])
        row = _row_terms(&c, &memo[k, 0], x[i], log(alpha + T[i]), log(alpha + t_x[i]), ia, iax)
        total += w * row.value
        g_r += w * row.g_r
        g_alpha += w * row.g_alpha
        g_a += w * row.g_a
        g_b += w * row.g_b
    grad_out[0] = g_r
    grad_out[1] = g_alpha
    grad_out[2] = g_a
    grad_out[3] = g_b
    return total


def loglik_and_grad_indexed(double r, double alpha, double a, double b,
                            const double[::1] x,             # IN  frequency of each row
                            const double[::1] times,         # IN  distinct recencies and ages
                            const int64_t[::1] t_x_index,    # IN  row's recency: times[t_x_index[i]]
                            const int64_t[::1] T_index,      # IN  row's age: times[T_index[i]]
                            const double[::1] weights,       # IN  customers each row stands for
                            double[::1] grad_out,            # OUT gradient (length 4)
                            int modified=0, int n_threads=0):
    """The same as :func:`loglik_and_grad`, with recency and age given as indices into ``times``:
    ``log(alpha + t)`` and ``1 / (alpha + t)`` are computed once per distinct time instead of per row."""
    cdef Py_ssize_t i, k, n = x.shape[0], m = times.shape[0], max_x = largest_frequency(x, 0.0)
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_r = 0.0, g_alpha = 0.0, g_a = 0.0, g_b = 0.0, w
    cdef Py_ssize_t jt, jx
    cdef Constants c
    cdef RowTerms row
    cdef double[:, ::1] memo
    cdef double[:, ::1] table
    _check_indices(t_x_index, T_index, m)
    if not all_positive(r, alpha, a, b) or max_x < 0:
        grad_out[:] = NAN
        return NAN
    c = _constants(r, alpha, a, b, modified)
    memo = _frequency_table(&c, max_x)
    table = _time_table(alpha, times)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        k = <Py_ssize_t> x[i]
        w = weights[i]
        jt = T_index[i]
        jx = t_x_index[i]
        row = _row_terms(&c, &memo[k, 0], x[i], table[jt, 0], table[jx, 0], table[jt, 1], table[jx, 1])
        total += w * row.value
        g_r += w * row.g_r
        g_alpha += w * row.g_alpha
        g_a += w * row.g_a
        g_b += w * row.g_b
    grad_out[0] = g_r
    grad_out[1] = g_alpha
    grad_out[2] = g_a
    grad_out[3] = g_b
    return total


cdef void _check_indices(const int64_t[::1] t_x_index, const int64_t[::1] T_index, Py_ssize_t m) except *:
    cdef Py_ssize_t i
    for i in range(t_x_index.shape[0]):
        if not (0 <= t_x_index[i] < m and 0 <= T_index[i] < m):
            raise IndexError("t_x_index and T_index must point into times")


cdef double[:, ::1] _time_table(double alpha, const double[::1] times):
    """Columns log(alpha + t) and 1 / (alpha + t) for each distinct time."""
    cdef double[:, ::1] table = np.empty((times.shape[0], 2))
    cdef Py_ssize_t j
    for j in range(times.shape[0]):
        table[j, 0] = log(alpha + times[j])
        table[j, 1] = 1.0 / (alpha + times[j])
    return table


def loglik_grad_hess_indexed(double r, double alpha, double a, double b,
                             const double[::1] x,             # IN  frequency of each row
                             const double[::1] times,         # IN  distinct recencies and ages
                             const int64_t[::1] t_x_index,    # IN  row's recency: times[t_x_index[i]]
                             const int64_t[::1] T_index,      # IN  row's age: times[T_index[i]]
                             const double[::1] weights,       # IN  customers each row stands for
                             double[::1] grad_out,            # OUT gradient (length 4)
                             double[:, ::1] hess_out,         # OUT Hessian (4 x 4)
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
    cdef Py_ssize_t i, n = x.shape[0], max_x = largest_frequency(x, 0.0), k
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
    cdef Py_ssize_t m = times.shape[0], jt, jx
    _check_indices(t_x_index, T_index, m)
    if not all_positive(r, alpha, a, b) or max_x < 0:
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
    table = _time_table(alpha, times)
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


def trigamma_values(const double[::1] values,    # IN
                    double[::1] out):             # OUT
    """psi'(x) for each value (the kernels' own trigamma, exposed for the tests)."""
    cdef Py_ssize_t i
    for i in range(values.shape[0]):
        out[i] = trigamma(values[i])


# ------------------------------------------------------------------------------------------ predictions
cdef inline double _alive(double log_a, double r, double alpha, double b, double xi, double t_x, double age,
                          double shift, int modified) noexcept nogil:
    """P(alive | x, t_x, T) = 1 / (1 + a/(b+x-1+shift) ((alpha+T)/(alpha+t_x))^(r+x)), overflow-safe."""
    if not (xi > 0 or modified):
        return 1.0
    # the odds of having dropped out; exp overflows to inf (P = 0) and underflows to 0 (P = 1) safely
    return 1.0 / (1.0 + exp(log_a + (r + xi) * log((alpha + age) / (alpha + t_x))) / (b + xi - 1.0 + shift))


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
            const double[::1] x,              # IN  frequency of each customer
            const double[::1] t_x,            # IN  recency
            const double[::1] T,              # IN  age
            const double[::1] t,              # IN  forecast window of each customer
            double[::1] expected_out,         # OUT expected repeat purchases in the window
            double[::1] alive_out,            # OUT P(alive)
            int modified=0, int n_threads=0):
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
    cdef double log_a, alive
    if not all_positive(r, alpha, a, b):
        expected_out[:] = NAN
        alive_out[:] = NAN
        return
    log_a = log(a)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        alive = _alive(log_a, r, alpha, b, x[i], t_x[i], T[i], shift, modified)
        alive_out[i] = alive
        if t[i] == 0:
            expected_out[i] = 0.0
        else:
            expected_out[i] = _window_purchases_stable(r, alpha, a, b, x[i], T[i], t[i], shift) * alive


def probability_alive(double r, double alpha, double a, double b,
                      const double[::1] x,        # IN  frequency of each customer
                      const double[::1] t_x,      # IN  recency
                      const double[::1] T,        # IN  age
                      double[::1] alive_out,      # OUT P(alive)
                      int modified=0, int n_threads=0):
    """P(alive) of each customer alone: closed form, no hypergeometric term. Invalid parameters give NaN."""
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double log_a
    if not all_positive(r, alpha, a, b):
        alive_out[:] = NAN
        return
    log_a = log(a)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        alive_out[i] = _alive(log_a, r, alpha, b, x[i], t_x[i], T[i], shift, modified)


def probability_alive_checked(double r, double alpha, double a, double b,
                              const double[::1] x,        # IN  frequency of each customer
                              const double[::1] t_x,      # IN  recency
                              const double[::1] T,        # IN  age
                              double[::1] alive_out,      # OUT P(alive)
                              int modified=0, int n_threads=0):
    """:func:`probability_alive` with the clean-history rule (``history_rules.pxi``) in the same pass.

    Returns True when every history is clean (``alive_out`` then holds the answer); False when one is
    not, and the caller runs the detailed checks (which name the rows) and computes again. One pass over
    the customers instead of two: what the prediction benchmark of P(alive) on every customer measures.
    """
    cdef Py_ssize_t i, n = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double log_a
    cdef int clean = 1
    if not all_positive(r, alpha, a, b):
        alive_out[:] = NAN
        return False
    log_a = log(a)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        clean &= history_is_clean(x[i], t_x[i], T[i])
        alive_out[i] = _alive(log_a, r, alpha, b, x[i], t_x[i], T[i], shift, modified)
    return clean != 0


def discounted_windows(double r, double alpha, double a, double b,
                       const double[::1] x,            # IN  frequency of each (x, T) pair
                       const double[::1] T,            # IN  age of each pair
                       const double[::1] times,        # IN  ends of the periods, increasing
                       const double[::1] discounts,    # IN  discount factor of each period
                       double[::1] value_out,          # OUT discounted sum of an active customer's purchases
                       double[::1] last_out,           # OUT an active customer's purchases by times[-1]
                       int modified=0, int n_threads=0):
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
    if not all_positive(r, alpha, a, b):
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


def scale_by_alive(double r, double alpha, double a, double b,
                   const double[::1] x,              # IN  frequency of each customer
                   const double[::1] t_x,            # IN  recency
                   const double[::1] T,              # IN  age
                   const int64_t[::1] pair,          # IN  the customer's (x, T) pair
                   const double[::1] pair_value,     # IN  value_out of discounted_windows
                   const double[::1] pair_last,      # IN  last_out of discounted_windows
                   double[::1] value_out,            # OUT discounted expected purchases
                   double[::1] expected_out,         # OUT expected purchases by the last time
                   int modified=0, int n_threads=0):
    """Per customer: P(alive) times the sums of its (x, T) pair (from :func:`discounted_windows`)."""
    cdef Py_ssize_t i, n = x.shape[0], m = pair_value.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double shift = 1.0 if modified else 0.0
    cdef double log_a, alive
    for i in range(n):
        if not (0 <= pair[i] < m):
            raise IndexError("pair must point into pair_value")
    if not all_positive(r, alpha, a, b):
        value_out[:] = NAN
        expected_out[:] = NAN
        return
    log_a = log(a)
    for i in prange(n, nogil=True, num_threads=nt, schedule="static"):
        alive = _alive(log_a, r, alpha, b, x[i], t_x[i], T[i], shift, modified)
        value_out[i] = alive * pair_value[pair[i]]
        expected_out[i] = alive * pair_last[pair[i]]
