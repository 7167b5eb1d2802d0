# Shared inline helper: log(e^a + e^b) and the two shares of the sum, from one exp and one log1p.
# Include it (``include "logaddexp.pxi"``) rather than cimporting it, so every kernel stays self-contained.
# Needs ``exp``, ``log1p`` and ``INFINITY`` from libc.math in the including module.

cdef struct LogAddExp:
    double value    # log(e^a + e^b)
    double share_a  # e^a / (e^a + e^b)
    double share_b  # e^b / (e^a + e^b)


cdef inline LogAddExp log_add_exp(double a, double b) noexcept nogil:
    cdef LogAddExp out
    cdef double e
    if b > a:
        e = exp(a - b)
        out.value = b + log1p(e)
        out.share_b = 1.0 / (1.0 + e)
        out.share_a = e * out.share_b
    else:
        e = exp(b - a)
        out.value = a + log1p(e)
        out.share_a = 1.0 / (1.0 + e)
        out.share_b = e * out.share_a
    return out


cdef inline double log_sum_exp(double a, double b) noexcept nogil:
    """log(e^a + e^b) alone; -inf when both are -inf (no share to divide)."""
    if a == -INFINITY and b == -INFINITY:
        return -INFINITY
    if a > b:
        return a + log1p(exp(b - a))
    return b + log1p(exp(a - b))
