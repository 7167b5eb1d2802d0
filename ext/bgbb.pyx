"""BG/BB kernels: weighted log-likelihood with its analytic gradient in one pass, and per-customer terms.

Fader, Hardie & Shang (2010), "Customer-base analysis in a discrete-time noncontractual setting",
Marketing Science 29(6). In each of n transaction opportunities an active customer transacts with
probability p and, at the end of each opportunity, becomes inactive for good with probability theta;
p ~ Beta(alpha, beta), theta ~ Beta(gamma, delta). For x transactions, the last in period t_x, out of n:

    L = B(alpha+x, beta+n-x)/B(alpha,beta) * B(gamma, delta+n)/B(gamma,delta)
      + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha,beta) * B(gamma+1, delta+t_x+i)/B(gamma,delta)

The terms are summed in logs (log-sum-exp); derivatives of log B are differences of digammas.
Invalid parameters (not all positive) give NaN; the Python layer turns that into an error.
"""
from cython.parallel cimport prange
from libc.math cimport exp, log, NAN, INFINITY
from scipy.special.cython_special cimport betaln, psi

include "threads.pxi"
include "guards.pxi"


cdef struct Row:
    double ll
    double g_alpha
    double g_beta
    double g_gamma
    double g_delta
    double log_alive_term   # log of the first (still active after n) term


cdef Row _row(double alpha, double beta, double gamma, double delta, double x, double tx, double n,
              double lb_ab, double lb_gd, double psi_a, double psi_b, double psi_ab,
              double psi_g, double psi_d, double psi_gd) noexcept nogil:
    cdef Row out
    cdef double t_main, t_i, top, total, w, b_i, d_i
    cdef double sa, sb, sg, sd
    cdef double ga, gb, gg, gd
    cdef long i, m = <long>(n - tx)
    t_main = betaln(alpha + x, beta + n - x) - lb_ab + betaln(gamma, delta + n) - lb_gd
    # first pass: the largest log-term, for a stable log-sum-exp
    top = t_main
    for i in range(m):
        t_i = (betaln(alpha + x, beta + tx - x + i) - lb_ab
               + betaln(gamma + 1.0, delta + tx + i) - lb_gd)
        if t_i > top:
            top = t_i
    w = exp(t_main - top)
    total = w
    sa = w * (psi(alpha + x) - psi(alpha + beta + n) - psi_a + psi_ab)
    sb = w * (psi(beta + n - x) - psi(alpha + beta + n) - psi_b + psi_ab)
    sg = w * (psi_gd - psi(gamma + delta + n))
    sd = w * (psi(delta + n) - psi(gamma + delta + n) - psi_d + psi_gd)
    for i in range(m):
        b_i = beta + tx - x + i
        d_i = delta + tx + i
        t_i = betaln(alpha + x, b_i) - lb_ab + betaln(gamma + 1.0, d_i) - lb_gd
        w = exp(t_i - top)
        total = total + w
        ga = psi(alpha + x) - psi(alpha + beta + tx + i) - psi_a + psi_ab
        gb = psi(b_i) - psi(alpha + beta + tx + i) - psi_b + psi_ab
        gg = psi(gamma + 1.0) - psi(gamma + delta + 1.0 + tx + i) - psi_g + psi_gd
        gd = psi(d_i) - psi(gamma + delta + 1.0 + tx + i) - psi_d + psi_gd
        sa = sa + w * ga
        sb = sb + w * gb
        sg = sg + w * gg
        sd = sd + w * gd
    out.ll = top + log(total)
    out.g_alpha = sa / total
    out.g_beta = sb / total
    out.g_gamma = sg / total
    out.g_delta = sd / total
    out.log_alive_term = t_main
    return out


