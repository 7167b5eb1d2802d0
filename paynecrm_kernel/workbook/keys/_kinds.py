"""Kinds shared by the chapters' declarations (a vocabulary, so ranges mean the same everywhere)."""
from ..schema import Json, ListOf, MapOf, Number, Text

#: A share or probability, 0 to 1.
SHARE = Number(0, 1)
#: An amount of money per customer or per period (the workbook's currency).
MONEY = Number(0, 1e9)
#: A signed amount of money (profits and losses, totals).
SIGNED_MONEY = Number(-1e15, 1e15)
#: A discount rate per period.
DISCOUNT = Number(0, 1)
#: A rating on a 1-to-5 scale.
SCORE_5 = Number(1, 5, integer=True)
#: A rating on a 0-to-10 scale.
SCORE_10 = Number(0, 10, integer=True)
#: A short label (a name, a segment, a choice from a list).
LABEL = Text(200)
#: A written answer or note.
PROSE = Text(20_000)
#: Names of things (features, segments), in order.
LABELS = ListOf(LABEL, 200)
#: Money by name (segment, channel ...).
MONEY_BY_NAME = MapOf(SIGNED_MONEY, 500)
#: Structured results saved by a tool (tables of figures).
RESULTS = Json(64_000)
