# cython: boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Hash-based grouping of customer histories for the likelihoods and predictions: one compiled pass each.

``factorize(values)`` numbers the distinct values of a float64 array in first-seen order (like
``pandas.factorize`` without its overhead, for clean data: no NaN). ``index_histories`` merges identical
(frequency, recency, T) rows into weights and expresses recency and age as indices into their distinct
values, which is what the BG/NBD family's likelihood takes. Both use open addressing with linear probing
in a table of at least twice as many slots as rows; -0.0 and 0.0 are one value.
"""
import numpy as np
from libc.stdint cimport int64_t, uint64_t
from libc.string cimport memcpy

cdef inline uint64_t _bits(double value) noexcept nogil:
    cdef uint64_t out
    value = value + 0.0             # -0.0 -> 0.0
    memcpy(&out, &value, 8)
    return out


cdef inline uint64_t _mix(uint64_t h) noexcept nogil:
    # a 64-bit finaliser: every input bit affects every output bit
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    h *= 0xc4ceb9fe1a85ec53ULL
    h ^= h >> 33
    return h


cdef Py_ssize_t _table_size(Py_ssize_t n):
    cdef Py_ssize_t size = 16
    while size < 2 * n:
        size *= 2
    return size


cdef Py_ssize_t _factorize_into(const double[::1] values, int64_t[::1] codes, double[::1] uniques,
                                int64_t[::1] table) noexcept nogil:
    """Fill ``codes`` (first-seen numbering) and ``uniques``; returns the number of distinct values."""
    cdef Py_ssize_t i, n = values.shape[0], count = 0
    cdef uint64_t mask = <uint64_t> (table.shape[0] - 1), slot, key
    cdef int64_t found
    for i in range(n):
        key = _bits(values[i])
        slot = _mix(key) & mask
        while True:
            found = table[slot]
            if found < 0:
                table[slot] = count
                uniques[count] = values[i] + 0.0
                codes[i] = count
                count += 1
                break
            if _bits(uniques[found]) == key:
                codes[i] = found
                break
            slot = (slot + 1) & mask
    return count


def factorize(const double[::1] values):
    """Codes (int64, first-seen order) and distinct values (float64) of ``values``, which hold no NaN."""
    cdef Py_ssize_t n = values.shape[0], count
    codes = np.empty(n, dtype=np.int64)
    uniques = np.empty(n, dtype=float)
    table = np.full(_table_size(n), -1, dtype=np.int64)
    cdef int64_t[::1] c = codes, t = table
    cdef double[::1] u = uniques
    with nogil:
        count = _factorize_into(values, c, u, t)
    return codes, uniques[:count].copy()


def index_histories(const double[::1] x, const double[::1] t_x, const double[::1] T,
                    const double[::1] weights):
    """Identical (x, t_x, T) rows merged; recency and age as indices into their distinct values.

    Parameters
    ----------
    x, t_x, T, weights : memoryviews of float64
        Validated histories (whole x >= 0, no NaN) and their weights.

    Returns
    -------
    first : int64 array
        The first row of each distinct history, in first-seen order.
    merged : float64 array
        The summed weights of each distinct history.
    times : float64 array
        The distinct values among recency and age together.
    t_x_index, T_index : int64 arrays
        For each distinct history, the index of its recency and of its age in ``times``.
    """
    cdef Py_ssize_t i, n = x.shape[0], n_times, n_groups = 0
    cdef uint64_t mask, slot, key
    cdef int64_t found, xi, m
    cdef double max_x
    both = np.concatenate((t_x, T))
    time_codes = np.empty(2 * n, dtype=np.int64)
    all_times = np.empty(2 * n, dtype=float)
    time_table = np.full(_table_size(2 * n), -1, dtype=np.int64)
    cdef int64_t[::1] tc = time_codes, tt = time_table
    cdef double[::1] at = all_times, both_view = both
    with nogil:
        n_times = _factorize_into(both_view, tc, at, tt)
    m = max(n_times, 1)
    row_table = np.full(_table_size(n), -1, dtype=np.int64)
    group_keys = np.empty(n, dtype=np.uint64)
    first = np.empty(n, dtype=np.int64)
    merged = np.zeros(n, dtype=float)
    cdef int64_t[::1] rt = row_table, fi = first
    cdef uint64_t[::1] gk = group_keys
    cdef double[::1] mw = merged
    max_x = float(np.max(x)) if n else 0.0
    if (max_x + 1.0) * float(m) * float(m) >= 1.8e19:
        # a history's key (x, recency index, age index) would not fit in 64 bits
        raise OverflowError("too many distinct frequencies and times to index the histories")
    mask = <uint64_t> (rt.shape[0] - 1)
    with nogil:
        for i in range(n):
            xi = <int64_t> x[i]
            key = (<uint64_t> xi * <uint64_t> m + <uint64_t> tc[i]) * <uint64_t> m + <uint64_t> tc[n + i]
            slot = _mix(key) & mask
            while True:
                found = rt[slot]
                if found < 0:
                    rt[slot] = n_groups
                    gk[n_groups] = key
                    fi[n_groups] = i
                    mw[n_groups] = weights[i]
                    n_groups += 1
                    break
                if gk[found] == key:
                    mw[found] += weights[i]
                    break
                slot = (slot + 1) & mask
    first = first[:n_groups].copy()
    return (first, merged[:n_groups].copy(), all_times[:n_times].copy(),
            np.ascontiguousarray(time_codes[first]), np.ascontiguousarray(time_codes[n + first]))
