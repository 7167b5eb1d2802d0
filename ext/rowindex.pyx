"""Hash-based grouping of customer histories for the likelihoods and predictions: one compiled pass each.

``factorize(values)`` numbers the distinct values of a float64 array in first-seen order (like
``pandas.factorize`` without its overhead, for clean data: no NaN). ``index_histories`` merges identical
(frequency, recency, T) rows into weights and expresses recency and age as indices into their distinct
values, which is what the BG/NBD family's likelihood takes.

Both use open addressing with linear probing in tables that start small and double when half full, so
the memory touched grows with the number of distinct values, not of rows (a few hundred distinct times
among tens of thousands of customers stay in the processor's cache). -0.0 and 0.0 are one value.
"""
import numpy as np
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

cdef enum:
    CODE_BITS = 21          # index_histories packs (x, recency code, age code) into 3 x 21 bits
    MERGE_PROBE_ROWS = 65536   # index_histories stops merging when 3/4 of these rows are distinct


cdef struct HashIndex:
    int64_t* slots          # -1 (empty) or the number of the entry
    uint64_t* keys          # key of each entry, in first-seen order
    Py_ssize_t size         # number of slots, a power of 2
    Py_ssize_t count        # number of entries
    Py_ssize_t capacity     # room in keys


cdef inline uint64_t _bits(double value) noexcept nogil:
    cdef uint64_t out
    value = value + 0.0             # -0.0 -> 0.0
    memcpy(&out, &value, 8)
    return out


cdef inline double _from_bits(uint64_t bits) noexcept nogil:
    cdef double out
    memcpy(&out, &bits, 8)
    return out


cdef inline uint64_t _mix(uint64_t h) noexcept nogil:
    # a 64-bit finaliser: every input bit affects every output bit
    h ^= h >> 33
    h *= 0xff51afd7ed558ccdULL
    h ^= h >> 33
    h *= 0xc4ceb9fe1a85ec53ULL
    h ^= h >> 33
    return h


cdef int _init(HashIndex* h, Py_ssize_t capacity) noexcept nogil:
    """A table of 1,024 slots with room for ``capacity`` keys; returns -1 when out of memory."""
    cdef Py_ssize_t i
    h.size = 1024
    h.count = 0
    h.capacity = capacity if capacity > 1 else 1
    h.slots = <int64_t*> malloc(h.size * sizeof(int64_t))
    h.keys = <uint64_t*> malloc(h.capacity * sizeof(uint64_t))
    if h.slots == NULL or h.keys == NULL:
        return -1
    for i in range(h.size):
        h.slots[i] = -1
    return 0


cdef void _release(HashIndex* h) noexcept nogil:
    free(h.slots)
    free(h.keys)
    h.slots = NULL
    h.keys = NULL


cdef int _grow(HashIndex* h) noexcept nogil:
    """Double the slots and re-insert every entry; returns -1 when out of memory."""
    cdef Py_ssize_t i, size = h.size * 2
    cdef uint64_t mask = <uint64_t> (size - 1), slot
    cdef int64_t* slots = <int64_t*> malloc(size * sizeof(int64_t))
    if slots == NULL:
        return -1
    for i in range(size):
        slots[i] = -1
    for i in range(h.count):
        slot = _mix(h.keys[i]) & mask
        while slots[slot] >= 0:
            slot = (slot + 1) & mask
        slots[slot] = i
    free(h.slots)
    h.slots = slots
    h.size = size
    return 0


cdef inline int64_t _find_or_add(HashIndex* h, uint64_t key) noexcept nogil:
    """The number of ``key``'s entry, added if new; -1 when out of memory."""
    cdef uint64_t mask, slot
    cdef int64_t found
    if 2 * (h.count + 1) > h.size:
        if _grow(h) < 0:
            return -1
    mask = <uint64_t> (h.size - 1)
    slot = _mix(key) & mask
    while True:
        found = h.slots[slot]
        if found < 0:
            h.slots[slot] = h.count
            h.keys[h.count] = key
            h.count += 1
            return h.count - 1
        if h.keys[found] == key:
            return found
        slot = (slot + 1) & mask


def factorize(const double[::1] values):  # IN
    """Codes (int64, first-seen order) and distinct values (float64) of ``values``, which hold no NaN."""
    cdef Py_ssize_t i, n = values.shape[0]
    cdef HashIndex h
    cdef int64_t code = 0
    codes = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] c = codes
    if _init(&h, n) < 0:
        _release(&h)
        raise MemoryError
    with nogil:
        for i in range(n):
            code = _find_or_add(&h, _bits(values[i]))
            if code < 0:
                break
            c[i] = code
    if code < 0:
        _release(&h)
        raise MemoryError
    uniques = np.empty(h.count, dtype=float)
    cdef double[::1] u = uniques
    for i in range(h.count):
        u[i] = _from_bits(h.keys[i])
    _release(&h)
    return codes, uniques


