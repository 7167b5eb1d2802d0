"""Workshop mode: participants answer the chapters' exercises from their phones, the facilitator sees the room live.

The library part (questions, the SQLite store, pooling and summaries, exports) is plain Python; the Tornado
server is in :mod:`.server` and the ``paynecrm serve --workshop`` options in :mod:`.cli`.
"""
from .export import WORKBOOK_FIELDS, WORKBOOK_KEYS, answers_table, to_workbook
from .network import format_code, join_url, lan_address, qr_svg
from .pooling import describe_values, group_ideas, nps_summary, rating_distribution, vote_shares, wilson_interval
from .questions import CHAPTERS, QUESTIONS, Question, chapter_questions, get_question
from .store import Participant, WorkshopStore
from .summaries import conjoint_ratings, live_design, summarise

__all__ = ["CHAPTERS", "Participant", "QUESTIONS", "Question", "WORKBOOK_KEYS", "WorkshopStore", "answers_table",
           "chapter_questions", "conjoint_ratings", "describe_values", "format_code", "get_question",
           "group_ideas", "join_url", "lan_address", "live_design", "nps_summary", "qr_svg", "rating_distribution",
           "summarise", "to_workbook", "vote_shares", "wilson_interval", "WORKBOOK_FIELDS"]
