"""One thread policy for the whole library: compiled kernels, BLAS during searches, scikit-learn's pools.

Small work runs on one thread. A likelihood pass, a prediction or a k-means iteration over a few tens of
thousands of rows is short next to what waking a team of threads costs, and on a machine whose cores are
shared a descheduled worker holds up every barrier while spinning workers take the core from the main
thread. From ``PARALLEL_MIN_ROWS`` rows of work on, every available thread is used (``OMP_NUM_THREADS``
aware). A user's explicit thread count always wins.
"""
import contextlib
import functools
import sys

PARALLEL_MIN_ROWS = 100_000

# the libraries whose thread pools the controller must see; it is rebuilt when one of them is loaded later
_POOL_OWNERS = ("scipy.linalg", "sklearn")


def threads_for(n_rows, n_threads=0):
    """Thread count to pass to a compiled kernel for ``n_rows`` rows of work.

    Parameters
    ----------
    n_rows : int
        Rows the kernel loops over in parallel (distinct rows after compression).
    n_threads : int
        The user's choice: a positive number is used as given; 0 means "choose for me".

    Returns
    -------
    int
        ``n_threads`` when positive; otherwise 1 below ``PARALLEL_MIN_ROWS`` rows and 0 (all available)
        from there on.
    """
    if n_threads > 0:
        return int(n_threads)
    return 1 if n_rows < PARALLEL_MIN_ROWS else 0


@functools.cache
def _controller(loaded):
    """The process's thread pools as threadpoolctl sees them with the libraries ``loaded``; None without it."""
    try:
        import threadpoolctl

        return threadpoolctl.ThreadpoolController()
    except Exception:             # threadpoolctl missing or unable to inspect the process
        return None


def _pools():
    return _controller(tuple(name in sys.modules for name in _POOL_OWNERS))


def inspect_pools():
    """Find the process's thread pools now (tens of milliseconds) rather than in the first fit.

    Loads the libraries whose pools the policy controls, so the controller built here is the one every later
    fit and k-means uses.
    """
    import scipy.linalg  # noqa: F401
    import sklearn  # noqa: F401

    _pools()


def blas_on_one_thread():
    """Context in which the BLAS libraries run on one thread (a no-op without threadpoolctl).

    The maximum-likelihood searches make many calls on matrices of a few rows (L-BFGS-B's own, Cholesky
    factorisations): work too small to share, so waking BLAS threads for it only adds waiting.
    """
    from scipy import optimize  # noqa: F401  (loads scipy's BLAS, so the controller sees it)

    controller = _pools()
    return contextlib.nullcontext() if controller is None else controller.limit(limits=1, user_api="blas")


def pools_for(n_rows):
    """Context limiting every OpenMP and BLAS pool to one thread below ``PARALLEL_MIN_ROWS`` rows of work.

    For libraries that choose their own thread counts (scikit-learn's k-means and silhouette); from
    ``PARALLEL_MIN_ROWS`` rows on the pools keep their own sizes.
    """
    controller = _pools()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1 if n_rows < PARALLEL_MIN_ROWS else None)