def loglik_and_grad(double alpha, double beta, double gamma, double delta,
                    const double[::1] x,         # IN
                    const double[::1] t_x,       # IN
                    const double[::1] n,         # IN
                    const double[::1] weights,   # IN
                    double[::1] grad_out,        # OUT
                    int n_threads=0):
    """Weighted BG/BB log-likelihood sum and its gradient with respect to (alpha, beta, gamma, delta).

    Parameters
    ----------
    alpha, beta, gamma, delta : float
        Model parameters (natural scale).
    x, t_x, n : memoryviews of float64
        Number of transactions, period of the last one (0 if none) and number of opportunities.
    weights : memoryview of float64
        Number of customers with each pattern.
    grad_out : memoryview of float64, length 4
        Receives the gradient of the summed log-likelihood.
    n_threads : int
        Threads to use; 0 = all available.

    Returns
    -------
    float
        The weighted log-likelihood (NaN for invalid parameters).
    """
    cdef Py_ssize_t i, size = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_a = 0.0, g_b = 0.0, g_g = 0.0, g_d = 0.0, w
    cdef double lb_ab, lb_gd, psi_a, psi_b, psi_ab, psi_g, psi_d, psi_gd
    cdef Row row
    if not all_positive(alpha, beta, gamma, delta):
        grad_out[:] = NAN
        return NAN
    lb_ab = betaln(alpha, beta)
    lb_gd = betaln(gamma, delta)
    psi_a, psi_b, psi_ab = psi(alpha), psi(beta), psi(alpha + beta)
    psi_g, psi_d, psi_gd = psi(gamma), psi(delta), psi(gamma + delta)
    for i in prange(size, nogil=True, num_threads=nt, schedule="static"):
        w = weights[i]
        row = _row(alpha, beta, gamma, delta, x[i], t_x[i], n[i], lb_ab, lb_gd,
                   psi_a, psi_b, psi_ab, psi_g, psi_d, psi_gd)
        total += w * row.ll
        g_a += w * row.g_alpha
        g_b += w * row.g_beta
        g_g += w * row.g_gamma
        g_d += w * row.g_delta
    grad_out[0] = g_a
    grad_out[1] = g_b
    grad_out[2] = g_g
    grad_out[3] = g_d
    return total


def customer_terms(double alpha, double beta, double gamma, double delta,
                   const double[::1] x,      # IN
                   const double[::1] t_x,    # IN
                   const double[::1] n,      # IN
                   double[::1] loglik_out,   # OUT
                   double[::1] alive_out,    # OUT
                   int n_threads=0):
    """Per-customer log-likelihood and probability of being alive in period n+1.

    P(alive in n+1 | x, t_x, n) = B(alpha+x, beta+n-x)/B(alpha,beta) * B(gamma, delta+n+1)/B(gamma,delta) / L
    (Fader, Hardie & Shang 2010, eq. 11). Outputs are caller-allocated arrays of the length of ``x``.
    """
    cdef Py_ssize_t i, size = x.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double lb_ab, lb_gd, psi_a, psi_b, psi_ab, psi_g, psi_d, psi_gd
    cdef Row row
    if not all_positive(alpha, beta, gamma, delta):
        loglik_out[:] = NAN
        alive_out[:] = NAN
        return
    lb_ab = betaln(alpha, beta)
    lb_gd = betaln(gamma, delta)
    psi_a, psi_b, psi_ab = psi(alpha), psi(beta), psi(alpha + beta)
    psi_g, psi_d, psi_gd = psi(gamma), psi(delta), psi(gamma + delta)
    for i in prange(size, nogil=True, num_threads=nt, schedule="static"):
        row = _row(alpha, beta, gamma, delta, x[i], t_x[i], n[i], lb_ab, lb_gd,
                   psi_a, psi_b, psi_ab, psi_g, psi_d, psi_gd)
        loglik_out[i] = row.ll
        # B(gamma, delta+n+1)/B(gamma, delta+n) = (delta+n)/(gamma+delta+n)
        alive_out[i] = exp(row.log_alive_term - row.ll + log(delta + n[i]) - log(gamma + delta + n[i]))
