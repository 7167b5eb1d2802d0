"""The value proposition of one target segment, as a structured record kept in the workbook.

Payne & Frow's value proposition links how the offer performs, how it meets the customer's needs and what
it costs the customer over the whole relationship (after Lanning & Michaels), and treats the customer as a
co-creator of value. A :class:`ValueProposition` therefore holds the benefits, the customer's costs over the
relationship, the co-creation activities the customer takes part in, and the proof points that make the
claim credible, plus the offer's level on each conjoint attribute.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
import math
import re

from ..errors import DataValidationError

__all__ = ["ValueProposition", "CostItem", "save_proposition", "load_propositions", "parse_cost_lines"]

_SLUG = re.compile(r"[^A-Za-z0-9_-]+")
#: Payments in a year, by how often a recurring cost is paid.
PAYMENTS_PER_YEAR = {"year": 1, "month": 12}
_MONTHLY = {"monthly", "per month", "a month", "every month"}
_YEARLY = {"yearly", "annual", "annually", "per year", "a year", "every year", "recurring"}


@dataclass(frozen=True)
class CostItem:
    """One cost the customer bears: money, time or effort, once or every period.

    Attributes
    ----------
    item : str
        What the cost is (e.g. "annual fee", "time to switch").
    amount : float
        Its money value (a money equivalent for time and effort).
    recurring : bool
        ``True`` if it recurs during the relationship, ``False`` if it is paid once at the start.
    per : {"year", "month"}
        For a recurring cost, how often it is paid (a monthly fee is twelve payments a year).
    """

    item: str
    amount: float
    recurring: bool = False
    per: str = "year"

    @property
    def per_year(self):
        """The amount paid in a year of the relationship (0 for a one-off cost)."""
        if not self.recurring:
            return 0.0
        return self.amount * PAYMENTS_PER_YEAR[self.per]


@dataclass(frozen=True)
class ValueProposition:
    """A structured value proposition for one target segment.

    Attributes
    ----------
    segment : str
        The target segment (e.g. a segment chosen in the strategy notebook).
    statement : str
        The proposition in one or two sentences.
    benefits : tuple of str
    costs : tuple of CostItem
        Costs to the customer over the relationship life cycle.
    co_creation : tuple of str
        What the customer does with the firm to create the value.
    proof_points : tuple of str
    offer : dict of str to str
        The offer's level on each conjoint attribute (used by the share-of-preference simulator).
    """

    segment: str
    statement: str = ""
    benefits: tuple = ()
    costs: tuple = ()
    co_creation: tuple = ()
    proof_points: tuple = ()
    offer: dict = field(default_factory=dict)

    def __post_init__(self):
        if not str(self.segment).strip():
            raise DataValidationError("A value proposition needs a target segment; name it.")
        costs = []
        for i, cost in enumerate(self.costs):
            if isinstance(cost, dict):
                cost = CostItem(**cost)
            try:
                amount = float(cost.amount)
            except (TypeError, ValueError):
                amount = float("nan")
            if not math.isfinite(amount) or amount < 0:
                raise DataValidationError(f"Cost item {i + 1} ('{cost.item}') must have an amount >= 0, not "
                                          f"{cost.amount!r}.", rows=[i])
            per = getattr(cost, "per", "year")
            if per not in PAYMENTS_PER_YEAR:
                raise DataValidationError(f"Cost item {i + 1} ('{cost.item}') recurs per {per!r}; use 'month' or "
                                          "'year'.", rows=[i])
            costs.append(CostItem(str(cost.item), amount, bool(cost.recurring), per))
        object.__setattr__(self, "costs", tuple(costs))
        for name in ("benefits", "co_creation", "proof_points"):
            items = tuple(str(x).strip() for x in getattr(self, name) if str(x).strip())
            object.__setattr__(self, name, items)

    def total_cost(self, retention, discount, convention="C"):
        """Expected discounted cost to the customer over the relationship, in years.

        One-off costs are paid now; recurring costs are added up per year (a monthly fee counts twelve times)
        and paid every year the customer stays, with the timing of the stated simple-CLV convention
        (:func:`~paynecrm_kernel.value.retention.simple_clv`).

        Parameters
        ----------
        retention : float
            Share of customers who stay from one year to the next.
        discount : float
            Discount rate per year.
        """
        from .retention import simple_clv

        once = sum(c.amount for c in self.costs if not c.recurring)
        per_year = sum(c.per_year for c in self.costs)
        return once + (simple_clv(per_year, retention, discount, convention) if per_year else 0.0)

    def completeness(self):
        """Share of the four parts (benefits, costs, co-creation, proof points) that are filled in."""
        parts = [self.benefits, self.costs, self.co_creation, self.proof_points]
        return sum(1 for p in parts if p) / len(parts)

    def to_dict(self):
        """JSON-serialisable form."""
        data = asdict(self)
        data["costs"] = [asdict(c) for c in self.costs]
        for name in ("benefits", "co_creation", "proof_points"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_dict(cls, data):
        """Rebuild from :meth:`to_dict` output."""
        return cls(segment=data["segment"], statement=data.get("statement", ""),
                   benefits=tuple(data.get("benefits", ())), costs=tuple(data.get("costs", ())),
                   co_creation=tuple(data.get("co_creation", ())), proof_points=tuple(data.get("proof_points", ())),
                   offer=dict(data.get("offer", {})))


def _slug(segment):
    slug = _SLUG.sub("_", str(segment).strip()).strip("_")
    return slug or "segment"


def save_proposition(workbook, proposition, prefix="value.propositions"):
    """Save a proposition under ``<prefix>.<segment slug>`` in a workbook."""
    workbook.set(f"{prefix}.{_slug(proposition.segment)}", proposition.to_dict())


def load_propositions(workbook, prefix="value.propositions"):
    """All propositions saved under ``prefix``, keyed by segment name."""
    out = {}
    for _, data in sorted(workbook.section(prefix).items()):
        if isinstance(data, dict) and "segment" in data:
            proposition = ValueProposition.from_dict(data)
            out[proposition.segment] = proposition
    return out


def parse_cost_lines(text):
    """Parse lines ``item; amount; once|recurring`` into :class:`CostItem` objects.

    The third part is optional (``once`` by default); ``monthly`` (or ``per month``) marks a cost paid every
    month, ``yearly``, ``annual``, ``recurring`` or ``per year`` one paid every year.

    Raises
    ------
    DataValidationError
        Naming the line whose amount is not a number.
    """
    items = []
    for number, line in enumerate(str(text).splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) < 2:
            raise DataValidationError(f"Cost line {number} needs the form 'item; amount; once or recurring'.",
                                      rows=[number - 1])
        try:
            amount = float(parts[1].replace(",", "").replace("$", ""))
        except ValueError:
            raise DataValidationError(f"Cost line {number}: the amount '{parts[1]}' is not a number.",
                                      rows=[number - 1]) from None
        when = parts[2].lower() if len(parts) > 2 else "once"
        if when in _MONTHLY:
            items.append(CostItem(parts[0], amount, True, "month"))
        elif when in _YEARLY:
            items.append(CostItem(parts[0], amount, True, "year"))
        elif when in ("once", "one-off", "one off", ""):
            items.append(CostItem(parts[0], amount, False))
        else:
            raise DataValidationError(f"Cost line {number}: say how often '{parts[2]}' is paid: once, monthly or "
                                      "yearly.", rows=[number - 1])
    return tuple(items)
