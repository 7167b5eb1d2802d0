"""PayneCRM Workbook: Payne & Frow's strategic CRM framework as a Jupyter workbook.

Importing the package loads neither IPython nor ipywidgets. ``%load_ext paynecrm_kernel`` adds the
``%crm`` magics; ``import paynecrm_kernel.widgets`` brings the interactive tools.
"""
from importlib.metadata import PackageNotFoundError, version as _version

from .errors import DataValidationError, PayneCRMError, PayneCRMWarning

try:
    __version__ = _version("paynecrm-workbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["DataValidationError", "PayneCRMError", "PayneCRMWarning", "__version__",
           "load_ipython_extension", "unload_ipython_extension"]


def load_ipython_extension(ipython):
    """Register the ``%crm`` magics (``%load_ext paynecrm_kernel``); loading twice is harmless."""
    from .magics import load_ipython_extension as _load

    _load(ipython)


def unload_ipython_extension(ipython):
    """Counterpart of :func:`load_ipython_extension`, for ``%unload_ext paynecrm_kernel``."""
    from .magics import unload_ipython_extension as _unload

    _unload(ipython)
