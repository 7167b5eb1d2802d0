"""Data quality: the pandera contracts catch the planted defects; the SQL scorecard and the index."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.information import (DEFAULT_WEIGHTS, DIMENSIONS, check_contract, contract_for,
                                         cost_of_bad_data, quality_index, quality_scorecard, source_contracts,
                                         standardise)


@pytest.fixture(scope="module")
def easy_card(easy_extracts):
    return quality_scorecard(easy_extracts)


@pytest.fixture(scope="module")
def hard_card(hard_extracts):
    return quality_scorecard(hard_extracts)


def test_contracts_catch_the_planted_defects(hard_extracts):
    crm = hard_extracts.records["crm"]
    broken = check_contract(crm, "crm")
    assert {"phone", "date_of_birth"} <= set(broken["column"])
    bad_phones = broken[broken["column"] == "phone"]
    digits = standardise(crm.loc[bad_phones["row"]], {"phone": "phone"})["phone"].str.len()
    assert (digits != 10).all()                      # a digit typed twice or left out
    tampered = crm.copy()
    tampered.loc[0, "record_id"] = tampered.loc[1, "record_id"]
    tampered.loc[2, "first_name"] = None
    tampered.loc[3, "postcode"] = "AB-1"
    found = check_contract(tampered, "crm")
    assert {("record_id", "value repeated"), ("first_name", "value missing"),
            ("postcode", "value in the expected format")} <= set(zip(found["column"], found["rule"]))


def test_a_clean_extract_keeps_its_contract(hard_extracts):
    people = hard_extracts.people.assign(record_id=[f"CRM-{i:07d}" for i in range(len(hard_extracts.people))],
                                         last_updated="2024-06-01")
    assert check_contract(people, contract_for(["first_name", "surname", "email", "phone", "postcode"])).empty
    assert set(source_contracts()) == {"crm", "billing", "web", "call_centre"}


def test_scorecard_has_six_dimensions_in_range(easy_card):
    scores = easy_card.scores
    assert list(scores.columns) == ["records", *DIMENSIONS]
    assert ((scores[list(DIMENSIONS)] >= 0) & (scores[list(DIMENSIONS)] <= 1)).all().all()
    assert "regexp_full_match" in easy_card.sql["crm"]["fields"]


def test_sql_scorecard_equals_pandas(easy_extracts, easy_card):
    crm = easy_extracts.records["crm"]
    fields = ["first_name", "surname", "date_of_birth", "email", "phone", "street", "postcode", "town"]
    assert easy_card.scores.loc["crm", "completeness"] == pytest.approx(crm[fields].notna().mean().mean())
    email = crm["email"].str.lower().str.strip()
    phone = crm["phone"].str.replace(r"^\+\d{1,3}[ .-]+", "", regex=True).str.replace(r"\D", "", regex=True)
    key = email.fillna(phone)
    assert easy_card.scores.loc["crm", "uniqueness"] == pytest.approx(key.nunique() / key.notna().sum())
    age = pd.Timestamp("2024-12-30") - pd.to_datetime(crm["last_updated"])
    assert easy_card.scores.loc["crm", "timeliness"] == pytest.approx((age.dt.days <= 365).mean())
    truth = easy_extracts.truth.set_index("record_id")["customer_id"]
    reference = easy_extracts.people.set_index("customer_id").loc[crm["record_id"].map(truth)]
    same = crm["surname"].str.lower().to_numpy() == reference["surname"].str.lower().to_numpy()
    by_field = easy_card.by_field.set_index(["source", "field"])
    assert by_field.loc[("crm", "surname"), "accuracy"] == pytest.approx(same.mean())


def test_hard_tier_scores_lower_than_easy(easy_card, hard_card):
    for dimension in ("completeness", "accuracy", "consistency"):
        assert (hard_card.scores[dimension] < easy_card.scores[dimension]).all(), dimension
    assert (hard_card.index() < easy_card.index()).all()


def test_index_weights_are_editable_and_unmeasured_dimensions_drop_out(easy_card, easy_extracts):
    only_completeness = quality_index(easy_card.scores, {"completeness": 1})
    assert np.allclose(only_completeness, 100 * easy_card.scores["completeness"])
    without_reference = quality_scorecard(easy_extracts.records)
    assert without_reference.scores["accuracy"].isna().all()
    weights = {d: w for d, w in DEFAULT_WEIGHTS.items() if d != "accuracy"}
    assert np.allclose(without_reference.index(), quality_index(without_reference.scores, weights))
    with pytest.raises(DataValidationError, match="non-negative"):
        quality_index(easy_card.scores, {"validity": -1})
    with pytest.raises(DataValidationError, match="Unknown"):
        quality_index(easy_card.scores, {"beauty": 1})


def test_cost_of_bad_data_grows_with_defects(easy_card, hard_card):
    easy, hard = cost_of_bad_data(easy_card), cost_of_bad_data(hard_card)
    assert (hard["wasted_on_bad_contact_data"] > easy["wasted_on_bad_contact_data"]).all()
    assert np.allclose(hard["total"], hard["wasted_on_duplicates"] + hard["wasted_on_bad_contact_data"])
    with pytest.raises(DataValidationError, match="cost_per_call"):
        cost_of_bad_data(easy_card, cost_per_call=-1)


def test_bad_extracts_get_clear_errors():
    with pytest.raises(DataValidationError, match="empty"):
        quality_scorecard({"crm": pd.DataFrame({"record_id": [], "last_updated": []})})
    with pytest.raises(DataValidationError, match="last_updated"):
        quality_scorecard({"crm": pd.DataFrame({"record_id": ["a"], "surname": ["x"]})})
    with pytest.raises(DataValidationError, match="no contract"):
        check_contract(pd.DataFrame({"a": [1]}), "erp")
