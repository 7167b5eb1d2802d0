"""How the compiled core was built: OpenMP or not, and how many threads it will use."""

include "threads.pxi"


def openmp_enabled():
    """Return True when the core was compiled with OpenMP."""
    return bool(PAYNECRM_OPENMP)


def max_threads():
    """Return the number of threads the parallel kernels use by default (``OMP_NUM_THREADS`` aware)."""
    return omp_get_max_threads()
