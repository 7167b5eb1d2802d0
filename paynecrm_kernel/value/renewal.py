"""The retention route from a proposition to a segment's value: customers who choose us again at renewal.

A change of proposition reaches a segment's value by two routes. The acquisition route
(:func:`~paynecrm_kernel.value.offer_economics.proposition_effect`) counts the prospects it wins. This module
follows the other one: the segment's *existing* customers, who at each renewal (their next purchase, the next
year of a contract) choose again between staying with our offer and switching to a competitor's.

**The choice at renewal.** Among a segment's conjoint respondents the multinomial-logit rule of the preference
simulator (:func:`~paynecrm_kernel.value.market.share_of_preference`) gives the share :math:`P_s` who would
choose our offer over the competitors' offers. Staying is not a fresh choice, though: habit, switching costs
and the relationship itself keep customers the survey cannot see. A binary logit with a segment constant
:math:`\\delta_s` for staying carries both,

.. math:: \\operatorname{logit} r_s = \\operatorname{logit} P_s + \\delta_s ,

and :math:`\\delta_s` is calibrated so that today's offer reproduces today's retention rate exactly (the usual
calibration of a choice simulator's constants to observed shares). A proposed offer with preference share
:math:`P_s'` therefore keeps

.. math:: \\frac{r_s'}{1 - r_s'} = \\frac{r_s}{1 - r_s} \\cdot \\frac{P_s' / (1 - P_s')}{P_s / (1 - P_s)} ,

which rises with :math:`P_s'`, equals :math:`r_s` for today's offer and stays between 0 and 1.

**From retention to value.** Each segment's yearly margin :math:`m_s` and retention :math:`r_s` are backed out of
its customers' value over one and two years (:func:`~paynecrm_kernel.value.equity.cohort_economics`, as the
chapter does for customer equity), and a customer is worth the simple retention value over the horizon,
:math:`\\sum_{t=1}^{H} m_s\\, r^t / (1+d)^t` (convention A over :math:`H` years), at today's and at the proposed
retention. The conjoint respondents stand for the segment's customers; the mapping is an assumption to test
(a renewal offer to a sample of customers), not a finding.
"""
from __future__ import annotations

from dataclasses import dataclass
import math

import pandas as pd

from ..errors import DataValidationError
from .equity import cohort_economics
from .market import share_of_preference, validate_offers
from .retention import simple_clv

__all__ = ["RetentionRoute", "renewal_retention", "retention_route"]

#: The timing of the value per customer: margins at the end of each year the customer stays (convention A).
ROUTE_CONVENTION = "A"


