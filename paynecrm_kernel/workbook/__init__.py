"""Workbook state: everything participants enter, in one versioned file saved atomically, checked by a schema."""
from .keys import SCHEMA
from .state import FORMAT_VERSION, Workbook, add_access_hook, default_workbook_path, migrate, remove_access_hook

__all__ = ["FORMAT_VERSION", "SCHEMA", "Workbook", "add_access_hook", "default_workbook_path", "migrate",
           "remove_access_hook"]
