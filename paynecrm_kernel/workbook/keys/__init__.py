"""Every workbook key, declared once per chapter. :data:`SCHEMA` is the workbook's schema.

Add a chapter by adding a module here with its ``FIELDS`` and listing it in :data:`CHAPTERS`.
"""
from ..schema import Schema
from . import (capstone, channels, information, overview, performance, strategy, value, workshop,
               your_data)

#: The chapters' declaration modules, in reading order, then the workshop's and the analyst page's.
CHAPTERS = (overview, strategy, value, channels, information, performance, capstone, workshop, your_data)
#: The schema every workbook is checked against.
SCHEMA = Schema(f for chapter in CHAPTERS for f in chapter.FIELDS)

__all__ = ["CHAPTERS", "SCHEMA", "capstone", "channels", "information", "overview", "performance", "strategy",
           "value", "workshop", "your_data"]
