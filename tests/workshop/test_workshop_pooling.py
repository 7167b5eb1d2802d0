"""Pooling functions: Wilson intervals, vote shares, rating distributions, NPS and grouped ideas."""
import numpy as np
import pytest
from scipy import stats

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.workshop import (describe_values, group_ideas, nps_summary, rating_distribution, vote_shares,
                                      wilson_interval)


def test_wilson_interval_reproduces_newcombe_1998():
    # Newcombe (1998, Statistics in Medicine 17: 857-872), Table I: 81/263 -> 0.2553 to 0.3662 (method 3).
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    # 0/10 and 10/10 stay inside [0, 1] and are not degenerate.
    assert wilson_interval(0, 10)[0] == 0.0 and 0.27 < wilson_interval(0, 10)[1] < 0.28
    assert wilson_interval(10, 10)[1] == 1.0


def test_wilson_interval_agrees_with_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    for k, n, level in [(3, 10, 0.95), (17, 40, 0.9), (1, 3, 0.99)]:
        ours = wilson_interval(k, n, level)
        theirs = proportion_confint(k, n, alpha=1 - level, method="wilson")
        assert np.allclose(ours, theirs, atol=1e-10)


@pytest.mark.parametrize("args", [(3, 0), (5, 3), (-1, 4), (1.5, 4)])
def test_wilson_interval_refuses_impossible_counts(args):
    with pytest.raises(DataValidationError):
        wilson_interval(*args)


def test_vote_shares_list_every_option_in_order():
    table = vote_shares(["b", "a", "b", "b"], [("a", "A"), ("b", "B"), ("c", "C")])
    assert list(table.index) == ["a", "b", "c"]
    assert table["votes"].tolist() == [1, 3, 0] and table["share"].tolist() == [0.25, 0.75, 0.0]
    assert np.allclose(table.loc["b", ["low", "high"]].astype(float), wilson_interval(3, 4))
    with pytest.raises(DataValidationError, match="unknown options: z"):
        vote_shares(["z"], [("a", "A")])
    with pytest.raises(DataValidationError, match="No votes"):
        vote_shares([], [("a", "A")])


def test_rating_distribution_matches_scipy_t_interval():
    values = [1, 2, 2, 3, 4, 5, 5, 5]
    d = rating_distribution(values, (1, 5))
    low, high = stats.t.interval(0.95, len(values) - 1, loc=np.mean(values), scale=stats.sem(values))
    assert d["counts"] == [1, 2, 1, 1, 3]
    assert d["mean"] == pytest.approx(np.mean(values)) and d["sd"] == pytest.approx(np.std(values, ddof=1))
    assert (d["low"], d["high"]) == pytest.approx((low, min(high, 5)))
    single = rating_distribution([4], (1, 5))
    assert single["sd"] == 0 and single["low"] is None
    with pytest.raises(DataValidationError, match=r"rows \[1\]"):
        rating_distribution([3, 6], (1, 5))
    with pytest.raises(DataValidationError, match="No ratings"):
        rating_distribution([], (1, 5))
    with pytest.raises(DataValidationError, match="confidence level"):
        describe_values([1.0, 2.0], level=95)


def test_nps_reproduces_the_published_check_and_rocks_adjusted_wald_interval():
    # One answer at each score 0-10 gives NPS -45.45 (framework notes, section 3.9).
    s = nps_summary(range(11))
    assert round(s["nps"], 2) == -45.45
    assert (s["promoters"], s["passives"], s["detractors"]) == (2, 2, 7)
    # Rocks (2016): add 3 to n and 3/4 to promoters and detractors, then a Wald interval.
    p, d = (2 + 0.75) / 14, (7 + 0.75) / 14
    half = 1.959964 * np.sqrt((p + d - (p - d) ** 2) / 14)
    assert (s["low"], s["high"]) == pytest.approx((100 * (p - d - half), 100 * (p - d + half)), abs=1e-4)
    all_promoters = nps_summary([10] * 5)
    assert all_promoters["nps"] == 100 and all_promoters["high"] == 100 and all_promoters["low"] < 100
    with pytest.raises(DataValidationError, match="0 to 10"):
        nps_summary([11])


def test_ideas_sharing_words_are_grouped_and_named_by_them():
    ideas = ["Clean up duplicate customer records", "Remove duplicate records from the database",
             "Train staff on the new CRM tools", "Train the service team in CRM",
             "Launch a loyalty app", "of the and"]
    groups = group_ideas(ideas)
    by_label = {g["label"]: g["ideas"] for g in groups}
    duplicate = next(l for l in by_label if "duplicate" in l)
    train = next(l for l in by_label if "train" in l)
    assert set(by_label[duplicate]) == set(ideas[:2]) and set(by_label[train]) == set(ideas[2:4])
    assert set(by_label["Other ideas"]) == {"Launch a loyalty app", "of the and"}
    assert sum(len(g["ideas"]) for g in groups) == len(ideas)
    assert group_ideas([]) == [] and group_ideas(["the of"]) == [{"label": "Other ideas", "ideas": ["the of"]}]
