# The prologue shared by the compiled kernels: valid parameters, and frequencies a per-frequency table can
# be built for. Include it (``include "guards.pxi"``) rather than cimporting it, so every kernel stays
# self-contained. Kernels give NaN where a guard fails; the Python layer turns that into a clear error.

cdef enum:
    MEMO_MAX_FREQUENCY = 1000000      # largest frequency a per-frequency table is built for


cdef inline bint all_positive(double a, double b, double c=1.0, double d=1.0) noexcept nogil:
    """True when every parameter is > 0 (False for NaN)."""
    return a > 0 and b > 0 and c > 0 and d > 0


cdef inline Py_ssize_t largest_frequency(const double[::1] x, double smallest) noexcept nogil:
    """The largest frequency in ``x``; -1 when one is not a whole number >= ``smallest`` or is beyond
    ``MEMO_MAX_FREQUENCY``."""
    cdef Py_ssize_t i, largest = 0
    cdef double xi
    for i in range(x.shape[0]):
        xi = x[i]
        if not (xi >= smallest and xi <= MEMO_MAX_FREQUENCY and xi == <double> (<Py_ssize_t> xi)):
            return -1
        if xi > largest:
            largest = <Py_ssize_t> xi
    return largest
