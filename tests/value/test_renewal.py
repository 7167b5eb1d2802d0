"""The retention route: a change of proposition reaches a segment's value through the customers who stay."""
import math

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import fit_part_worths, renewal_retention, retention_route, share_of_preference, simple_clv

RIVALS = {"Budget rival": {"price": "$799", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"},
          "Premium rival": {"price": "$1,299", "delivery": "next day", "warranty": "5 years", "design": "Scandinavian"}}
TODAY = {"price": "$999", "delivery": "1 week", "warranty": "1 year", "design": "Classic"}
BETTER = {"price": "$799", "delivery": "next day", "warranty": "5 years", "design": "Classic"}   # dominates TODAY
WORSE = {"price": "$1,299", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"}   # dominated by TODAY
D = 0.1268


@pytest.fixture(scope="module")
def fit(company):
    return fit_part_worths(company.conjoint, company.truth["conjoint"]["attributes"])


@pytest.fixture(scope="module")
def respondents(company):
    ids = company.conjoint.groupby("respondent_id")["customer_id"].first()
    return pd.Series(["A" if c % 2 else "B" for c in ids], index=ids.index)


def _route(fit, respondents, horizon=5, **values):
    one = pd.Series(values.get("one", {"A": 40.0, "B": 150.0}))
    two = pd.Series(values.get("two", {"A": 70.0, "B": 270.0}))
    return retention_route(fit, TODAY, RIVALS, respondents, one, two, pd.Series({"A": 1000, "B": 200}),
                           discount=D, horizon=horizon)


shares = st.floats(0.001, 0.999)


@given(shares, shares, shares)
def test_a_better_share_never_lowers_retention_and_today_is_reproduced_exactly(r, p0, p1):
    assert renewal_retention(r, p0, p0) == r
    new = renewal_retention(r, p0, p1)
    assert 0 < new < 1
    assert (new >= r) == (p1 >= p0) or math.isclose(new, r)
    assert renewal_retention(r, p0, min(p1 + 0.0005, 0.9999)) >= new


def test_the_odds_move_with_the_odds_ratio_of_the_shares():
    # odds 4 at r = 0.8; shares 0.5 -> 0.75 triple the odds: 12, so r = 12/13
    assert renewal_retention(0.8, 0.5, 0.75) == pytest.approx(12 / 13)
    assert renewal_retention(0.8, 0.75, 0.5) == pytest.approx(4 / 3 / (1 + 4 / 3))


@pytest.mark.parametrize("args", [(0.0, 0.5, 0.6), (1.0, 0.5, 0.6), (0.8, 0.0, 0.6), (0.8, 0.5, 1.0),
                                  (-0.2, 0.5, 0.6), (float("nan"), 0.5, 0.6), ("high", 0.5, 0.6), (None, 0.5, 0.5)])
def test_absurd_rates_and_shares_are_refused(args):
    with pytest.raises(DataValidationError, match="between 0 and 1"):
        renewal_retention(*args)


def test_todays_offer_reproduces_todays_retention_and_values(fit, respondents):
    for horizon, column in ((1, "one"), (2, "two")):
        route = _route(fit, respondents, horizon=horizon)
        expected = {"one": {"A": 40.0, "B": 150.0}, "two": {"A": 70.0, "B": 270.0}}[column]
        table = route.table(TODAY)
        assert (table["retention_proposed"] == table["retention_now"]).all()
        assert (table["value_change"] == 0).all()
        assert table["value_now"].to_dict() == pytest.approx(expected)
    route = _route(fit, respondents)
    a = route.segments.loc["A"]
    assert a["retention"] == pytest.approx((1 + D) * 30 / 40)          # backed out of one and two years
    assert a["value_now"] == pytest.approx(simple_clv(a["margin"], a["retention"], D, "A", horizon=5))
    members = respondents.index[respondents == "A"]
    assert a["share_now"] == pytest.approx(share_of_preference(fit, {"Our offer": TODAY, **RIVALS},
                                                               respondents=members)["Our offer"])


def test_a_better_offer_never_lowers_retention_or_value_and_a_worse_one_never_raises_them(fit, respondents):
    route = _route(fit, respondents)
    better, worse = route.table(BETTER), route.table(WORSE)
    assert (better["share_proposed"] > better["share_now"]).all()
    assert (better["retention_proposed"] > better["retention_now"]).all()
    assert (better["value_proposed"] > better["value_now"]).all() and (better["value_change"] > 0).all()
    assert (worse["retention_proposed"] < worse["retention_now"]).all() and (worse["value_change"] < 0).all()
    b = better.loc["B"]
    assert b["value_change"] == pytest.approx(200 * (b["value_proposed"] - b["value_now"]))
    assert route.effect("B", BETTER)["retention_proposed"] == b["retention_proposed"]


def test_segments_that_cannot_be_routed_are_named_and_absurd_inputs_refused(fit, respondents):
    route = _route(fit, respondents, one={"A": 40.0, "B": -5.0, "C": 10.0}, two={"A": 70.0, "B": -8.0, "C": 15.0})
    assert list(route.segments.index) == ["A"]
    assert any("'B'" in n for n in route.notes) and any("'C'" in n and "respondent" in n for n in route.notes)
    with pytest.raises(DataValidationError, match="No retention route for segment 'B'"):
        route.effect("B", BETTER)
    with pytest.raises(DataValidationError, match="not a level"):
        route.effect("A", {**BETTER, "price": "$5"})
    for horizon in (0, 2.5, 101, "five"):
        with pytest.raises(DataValidationError, match="whole number of years"):
            _route(fit, respondents, horizon=horizon)
    with pytest.raises(DataValidationError, match="pandas Series"):
        retention_route(fit, TODAY, RIVALS, respondents, {"A": 40.0}, pd.Series({"A": 70.0}), pd.Series({"A": 1}),
                        discount=D)
    with pytest.raises(DataValidationError, match="same segment names"):
        _route(fit, respondents, one={"C": 10.0}, two={"C": 15.0})
    with pytest.raises(DataValidationError, match="discount"):
        retention_route(fit, TODAY, RIVALS, respondents, pd.Series({"A": 40.0}), pd.Series({"A": 70.0}),
                        pd.Series({"A": 1}), discount=-1)


def test_the_proposition_builder_shows_the_renewal_route_of_the_offer(fit, respondents, company, tmp_path):
    from paynecrm_kernel.widgets import PropositionBuilder
    from paynecrm_kernel.workbook import Workbook

    attributes = company.truth["conjoint"]["attributes"]
    builder = PropositionBuilder(["A", "B", "Z"], attributes, workbook=Workbook.open(tmp_path / "wb.json"))
    assert "choose again at renewal" not in builder.card.value           # no route until the segments are valued
    builder.retention_route = _route(fit, respondents)
    assert {a: d.value for a, d in builder.offer.items()} == TODAY      # no offer written yet: today's offer
    assert "Change for the segment's 1,000 customers: <b>$0</b>" in builder.card.value
    builder.segment.value = "B"
    for attribute, level in BETTER.items():
        builder.offer[attribute].value = level
    effect = builder.retention_route.effect("B", BETTER)
    card = builder.card.value
    assert "choose again at renewal" in card and f"{100 * effect['retention_proposed']:.1f} %" in card
    assert effect["retention_proposed"] > effect["retention_now"]
    builder.segment.value = "Z"
    assert "No renewal estimate for this segment" in builder.card.value and builder.message_kind != "error"
