"""Progress of a record linkage, reported to the caller's callable; the library knows no display.

:func:`~.linkage.link_records` goes through the stages of :data:`LINKAGE_STAGES` in order and calls
``progress(stage, fraction)`` at the start of each (``fraction`` 0), as work inside a stage is done (``fraction``
between 0 and 1) and at its end (1); the last call is ``("clustering", 1.0)``. Within "estimating u" the
fraction follows the compared fields (Splink estimates them one after the other), within "estimating m" the
blocks that expectation maximisation is run on.

A function that is memoised (:mod:`paynecrm_kernel._memo`) cannot take a callable among its arguments (its
results are keyed by the content of the arguments), so a caller reaching the linkage through one, such as a
tool asking for a sample tier, wraps the call in :func:`reporting_progress` instead. A result found in the
memo reports nothing: there is no work to follow.
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
import re

from ..errors import DataValidationError

__all__ = ["LINKAGE_STAGES", "STAGE_SHARES", "linkage_fraction", "reporting_progress"]

#: The stages of a linkage, in the order they run.
LINKAGE_STAGES = ("preparing", "estimating u", "estimating m", "scoring pairs", "clustering")
#: Typical share of a linkage's time spent in each stage (the sample extracts, 2,000 to 15,000 records: the
#: u probabilities, field by field over random pairs, take most of it).
STAGE_SHARES = {"preparing": 0.10, "estimating u": 0.60, "estimating m": 0.15, "scoring pairs": 0.07,
                "clustering": 0.08}

_AROUND = contextvars.ContextVar("paynecrm_linkage_progress", default=None)
_U_LOGGER = "splink.internals.estimate_u"
_U_STEP = re.compile(r"\(Comparison (\d+) of (\d+)\)")


def linkage_fraction(stage, fraction):
    """Share of the whole linkage done when ``fraction`` of ``stage`` is, weighting stages by :data:`STAGE_SHARES`.

    Parameters
    ----------
    stage : str
        One of :data:`LINKAGE_STAGES`.
    fraction : float
        Share of ``stage`` done, 0 to 1.

    Returns
    -------
    float
        0 to 1; 1 exactly when the last stage is done.
    """
    if stage not in STAGE_SHARES:
        raise DataValidationError(f"Unknown linkage stage {stage!r}; the stages are "
                                  f"{', '.join(map(repr, LINKAGE_STAGES))}.")
    before = sum(STAGE_SHARES[s] for s in LINKAGE_STAGES[:LINKAGE_STAGES.index(stage)])
    done = before + STAGE_SHARES[stage] * min(max(float(fraction), 0.0), 1.0)
    return min(done / sum(STAGE_SHARES.values()), 1.0)


def _checked(progress):
    if progress is not None and not callable(progress):
        raise DataValidationError(f"progress must be a callable taking (stage, fraction), or None; got "
                                  f"{type(progress).__name__}. Fix: pass e.g. progress=lambda stage, fraction: "
                                  f"print(stage, fraction).")
    return progress


@contextlib.contextmanager
def reporting_progress(progress):
    """Report the progress of every linkage run inside the block that was given no ``progress`` of its own.

    Parameters
    ----------
    progress : callable or None
        Called as ``progress(stage, fraction)``; see :data:`LINKAGE_STAGES`. ``None`` reports nothing.

    Examples
    --------
    >>> with reporting_progress(lambda stage, fraction: print(stage, fraction)):   # doctest: +SKIP
    ...     view = sample_single_view(customers, transactions, "hard")
    """
    token = _AROUND.set(_checked(progress))
    try:
        yield
    finally:
        _AROUND.reset(token)


class Reporter:
    """Passes a linkage's progress to ``progress`` (or to the one of :func:`reporting_progress`), if any.

    Parameters
    ----------
    progress : callable or None
    """

    def __init__(self, progress=None):
        self._progress = _checked(progress) if progress is not None else _AROUND.get()

    def __call__(self, stage, fraction):
        """Report ``fraction`` (0 to 1) of ``stage`` done."""
        if self._progress is not None:
            self._progress(stage, min(max(float(fraction), 0.0), 1.0))

    @contextlib.contextmanager
    def following_u_estimation(self):
        """Within the block, turn Splink's "Comparison i of n" log lines into fractions of "estimating u".

        Splink logs the field it starts on; the handler is attached to that one logger, for the block only, and
        nothing reaches any other handler. Without those lines (another Splink version) the stage still
        reports its start and its end.
        """
        if self._progress is None:
            yield
            return
        logger = logging.getLogger(_U_LOGGER)
        handler = _StepHandler(lambda done, total: self("estimating u", (done - 1) / total))
        saved = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]


class _StepHandler(logging.Handler):
    def __init__(self, step):
        super().__init__(logging.INFO)
        self._step = step

    def emit(self, record):
        found = _U_STEP.search(record.getMessage())
        if found and int(found.group(2)) > 0:
            self._step(int(found.group(1)), int(found.group(2)))
