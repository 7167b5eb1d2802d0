"""Value propositions and live-workshop ratings through the workbook."""
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import (CostItem, ValueProposition, collect_ratings, fit_part_worths, full_factorial,
                                   load_design, load_propositions, published_design, save_design, save_proposition,
                                   parse_cost_lines, save_ratings)
from paynecrm_kernel.workbook import Workbook

ATTRS = {"brand": ["A", "B", "C"], "colour": ["red", "blue"], "price": ["50", "100", "150"]}


def test_proposition_round_trip_and_total_cost(tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    prop = ValueProposition("Trade accounts", "Next-day delivery with a named account manager",
                            benefits=["speed", ""], costs=[{"item": "fee", "amount": 120, "recurring": True},
                                                            CostItem("switching time", 50)],
                            co_creation=["joint planning"], offer={"brand": "B"})
    assert prop.benefits == ("speed",)
    assert prop.total_cost(0.8, 0.1, "C") == pytest.approx(50 + 120 / 0.3)
    monthly = ValueProposition("Trade accounts", costs=parse_cost_lines("care plan; 120; monthly"))
    assert monthly.total_cost(0.7, 0.1, "C") == pytest.approx(12 * 120 / 0.4)     # not 120 / 0.4 = $300
    with pytest.raises(DataValidationError, match="how often"):
        parse_cost_lines("fee; 5; fortnightly")
    assert prop.completeness() == 0.75
    save_proposition(wb, prop)
    again = load_propositions(Workbook.open(tmp_path / "wb.json"))
    assert again["Trade accounts"] == prop
    with pytest.raises(DataValidationError, match="amount"):
        ValueProposition("x", costs=[{"item": "fee", "amount": -1}])


def test_live_workshop_ratings_pool_across_pages(tmp_path):
    path = tmp_path / "wb.json"
    facilitator = Workbook.open(path)
    design = full_factorial(ATTRS)
    save_design(facilitator, design)
    worth = {"B": 2, "C": -1, "blue": 1, "100": -1, "150": -3}
    for rid in ("p-1", "p-2", "p-3"):
        page = Workbook.open(path)                  # each participant's page has its own handle
        shared = load_design(page)
        ratings = {pid: 5 + sum(worth.get(v, 0) for v in row.values()) for pid, row in
                   shared.profiles.to_dict(orient="index").items()}
        save_ratings(page, shared, rid, ratings)
    pooled = collect_ratings(facilitator, design)
    assert pooled["respondent_id"].nunique() == 3 and len(pooled) == 54
    result = fit_part_worths(pooled, ATTRS)
    assert result.params["brand[B]"] == pytest.approx(2) and result.params["price[150]"] == pytest.approx(-3)
    # ratings made under another design are not pooled
    other = full_factorial({"brand": ["A", "B"], "colour": ["red", "blue"], "price": ["50", "100", "150"]})
    assert collect_ratings(facilitator, other).empty
    with pytest.raises(DataValidationError, match="Respondent id"):
        save_ratings(facilitator, design, "bad id!", {1: 3})


def test_the_starting_design_is_published_once_and_later_publications_win(tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    starting = full_factorial({"colour": ["red", "blue"], "size": ["S", "M"]})
    assert published_design(wb) is None                          # nothing to publish: nothing published
    assert published_design(wb, starting).profiles.equals(starting.profiles)
    assert load_design(wb).profiles.equals(starting.profiles)
    newer = full_factorial({"colour": ["red", "blue", "green"], "size": ["S", "M"]})
    save_design(wb, newer)
    assert published_design(wb, starting).profiles.equals(newer.profiles)
