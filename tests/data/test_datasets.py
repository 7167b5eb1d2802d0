"""The bundled research data sets load with the documented sizes, sums and types."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.data import (DATASETS, attribution, load_cdnow_master, load_cdnow_sample,
                                  load_cdnow_summary, load_donations, load_retention_cohorts)


def test_cdnow_master_sizes_and_types():
    master = load_cdnow_master()
    assert len(master) == 69_659
    assert master["customer_id"].nunique() == 23_570
    assert round(master["dollar_value"].sum(), 2) == 2_500_315.63
    assert master["number_of_cds"].sum() == 167_881
    assert (master["dollar_value"] == 0).sum() == 80
    assert master["date"].dtype == "datetime64[ns]"
    assert master["customer_id"].dtype == np.int64 and master["number_of_cds"].dtype == np.int64
    assert master["date"].min() == pd.Timestamp("1997-01-01")
    assert master["date"].max() == pd.Timestamp("1998-06-30")


def test_cdnow_sample_links_to_master():
    sample, master = load_cdnow_sample(), load_cdnow_master()
    assert len(sample) == 6_919 and sample["customer_id"].nunique() == 2_357
    assert sample["customer_id"].min() == 1 and sample["customer_id"].max() == 2_357
    assert list(sample.columns) == ["customer_id", "master_customer_id", "date", "number_of_cds", "dollar_value"]
    # every sample row appears in the master file under its master id
    keys = ["customer_id", "date", "number_of_cds", "dollar_value"]
    linked = sample.drop(columns="customer_id").rename(columns={"master_customer_id": "customer_id"})
    merged = linked.merge(master.drop_duplicates(keys), on=keys, how="left", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_cdnow_summaries_agree():
    plain, full = load_cdnow_summary(), load_cdnow_summary(with_monetary=True)
    assert len(plain) == len(full) == 2_357
    assert list(plain.columns) == ["customer_id", "frequency", "recency", "T"]
    pd.testing.assert_frame_equal(plain, full.drop(columns="monetary_value"))
    assert (full["frequency"] > 0).sum() == 946
    assert (full.loc[full["frequency"] == 0, "monetary_value"] == 0).all()
    first = full.iloc[0]
    assert (first["frequency"], first["recency"], first["T"]) == (2, 30.43, 38.86)


def test_donations_and_cohorts():
    donations = load_donations()
    assert donations["weights"].sum() == 11_104 and len(donations) == 22
    assert (donations["periods"] == 6).all()
    assert (donations["recency"] >= donations["frequency"].clip(upper=1)).all()
    cohorts = load_retention_cohorts()
    assert cohorts["year"].tolist() == list(range(13))
    assert cohorts["regular"].head(8).tolist() == [1000, 631, 468, 382, 326, 289, 262, 241]
    assert cohorts["high_end"].head(8).tolist() == [1000, 869, 743, 653, 593, 551, 517, 491]
    assert (cohorts[["regular", "high_end"]].diff().dropna() <= 0).all().all()


def test_loaders_return_copies():
    first = load_cdnow_master()
    first.loc[0, "dollar_value"] = -1.0
    assert load_cdnow_master().loc[0, "dollar_value"] == 11.77
    cohorts = load_retention_cohorts()
    cohorts["regular"] = 0
    assert load_retention_cohorts()["regular"].iloc[0] == 1000


def test_registry_and_attribution():
    assert set(DATASETS) == {"cdnow_master", "cdnow_sample", "cdnow_summary", "donations", "retention_cohorts"}
    text = attribution()
    for name, dataset in DATASETS.items():
        assert dataset.citation in text
        assert callable(getattr(__import__("paynecrm_kernel.data", fromlist=[dataset.loader]), dataset.loader))
    assert "Marketing Science 24(2)" in attribution("cdnow_master")
    assert "How to Project Customer Retention" in attribution("retention_cohorts")
    with pytest.raises(KeyError, match="unknown data set"):
        attribution("nope")
