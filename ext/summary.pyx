"""Transaction log -> one row per customer, in O(n) without sorting the whole log.

Input: customer codes 0..n_customers-1 (from a factorisation), integer days and amounts. A log whose rows
are in day order within each customer (sorted by date, or by customer then date) takes a single streaming
pass. Any other order (a shuffled log) is bucketed by customer with a counting sort: one pass counts each
customer's rows, one pass scatters (day, amount) into the customer's bucket, with the bucket of a row a few
rows ahead prefetched so the scattered writes overlap. Each bucket is then summarised on its own, in
parallel: a small bucket (most customers have a handful of purchases) is put in day order by an insertion
sort, which costs one comparison per row when the bucket is already in order; a large one is checked and,
if out of order, sorted with C ``qsort``. Purchases on the same day are merged into one transaction.

Per customer, with ``first`` = day of the first purchase and days measured from it:
``frequency`` = distinct purchase days after the first one, up to ``calibration_end`` (inclusive);
``recency`` = last such day - first (0 when frequency = 0); ``T`` = calibration_end - first;
``monetary`` = mean amount of those repeat purchase days (same-day amounts summed; 0 when none);
``frequency_holdout`` / ``monetary_holdout`` = the same for purchase days in (calibration_end,
observation_end]. Customers with ``first > calibration_end`` get ``first`` and nothing else; the caller
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
    #if defined(__linux__)
    #include <stdint.h>
    #include <sys/mman.h>
    #endif
    /* Ask for transparent huge pages over the 2 MiB-aligned interior of a large scratch block. A fresh
       block is mapped page by page as it is first written, and on a virtual machine each of the
       thousands of 4 KiB page faults of a 16 MB buffer costs microseconds; 2 MiB pages need 512 times
       fewer. Advice only (as NumPy gives for its large arrays): ignored where unsupported. */
    static void paynecrm_prefer_huge_pages(void* block, size_t size) {
    #if defined(__linux__) && defined(MADV_HUGEPAGE)
        const uintptr_t huge = (uintptr_t) 1 << 21;
        uintptr_t start = ((uintptr_t) block + huge - 1) & ~(huge - 1);
        uintptr_t end = ((uintptr_t) block + size) & ~(huge - 1);
        if (size >= ((size_t) 4 << 20) && end > start)
            madvise((void*) start, end - start, MADV_HUGEPAGE);
    #else
        (void) block; (void) size;
    #endif
    }
    """
    void PAYNECRM_PREFETCH(const void* address) nogil   # a hint only: compilers without it skip it
    void paynecrm_prefer_huge_pages(void* block, size_t size) nogil

cdef enum:
    PREFETCH_AHEAD = 16
    SMALL_BUCKET = 32       # buckets up to this size are insertion-sorted; larger ones go to qsort


cdef inline void _order_bucket(Txn* bucket, Py_ssize_t k) noexcept nogil:
    """Put one customer's transactions in day order (stable for a small bucket; the order of a day's
    amounts only affects the rounding of their sum)."""
    cdef Py_ssize_t j, m
    cdef Txn moving
    if k <= SMALL_BUCKET:
        for j in range(1, k):
            moving = bucket[j]
            m = j
            while m > 0 and bucket[m - 1].day > moving.day:
                bucket[m] = bucket[m - 1]
                m -= 1
            bucket[m] = moving
        return
    for j in range(1, k):
        if bucket[j].day < bucket[j - 1].day:
            qsort(bucket, k, sizeof(Txn), _compare_day)
            return


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
    paynecrm_prefer_huge_pages(state, n_customers * sizeof(Running))
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
    cdef Py_ssize_t n = codes.shape[0], i, c, j, start, k, ahead
    cdef int nt = effective_threads(n_threads)
    # bucket c is buffer[ends[c]:ends[c + 1]]; while scattering, ends[c + 1] walks from its start to its end
    cdef int64_t* ends = <int64_t*> malloc((n_customers + 2) * sizeof(int64_t))
    cdef Txn* buffer = NULL
    cdef Txn* bucket
    cdef int64_t first, day, current, last_repeat, position
    cdef double day_amount, repeat_sum, holdout_sum, n_repeat, n_holdout
    cdef bint streamed = False
    if ends == NULL:
        raise MemoryError("not enough memory to summarise the transaction log")
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
        buffer = <Txn*> malloc((n if n > 0 else 1) * sizeof(Txn))
        if buffer == NULL:
            raise MemoryError("not enough memory to bucket the transaction log")
        paynecrm_prefer_huge_pages(buffer, n * sizeof(Txn))
        with nogil:
            for c in range(n_customers + 2):
                ends[c] = 0
            for i in range(n):
                ends[codes[i] + 2] += 1
            for c in range(n_customers):
                ends[c + 2] += ends[c + 1]      # now ends[c + 1] = rows of customers before c = start of c
            ahead = n - PREFETCH_AHEAD
            for i in range(n):
                if i < ahead:
                    PAYNECRM_PREFETCH(buffer + ends[codes[i + PREFETCH_AHEAD] + 1])
                c = codes[i] + 1
                position = ends[c]
                buffer[position].day = days[i]
                buffer[position].amount = amounts[i]
                ends[c] = position + 1
        for c in prange(n_customers, nogil=True, num_threads=nt, schedule="guided"):
            start = ends[c]
            k = ends[c + 1] - start
            bucket = buffer + start
            if k == 0:      # a code without rows (never produced by a factorisation): mark as not a customer
                first_out[c] = calibration_end + 1
                continue
            _order_bucket(bucket, k)
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
        free(ends)
        free(buffer)
