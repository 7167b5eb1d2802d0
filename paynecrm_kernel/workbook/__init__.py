"""Workbook state: everything participants enter, in one versioned file saved atomically."""
from .state import FORMAT_VERSION, Workbook, before_reader, default_workbook_path, wait_for_reader

__all__ = ["FORMAT_VERSION", "Workbook", "before_reader", "default_workbook_path", "wait_for_reader"]
