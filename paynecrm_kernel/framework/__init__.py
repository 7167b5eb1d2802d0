"""Payne & Frow's strategic CRM framework: the processes, their sub-elements, and the assessment tools."""
from . import buttle
from .continuum import PERSPECTIVES, STATEMENTS, ContinuumScore, continuum_position
from .definitions import CATEGORIES as DEFINITION_CATEGORIES
from .definitions import DEFINITIONS
from .facilitation import FACILITATOR_NOTES, FacilitatorNote, chapter_minutes, facilitator_note, notes_of
from .implementation import COMPONENT_NOTES, COMPONENTS, GridSummary, implementation_summary
from .maturity import (BARRIERS, CRITERIA, STAGES, BarrierResult, MaturityResult, all_criteria,
                       barrier_index, maturity_stage)
from .model import Element, KeyQuestion, Process
from .profile import OverviewProfile, overview_profile, save_overview_profile
from .processes import (FIELDWORK, NOTEBOOKS, PROCESSES, SELECTION_CRITERIA, elements, format_variant,
                        get_element, get_process, label_footnotes)
from .sources import CHAPTER_SOURCES, CONFIDENCE, SOURCES, Source, cite, reference_list, references_section
from .strategy_matrix import (ITEMS as MATRIX_ITEMS, QUADRANT_NOTES, QUADRANTS, MatrixPosition,
                              matrix_position, migration_routes, quadrant_of)

__all__ = ["BARRIERS", "BarrierResult", "CHAPTER_SOURCES", "COMPONENTS", "COMPONENT_NOTES", "CONFIDENCE", "CRITERIA",
           "FACILITATOR_NOTES", "FacilitatorNote", "chapter_minutes", "facilitator_note", "notes_of",
           "ContinuumScore", "DEFINITIONS", "DEFINITION_CATEGORIES", "Element", "FIELDWORK", "GridSummary",
           "KeyQuestion", "MATRIX_ITEMS", "MaturityResult", "MatrixPosition", "NOTEBOOKS", "OverviewProfile", "PERSPECTIVES",
           "PROCESSES", "Process", "QUADRANTS", "QUADRANT_NOTES", "SELECTION_CRITERIA", "SOURCES", "STAGES",
           "STATEMENTS", "Source", "all_criteria", "barrier_index", "buttle", "cite", "continuum_position",
           "elements", "format_variant", "get_element", "get_process", "implementation_summary", "label_footnotes",
           "matrix_position", "maturity_stage", "migration_routes", "overview_profile", "quadrant_of",
           "reference_list", "references_section",
           "save_overview_profile"]
