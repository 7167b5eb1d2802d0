# Shared inline helper: the trigamma function psi'(x) for x > 0 (scipy's cython_special has no polygamma).
# Include it (``include "trigamma.pxi"``) rather than cimporting it, so every kernel stays self-contained.
# Needs ``NAN`` from libc.math in the including module.
#
# Recurrence psi'(x) = psi'(x + 1) + 1/x^2 up to x >= 10, then the asymptotic series
#     psi'(x) ~ 1/x + 1/(2x^2) + sum_k B_2k / x^(2k+1)
#            = 1/x + 1/(2x^2) + 1/(6x^3) - 1/(30x^5) + 1/(42x^7) - 1/(30x^9) + 5/(66x^11) - 691/(2730x^13)
# whose first omitted term, 7/(6x^15), is about 1e-14 of the value at x = 10 and smaller beyond.

cdef inline double trigamma(double x) noexcept nogil:
    cdef double acc = 0.0, inv, inv2
    if not (x > 0):
        return NAN
    while x < 10.0:
        acc += 1.0 / (x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    return acc + inv + inv2 * (0.5 + inv * (1.0 / 6.0 + inv2 * (-1.0 / 30.0 + inv2 * (1.0 / 42.0 + inv2 * (
        -1.0 / 30.0 + inv2 * (5.0 / 66.0 - inv2 * 691.0 / 2730.0))))))
