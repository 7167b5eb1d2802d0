"""Transaction log -> one row per customer, in O(n) without sorting the whole log.

Input: customer codes 0..n_customers-1 (from a factorisation), integer days and amounts. The rows are
bucketed by customer with a counting sort (two passes over the log); each bucket is then summarised on its
own, in parallel. A bucket is sorted (C ``qsort``) only if its days are not already in order, which they
are when the log is in date order. Purchases on the same day are merged into one transaction.

Per customer, with ``first`` = day of the first purchase and days measured from it:
``frequency`` = distinct purchase days after the first one, up to ``calibration_end`` (inclusive);
``recency`` = last such day - first (0 when frequency = 0); ``T`` = calibration_end - first;
``monetary`` = mean amount of those repeat purchase days (same-day amounts summed; 0 when none);
``frequency_holdout`` / ``monetary_holdout`` = the same for purchase days in (calibration_end,
observation_end]. A log whose rows are in day order within each customer (sorted by date, or by customer
then date) takes a single streaming pass instead. Customers with ``first > calibration_end`` get ``first`` and nothing else; the caller
drops them.
"""
from cython.parallel cimport prange
from libc.stdint cimport int64_t
from libc.stdlib cimport calloc, malloc, free, qsort

include "threads.pxi"

cdef struct Txn:
    int64_t day
    double amount


cdef int _compare_day(const void* left, const void* right) noexcept nogil:
    cdef int64_t u = (<const Txn*> left).day
    cdef int64_t v = (<const Txn*> right).day
    return (u > v) - (u < v)


cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define PAYNECRM_PREFETCH(address) __builtin_prefetch(address)
    #else
    #define PAYNECRM_PREFETCH(address) ((void) 0)
    #endif
    """
    void PAYNECRM_PREFETCH(const void* address) nogil   # a hint only: compilers without it skip it

cdef enum:
    PREFETCH_AHEAD = 16


cdef struct Running:
    # one customer's running state in the streaming pass: 64 bytes, so a row touches one cache line
    int64_t first
    int64_t last_day
    double recency
    double frequency
    double monetary
    double frequency_holdout
    double monetary_holdout
    int64_t seen


cdef bint _stream(const int64_t[::1] codes, const int64_t[::1] days, const double[::1] amounts,
                  Py_ssize_t n_customers, int64_t calibration_end, int64_t[::1] first_out,
                  double[::1] frequency_out, double[::1] recency_out, double[::1] monetary_out,
                  double[::1] frequency_holdout_out, double[::1] monetary_holdout_out) noexcept nogil:
    """One pass without bucketing, valid when each customer's rows come in day order (a log sorted by
    date, or by customer then date). Returns False at the first row out of order (or without memory).

    The running state of all customers is one array of 64-byte records: in a log sorted by date the
    customers of consecutive rows are scattered, and one record per customer makes a row cost one
    cache miss instead of one per output column."""
    cdef Py_ssize_t i, c
    cdef int64_t d
    cdef Running* state = <Running*> calloc(n_customers if n_customers > 0 else 1, sizeof(Running))
    cdef Running* s
    if state == NULL:
        return False
    for i in range(codes.shape[0]):
        if i + PREFETCH_AHEAD < codes.shape[0]:
            # the record of a customer a few rows ahead: its cache miss overlaps with this row's work
            PAYNECRM_PREFETCH(state + codes[i + PREFETCH_AHEAD])
        s = state + codes[i]
        d = days[i]
        if not s.seen:
            s.seen = 1
            s.first = d
            s.last_day = d
            s.recency = <double> d
            continue
        if d < s.last_day:
            free(state)
            return False
        if d == s.first:
            continue
        if d <= calibration_end:
            if d != s.last_day:
                s.frequency += 1
                s.recency = <double> d
            s.monetary += amounts[i]
        else:
            if d != s.last_day:
                s.frequency_holdout += 1
            s.monetary_holdout += amounts[i]
        s.last_day = d
    for c in range(n_customers):
        s = state + c
        first_out[c] = s.first
        recency_out[c] = s.recency
        frequency_out[c] = s.frequency
        monetary_out[c] = s.monetary
        frequency_holdout_out[c] = s.frequency_holdout
        monetary_holdout_out[c] = s.monetary_holdout
    free(state)
    return True


def summarize(const int64_t[::1] codes,            # IN
              const int64_t[::1] days,             # IN
              const double[::1] amounts,           # IN
              Py_ssize_t n_customers, int64_t calibration_end,
              int64_t[::1] first_out,              # OUT
              double[::1] frequency_out,           # OUT
              double[::1] recency_out,             # OUT
              double[::1] age_out,                 # OUT
              double[::1] monetary_out,            # OUT
              double[::1] frequency_holdout_out,   # OUT
              double[::1] monetary_holdout_out,    # OUT
              int n_threads=0):
    """Fill the per-customer outputs (length ``n_customers``) from the log (length ``n``).

    Parameters
    ----------
    codes : int64 memoryview
        Customer code of each transaction, in 0 .. n_customers-1 (validated by the caller).
    days : int64 memoryview
        Day of each transaction (any origin).
    amounts : float64 memoryview
        Value of each transaction (zeros when the log has no amounts).
    n_customers : int
        Number of distinct customers.
    calibration_end : int
        Last day of the calibration period (inclusive), same origin as ``days``.
    first_out, frequency_out, recency_out, age_out, monetary_out, frequency_holdout_out,
    monetary_holdout_out : memoryviews of length n_customers
        Outputs; times in days.
    n_threads : int
        Threads for the per-customer pass; 0 = all available.
    """
    cdef Py_ssize_t n = codes.shape[0], i, c, j, start, k
    cdef int nt = effective_threads(n_threads)
    cdef int64_t* offsets = <int64_t*> malloc((n_customers + 1) * sizeof(int64_t))
    cdef int64_t* cursor = <int64_t*> malloc((n_customers + 1) * sizeof(int64_t))
    cdef Txn* buffer = <Txn*> malloc((n if n > 0 else 1) * sizeof(Txn))
    cdef Txn* bucket
    cdef int64_t first, day, current, last_repeat
    cdef double day_amount, repeat_sum, holdout_sum, n_repeat, n_holdout
    cdef bint in_order, streamed = False
    if offsets == NULL or cursor == NULL or buffer == NULL:
        free(offsets)
        free(cursor)
        free(buffer)
        raise MemoryError("not enough memory to bucket the transaction log")
    try:
        with nogil:
            if _stream(codes, days, amounts, n_customers, calibration_end, first_out, frequency_out,
                       recency_out, monetary_out, frequency_holdout_out, monetary_holdout_out):
                for c in range(n_customers):
                    recency_out[c] = recency_out[c] - first_out[c]
                    age_out[c] = <double> (calibration_end - first_out[c])
                    if frequency_out[c] > 0:
                        monetary_out[c] = monetary_out[c] / frequency_out[c]
                    if frequency_holdout_out[c] > 0:
                        monetary_holdout_out[c] = monetary_holdout_out[c] / frequency_holdout_out[c]
                streamed = True
        if streamed:
            return "stream"
        with nogil:
            for c in range(n_customers + 1):
                offsets[c] = 0
            for i in range(n):
                offsets[codes[i] + 1] += 1
            for c in range(n_customers):
                offsets[c + 1] += offsets[c]
                cursor[c] = offsets[c]
            for i in range(n):
                c = codes[i]
                buffer[cursor[c]].day = days[i]
                buffer[cursor[c]].amount = amounts[i]
                cursor[c] += 1
        for c in prange(n_customers, nogil=True, num_threads=nt, schedule="guided"):
            start = offsets[c]
            k = offsets[c + 1] - start
            bucket = buffer + start
            if k == 0:      # a code without rows (never produced by a factorisation): mark as not a customer
                first_out[c] = calibration_end + 1
                continue
            in_order = True
            for j in range(1, k):
                if bucket[j].day < bucket[j - 1].day:
                    in_order = False
                    break
            if not in_order:
                qsort(bucket, k, sizeof(Txn), _compare_day)
            first = bucket[0].day
            first_out[c] = first
            n_repeat = 0
            n_holdout = 0
            repeat_sum = 0
            holdout_sum = 0
            last_repeat = first
            j = 0
            while j < k:
                current = bucket[j].day
                day_amount = 0
                while j < k and bucket[j].day == current:
                    day_amount = day_amount + bucket[j].amount
                    j = j + 1
                if current == first:
                    continue
                if current <= calibration_end:
                    n_repeat = n_repeat + 1
                    repeat_sum = repeat_sum + day_amount
                    last_repeat = current
                else:
                    n_holdout = n_holdout + 1
                    holdout_sum = holdout_sum + day_amount
            frequency_out[c] = n_repeat
            recency_out[c] = <double> (last_repeat - first)
            age_out[c] = <double> (calibration_end - first)
            monetary_out[c] = repeat_sum / n_repeat if n_repeat > 0 else 0.0
            frequency_holdout_out[c] = n_holdout
            monetary_holdout_out[c] = holdout_sum / n_holdout if n_holdout > 0 else 0.0
        return "buckets"
    finally:
        free(offsets)
        free(cursor)
        free(buffer)
