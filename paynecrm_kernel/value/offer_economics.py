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

from ..errors import DataValidationError
from .market import share_of_preference, validate_offers

__all__ = ["offer_margin", "offer_economics", "best_offers", "parse_price"]


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
