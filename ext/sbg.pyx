"""Shifted-beta-geometric (sBG) kernel: weighted log-likelihood with its analytic gradient in one pass.

Fader & Hardie (2007), "How to project customer retention", Journal of Interactive Marketing 21(1). A
customer renews at the end of each period with probability 1 - theta, theta ~ Beta(alpha, beta). Each
record is a group of ``weight`` customers observed for ``t`` periods who either churned in period t
(``churned = 1``: P(T = t) = B(alpha+1, beta+t-1)/B(alpha,beta)) or were still active after it
(``churned = 0``: S(t) = B(alpha, beta+t)/B(alpha,beta)). Derivatives of log B are differences of digammas.
Invalid parameters (not all positive) give NaN; the Python layer turns that into an error.
"""
from cython.parallel cimport prange
from libc.math cimport NAN
from scipy.special.cython_special cimport betaln, psi

include "threads.pxi"
include "guards.pxi"


def loglik_and_grad(double alpha, double beta,
                    const double[::1] t,         # IN
                    const double[::1] churned,   # IN
                    const double[::1] weights,   # IN
                    double[::1] grad_out,        # OUT
                    int n_threads=0):
    """Weighted sBG log-likelihood sum and its gradient with respect to (alpha, beta).

    Parameters
    ----------
    alpha, beta : float
        Model parameters (natural scale).
    t : memoryview of float64
        Period of churn, or number of periods survived (whole numbers, >= 1 for churners).
    churned : memoryview of float64
        1.0 when the group churned in period ``t``, 0.0 when it was still active after ``t``.
    weights : memoryview of float64
        Number of customers in each record.
    grad_out : memoryview of float64, length 2
        Receives the gradient of the summed log-likelihood.
    n_threads : int
        Threads to use; 0 = all available.

    Returns
    -------
    float
        The weighted log-likelihood (NaN for invalid parameters).
    """
    cdef Py_ssize_t i, size = t.shape[0]
    cdef int nt = effective_threads(n_threads)
    cdef double total = 0.0, g_a = 0.0, g_b = 0.0, w, ti, lb, psi_a, psi_b, psi_ab, psi_a1
    if not all_positive(alpha, beta):
        grad_out[:] = NAN
        return NAN
    lb = betaln(alpha, beta)
    psi_a, psi_b, psi_ab, psi_a1 = psi(alpha), psi(beta), psi(alpha + beta), psi(alpha + 1.0)
    for i in prange(size, nogil=True, num_threads=nt, schedule="static"):
        w = weights[i]
        ti = t[i]
        if churned[i] > 0:
            total += w * (betaln(alpha + 1.0, beta + ti - 1.0) - lb)
            g_a += w * (psi_a1 - psi(alpha + beta + ti) - psi_a + psi_ab)
            g_b += w * (psi(beta + ti - 1.0) - psi(alpha + beta + ti) - psi_b + psi_ab)
        else:
            total += w * (betaln(alpha, beta + ti) - lb)
            g_a += w * (psi_ab - psi(alpha + beta + ti))
            g_b += w * (psi(beta + ti) - psi(alpha + beta + ti) - psi_b + psi_ab)
    grad_out[0] = g_a
    grad_out[1] = g_b
    return total
