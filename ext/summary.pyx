"""Transaction log -> one row per customer, in O(n) without sorting the whole log by comparisons.

Input: customer codes 0..n_customers-1 (from a factorisation), integer days and amounts. Three paths, all
giving the same result (amounts summed in another order may differ in the last bits):

* ``"stream"``: a log whose rows are in day order within each customer (sorted by date, or by customer
  then date) takes one streaming pass that keeps each customer's running state in a 64-byte record.
* ``"day order"``: any other order (a shuffled log) whose days span at most ``max(n, 2**18)`` values (any
  log of real dates does: 2**18 days are 717 years) is first put in date order by a counting sort on the
  day (one pass counts the rows of each day, one pass writes each row to its day's run; the runs are few
  and written front to back, so the writes stay in cache), then takes the same streaming pass.
* ``"buckets"``: the general case. The rows are bucketed by customer with a counting sort and each bucket
  is summarised on its own, in parallel, after putting it in day order (an insertion sort for a small
  bucket, C ``qsort`` for a large one out of order).

Purchases on the same day are merged into one transaction. Per customer, with ``first`` = day of the
first purchase and days measured from it:
``frequency`` = distinct purchase days after the first one, up to ``calibration_end`` (inclusive);
``recency`` = last such day - first (0 when frequency = 0); ``T`` = calibration_end - first;
``monetary`` = mean amount of those repeat purchase days (same-day amounts summed; 0 when none);
``frequency_holdout`` / ``monetary_holdout`` = the same for purchase days in (calibration_end,
observation_end]. Customers with ``first > calibration_end`` were not yet customers, and a code without
rows is none (it gets ``first = calibration_end + 1``): the caller drops both.
"""
from cython.parallel cimport prange
from libc.stdint cimport int32_t, int64_t, uint64_t
from libc.stdlib cimport calloc, malloc, free, qsort
from libc.string cimport memset

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
    #include <stdint.h>
    #include <stdlib.h>
    #include <string.h>
    #if defined(__linux__)
    #include <sys/mman.h>
    #endif
    /* A large scratch block (free it with free()), zeroed if asked. On Linux a block of 4 MiB or more is
       aligned on 2 MiB and advised to use transparent huge pages: a fresh block is mapped page by page as
       it is first written, and on a virtual machine each of the thousands of 4 KiB page faults of a 16 MB
       block costs microseconds; 2 MiB pages need 512 times fewer. Elsewhere (or if the advice is not
       taken) it is an ordinary block. */
    static void* paynecrm_scratch(size_t size, int zeroed) {
    #if defined(__linux__) && defined(MADV_HUGEPAGE)
        const size_t huge = (size_t) 1 << 21;
        if (size >= ((size_t) 4 << 20)) {
            void* block = NULL;
            size_t rounded = (size + huge - 1) & ~(huge - 1);
            if (posix_memalign(&block, huge, rounded) != 0)
                return NULL;
            madvise(block, rounded, MADV_HUGEPAGE);
            if (zeroed)
                memset(block, 0, size);
            return block;
        }
    #endif
        return zeroed ? calloc(size > 0 ? size : 1, 1) : malloc(size > 0 ? size : 1);
    }
    """
    void PAYNECRM_PREFETCH(const void* address) nogil   # a hint only: compilers without it skip it
    void* paynecrm_scratch(size_t size, int zeroed) nogil

cdef enum:
    PREFETCH_AHEAD = 16
    SMALL_BUCKET = 32       # buckets up to this size are insertion-sorted; larger ones go to qsort
    DAY_ORDER_MIN_SPAN = 1 << 18    # the counting sort by day is used up to max(rows, this) distinct days


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


cdef struct Row:
    # a transaction in the log put in date order: 16 bytes
    int32_t code
    int32_t day             # days since the log's first day
    double amount


cdef inline bint _add(Running* s, int64_t d, double amount, int64_t calibration_end) noexcept nogil:
    """Add one transaction to its customer's running state. False when it comes before the customer's
    latest one (the streaming pass needs each customer's rows in day order)."""
    if not s.seen:
        s.seen = 1
        s.first = d
        s.last_day = d
        s.recency = <double> d
        return True
    if d < s.last_day:
        return False
    if d == s.first:
        return True
    if d <= calibration_end:
        if d != s.last_day:
            s.frequency += 1
            s.recency = <double> d
        s.monetary += amount
    else:
        if d != s.last_day:
            s.frequency_holdout += 1
        s.monetary_holdout += amount
    s.last_day = d
    return True


cdef Running* _new_state(Py_ssize_t n_customers, void** block) noexcept nogil:
    """Zeroed running state for every customer, in ``*block`` (to free) at its first 64-byte boundary;
    NULL without memory. The running state of all customers is one array of 64-byte records: in a log
    sorted by date the customers of consecutive rows are scattered, and one record per customer, aligned
    on a cache line, makes a row cost one cache miss instead of one per output."""
    block[0] = paynecrm_scratch((n_customers + 1) * sizeof(Running), 1)    # one record more: room to align
    if block[0] == NULL:
        return NULL
    return <Running*> ((<size_t> block[0] + 63) & ~(<size_t> 63))


cdef bint _stream(const int64_t[::1] codes, const int64_t[::1] days, const double[::1] amounts,
                  int64_t calibration_end, Running* state) noexcept nogil:
    """One pass over the log as it is, valid when each customer's rows come in day order (a log sorted
    by date, or by customer then date). Returns False at the first row out of order, with the state
    zeroed again (only the records it touched: a shuffled log stops within a few thousand rows)."""
    cdef Py_ssize_t i, j, n = codes.shape[0]
    for i in range(n):
        if i + PREFETCH_AHEAD < n:
            # the record of a customer a few rows ahead: its cache miss overlaps with this row's work
            PAYNECRM_PREFETCH(state + codes[i + PREFETCH_AHEAD])
        if not _add(state + codes[i], days[i], amounts[i], calibration_end):
            for j in range(i + 1):
                memset(state + codes[j], 0, sizeof(Running))
            return False
    return True


cdef Row* _day_order(const int64_t[::1] codes, const int64_t[::1] days, const double[::1] amounts,
                     int64_t origin, Py_ssize_t span) noexcept nogil:
    """The log in date order (stable: a day's rows keep their order), by a counting sort on
    ``day - origin`` in 0..span-1. NULL without memory."""
    cdef Py_ssize_t i, d, n = codes.shape[0], position
    # starts[d + 1] counts the rows of day d; then starts[d] is where day d's run begins, and moves on
    cdef int64_t* starts = <int64_t*> calloc(span + 1, sizeof(int64_t))
    cdef Row* rows = <Row*> paynecrm_scratch(n * sizeof(Row), 0)
    if starts == NULL or rows == NULL:
        free(starts)
        free(rows)
        return NULL
    for i in range(n):
        starts[days[i] - origin + 1] += 1
    for d in range(span):
        starts[d + 1] += starts[d]
    for i in range(n):
        d = days[i] - origin
        position = starts[d]
        rows[position].code = <int32_t> codes[i]
        rows[position].day = <int32_t> d
        rows[position].amount = amounts[i]
        starts[d] = position + 1
    free(starts)
    return rows


cdef inline bint _fits_day_order(uint64_t span, Py_ssize_t n, Py_ssize_t n_customers) noexcept nogil:
    """Whether the counting sort by day applies: ``span`` days (``max - min + 1``) at most
    ``max(n, DAY_ORDER_MIN_SPAN)``, so its counts take no more memory than the log, and days and codes
    that fit the 32-bit fields of a :c:type:`Row`."""
    cdef uint64_t limit = <uint64_t> n if n > DAY_ORDER_MIN_SPAN else <uint64_t> DAY_ORDER_MIN_SPAN
    return span <= limit and span < (<uint64_t> 1 << 31) and n_customers < (<Py_ssize_t> 1 << 31)


cdef void _stream_rows(const Row* rows, Py_ssize_t n, int64_t origin, int64_t calibration_end,
                       Running* state) noexcept nogil:
    """The streaming pass over a log in date order (every row is in order: nothing can fail)."""
    cdef Py_ssize_t i
    for i in range(n):
        if i + PREFETCH_AHEAD < n:
            PAYNECRM_PREFETCH(state + rows[i + PREFETCH_AHEAD].code)
        _add(state + rows[i].code, origin + rows[i].day, rows[i].amount, calibration_end)


cdef void _finish(const Running* state, Py_ssize_t n_customers, int64_t calibration_end,
                  int64_t[::1] first_out, double[::1] frequency_out, double[::1] recency_out,
                  double[::1] age_out, double[::1] monetary_out, double[::1] frequency_holdout_out,
                  double[::1] monetary_holdout_out) noexcept nogil:
    """The outputs from the running state after the streaming pass."""
    cdef Py_ssize_t c
    cdef const Running* s
    for c in range(n_customers):
        s = state + c
        if not s.seen:      # a code without rows (never produced by a factorisation): not a customer
            first_out[c] = calibration_end + 1
            continue
        first_out[c] = s.first
        frequency_out[c] = s.frequency
        recency_out[c] = s.recency - s.first
        age_out[c] = <double> (calibration_end - s.first)
        monetary_out[c] = s.monetary / s.frequency if s.frequency > 0 else 0.0
        frequency_holdout_out[c] = s.frequency_holdout
        monetary_holdout_out[c] = s.monetary_holdout / s.frequency_holdout if s.frequency_holdout > 0 else 0.0


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
        Threads for the per-customer pass of the bucket path; 0 = all available. The streaming passes
        run on one thread.

    Returns
    -------
    str
        The path taken: ``"stream"``, ``"day order"`` or ``"buckets"`` (see the module's docstring).
    """
    cdef Py_ssize_t n = codes.shape[0], i, c, j, start, k, ahead
    cdef int nt = effective_threads(n_threads)
    cdef Running* state = NULL
    cdef void* state_block = NULL
    cdef Row* rows = NULL
    cdef int64_t* ends = NULL
    cdef Txn* buffer = NULL
    cdef Txn* bucket
    cdef int64_t first, day, current, last_repeat, position, low, high
    cdef double day_amount, repeat_sum, holdout_sum, n_repeat, n_holdout
    cdef uint64_t span
    cdef bint streamed = False, by_day = False
    try:
        with nogil:
            state = _new_state(n_customers, &state_block)
            if state != NULL and _stream(codes, days, amounts, calibration_end, state):
                _finish(state, n_customers, calibration_end, first_out, frequency_out, recency_out, age_out,
                        monetary_out, frequency_holdout_out, monetary_holdout_out)
                streamed = True
        if state == NULL:
            raise MemoryError("not enough memory to summarise the transaction log")
        if streamed:
            return "stream"
        with nogil:
            low = days[0] if n > 0 else 0
            high = low
            for i in range(n):
                if days[i] < low:
                    low = days[i]
                elif days[i] > high:
                    high = days[i]
            span = <uint64_t> high - <uint64_t> low + 1       # exact, even for days far apart
            if n > 0 and _fits_day_order(span, n, n_customers):
                by_day = True
                rows = _day_order(codes, days, amounts, low, <Py_ssize_t> span)
                if rows != NULL:
                    _stream_rows(rows, n, low, calibration_end, state)
                    _finish(state, n_customers, calibration_end, first_out, frequency_out, recency_out,
                            age_out, monetary_out, frequency_holdout_out, monetary_holdout_out)
        if by_day:
            if rows == NULL:
                raise MemoryError("not enough memory to put the transaction log in date order")
            return "day order"
        free(state_block)        # the buckets need no running state
        state_block = NULL
        state = NULL
        ends = <int64_t*> malloc((n_customers + 2) * sizeof(int64_t))
        if ends == NULL:
            raise MemoryError("not enough memory to bucket the transaction log")
        buffer = <Txn*> paynecrm_scratch(n * sizeof(Txn), 0)
        if buffer == NULL:
            raise MemoryError("not enough memory to bucket the transaction log")
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
        free(state_block)
        free(rows)
        free(ends)
        free(buffer)
