"""The plan's categorical levers held against its numbers: does the plan do what its target position needs?

The target position on the CRM strategy matrix (Payne 2005, Handbook p. 84) sets no figure by itself. It
implies an emphasis: the horizontal axis asks how individually customers are treated, the vertical how much
customer information is put to use. The strategy chapter maps granularity and information onto these axes
(:func:`paynecrm_kernel.strategy.matrix.matrix_position`); the same mapping suggests the granularity a target
needs (:func:`quadrant_emphasis`) and finds where the plan's levers contradict it (:func:`plan_checks`).
The budget checks hold the plan's retention and new customers against what pays for them (Blattberg &
Deighton 1996: retention and acquisition are bought with spending, up to a ceiling).
"""
from dataclasses import dataclass

from ..errors import DataValidationError
from ..framework.strategy_matrix import QUADRANTS
from ..strategy.matrix import MACRO_INFORMATION, matrix_position

__all__ = ["QuadrantEmphasis", "plan_checks", "quadrant_emphasis"]

_CUT = 0.5          # the strategy matrix's cut-off on each axis


@dataclass(frozen=True)
class QuadrantEmphasis:
    """What a target position asks of the plan.

    Attributes
    ----------
    quadrant : str
    individualised : bool
        Whether it needs customers treated individually (one-to-one granularity).
    information_led : bool
        Whether it needs rich customer information put to use (at least 0.5 on the strategy chapter's scale).
    granularity : str
        The coarsest granularity that reaches it: ``"one-to-one"`` when individualised, ``"micro"`` when
        information-led (macro segments use at most 0.4 of the information axis), else ``"macro"``.
    """

    quadrant: str
    individualised: bool
    information_led: bool
    granularity: str

    @property
    def text(self):
        """The emphasis in one sentence."""
        treat = "customers treated individually" if self.individualised else "a standard treatment per segment"
        data = "rich customer information put to use" if self.information_led else "little customer analysis"
        return f"{self.quadrant} needs {treat} and {data}: granularity {self.granularity}."


def quadrant_emphasis(quadrant):
    """The emphasis a target position on the CRM strategy matrix implies.

    Parameters
    ----------
    quadrant : str
        One of the four approaches of :data:`paynecrm_kernel.framework.strategy_matrix.QUADRANTS`.

    Returns
    -------
    QuadrantEmphasis
    """
    if quadrant not in QUADRANTS:
        raise DataValidationError(f"{quadrant!r} is not a position on the CRM strategy matrix; choose one of "
                                  f"{', '.join(QUADRANTS)}.")
    individualised, information_led = QUADRANTS[quadrant]
    granularity = "one-to-one" if individualised else "micro" if information_led else "macro"
    return QuadrantEmphasis(quadrant, individualised, information_led, granularity)


def plan_checks(plan, base, *, information=None, retention_ceiling=None):
    """Where the plan's levers contradict its target position or lack what pays for them.

    Parameters
    ----------
    plan, base : Scenario
    information : float, optional
        The strategy chapter's rating of the customer information (0-1, ``strategy.granularity.information``);
        without it the information axis is checked on granularity alone.
    retention_ceiling : float, optional
        The ceiling of the value chapter's retention response curve (``value.budget.r_max``).

    Returns
    -------
    list of str
        One warning per contradiction, in plain words; empty when the levers agree.
    """
    warnings = []
    if plan.target_quadrant is not None:
        need = quadrant_emphasis(plan.target_quadrant)
        granularity = plan.granularity
        if granularity is not None:
            if need.individualised and granularity != "one-to-one":
                warnings.append(f"The target, {need.quadrant}, treats customers individually; the plan segments "
                                f"at {granularity} granularity. Choose one-to-one, or aim for a target that "
                                "does not need it.")
            if not need.individualised and granularity == "one-to-one":
                warnings.append(f"One-to-one treatment places the plan among the individualised approaches, "
                                f"beyond the target, {need.quadrant}: it costs more than the position asks.")
            if need.information_led and granularity == "macro":
                warnings.append(f"The target, {need.quadrant}, puts rich customer information to use; macro "
                                f"segments use at most {MACRO_INFORMATION:.1f} of it. Segment at micro "
                                "granularity or finer.")
            if information is not None:
                reached = matrix_position(granularity, information)["quadrant"]
                if reached != need.quadrant and not warnings and not need.information_led:
                    warnings.append(f"With {granularity} granularity and the information rated "
                                    f"{information:.2f} of 1, the plan sits in {reached}, not in the target, "
                                    f"{need.quadrant}.")
        if need.information_led and information is not None and information < _CUT \
                and plan.data_investment <= base.data_investment:
            warnings.append(f"The target, {need.quadrant}, needs customer information rated at least {_CUT} of 1; "
                            f"the strategy chapter rated it {information:.2f}, and the plan invests nothing more "
                            "in data to raise it.")
        if not need.information_led and not need.individualised and plan.priority_segments:
            warnings.append(f"The target, {need.quadrant}, offers one standard proposition to all; the plan "
                            "still gives priority segments their own treatment.")
    if plan.retention > base.retention and plan.spend_per_period <= base.spend_per_period:
        warnings.append("The plan keeps more customers than the base without spending more each period to do so: "
                        "set the retention budget (or the running cost) that pays for it.")
    if retention_ceiling is not None and plan.retention > retention_ceiling:
        warnings.append(f"The plan's retention, {plan.retention:.0%}, is above the ceiling of the value chapter's "
                        f"retention response curve, {retention_ceiling:.0%}: no budget buys it there.")
    if plan.acquisition_budget > 0 and plan.acquisition_cost > 0:
        affordable = plan.acquisition_budget / plan.acquisition_cost
        if plan.cohort_size > affordable:
            warnings.append(f"The acquisition budget buys {affordable:,.0f} new customers a period at the plan's "
                            f"acquisition cost; the plan counts {plan.cohort_size:,.0f}.")
    return warnings
