"""NPS, its intervals and its change between waves, against hand-computed values."""
import math

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.performance import nps, nps_by, nps_change, satisfaction_summary, wilson_interval

Z95 = 1.959963984540054


def test_one_answer_at_each_score_gives_minus_45_45():
    result = nps(range(11))
    assert round(result.score, 2) == -45.45
    assert (result.n, result.promoters, result.passives, result.detractors) == (11, 2, 2, 7)


def test_adjusted_wald_interval_by_hand():
    # Rocks (2016): n~ = 11 + 3 = 14, promoters~ = 2.75, detractors~ = 7.75
    p, d = 2.75 / 14, 7.75 / 14
    half = Z95 * math.sqrt((p + d - (p - d) ** 2) / 14)
    result = nps(range(11))
    assert result.lower == pytest.approx(100 * (p - d - half), abs=1e-9)      # -77.04
    assert result.upper == pytest.approx(100 * (p - d + half), abs=1e-9)      # +5.61
    assert result.lower == pytest.approx(-77.04, abs=0.01) and result.upper == pytest.approx(5.61, abs=0.01)


def test_plain_wald_interval_by_hand():
    p, d = 2 / 11, 7 / 11
    half = 100 * Z95 * math.sqrt((p + d - (p - d) ** 2) / 11)
    result = nps(range(11), method="wald")
    assert result.lower == pytest.approx(-500 / 11 - half) and result.upper == pytest.approx(-500 / 11 + half)
    narrow = nps([10] * 20, method="wald")
    assert narrow.lower == narrow.upper == 100          # the plain Wald interval collapses
    adjusted = nps([10] * 20)
    assert adjusted.upper == 100 and adjusted.lower < 90    # the adjusted one does not


def test_bootstrap_interval_is_seeded_and_close_to_wald_in_large_samples():
    scores = np.repeat([10, 8, 3], [400, 300, 300])
    boot = nps(scores, method="bootstrap")
    assert boot == nps(scores, method="bootstrap")
    wald = nps(scores, method="wald")
    assert boot.score == 10.0
    assert boot.lower == pytest.approx(wald.lower, abs=1.0) and boot.upper == pytest.approx(wald.upper, abs=1.0)


def test_level_widens_the_interval():
    scores = [10, 9, 8, 7, 6, 2, 10, 9, 0, 9]
    assert nps(scores, 0.99).upper - nps(scores, 0.99).lower > nps(scores, 0.8).upper - nps(scores, 0.8).lower


@pytest.mark.parametrize("bad,rows", [([5, 11, 3], [1]), ([5, -1, 3, 12], [1, 3]), ([7, 7.5], [1]),
                                      (["9", "x"], [1]), ([3, None], [1])])
def test_scores_outside_0_10_name_the_rows(bad, rows):
    with pytest.raises(DataValidationError, match="0 to 10") as info:
        nps(bad)
    assert info.value.rows == rows


def test_empty_input_level_and_method_errors():
    with pytest.raises(DataValidationError, match="no answers"):
        nps([])
    with pytest.raises(DataValidationError, match="between 0 and 1"):
        nps([9], level=95)
    with pytest.raises(DataValidationError, match="method"):
        nps([9], method="exact")


def test_nps_by_segment_matches_the_documented_sample_company(company):
    table = nps_by(company.surveys, "segment")
    assert table.loc["enthusiasts", "score"] == pytest.approx(27.3, abs=0.05)
    assert table.loc["bargain", "score"] == pytest.approx(-33.6, abs=0.05)
    assert (table["lower"] < table["score"]).all() and (table["score"] < table["upper"]).all()
    by_channel = nps_by(company.surveys, ["segment", "rated_channel"], min_responses=20)
    assert by_channel["n"].min() >= 20 and by_channel.attrs["left_out"]
    with pytest.raises(DataValidationError, match="no column"):
        nps_by(company.surveys, "store")


def test_change_between_waves_by_hand():
    before = np.repeat([10, 8, 3], [30, 40, 30])           # NPS 0
    after = np.repeat([10, 8, 3], [50, 30, 20])            # NPS +30
    out = nps_change(before, after)
    pieces = []
    for p, d, n in ((30.75, 30.75, 103), (50.75, 20.75, 103)):
        pp, dd = p / n, d / n
        pieces.append((pp - dd, (pp + dd - (pp - dd) ** 2) / n))
    diff, se = pieces[1][0] - pieces[0][0], math.sqrt(pieces[0][1] + pieces[1][1])
    assert out["change"] == pytest.approx(30.0)
    assert out["z"] == pytest.approx(diff / se)
    assert out["lower"] == pytest.approx(100 * (diff - Z95 * se)) and out["significant"]
    same = nps_change(before, before)
    assert same["change"] == 0 and same["p_value"] == pytest.approx(1.0) and not same["significant"]


def test_satisfaction_summary_by_hand():
    frame = pd.DataFrame({"satisfaction": [7, 6, 5, 4, 7], "g": ["a", "a", "a", "b", "b"]})
    overall = satisfaction_summary(frame).iloc[0]
    assert overall["mean"] == pytest.approx(5.8) and overall["top_box_share"] == pytest.approx(0.6)
    half = 2.7764451051977987 * np.std([7, 6, 5, 4, 7], ddof=1) / math.sqrt(5)
    assert overall["upper"] == pytest.approx(5.8 + half)
    assert satisfaction_summary(frame, "g").loc["a", "mean"] == pytest.approx(6.0)
    low, high = wilson_interval(3, 5)
    assert low == pytest.approx(0.2307, abs=1e-4) and high == pytest.approx(0.8824, abs=1e-4)
    with pytest.raises(DataValidationError, match="between 1 and 7") as info:
        satisfaction_summary(pd.DataFrame({"satisfaction": [3, 9]}))
    assert info.value.rows == [1]
