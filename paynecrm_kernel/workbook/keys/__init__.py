"""Every workbook key, declared once per chapter. :data:`SCHEMA` is the workbook's schema.

Add a chapter by adding a module here with its ``FIELDS`` and listing it in :data:`CHAPTERS`.
"""
from ..schema import Schema
from . import overview, strategy, value
from . import performance
from . import capstone
from . import workshop
from . import channels
from . import your_data
from . import information

#: The chapters' declaration modules, in reading order.
CHAPTERS = (overview, strategy, value)
CHAPTERS += (performance,)
CHAPTERS += (capstone,)
CHAPTERS += (workshop,)
CHAPTERS += (channels,)
CHAPTERS += (your_data,)
CHAPTERS += (information,)
#: The schema every workbook is checked against.
SCHEMA = Schema(f for chapter in CHAPTERS for f in chapter.FIELDS)

__all__ = ["CHAPTERS", "SCHEMA", "overview", "strategy", "value"]
__all__ += ["performance"]
__all__ += ["capstone"]
__all__ += ["workshop"]
__all__ += ["channels"]
__all__ += ["your_data"]
__all__ += ["information"]
