"""Workbook state: everything participants enter, in one versioned file saved atomically."""
from .preheat import after_reader, before_reader, wait_for_reader
from .state import FORMAT_VERSION, Workbook, default_workbook_path

__all__ = ["FORMAT_VERSION", "Workbook", "after_reader", "before_reader", "default_workbook_path",
           "wait_for_reader"]
