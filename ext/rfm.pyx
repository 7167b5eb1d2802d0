"""Quantile scoring of customers (RFM binning) without sorting them.

A customer's score in one dimension is the quantile bin of its *rank*, where equal values are ranked by
position (the first occurrence gets the lower rank, as ``pandas.Series.rank(method="first")``). Rank ``r``
gets score ``1 + #{j : K[j] < r}``, with ``K[j]`` the largest rank of bin ``j + 1`` (computed by the caller).

Instead of sorting, the caller passes the order statistics ``thresholds[j]`` (the ``K[j]``-th smallest value),
and each customer is placed with a binary search among them; only customers whose value equals a threshold
need their rank among equals, which one sequential pass supplies. Cost: O(n bins) cheap comparisons per column.
"""
from cython.parallel cimport prange
from libc.stdlib cimport calloc, free
from libc.stdint cimport int64_t, int8_t

include "threads.pxi"


cdef inline Py_ssize_t _count_lt(const double* thr, Py_ssize_t m, double v) noexcept nogil:
    """Number of the ``m`` sorted thresholds that are < v (a branch-free count: ``m`` is at most a few dozen,
    and on shuffled data a binary search pays a mispredicted branch at every step)."""
    cdef Py_ssize_t j, lo = 0
    for j in range(m):
        lo += thr[j] < v
    return lo


cdef int _score_column(const double[::1] x, const double[::1] thr, const int64_t[::1] K,
                       int8_t[::1] out) noexcept nogil:
    """Score one column in place; returns 0, or -1 when scratch memory cannot be allocated."""
    cdef Py_ssize_t n = x.shape[0], m = thr.shape[0], i, j, lo, hi, s
    cdef int64_t r
    cdef double v
    cdef int64_t* hist = <int64_t*> calloc(m + 1, sizeof(int64_t))
    cdef int64_t* seen = <int64_t*> calloc(m + 1, sizeof(int64_t))
    cdef Py_ssize_t* group_end = <Py_ssize_t*> calloc(m + 1, sizeof(Py_ssize_t))
    if hist == NULL or seen == NULL or group_end == NULL:
        free(hist)
        free(seen)
        free(group_end)
        return -1
    # group_end[j]: one past the last threshold equal to thr[j]
    for j in range(m - 1, -1, -1):
        group_end[j] = group_end[j + 1] if (j + 1 < m and thr[j + 1] == thr[j]) else j + 1
    # pass 1: customers strictly between thresholds are final; those equal to one get -(lo + 1)
    cdef const double* tp = &thr[0]
    for i in range(n):
        v = x[i]
        lo = _count_lt(tp, m, v)
        if lo < m and thr[lo] == v:
            hist[group_end[lo]] += 1
            out[i] = <int8_t> (-(lo + 1))
        else:
            hist[lo] += 1
            out[i] = <int8_t> (lo + 1)
    # hist[h] counts customers with h thresholds <= x; #(x < thr[j]) = sum of hist[0..j]
    for j in range(1, m + 1):
        hist[j] += hist[j - 1]
    # pass 2: customers equal to a threshold value, ranked by position among equals
    for i in range(n):
        if out[i] > 0:
            continue
        lo = -out[i] - 1
        seen[lo] += 1
        r = hist[lo] + seen[lo]        # rank: customers below the value, plus order among equals
        s = lo
        hi = group_end[lo]
        while s < hi and K[s] < r:
            s += 1
        out[i] = <int8_t> (s + 1)
    free(hist)
    free(seen)
    free(group_end)
    return 0


def score_columns(list columns,              # IN  float64 columns to score
                  list thresholds,           # IN  each column's score thresholds
                  const int64_t[::1] K,      # IN  number of scores of each column
                  int8_t[:, ::1] out,        # OUT scores, one row per column
                  int n_threads=0):
    """Score several columns (one thread per column).

    Parameters
    ----------
    columns : list of float64 arrays, each of length n (no NaN)
    thresholds : list of float64 arrays, each of length ``len(K)``: the ``K[j]``-th smallest value of the
        matching column (1-based order statistic)
    K : int64 array
        Largest rank of each bin but the last, ascending.
    out : int8 array (len(columns), n)
        Receives the scores 1..len(K)+1.
    n_threads : int
        Threads to use (0: all available).
    """
    cdef Py_ssize_t c, n_cols = len(columns)
    cdef int failed = 0
    cdef const double[::1] x0, x1, x2, t0, t1, t2
    if n_cols < 1 or n_cols > 3 or len(thresholds) != n_cols:
        raise ValueError("score_columns takes one to three columns with matching thresholds")
    x0 = columns[0]
    t0 = thresholds[0]
    x1 = columns[1] if n_cols > 1 else columns[0]
    t1 = thresholds[1] if n_cols > 1 else thresholds[0]
    x2 = columns[2] if n_cols > 2 else columns[0]
    t2 = thresholds[2] if n_cols > 2 else thresholds[0]
    for c in prange(n_cols, nogil=True, num_threads=effective_threads(n_threads), schedule="static", chunksize=1):
        if c == 0:
            failed += _score_column(x0, t0, K, out[0])
        elif c == 1:
            failed += _score_column(x1, t1, K, out[1])
        else:
            failed += _score_column(x2, t2, K, out[2])
    if failed:
        raise MemoryError("not enough memory to score the customers")