def _open_share(name, value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise DataValidationError(f"{name} must be a number between 0 and 1, not {value!r}.") from None
    if not (math.isfinite(value) and 0.0 < value < 1.0):
        raise DataValidationError(f"{name} = {value!r} must lie strictly between 0 and 1: a share of exactly 0 or 1 "
                                  "leaves no choice to model.")
    return value


def renewal_retention(retention, share_now, share_new):
    """Retention rate under a new offer, calibrated to today's retention under today's offer.

    Parameters
    ----------
    retention : float
        Today's retention rate per period, in (0, 1).
    share_now : float
        Preference share of today's offer against the competitors' offers, in (0, 1).
    share_new : float
        Preference share of the proposed offer against the same competitors, in (0, 1).

    Returns
    -------
    float
        The retention rate whose odds are today's odds times the odds ratio of the two shares: ``retention``
        itself when ``share_new == share_now``, higher when the proposed offer wins more preference.

    Raises
    ------
    DataValidationError
        If a rate or a share is not strictly between 0 and 1.
    """
    r = _open_share("The retention rate", retention)
    p0 = _open_share("The preference share of today's offer", share_now)
    p1 = _open_share("The preference share of the proposed offer", share_new)
    if p1 == p0:
        return r
    ratio = (p1 / (1.0 - p1)) / (p0 / (1.0 - p0))
    return r * ratio / (1.0 - r + r * ratio)


@dataclass(frozen=True, repr=False)
class RetentionRoute:
    """Each segment's retention and value per customer, ready to be re-priced for any proposed offer.

    Build it with :func:`retention_route`.

    Attributes
    ----------
    result : ConjointResult
        The part-worths (with individual estimates).
    current : dict of str to str
        Today's offer: the one whose share reproduces today's retention.
    competitors : dict
        Competitors' offers a customer could switch to at renewal.
    members : dict of str to list
        The conjoint respondents of each segment.
    segments : pandas.DataFrame
        Per segment: ``customers``, ``share_now``, ``margin`` (a year), ``retention`` (a year) and ``value_now``
        (per customer over the horizon).
    discount : float
        Discount rate a year.
    horizon : int
        Years counted in the value per customer.
    rule, scale
        The simulator's choice rule and logit scale.
    notes : list of str
        Segments left out, and why.
    """

    result: object
    current: dict
    competitors: dict
    members: dict
    segments: pd.DataFrame
    discount: float
    horizon: int
    rule: str = "logit"
    scale: float = 1.0
    notes: tuple = ()

    @property
    def convention(self):
        """How the value per customer is computed, in words."""
        return (f"value per customer over {self.horizon} years: the segment's yearly margin earned at the end of "
                f"each year the customer stays, discounted at {self.discount:.1%} a year; margin and retention "
                "backed out of the purchase models' value over one and two years")

    def share(self, segment, offer):
        """Preference share of ``offer`` against the competitors among the segment's respondents."""
        if segment not in self.members:
            raise DataValidationError(f"No retention route for segment '{segment}'; choose one of "
                                      f"{sorted(self.members)}.", column="segment")
        return float(share_of_preference(self.result, {"Our offer": offer, **self.competitors}, rule=self.rule,
                                         scale=self.scale, respondents=self.members[segment])["Our offer"])

    def effect(self, segment, offer):
        """What ``offer`` would do to one segment's retention and value, against today's offer.

        Returns
        -------
        dict
            ``share_now``, ``share_proposed``, ``retention_now``, ``retention_proposed``, ``value_now`` and
            ``value_proposed`` (per customer over the horizon), ``customers`` and ``value_change`` (for all the
            segment's customers).
        """
        validate_offers({"Proposed offer": offer}, self.result.attributes)
        row = self.segments.loc[segment] if segment in self.segments.index else None
        if row is None:
            raise DataValidationError(f"No retention route for segment '{segment}'; choose one of "
                                      f"{list(self.segments.index)}.", column="segment")
        share = self.share(segment, offer)
        retention = renewal_retention(row["retention"], row["share_now"], share)
        value = simple_clv(row["margin"], retention, self.discount, ROUTE_CONVENTION, horizon=self.horizon)
        return {"share_now": float(row["share_now"]), "share_proposed": share,
                "retention_now": float(row["retention"]), "retention_proposed": retention,
                "value_now": float(row["value_now"]), "value_proposed": value, "customers": float(row["customers"]),
                "value_change": float(row["customers"]) * (value - float(row["value_now"]))}

    def table(self, offer):
        """:meth:`effect` of ``offer`` for every segment, one row each."""
        return pd.DataFrame.from_dict({s: self.effect(s, offer) for s in self.segments.index},
                                      orient="index").rename_axis("segment")

    def __repr__(self):
        return f"RetentionRoute({len(self.segments)} segments, {self.horizon}-year value)"


def retention_route(result, current, competitors, respondent_segments, value_one, value_two, customers, *,
                    discount, horizon=5, rule="logit", scale=1.0):
    """Calibrate the retention route of every segment to today's offer.

    Parameters
    ----------
    result : ConjointResult
        Part-worths with individual estimates.
    current : dict
        Today's offer (level per attribute).
    competitors : dict
        Competitors' offers.
    respondent_segments : pandas.Series
        The segment of each conjoint respondent (indexed by respondent id).
    value_one, value_two : pandas.Series
        Mean value per customer of each segment over one and over two years ($, net of the cost to serve), e.g.
        two columns of :meth:`~paynecrm_kernel.value.segment_value.SegmentValueResult.value_by_horizon`.
    customers : pandas.Series
        Customers in each segment.
    discount : float
        Discount rate a year.
    horizon : int
        Years counted in the value per customer (the chapter's customer-equity horizon).
    rule, scale
        The preference simulator's choice rule and logit scale.

    Returns
    -------
    RetentionRoute
        Segments without respondents, or whose values do not imply a retention rate in (0, 1) (a segment worth
        nothing or less in its first year), are left out and named in ``notes``.

    Raises
    ------
    DataValidationError
        If the inputs are not Series, the horizon is not a whole number of years from 1 to 100, the discount
        rate is not between 0 and 10, or no segment can be routed.
    """
    for name, series in (("respondent_segments", respondent_segments), ("value_one", value_one),
                         ("value_two", value_two), ("customers", customers)):
        if not isinstance(series, pd.Series):
            raise DataValidationError(f"{name} must be a pandas Series indexed by segment (respondent id for "
                                      "respondent_segments).", column=name)
    try:
        years = float(horizon)
    except (TypeError, ValueError):
        years = float("nan")
    if not (math.isfinite(years) and years == int(years) and 1 <= years <= 100):
        raise DataValidationError(f"The horizon must be a whole number of years from 1 to 100, not {horizon!r}.")
    try:
        discount = float(discount)
    except (TypeError, ValueError):
        discount = float("nan")
    if not (math.isfinite(discount) and 0.0 <= discount <= 10.0):
        raise DataValidationError("The discount rate must be a number from 0 to 10 a year (0.1 for 10 %).")
    validate_offers({"Today's offer": current, **competitors}, result.attributes)
    members = {s: list(idx) for s, idx in respondent_segments.groupby(respondent_segments).groups.items()}
    rows, kept, notes = {}, {}, []
    for segment in value_one.index:
        if segment not in members:
            notes.append(f"'{segment}': no conjoint respondent in the segment, so no preference share.")
            continue
        if segment not in value_two.index or segment not in customers.index:
            notes.append(f"'{segment}': no value over two years or no customer count.")
            continue
        try:
            economics = cohort_economics(value_one[segment], value_two[segment], discount)
        except DataValidationError as error:
            notes.append(f"'{segment}': {error}")
            continue
        share = float(share_of_preference(result, {"Our offer": current, **competitors}, rule=rule, scale=scale,
                                          respondents=members[segment])["Our offer"])
        if not 0.0 < share < 1.0:
            notes.append(f"'{segment}': today's offer wins {share:.0%} of its respondents' preference, which leaves "
                         "no choice to calibrate; use the logit rule.")
            continue
        value = simple_clv(economics["margin"], economics["retention"], discount, ROUTE_CONVENTION,
                           horizon=int(years))
        rows[segment] = {"customers": float(customers[segment]), "share_now": share, "margin": economics["margin"],
                         "retention": economics["retention"], "value_now": value}
        kept[segment] = members[segment]
    if not rows:
        raise DataValidationError("No segment has respondents and a value over one and two years; check that "
                                  "they use the same segment names.", column="segment")
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("segment")
    return RetentionRoute(result, dict(current), dict(competitors), kept, table, float(discount), int(years),
                          rule, float(scale), tuple(notes))
