"""Conjoint design and estimation: the planted 3x2x3 check, recovery of the sample company's part-worths."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import (benefit_segments, d_efficient_design, fit_part_worths, full_factorial,
                                   generate_design, share_of_preference)

ATTRS = {"brand": ["A", "B", "C"], "colour": ["red", "blue"], "price": ["50", "100", "150"]}
PLANTED = {"brand": {"A": 0, "B": 1.0, "C": -0.5}, "colour": {"red": 0, "blue": 0.4},
           "price": {"50": 0, "100": -1.0, "150": -2.2}}


def planted_ratings():
    profiles = full_factorial(ATTRS).profiles.reset_index()
    profiles["rating"] = 5 + sum(profiles[a].map(PLANTED[a]) for a in ATTRS)
    profiles["respondent_id"] = "r1"
    return profiles


def test_planted_3x2x3_is_recovered_exactly():
    result = fit_part_worths(planted_ratings(), ATTRS)
    np.testing.assert_allclose(result.params.to_numpy(), [5, 1, -0.5, 0.4, -1, -2.2], atol=1e-10)
    np.testing.assert_allclose(result.importances().to_numpy(), [36.585, 9.756, 53.659], atol=1e-3)
    assert result.importances().round(1).tolist() == [36.6, 9.8, 53.7]


def test_reference_levels_are_zero_and_utility_adds_up():
    result = fit_part_worths(planted_ratings(), ATTRS)
    table = result.part_worths()
    assert (table.loc[table["reference"], "part_worth"] == 0).all()
    assert result.utility({"brand": "B", "colour": "blue", "price": "150"}) == pytest.approx(5 + 1 + 0.4 - 2.2)


def test_full_factorial_and_orthogonal_fraction():
    assert full_factorial(ATTRS).n_profiles == 18
    four = {k: ["1", "2", "3"] for k in "abcd"}
    design = d_efficient_design(four, 9, seed=1)
    assert design.n_profiles == 9
    assert design.d_efficiency == pytest.approx(1.0, abs=1e-9)   # the L9 orthogonal array
    for a in four:                                                 # level balance of an orthogonal array
        assert design.profiles[a].value_counts().tolist() == [3, 3, 3]
    assert generate_design(ATTRS, max_profiles=20).kind == "full factorial"
    fraction = generate_design({**four, "e": ["x", "y"]}, max_profiles=12)
    assert fraction.kind == "D-efficient fraction" and fraction.n_profiles == 12
    assert 0.8 < fraction.d_efficiency <= 1.0


def test_sample_company_part_worths_recovered_within_standard_errors(company):
    ratings = company.conjoint
    attrs = company.truth["conjoint"]["attributes"]
    result = fit_part_worths(ratings, attrs)
    truth = company.conjoint_part_worths
    for attribute, levels in attrs.items():
        for level in levels[1:]:
            term = f"{attribute}[{level}]"
            true_mean = truth[f"{attribute}={level}"].mean()
            z = (result.params[term] - true_mean) / result.bse[term]
            assert abs(z) < 3, (term, result.params[term], true_mean, result.bse[term])
    # individual part-worths: the 95 % intervals cover the true values about 95 % of the time
    ind = result.individual
    errors = []
    for attribute, levels in attrs.items():
        for level in levels[1:]:
            est = ind[f"{attribute}[{level}]"].to_numpy()
            true = truth.set_index("respondent_id").loc[ind.index, f"{attribute}={level}"].to_numpy()
            errors.append(est - true)
    rmse = float(np.sqrt(np.mean(np.square(errors))))
    assert rmse < 5.0          # rating noise sd 5 over 18 profiles: individual SEs are about 3.3
    imp = result.individual_importances()
    np.testing.assert_allclose(imp.sum(axis=1), 100.0)
    assert result.importances().sum() == pytest.approx(100.0)


def test_benefit_segments_match_planted_segments(company):
    result = fit_part_worths(company.conjoint, company.truth["conjoint"]["attributes"])
    segments = benefit_segments(result, seed=0)
    assert segments.n_segments == 3
    planted = company.conjoint_part_worths.set_index("respondent_id")["benefit_segment"]
    crosstab = pd.crosstab(segments.labels, planted.loc[segments.labels.index])
    purity = crosstab.max(axis=1).sum() / crosstab.to_numpy().sum()
    assert purity > 0.9
    assert segments.sizes.sum() == 300


def test_share_of_preference_rules(company):
    result = fit_part_worths(company.conjoint, company.truth["conjoint"]["attributes"])
    offers = {"ours": {"price": "$999", "delivery": "next day", "warranty": "5 years", "design": "Scandinavian"},
              "rival": {"price": "$799", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"}}
    logit = share_of_preference(result, offers, scale=0.2)
    first = share_of_preference(result, offers, rule="first_choice")
    assert logit.sum() == pytest.approx(1) and first.sum() == pytest.approx(1)
    assert first["ours"] > logit["ours"] > 0.5      # ours dominates on three attributes
    with pytest.raises(DataValidationError, match="not a level"):
        share_of_preference(result, {"x": {**offers["ours"], "price": "$5"}})


def test_bad_ratings_give_clear_errors():
    ratings = planted_ratings()
    ratings["rating"] = ratings["rating"].astype(object)
    ratings.loc[3, "rating"] = "high"
    with pytest.raises(DataValidationError, match=r"rows \[3\]") as info:
        fit_part_worths(ratings, ATTRS)
    assert info.value.column == "rating"
    ratings = planted_ratings()
    ratings.loc[2, "price"] = "99"
    with pytest.raises(DataValidationError, match="not in the study") as info:
        fit_part_worths(ratings, ATTRS)
    assert info.value.rows == [2]
    with pytest.raises(DataValidationError, match="cannot separate"):
        fit_part_worths(planted_ratings().head(4), ATTRS)
    with pytest.raises(DataValidationError, match="at least two"):
        full_factorial({"brand": ["A"]})
