"""The strategy chapter's decisions: read from what its tools saved, summarised, and saved for later chapters."""
from dataclasses import dataclass

from ..workbook.keys import strategy as keys
from .matrix import matrix_position

__all__ = ["StrategyDecisions", "save_strategy_decisions"]


@dataclass(frozen=True)
class StrategyDecisions:
    """The granularity chosen, the strategy-matrix quadrant it implies and the customer pyramid's tiers."""

    granularity: str
    quadrant: str
    pyramid_tiers: dict

    def __str__(self):
        tiers = ", ".join(f"{tier} {count:,}" for tier, count in self.pyramid_tiers.items())
        return (f"Granularity: {self.granularity}; CRM strategy matrix: {self.quadrant}.\n"
                f"Customer pyramid: {tiers} customers.")

    def _repr_html_(self):
        return "<br>".join(str(self).splitlines())


def save_strategy_decisions(workbook, profit):
    """Summarise the strategy chapter's choices and save them under ``strategy.decisions.*``.

    Parameters
    ----------
    workbook : Workbook
        Holds the granularity chosen and the information score (the granularity tool's inputs).
    profit : pandas.Series
        Profit per customer, from which the customer pyramid's tiers are counted.

    Returns
    -------
    StrategyDecisions
    """
    from ..segmentation import customer_pyramid       # the workbook's schema imports this package: keep it light

    granularity = workbook.get(keys.GRANULARITY_CHOICE)
    place = matrix_position(granularity, workbook.get(keys.INFORMATION))
    tiers = {str(k): int(v) for k, v in customer_pyramid(profit).profile["customers"].items()}
    workbook.update({keys.DECISION_GRANULARITY: granularity, keys.DECISION_QUADRANT: place["quadrant"],
                     keys.DECISION_PYRAMID: tiers})
    return StrategyDecisions(granularity, place["quadrant"], tiers)
