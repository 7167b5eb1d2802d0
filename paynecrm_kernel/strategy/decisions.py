"""The strategy chapter's decisions: read from what its tools saved, summarised, and saved for later chapters."""
from dataclasses import dataclass

from ..workbook.keys import strategy as keys
from .matrix import matrix_position

__all__ = ["StrategyDecisions", "information_score", "save_strategy_decisions"]


def information_score(workbook):
    """The extent of customer information (0-1) the overview's strategy-matrix tool recorded.

    The mean of the overview's information items (identified revenue, data integration, use of analytics),
    their defaults where the learner did not score them, so the strategy chapter starts from the same place
    on the matrix as the overview.
    """
    from ..framework.strategy_matrix import ITEMS

    scores = _overview_scores(workbook)
    information = [scores[item] for item, (axis, _label) in ITEMS.items() if axis == "information"]
    return round(sum(information) / len(information), 2)


@dataclass(frozen=True)
class StrategyDecisions:
    """The chapter's decisions: granularity, where it places the firm, the pyramid and the segments of record."""

    granularity: str
    quadrant: str
    quadrant_now: str
    pyramid_rule: str
    pyramid_tiers: dict
    segments: dict

    def lines(self):
        """The decisions as sentences for the screen."""
        rule = "the loss-making customers" if self.pyramid_rule == "profit_sign" else "a bottom share of customers"
        tiers = ", ".join(f"{tier} {count:,}" for tier, count in self.pyramid_tiers.items())
        segments = "; ".join(f"{name} ({count:,})" for name, count in self.segments.items())
        move = ("the same approach the overview placed the firm in" if self.quadrant == self.quadrant_now
                else f"a move from {self.quadrant_now}, where the overview placed the firm today")
        return (f"Segment granularity: {self.granularity}.",
                f"CRM strategy matrix: {self.quadrant}, {move}.",
                f"Customer pyramid (lead = {rule}): {tiers} customers.",
                f"Segments of record: {segments}.")

    def __str__(self):
        return "\n".join(self.lines())

    __repr__ = __str__

    def _repr_html_(self):
        return "<ul class='pcrm-strategy-decisions'>" + "".join(f"<li>{line}</li>" for line in self.lines()) + "</ul>"


def save_strategy_decisions(workbook, profit, segments=None):
    """Summarise the strategy chapter's choices and save them under ``strategy.decisions.*``.

    Parameters
    ----------
    workbook : Workbook
        Holds the granularity chosen, the information score and the pyramid's rule and cut-offs (the tools'
        inputs).
    profit : pandas.Series
        Profit per customer, from which the customer pyramid's tiers are counted with the learner's rule.
    segments : pandas.Series, optional
        The segments of record (name per customer), saved with their sizes.

    Returns
    -------
    StrategyDecisions
    """
    from ..framework.strategy_matrix import matrix_position as overview_position   # keep the schema import light
    from ..segmentation import customer_pyramid

    granularity = workbook.get(keys.GRANULARITY_CHOICE)
    information = workbook.get(keys.INFORMATION, None)
    place = matrix_position(granularity, information_score(workbook) if information is None else information)
    quadrant_now = overview_position(_overview_scores(workbook)).quadrant
    rule = workbook.get(keys.PYRAMID_RULE)
    cuts = tuple(workbook.get(keys.PYRAMID_CUT.format(tier=t), None) or d
                 for t, d in (("platinum", 20), ("gold", 50), ("iron", 80)))
    tiers = {str(k): int(v) for k, v in
             customer_pyramid(profit, cuts=tuple(c / 100 for c in cuts), rule=rule).profile["customers"].items()}
    sizes = {} if segments is None else {str(k): int(v) for k, v in segments.value_counts().items()}
    workbook.update({keys.DECISION_GRANULARITY: granularity, keys.DECISION_QUADRANT: place["quadrant"],
                     keys.DECISION_PYRAMID: tiers, keys.DECISION_SEGMENTS: sizes})
    return StrategyDecisions(granularity, place["quadrant"], quadrant_now, rule, tiers, sizes)


def _overview_scores(workbook):
    from ..framework.strategy_matrix import DEFAULT_SCORES, ITEMS

    saved = {item: workbook.get(f"overview.matrix.score_{item}", None) for item in ITEMS}
    return {item: DEFAULT_SCORES[item] if score is None else score for item, score in saved.items()}
