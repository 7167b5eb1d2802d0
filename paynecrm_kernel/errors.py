"""Exceptions and warnings shared by the whole library.

Every warning the library emits derives from :class:`PayneCRMWarning`, so users can filter them in one
line; the library itself never changes global warning filters.
"""


class PayneCRMError(Exception):
    """Base class for errors raised by PayneCRM Workbook."""


class DataValidationError(PayneCRMError, ValueError):
    """Input data that cannot be used as given.

    The message names the problem, the column, the offending rows and the fix.

    Parameters
    ----------
    message : str
        What is wrong and how to fix it.
    column : str, optional
        The column concerned.
    rows : sequence of int, optional
        Positions (0-based) or labels of the offending rows.
    """

    def __init__(self, message, column=None, rows=None):
        super().__init__(message)
        self.column = column
        self.rows = list(rows) if rows is not None else []


class ModelFitError(PayneCRMError, RuntimeError):
    """A model could not be estimated (for example the likelihood is not finite at the start)."""


class WorkbookError(PayneCRMError):
    """A workbook file that cannot be opened or saved safely (corrupt, newer version, locked)."""


class PayneCRMWarning(UserWarning):
    """Base class of every warning the library emits."""


class ConvergenceWarning(PayneCRMWarning):
    """An optimiser stopped before it met its convergence criterion."""


class WorkbookResetWarning(PayneCRMWarning):
    """A workbook file was deleted while it was open: it now starts again empty."""


class DataWarning(PayneCRMWarning):
    """Rows were excluded or values adjusted; the warning says which and why."""
