# The rules of a valid customer history and of a valid spend row, once, for every kernel that checks them.
# Include it (``include "history_rules.pxi"``) rather than cimporting it, so every kernel stays
# self-contained. Needs ``INFINITY`` from libc.math in the including module.
#
# Comparisons are false for NaN, so a NaN anywhere fails a rule. Adding and taking away 2^52 rounds x to
# a whole number (exactly, for 0 <= x < 1e15) without a branch or an integer conversion, which keeps the
# loops that apply the rules free of branches.

cdef inline bint history_is_clean(double x, double t_x, double T) noexcept nogil:
    """A (frequency, recency, T) history needing no correction: whole x >= 0, 0 <= t_x <= T < inf,
    t_x = 0 where x = 0."""
    cdef double whole = (x + 4503599627370496.0) - 4503599627370496.0
    return ((x >= 0) & (x < 1e15) & (t_x >= 0) & (t_x <= T) & (T < INFINITY) & (x == whole)
            & ((x > 0) | (t_x == 0)))


cdef inline bint spend_is_clean(double x, double m) noexcept nogil:
    """A (frequency, mean repeat spend) row: whole x >= 0, 0 <= m < inf."""
    cdef double whole = (x + 4503599627370496.0) - 4503599627370496.0
    return (x >= 0) & (x < 1e15) & (x == whole) & (m >= 0) & (m < INFINITY)
