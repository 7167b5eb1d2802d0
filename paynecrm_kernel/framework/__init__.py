"""Payne & Frow's strategic CRM framework: the processes, their sub-elements, and the assessment tools."""
from .model import Element, KeyQuestion, Process
from .processes import (FIELDWORK, NOTEBOOKS, PROCESSES, SELECTION_CRITERIA, elements, get_element,
                        get_process, label_footnotes)
from .sources import CONFIDENCE, SOURCES, Source, cite

__all__ = ["CONFIDENCE", "Element", "FIELDWORK", "KeyQuestion", "NOTEBOOKS", "PROCESSES", "Process",
           "SELECTION_CRITERIA", "SOURCES", "Source", "cite", "elements", "get_element", "get_process",
           "label_footnotes"]
