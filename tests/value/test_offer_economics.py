"""The firm's side of an offer, and how a change of proposition reaches a segment's value."""
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import (best_offers, fit_part_worths, offer_economics, offer_margin, parse_price,
                                   proposition_effect, share_of_preference)

RIVAL = {"Budget rival": {"price": "$799", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"}}
COSTS = {"delivery": {"1 week": 30, "next day": 110}, "warranty": {"5 years": 80}}


@pytest.fixture(scope="module")
def fit(company):
    return fit_part_worths(company.conjoint, company.truth["conjoint"]["attributes"])


def test_margin_and_contribution_by_hand(fit):
    offer = {"price": "$999", "delivery": "next day", "warranty": "5 years", "design": "Classic"}
    assert parse_price("$1,299") == 1299 and offer_margin(offer, COSTS, base_cost=480) == 999 - 480 - 110 - 80
    table = offer_economics(fit, {"Our offer": offer, **RIVAL}, COSTS, base_cost=480, buyers=100)
    assert table.loc["Our offer", "contribution"] == pytest.approx(100 * table.loc["Our offer", "share"] * 329)
    with pytest.raises(DataValidationError, match="not an amount"):
        parse_price("cheap")
    with pytest.raises(DataValidationError, match=">= 0"):
        offer_margin(offer, {"warranty": {"5 years": -5}})


def test_a_proposition_that_wins_more_of_a_segment_adds_its_customers_value(fit, company):
    respondents = company.conjoint.groupby("respondent_id")["customer_id"].first()
    segments = pd.Series(["A" if c % 2 else "B" for c in respondents], index=respondents.index)
    now = {"price": "$1,299", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"}
    new = {"price": "$999", "delivery": "next day", "warranty": "5 years", "design": "Classic"}
    effect = proposition_effect(fit, now, new, RIVAL, segments, pd.Series({"A": 100, "B": 50}),
                                pd.Series({"A": 20.0, "B": 200.0}))
    members = segments.index[segments == "B"]
    share = share_of_preference(fit, {"Our offer": new, **RIVAL}, respondents=members)["Our offer"]
    assert effect.loc["B", "share_proposed"] == pytest.approx(share)
    b = effect.loc["B"]
    assert b["value_change"] == pytest.approx(50 * (b["share_proposed"] / b["share_now"] - 1) * 200)
    assert (effect["share_proposed"] > effect["share_now"]).all()                # a better offer at a lower price
    best = best_offers(fit, RIVAL, COSTS, base_cost=480, top=54)
    assert len(best) == 54 and best["contribution"].is_monotonic_decreasing
    with pytest.raises(DataValidationError, match="same segment names"):
        proposition_effect(fit, now, new, RIVAL, segments, pd.Series({"C": 1}), pd.Series({"C": 1.0}))
