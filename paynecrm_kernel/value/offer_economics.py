"""The firm's side of an offer: what it earns from the preference it wins, net of what the offer costs to make.

A share-of-preference simulator alone always recommends the dominant corner: the lowest price with the fastest
delivery and the longest warranty wins most respondents. Value creation is an exchange, so the firm's side
counts too. For an offer with price :math:`p` and levels :math:`l_a` on the other attributes, the margin of a
sale is

.. math:: m = p - c_0 - \\sum_a c_a(l_a)

(:math:`c_0` the base cost of the product, :math:`c_a(l_a)` the extra cost of each level), and the
contribution per 100 buyers choosing among the offers shown is :math:`100\\, P \\, m`, with :math:`P` the offer's
share of preference. :func:`best_offers` ranks every possible offer by that contribution.
"""
from __future__ import annotations

import itertools

import pandas as pd

from .._memo import memoized
from ..errors import DataValidationError
from .market import share_of_preference, validate_offers

__all__ = ["offer_margin", "offer_economics", "best_offers", "parse_price", "proposition_effect"]


def parse_price(level):
    """The amount of a price level such as ``"$1,299"`` (a number of the workbook's currency)."""
    try:
        return float(str(level).replace("$", "").replace(",", "").strip())
    except ValueError:
        raise DataValidationError(f"The price level {level!r} is not an amount; write prices as '$999'.",
                                  column="price") from None


def offer_margin(offer, unit_costs, *, base_cost=0.0, price_attribute="price"):
    """Margin of one sale of ``offer``: its price minus the base cost and the cost of each level.

    Parameters
    ----------
    offer : dict of str to str
        Level per attribute, including ``price_attribute``.
    unit_costs : dict of str to dict of str to float
        Extra cost of each level, per attribute (a level not listed costs nothing extra).
    base_cost : float
        Cost of the product before the attributes' extras.
    """
    if price_attribute not in offer:
        raise DataValidationError(f"The offer has no '{price_attribute}' level, so its margin is unknown.",
                                  column=price_attribute)
    cost = float(base_cost)
    for attribute, level in offer.items():
        extra = unit_costs.get(attribute, {}).get(level, 0.0)
        if not isinstance(extra, (int, float)) or extra < 0:
            raise DataValidationError(f"The cost of {attribute} = {level} must be an amount >= 0, not {extra!r}.",
                                      column=attribute)
        cost += extra
    return parse_price(offer[price_attribute]) - cost


def offer_economics(result, offers, unit_costs, *, base_cost=0.0, price_attribute="price", buyers=100,
                    rule="logit", scale=1.0, respondents=None):
    """Share of preference, margin per sale and contribution per ``buyers`` for each offer.

    Returns
    -------
    pandas.DataFrame
        Per offer: ``share``, ``price``, ``margin`` (per sale) and ``contribution`` (per ``buyers`` buyers).
    """
    if buyers <= 0:
        raise DataValidationError(f"buyers must be a positive number, got {buyers!r}.")
    shares = share_of_preference(result, offers, rule=rule, scale=scale, respondents=respondents)
    table = pd.DataFrame({"share": shares})
    table["price"] = [parse_price(offers[name][price_attribute]) for name in table.index]
    table["margin"] = [offer_margin(offers[name], unit_costs, base_cost=base_cost,
                                    price_attribute=price_attribute) for name in table.index]
    table["contribution"] = buyers * table["share"] * table["margin"]
    return table


@memoized(persist=True)
def best_offers(result, competitors, unit_costs, *, base_cost=0.0, price_attribute="price", buyers=100,
                rule="logit", scale=1.0, respondents=None, top=5):
    """Every possible offer of ours against the competitors, ranked by contribution (the firm's side counts).

    Returns
    -------
    pandas.DataFrame
        The ``top`` offers: one column per attribute, then ``share``, ``margin`` and ``contribution``.
    """
    validate_offers(competitors, result.attributes)
    attributes = list(result.attributes)
    rows = []
    for levels in itertools.product(*(result.attributes[a] for a in attributes)):
        offer = dict(zip(attributes, levels))
        table = offer_economics(result, {"Our offer": offer, **competitors}, unit_costs, base_cost=base_cost,
                                price_attribute=price_attribute, buyers=buyers, rule=rule, scale=scale,
                                respondents=respondents)
        ours = table.loc["Our offer"]
        rows.append({**offer, "share": ours["share"], "margin": ours["margin"], "contribution": ours["contribution"]})
    ranked = pd.DataFrame(rows).sort_values("contribution", ascending=False, kind="stable")
    return ranked.head(int(top)).reset_index(drop=True)


def proposition_effect(result, current, proposed, competitors, respondent_segments, acquired, value_per_customer,
                       *, rule="logit", scale=1.0):
    """How a change of proposition changes each segment's value, through the customers it wins.

    Each segment's respondents give the offer's share of preference among them, before and after the change.
    The segment's acquisitions are taken to move in proportion to that share (other things equal), and each
    extra customer is worth the segment's value per customer:

    .. math:: \\Delta V_s = n_s \\left(\\frac{P_s^{new}}{P_s^{now}} - 1\\right) \\bar v_s

    Parameters
    ----------
    result : ConjointResult
        Part-worths with individual estimates.
    current, proposed : dict
        Our offer now and the proposed one (level per attribute).
    competitors : dict
        Competitors' offers.
    respondent_segments : pandas.Series
        The segment of each respondent (indexed by respondent id).
    acquired : pandas.Series
        Customers the segment acquires in a period (e.g. a year), by segment.
    value_per_customer : pandas.Series
        Value of one customer of the segment, by segment.

    Returns
    -------
    pandas.DataFrame
        Per segment: ``share_now``, ``share_proposed``, ``acquired``, ``extra_customers``, ``value_per_customer``
        and ``value_change``.
    """
    if not isinstance(respondent_segments, pd.Series):
        raise DataValidationError("Give the respondents' segments as a Series indexed by respondent id.")
    rows = {}
    for segment, members in respondent_segments.groupby(respondent_segments).groups.items():
        if segment not in acquired.index or segment not in value_per_customer.index:
            continue
        now = share_of_preference(result, {"Our offer": current, **competitors}, rule=rule, scale=scale,
                                  respondents=members)["Our offer"]
        new = share_of_preference(result, {"Our offer": proposed, **competitors}, rule=rule, scale=scale,
                                  respondents=members)["Our offer"]
        extra = float(acquired[segment]) * (new / now - 1) if now > 0 else 0.0
        rows[segment] = {"share_now": now, "share_proposed": new, "acquired": float(acquired[segment]),
                         "extra_customers": extra, "value_per_customer": float(value_per_customer[segment]),
                         "value_change": extra * float(value_per_customer[segment])}
    if not rows:
        raise DataValidationError("No segment has respondents, acquisitions and a value; check that the three "
                                  "use the same segment names.", column="segment")
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("segment")
