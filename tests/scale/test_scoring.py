"""Scores streamed in batches to Parquet equal the in-memory CLV; the distribution read back out of core."""
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from paynecrm_kernel.clv import BetaGeoModel, GammaGammaModel, customer_lifetime_value, summarize_transactions
from paynecrm_kernel.scale import customer_table, fit_purchases, fit_spend, score_customers, value_distribution
from paynecrm_kernel.scale.analysis import analyse_log, holdout_check

from conftest import CALIBRATION_END, OBSERVATION_END


@pytest.fixture(scope="module")
def fitted(cdnow_files):
    table = customer_table(cdnow_files["parquet"], amount="amount")
    return table, fit_purchases(table), fit_spend(table)


def test_batches_equal_the_in_memory_clv(fitted, cdnow_log, tmp_path):
    table, purchases, spend = fitted
    info = score_customers(table, purchases, tmp_path / "scores.parquet", spend=spend, batch_rows=500)
    assert info["customers"] == 2357 and pq.ParquetFile(info["path"]).metadata.num_row_groups == 5
    scores = pd.read_parquet(info["path"]).sort_index()
    everyone = summarize_transactions(cdnow_log, amount="amount").sort_index()
    expected = customer_lifetime_value(BetaGeoModel().fit(everyone), GammaGammaModel().fit(everyone), everyone)
    np.testing.assert_allclose(scores["clv"].to_numpy(), expected["clv"].to_numpy(), rtol=1e-7)
    np.testing.assert_allclose(scores["probability_alive"].to_numpy(),
                               BetaGeoModel().fit(everyone).probability_alive(everyone), rtol=1e-7)
    assert info["attrs"]["horizon"] == 12 and "discounted" in info["attrs"]["convention"]


def test_value_distribution(fitted, tmp_path):
    table, purchases, spend = fitted
    path = score_customers(table, purchases, tmp_path / "s.parquet", spend=spend)["path"]
    clv = pd.read_parquet(path)["clv"]
    d = value_distribution(path, top=5)
    assert d.customers == 2357 and d.total == pytest.approx(clv.sum(), rel=1e-12)
    assert d.quantiles[0.5] == pytest.approx(clv.quantile(0.5), rel=1e-9)
    assert d.histogram["customers"].sum() == 2357
    assert d.top["clv"].tolist() == sorted(clv.nlargest(5).tolist(), reverse=True)
    assert d.concentration["top 10%"] == pytest.approx(clv.nlargest(236).sum() / clv.sum(), rel=1e-9)


def test_holdout_check_equals_the_customer_level_table(cdnow_files, cdnow_log):
    from paynecrm_kernel.clv import calibration_holdout_table

    table = customer_table(cdnow_files["folder"], amount="amount", calibration_end=CALIBRATION_END,
                           observation_end=OBSERVATION_END)
    histories = table.histories(holdout=True)
    purchases = fit_purchases(table, histories=histories)
    ours = holdout_check(purchases, histories, duration=39.0)
    everyone = summarize_transactions(cdnow_log, amount="amount", calibration_end=CALIBRATION_END,
                                      observation_end=OBSERVATION_END)
    theirs = calibration_holdout_table(purchases, everyone)
    np.testing.assert_array_equal(ours["customers"].to_numpy(), theirs["customers"].to_numpy())
    np.testing.assert_allclose(ours[["actual", "predicted"]].to_numpy(), theirs[["actual", "predicted"]].to_numpy(),
                               rtol=1e-10)


def test_analysis_reports_progress_and_holds_everything(cdnow_files, tmp_path):
    seen = []
    analysis = analyse_log(cdnow_files["folder"], amount="amount", calibration_end=CALIBRATION_END,
                           observation_end=OBSERVATION_END, scores_path=tmp_path / "s.parquet",
                           progress=lambda stage, fraction: seen.append((stage, fraction)))
    stages = list(dict.fromkeys(stage for stage, _ in seen))
    assert stages == ["reading the log", "summarising customers", "fitting the models",
                      "checking against the holdout", "scoring customers", "measuring the spread of value"]
    assert all(0 <= f <= 1 for _, f in seen) and all((s, 1.0) in seen for s in stages)
    assert analysis.customers == 2357 and analysis.guessed == ("customer_id", "date")
    assert analysis.purchases.params["r"] == pytest.approx(0.243, abs=1e-3)
    page = analysis.report_html
    for words in ("How well do the models fit?", "Does the forecast hold?", "How is value spread?",
                  "Who are the top customers?", "<svg", "95 % lower"):
        assert words in page
    assert "<script" not in page and "2,357 customers" in page
    assert "BG/NBD" in analysis.summary_text()