cdef void _cell_column(const double[::1] x, const double[::1] edges, int8_t[::1] out,
                       int64_t[::1] hist) noexcept nogil:
    """Cell of each value among sorted distinct ``edges``: 2i + 1 when equal to edges[i], else 2 * #(edges < x)."""
    cdef Py_ssize_t n = x.shape[0], e = edges.shape[0], i, lo, c
    cdef double v
    cdef const double* ep = &edges[0]
    cdef int64_t* h = &hist[0]
    cdef int8_t* o = &out[0]
    cdef const double* xp = &x[0]
    for i in range(n):
        v = xp[i]
        lo = _count_lt(ep, e, v)
        c = 2 * lo + 1 if (lo < e and edges[lo] == v) else 2 * lo
        o[i] = <int8_t> c
        h[c] += 1


def cell_columns(list columns,               # IN  float64 columns
                 list edges,                 # IN  each column's bracket edges
                 int8_t[:, ::1] out,         # OUT cell of every value, one row per column
                 int64_t[:, ::1] hist,       # OUT values per cell, one row per column
                 int n_threads=0):
    """Locate every value among sample-based bracket edges (one pass per column, one thread per column).

    Parameters
    ----------
    columns : list of float64 arrays of length n (one to three)
    edges : list of float64 arrays: sorted distinct edges of each column (at most 60)
    out : int8 array (len(columns), n)
        Receives the cell of each value: ``2 i + 1`` when it equals ``edges[i]``, ``2 k`` when ``k`` edges are
        below it.
    hist : int64 array (len(columns), 2 * max edges + 1), zeroed
        Receives the number of values in each cell.
    n_threads : int
        Threads to use (0: all available).
    """
    cdef Py_ssize_t c, n_cols = len(columns)
    cdef const double[::1] x0, x1, x2, e0, e1, e2
    if n_cols < 1 or n_cols > 3 or len(edges) != n_cols:
        raise ValueError("cell_columns takes one to three columns with matching edges")
    x0 = columns[0]
    e0 = edges[0]
    x1 = columns[1] if n_cols > 1 else columns[0]
    e1 = edges[1] if n_cols > 1 else edges[0]
    x2 = columns[2] if n_cols > 2 else columns[0]
    e2 = edges[2] if n_cols > 2 else edges[0]
    for c in prange(n_cols, nogil=True, num_threads=effective_threads(n_threads), schedule="static", chunksize=1):
        if c == 0:
            _cell_column(x0, e0, out[0], hist[0])
        elif c == 1:
            _cell_column(x1, e1, out[1], hist[1])
        else:
            _cell_column(x2, e2, out[2], hist[2])


def gather_cells(const double[::1] x,         # IN  values
                 const int8_t[::1] cells,     # IN  cell of each value
                 const int64_t[::1] slot,     # IN  block of each cell (-1: not wanted)
                 const int64_t[::1] start,    # IN  offset of each block in out
                 double[::1] out):            # OUT the selected values, cell by cell
    """Copy the values of selected cells into ``out``, cell by cell, in row order.

    ``slot[c]`` is the block of cell ``c`` (-1: not wanted) and ``start[b]`` the offset of block ``b`` in ``out``
    (blocks sized from the cell counts by the caller).
    """
    cdef Py_ssize_t i, n = x.shape[0], s
    cdef int64_t* pos
    cdef Py_ssize_t nb = start.shape[0]
    pos = <int64_t*> calloc(nb + 1, sizeof(int64_t))
    if pos == NULL:
        raise MemoryError("not enough memory to gather the values")
    with nogil:
        for i in range(nb):
            pos[i] = start[i]
        for i in range(n):
            s = slot[cells[i]]
            if s >= 0:
                out[pos[s]] = x[i]
                pos[s] += 1
    free(pos)
