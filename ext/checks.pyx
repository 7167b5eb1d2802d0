"""Validity passes over customer tables: one branch-free compiled pass says whether a table is clean.

The rules live in ``history_rules.pxi``; the Python layer (``paynecrm_kernel.clv._checks``) runs its
detailed checks, which name the offending rows, only when a pass finds something.
"""
from libc.math cimport INFINITY

include "history_rules.pxi"


def histories_are_clean(const double[::1] x,     # IN
                        const double[::1] t_x,   # IN
                        const double[::1] T):    # IN
    """True when every row is a valid (frequency, recency, T) history (see ``history_is_clean``)."""
    cdef Py_ssize_t i, start, stop, n = x.shape[0]
    cdef bint clean = True
    if t_x.shape[0] != n or T.shape[0] != n:
        raise ValueError("x, t_x and T must have the same length")
    with nogil:
        # blocks of 4096 rows without a branch inside; stop after the first bad block
        for start in range(0, n, 4096):
            stop = min(start + 4096, n)
            for i in range(start, stop):
                clean &= history_is_clean(x[i], t_x[i], T[i])
            if not clean:
                break
    return clean


def spends_are_clean(const double[::1] x,        # IN
                     const double[::1] m):       # IN
    """True when every row is a valid (frequency, mean repeat spend) pair (see ``spend_is_clean``)."""
    cdef Py_ssize_t i, start, stop, n = x.shape[0]
    cdef bint clean = True
    if m.shape[0] != n:
        raise ValueError("x and m must have the same length")
    with nogil:
        for start in range(0, n, 4096):
            stop = min(start + 4096, n)
            for i in range(start, stop):
                clean &= spend_is_clean(x[i], m[i])
            if not clean:
                break
    return clean
