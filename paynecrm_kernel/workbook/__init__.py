"""Workbook state: everything participants enter, in one versioned file saved atomically."""
from .state import FORMAT_VERSION, Workbook, default_workbook_path

__all__ = ["FORMAT_VERSION", "Workbook", "default_workbook_path"]
