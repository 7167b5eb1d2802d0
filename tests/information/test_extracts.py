"""The messy extracts: reproducible, with the planted defects and a complete answer key."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.data.sample_company.extracts import SOURCES, TIERS, corrupt_text, generate_extracts
from paynecrm_kernel.errors import DataValidationError


def test_same_seed_same_extracts_and_every_record_has_its_truth(small_company, easy_extracts):
    again = generate_extracts(small_company, "easy", seed=5)
    for name in SOURCES:
        pd.testing.assert_frame_equal(again.records[name], easy_extracts.records[name])
    combined = easy_extracts.combined()
    assert combined["record_id"].is_unique
    assert set(combined["record_id"]) == set(easy_extracts.truth["record_id"])
    assert easy_extracts.truth["customer_id"].nunique() == len(small_company.customers)


def test_each_system_keeps_only_its_own_fields(easy_extracts):
    for name, spec in SOURCES.items():
        assert list(easy_extracts.records[name].columns) == ["record_id", *spec["fields"], "last_updated"]


def test_hard_tier_plants_more_defects_than_easy(easy_extracts, hard_extracts):
    def missing_share(extracts):
        return extracts.combined()[["email", "phone", "date_of_birth"]].isna().mean().mean()
    assert missing_share(hard_extracts) > missing_share(easy_extracts) + 0.05
    hard_people = hard_extracts.truth.groupby("customer_id")["household_id"].first()
    easy_people = easy_extracts.truth.groupby("customer_id")["household_id"].first()
    assert (hard_people != hard_people.index).mean() > (easy_people != easy_people.index).mean()


def test_households_share_surname_and_address_but_not_first_name_or_email(hard_extracts):
    people = hard_extracts.people
    joined = people[people["household_id"] != people["customer_id"]].merge(
        people, left_on="household_id", right_on="customer_id", suffixes=("", "_host"))
    assert len(joined) > 20
    assert (joined["surname"] == joined["surname_host"]).all()
    assert (joined["street"] == joined["street_host"]).all()
    assert (joined["first_name"].str[0] != joined["first_name_host"].str[0]).all()
    assert people["email"].is_unique


def test_duplicate_accounts_take_the_later_purchases(small_company, easy_extracts):
    billed = easy_extracts.billing_transactions
    assert len(billed) == len(small_company.transactions)
    per_customer = billed.groupby("customer_id")["record_id"].nunique()
    twice = per_customer[per_customer > 1].index
    assert len(twice) > 0
    for customer in twice[:10]:
        rows = billed[billed["customer_id"] == customer].sort_values("date")
        switch = (rows["record_id"] != rows["record_id"].iloc[0]).to_numpy()
        assert switch.any() and (np.diff(switch.astype(int)) >= 0).all()


def test_corrupt_text_makes_one_small_change():
    rng = np.random.default_rng(0)
    for word in ["jennifer", "5551234567", "oak avenue"] * 20:
        changed = corrupt_text(word, rng, digits=word.isdigit())
        assert abs(len(changed) - len(word)) <= 1


def test_bad_input_is_refused(small_company):
    with pytest.raises(DataValidationError, match="tier"):
        generate_extracts(small_company, "impossible")
    with pytest.raises(DataValidationError, match="customer_id"):
        generate_extracts(pd.DataFrame({"id": [1, 2]}))
    with pytest.raises(DataValidationError, match="empty"):
        generate_extracts(pd.DataFrame({"customer_id": []}))
    assert set(TIERS) == {"easy", "medium", "hard"}
