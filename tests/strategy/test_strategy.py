import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.strategy import (disruption_shift, five_forces_summary, matrix_position, six_markets_summary,
                                      vision_completeness, vision_statement)
from paynecrm_kernel.strategy.six_markets import MARKET_KEYS

RATINGS = dict(rivalry=4, new_entrants=2, substitutes=3, buyer_power=5, supplier_power=1)


def test_five_forces():
    s = five_forces_summary(RATINGS)
    assert s["intensity"] == 3.0 and s["attractiveness"] == "moderate"
    assert s["strongest"] == ["Bargaining power of buyers"]
    shift = disruption_shift(RATINGS, {**RATINGS, "new_entrants": 5})
    assert shift.index[0] == "new_entrants" and shift.change.iloc[0] == 3
    with pytest.raises(DataValidationError, match="rivalry"):
        five_forces_summary({**RATINGS, "rivalry": 7})


def test_six_markets_group_mean_spread_and_gap():
    a = {"current": {k: 4 for k in MARKET_KEYS}, "desired": {k: 6 for k in MARKET_KEYS}}
    b = {"current": {k: 6 for k in MARKET_KEYS}, "desired": {**{k: 6 for k in MARKET_KEYS}, "referral": 10}}
    t = six_markets_summary([a, b])
    assert t.index[0] == "referral"
    assert t.loc["referral", "gap"] == 3 and t.loc["internal", "gap"] == 1
    assert t.loc["internal", "current_spread"] == pytest.approx(2 ** 0.5)
    with pytest.raises(DataValidationError):
        six_markets_summary([])


def test_vision_and_matrix():
    fields = {"vision": "Be the home-furnishing partner of choice", "crm_role": " "}
    assert vision_completeness(fields) == pytest.approx(1 / 6)
    assert vision_statement(fields).startswith("**Our vision.**")
    assert matrix_position("micro", 0.8)["quadrant"] == "Customer-based marketing"
    assert matrix_position("one-to-one", 0.8)["quadrant"] == "Individualized CRM"
    assert matrix_position("macro", 0.2)["quadrant"] == "Product-based selling"
    # customer-based marketing means detailed segmentation: a few macro segments never get there
    assert matrix_position("macro", 0.95)["quadrant"] == "Product-based selling"


def test_strategy_decisions_follow_the_learners_pyramid_and_agree_with_the_overview(tmp_path):
    from paynecrm_kernel.strategy import information_score, save_strategy_decisions
    from paynecrm_kernel.workbook import Workbook
    wb = Workbook.open(tmp_path / "wb.json")
    profit = pd.Series([50.0, 20.0, 10.0, 5.0, -1.0, -2.0, -3.0, 4.0, 3.0, 2.0])
    segments = pd.Series(["Trade accounts"] * 3 + ["Lapsed one-time buyers"] * 7)
    decisions = save_strategy_decisions(wb, profit, segments)
    assert decisions.pyramid_tiers["Lead"] == 3                # the loss-makers, by default
    assert decisions.quadrant == decisions.quadrant_now == "Product-based selling"
    assert information_score(wb) == 0.33
    assert wb.get("strategy.decisions.segments") == {"Lapsed one-time buyers": 7, "Trade accounts": 3}
    wb.update({"strategy.pyramid.rule": "share", "strategy.pyramid.cut_iron": 90})
    assert save_strategy_decisions(wb, profit).pyramid_tiers["Lead"] == 1    # the learner's rule and cut-off
    assert wb.get("strategy.decisions.pyramid_tiers")["Lead"] == 1
    assert "a move from Product-based selling" not in str(decisions)
