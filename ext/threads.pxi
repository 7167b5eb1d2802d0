# Shared inline helpers for the thread count of the compiled kernels.
# Include it (``include "threads.pxi"``) rather than cimporting it, so every kernel stays self-contained.

cdef extern from "openmp_compat.h" nogil:
    int PAYNECRM_OPENMP
    int omp_get_max_threads()
    int omp_get_thread_num()


cdef inline int effective_threads(int n_threads) noexcept nogil:
    """Number of threads a ``prange`` should use: ``n_threads`` if positive, else all available."""
    if n_threads > 0:
        return n_threads
    return omp_get_max_threads()