def index_histories(const double[::1] x,         # IN
                    const double[::1] t_x,       # IN
                    const double[::1] T,         # IN
                    const double[::1] weights):  # IN
    """Identical (x, t_x, T) rows merged; recency and age as indices into their distinct values.

    Merging pays when histories repeat (a likelihood pass costs about as much per row as hashing one);
    when most of the first ``MERGE_PROBE_ROWS`` rows are distinct it does not, and the rows are kept as
    they are (only the times are indexed).

    Parameters
    ----------
    x, t_x, T, weights : memoryviews of float64
        Validated histories (whole x >= 0, no NaN) and their weights.

    Returns
    -------
    first : int64 array
        The first row of each distinct history, in first-seen order (every row when not merged).
    merged : float64 array
        The summed weights of each distinct history.
    times : float64 array
        The distinct values among recency and age together.
    t_x_index, T_index : int64 arrays
        For each distinct history, the index of its recency and of its age in ``times``.

    Raises
    ------
    OverflowError
        With 2^21 or more distinct times or a frequency of 2^21 or more (a history's key would not fit
        in 64 bits); the caller then groups another way.
    """
    cdef Py_ssize_t i, n = x.shape[0], known
    cdef HashIndex times, rows
    cdef int64_t code_tx = 0, code_t = 0, group = 0
    cdef uint64_t limit = (<uint64_t> 1) << CODE_BITS
    cdef int status = 0          # 0 ok, 1 out of memory, 2 overflow
    cdef bint merging = True
    first = np.empty(n, dtype=np.int64)
    merged = np.empty(n, dtype=float)
    t_x_index = np.empty(n, dtype=np.int64)
    T_index = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] fi = first, txi = t_x_index, ti = T_index
    cdef double[::1] mw = merged
    if _init(&times, 2 * n) < 0 or _init(&rows, n) < 0:
        _release(&times)
        _release(&rows)
        raise MemoryError
    with nogil:
        for i in range(n):
            if not (x[i] < <double> limit):
                status = 2
                break
            code_tx = _find_or_add(&times, _bits(t_x[i]))
            code_t = _find_or_add(&times, _bits(T[i]))
            if code_tx < 0 or code_t < 0:
                status = 1
                break
            if times.count > <Py_ssize_t> limit:
                status = 2
                break
            if not merging:
                txi[i] = code_tx
                ti[i] = code_t
                continue
            known = rows.count
            group = _find_or_add(&rows, ((<uint64_t> x[i]) << (2 * CODE_BITS))
                                 | ((<uint64_t> code_tx) << CODE_BITS) | <uint64_t> code_t)
            if group < 0:
                status = 1
                break
            if rows.count > known:              # a new history
                fi[group] = i
                mw[group] = weights[i]
                txi[group] = code_tx
                ti[group] = code_t
            else:
                mw[group] += weights[i]
            if i == MERGE_PROBE_ROWS - 1 and rows.count > (MERGE_PROBE_ROWS * 3) // 4:
                # most histories are distinct: keep the rows, index the times of those seen so far again
                merging = False
                for group in range(i + 1):
                    txi[group] = _find_or_add(&times, _bits(t_x[group]))
                    ti[group] = _find_or_add(&times, _bits(T[group]))
    if status:
        _release(&times)
        _release(&rows)
        if status == 1:
            raise MemoryError
        raise OverflowError("too many distinct frequencies and times to index the histories")
    distinct = np.empty(times.count, dtype=float)
    cdef double[::1] d = distinct
    for i in range(times.count):
        d[i] = _from_bits(times.keys[i])
    groups = rows.count
    _release(&times)
    _release(&rows)
    if not merging:
        return np.arange(n, dtype=np.int64), np.array(weights, dtype=float), distinct, t_x_index, T_index
    return first[:groups].copy(), merged[:groups].copy(), distinct, t_x_index[:groups].copy(), T_index[:groups].copy()


def dense_codes(const int64_t[::1] values,   # IN
                int64_t low, int64_t high):
    """Codes of integer ids in ``[low, high]`` by direct addressing: the distinct ids sorted, numbered 0..k-1.

    Returns ``(codes, distinct)`` (int64 arrays): the ids present are marked in a table of one byte per
    possible id, numbered by a running count (32-bit numbers, so the table of numbers stays small in
    cache) and each id is looked up; two passes over ``values`` without temporaries of their length.
    """
    cdef Py_ssize_t i, n = values.shape[0], span = high - low + 1, count = 0
    cdef int64_t v
    cdef bint outside = False
    if span <= 0 or span >= 2 ** 31:
        raise ValueError("high - low must be between 0 and 2^31 - 2")
    present = np.zeros(span, dtype=np.uint8)
    number = np.empty(span, dtype=np.int32)
    codes = np.empty(n, dtype=np.int64)
    cdef unsigned char[::1] mark = present
    cdef int[::1] table = number
    cdef int64_t[::1] out = codes
    with nogil:
        for i in range(n):
            v = values[i] - low
            if v < 0 or v >= span:
                outside = True
                break
            mark[v] = 1
    if outside:
        raise ValueError("values must lie in [low, high]")
    distinct = np.empty(int(np.count_nonzero(present)), dtype=np.int64)
    cdef int64_t[::1] d = distinct
    with nogil:
        for i in range(span):
            if mark[i]:
                d[count] = i + low
                table[i] = <int> count
                count += 1
        for i in range(n):
            out[i] = table[values[i] - low]
    return codes, distinct
