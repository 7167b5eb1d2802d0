"""How many threads a compiled CLV kernel uses: one rule for every model, fit and prediction.

A likelihood evaluation or a prediction pass over tens of thousands of rows is a millisecond of work,
less than what a parallel region costs once the machine's cores are shared (workers that are descheduled
hold up every barrier, and their spinning takes the core from the main thread). So below
``PARALLEL_MIN_ROWS`` distinct rows the kernels run on one thread, unless the user asked for a number.
"""

PARALLEL_MIN_ROWS = 100_000


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
        ``n_threads`` when positive; otherwise 1 below ``PARALLEL_MIN_ROWS`` rows and 0 (all available,
        ``OMP_NUM_THREADS`` aware) from there on.
    """
    if n_threads > 0:
        return int(n_threads)
    return 1 if n_rows < PARALLEL_MIN_ROWS else 0
