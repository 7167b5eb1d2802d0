"""Splink linkage against the planted truth: the easy tier meets the Census 2021 targets."""
import warnings

import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError, DataWarning
from paynecrm_kernel.information import (FEBRL_BLOCKING, FEBRL_COMPARE, febrl_style_people, link_records,
                                         linkage_metrics, merge_effect, single_customer_view, standardise,
                                         threshold_errors, threshold_trade, threshold_tradeoff)
from paynecrm_kernel.information.linkage_progress import LINKAGE_STAGES, linkage_fraction, reporting_progress


@pytest.fixture(scope="module")
def linked_files():
    """Originals linked with their duplicates (two files), and every ``(stage, fraction)`` reported meanwhile."""
    people = febrl_style_people(300, 300, max_duplicates=1, seed=2)
    originals = people[people["rec_id"].str.endswith("org")]
    duplicates = people[people["rec_id"].str.contains("dup")]
    calls = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        result = link_records(originals, duplicates, unique_id="rec_id", compare=FEBRL_COMPARE,
                              blocking=FEBRL_BLOCKING, progress=lambda *call: calls.append(call))
    return result, duplicates, calls


def test_easy_tier_meets_the_precision_and_recall_goals(easy_view, easy_extracts):
    metrics = linkage_metrics(easy_view.clusters, easy_extracts.truth)
    assert metrics["precision"] >= 0.999 and metrics["recall"] >= 0.9975, metrics
    assert metrics["true_pairs"] > 1500
    assert abs(metrics["clusters"] - metrics["entities"]) <= 2


def test_result_shape_and_reclustering_at_the_same_threshold_agrees_with_splink(easy_view, easy_extracts):
    assert list(easy_view.pairs.columns) == ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    assert easy_view.pairs["match_probability"].is_monotonic_decreasing
    assert list(easy_view.clusters["record_id"]) == list(easy_extracts.combined()["record_id"])
    again = easy_view.clusters_at(easy_view.threshold)
    crosstab = pd.crosstab(easy_view.clusters["cluster_id"], again)
    assert ((crosstab > 0).sum(axis=1) == 1).all() and ((crosstab > 0).sum(axis=0) == 1).all()


def test_progress_follows_each_stage_in_order_and_ends_at_one(linked_files):
    *_, calls = linked_files
    stages = [stage for i, (stage, _) in enumerate(calls) if i == 0 or calls[i - 1][0] != stage]
    assert stages == list(LINKAGE_STAGES)                  # each stage once, in the order they run
    assert calls[-1] == ("clustering", 1.0)
    for stage in LINKAGE_STAGES:
        fractions = [f for s, f in calls if s == stage]
        assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions), (stage, fractions)
    assert len([f for s, f in calls if s == "estimating u" and 0 < f < 1]) >= 2     # field by field
    assert len([f for s, f in calls if s == "estimating m" and 0 < f < 1]) >= 1     # block by block
    overall = [linkage_fraction(s, f) for s, f in calls]
    assert overall == sorted(overall) and overall[0] == 0.0 and overall[-1] == 1.0


def test_threshold_trades_false_merges_for_missed_matches(easy_view, easy_extracts):
    table = threshold_tradeoff(easy_view, easy_extracts.truth, [0.01, 0.5, 0.9, 0.9999])
    assert table["recall"].is_monotonic_decreasing
    assert table["false_merges"].is_monotonic_decreasing
    false_merges, missed = threshold_errors(easy_view, easy_extracts.truth, 0.9999,
                                            records=easy_extracts.combined())
    row = table.loc[0.9999]
    assert len(missed) == row["missed_matches"]
    assert {"first_name_l", "first_name_r", "match_probability"} <= set(missed.columns)


def test_hard_tier_shows_the_tradeoff_honestly(hard_extracts):
    view = single_customer_view(hard_extracts)
    table = threshold_tradeoff(view, hard_extracts.truth, [0.5, 0.99])
    assert table.loc[0.5, "recall"] > table.loc[0.99, "recall"]
    assert table.loc[0.5, "precision"] <= table.loc[0.99, "precision"]
    assert table["recall"].max() < 0.9975          # the hard tier does not reach the easy tier's goal
    false_merges, missed = threshold_errors(view, hard_extracts.truth, 0.99)
    assert len(missed) > 0
    avoided, lost = threshold_trade(view, hard_extracts.truth, 0.5, 0.99, records=hard_extracts.combined())
    assert len(lost) == table.loc[0.99, "missed_matches"] - table.loc[0.5, "missed_matches"]
    assert len(avoided) > 0 and (avoided["match_probability"] < 0.99).all()
    assert {"surname_l", "surname_r"} <= set(lost.columns)


