"""The planted service-profit chain of the sample company is recovered, link by link and as one path model."""
import numpy as np
import pytest

from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.performance import HESKETT_LINKS, estimate_chain, fit_chain_sem


@pytest.fixture(scope="module")
def chain(company):
    return estimate_chain(company.employee_units)


def test_planted_coefficients_fall_inside_their_95_percent_intervals(company, chain):
    planted = company.truth["service_profit_chain"]
    for outcome, parents in planted.items():
        for predictor, beta in parents.items():
            row = chain.links.loc[(outcome, predictor)]
            assert row["lower"] < beta < row["upper"], (predictor, outcome, beta, row["lower"], row["upper"])
    assert set(chain.links.index) == {(o, p) for o, ps in planted.items() for p in ps}


def test_ols_link_matches_a_hand_standardised_regression(company, chain):
    units = company.employee_units.select_dtypes("number")
    z = (units - units.mean()) / units.std()
    x = np.column_stack([np.ones(len(z)), z["customer_retention"], z["revenue_growth"]])
    beta, *_ = np.linalg.lstsq(x, z["profit"].to_numpy(), rcond=None)
    assert chain.beta("customer_retention", "profit") == pytest.approx(beta[1], abs=1e-10)
    r = np.corrcoef(z["service_quality"], z["customer_satisfaction"])[0, 1]
    assert chain.links.loc[("customer_satisfaction", "service_quality"), "r_squared"] == pytest.approx(r * r)


def test_large_sample_recovers_the_planted_values_closely():
    result = estimate_chain(sample_company(n_units=3000).employee_units)
    planted = sample_company().truth["service_profit_chain"]
    for outcome, parents in planted.items():
        for predictor, beta in parents.items():
            assert result.beta(predictor, outcome) == pytest.approx(beta, abs=0.05)


def test_chain_effect_is_the_product_along_the_path(chain):
    path = ["internal_service_quality", "employee_satisfaction", "employee_turnover", "service_quality"]
    out = chain.chain_effect(path)
    expected = (chain.beta(path[0], path[1]) * chain.beta("employee_satisfaction", "employee_turnover")
                * chain.beta("employee_turnover", "service_quality"))
    assert out["effect"] == pytest.approx(expected)
    assert out["lower"] < out["effect"] < out["upper"]
    with pytest.raises(DataValidationError, match="does not have"):
        chain.chain_effect(["internal_service_quality", "profit"])


def test_total_effect_sums_over_paths_and_what_if_uses_the_units_scale(company, chain):
    b = chain.beta
    direct = b("employee_satisfaction", "service_quality")
    via_turnover = b("employee_satisfaction", "employee_turnover") * b("employee_turnover", "service_quality")
    total = chain.total_effects("employee_satisfaction")
    assert total["service_quality"] == pytest.approx(direct + via_turnover)
    retention = b("customer_satisfaction", "customer_retention")
    profit = b("customer_retention", "profit") + b("customer_retention", "revenue_growth") * b("revenue_growth",
                                                                                               "profit")
    assert chain.total_effects("customer_satisfaction")["profit"] == pytest.approx(retention * profit)
    what_if = chain.what_if("employee_satisfaction", 2.0)
    sd = company.employee_units["service_quality"].std()
    assert what_if.loc["service_quality", "change"] == pytest.approx(2 * (direct + via_turnover) * sd)
    assert "not causes" in what_if.attrs["caveat"] and "internal_service_quality" not in what_if.index


def test_weakest_link_is_the_smallest_coefficient(chain):
    weakest = chain.weakest_link()
    assert abs(weakest["beta"]) == chain.links["beta"].abs().min()
    assert (weakest["predictor"], weakest["outcome"]) == ("employee_satisfaction", "service_quality")


def test_sem_paths_and_fit_indices(company, chain):
    sem = fit_chain_sem(company.employee_units)
    assert sem.paths["beta"].to_numpy() == pytest.approx(chain.links.loc[sem.paths.index, "beta"].to_numpy(),
                                                         abs=0.01)
    planted = company.truth["service_profit_chain"]
    for (outcome, predictor), row in sem.paths.iterrows():
        assert row["lower"] < planted[outcome][predictor] < row["upper"]
    fit = sem.fit
    assert fit["dof"] == 20 and fit["good_fit"] and 0 <= fit["CFI"] <= 1 and fit["RMSEA"] >= 0
    # CFI and RMSEA by hand from the chi-squares
    assert fit["RMSEA"] == pytest.approx(np.sqrt(max(fit["chi2"] - 20, 0) / (20 * 59)))


def test_a_chain_that_skips_the_middle_fits_badly(company):
    skip = {"customer_satisfaction": ["internal_service_quality"], "profit": ["customer_satisfaction"],
            "employee_satisfaction": ["internal_service_quality"], "revenue_growth": ["employee_satisfaction"]}
    fit = fit_chain_sem(company.employee_units, skip).fit
    assert not fit["good_fit"] and fit["CFI"] < 0.9 and fit["RMSEA"] > 0.1 and fit["p_value"] < 0.01


def test_bad_input(company):
    units = company.employee_units
    with pytest.raises(DataValidationError, match="no column"):
        estimate_chain(units.drop(columns="profit"))
    broken = units.astype({"profit": object})
    broken.loc[[3, 7], "profit"] = "n/a"
    with pytest.raises(DataValidationError, match="profit") as info:
        estimate_chain(broken)
    assert info.value.rows == [3, 7]
    with pytest.raises(DataValidationError, match="cycle"):
        estimate_chain(units, {"profit": ["revenue_growth"], "revenue_growth": ["profit"]})
    with pytest.raises(DataValidationError, match="do not vary"):
        estimate_chain(units.assign(profit=1.0))
    with pytest.raises(DataValidationError, match="too few"):
        estimate_chain(units.head(8))
    with pytest.raises(DataValidationError, match="empty"):
        estimate_chain(units.head(0))
    assert list(HESKETT_LINKS)[0] == "employee_satisfaction"