def test_merging_duplicates_lowers_the_customer_count_and_raises_clv_per_customer(easy_view, easy_extracts):
    table = merge_effect(easy_extracts.billing_transactions, easy_view.clusters, easy_extracts.truth)
    counts = table.loc["customers"]
    assert counts["accounts"] > counts["linked customers"] >= counts["true customers"]
    assert counts["linked customers"] - counts["true customers"] <= 2
    assert table.loc["mean CLV", "linked customers"] > table.loc["mean CLV", "accounts"]
    assert table.attrs["time_unit"] == "weeks" and "discounted" in table.attrs["convention"]


def test_febrl_style_data_reaches_f1_0995():
    people = febrl_style_people(2000, 3000, seed=1)
    assert len(people) == 5000 and people["person"].nunique() == 2000
    assert people.groupby("person").size().max() <= 6
    calls = []
    with warnings.catch_warnings(), reporting_progress(lambda stage, fraction: calls.append((stage, fraction))):
        warnings.simplefilter("ignore", DataWarning)      # corrupted birth dates that are no dates
        result = link_records(people, unique_id="rec_id", compare=FEBRL_COMPARE, blocking=FEBRL_BLOCKING)
    metrics = linkage_metrics(result.clusters, people, unique_id="rec_id", entity="person")
    assert metrics["f1"] >= 0.995, metrics
    # no progress argument: the linkage reported to the enclosing reporting_progress block
    assert calls[0] == ("preparing", 0.0) and calls[-1] == ("clustering", 1.0)


def test_two_files_are_linked_not_deduplicated(linked_files):
    result, duplicates, _ = linked_files
    assert result.mode == "link"
    assert (result.pairs["source_dataset_l"] != result.pairs["source_dataset_r"]).all()
    matched = result.pairs[result.pairs["match_probability"] >= 0.9]
    right = matched["unique_id_r"].str.extract(r"rec-(\d+)-")[0]
    left = matched["unique_id_l"].str.extract(r"rec-(\d+)-")[0]
    assert (left == right).mean() > 0.99 and len(matched) > 0.95 * len(duplicates)
    assert set(result.clusters["source_dataset"]) == {"left", "right"}


def test_standardise_puts_fields_in_one_form():
    frame = pd.DataFrame({"name": [" SMITH-Jones ", "Zoë"], "email": ["A.B@Mail.COM ", "not-an-email"],
                          "phone": ["+1 (555) 123-4567", "555.123.4567"], "postcode": ["ab1 2cd", " 12345"],
                          "dob": ["1980-02-01", "1980-02-30"]})
    with pytest.warns(DataWarning, match="dob"):
        out = standardise(frame, {"name": "name", "email": "email", "phone": "phone", "postcode": "postcode",
                                  "dob": "date"})
    assert out["name"].tolist() == ["smith jones", "zoe"]
    assert out["email"].iloc[0] == "a.b@mail.com" and pd.isna(out["email"].iloc[1])
    assert out["phone"].tolist() == ["5551234567", "5551234567"]
    assert out["postcode"].tolist() == ["AB12CD", "12345"]
    assert out["dob"].iloc[0] == "1980-02-01" and pd.isna(out["dob"].iloc[1])


@pytest.mark.parametrize("kwargs, match", [
    (dict(compare={"nope": "name"}, blocking=["surname"]), "nope"),
    (dict(compare={"surname": "fuzzy"}, blocking=["surname"]), "kind"),
    (dict(compare={"surname": "name"}, blocking=[]), "blocking"),
    (dict(compare={"surname": "name"}, blocking=["surname"], threshold=1.5), "threshold"),
    (dict(compare={}, blocking=["surname"]), "compare"),
])
def test_bad_arguments_get_clear_errors(kwargs, match):
    frame = pd.DataFrame({"id": [1, 2], "surname": ["a", "b"]})
    with pytest.raises(DataValidationError, match=match):
        link_records(frame, unique_id="id", **kwargs)


def test_bad_records_get_clear_errors():
    with pytest.raises(DataValidationError, match="empty"):
        link_records(pd.DataFrame({"id": [], "surname": []}), unique_id="id", compare={"surname": "name"},
                     blocking=["surname"])
    with pytest.raises(DataValidationError, match="repeated") as info:
        link_records(pd.DataFrame({"id": [1, 1, 2], "surname": ["a", "b", "c"]}), unique_id="id",
                     compare={"surname": "name"}, blocking=["surname"])
    assert info.value.rows == [0, 1]
    with pytest.raises(DataValidationError, match="'key'"):
        link_records(pd.DataFrame({"id": [1], "surname": ["a"]}), unique_id="key", compare={"surname": "name"},
                     blocking=["surname"])


def test_a_progress_that_is_not_callable_is_refused():
    with pytest.raises(DataValidationError, match="progress must be a callable"):
        link_records(pd.DataFrame({"id": [1, 2], "surname": ["a", "b"]}), unique_id="id",
                     compare={"surname": "name"}, blocking=["surname"], progress="bar")
    with pytest.raises(DataValidationError, match="progress must be a callable"), reporting_progress(0.5):
        pass
