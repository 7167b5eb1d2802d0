"""The information chapter's tools driven headlessly on a small sample company: each shows what the library
computes, saves its inputs under the declared keys and restores them; a threshold change re-reads the scored
pairs without linking again; a tier linked for the first time shows the linkage's progress, and a new kernel
takes a tier an earlier one linked from disk. Also the library pieces the tools and the notebook rely on: the
cached read-only repository, the manager tables and the chapter's decisions."""
import re

import pytest

from paynecrm_kernel import information as I
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.information.linkage_progress import LINKAGE_STAGES, Reporter, reporting_progress
from paynecrm_kernel.widgets import (ApplicationClassifier, IntegrationMap, ModelValidationTool, QualityScorecard,
                                     RepositoryExplorer, SingleCustomerViewTool)
from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel.workbook.keys import information as keys


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&amp;", "&")


@pytest.fixture(scope="module")
def company():
    return sample_company(seed=11, n_customers=800)


@pytest.fixture(scope="module")
def view(company):
    # the company and seed of tests/information's easy tier: a run of both links it once (memoised by content)
    return I.sample_single_view(company.customers, company.transactions, "easy", seed=5)


@pytest.fixture(scope="module")
def repository(company, view, tmp_path_factory):
    return I.cached_repository(company, view.extracts, folder=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def models(company):
    segments = company.customers.set_index("customer_id")["segment"]
    early = I.customer_features(company.transactions, "2024-06-30", interactions=company.interactions,
                                segments=segments)
    later = I.customer_features(company.transactions, "2024-09-29", interactions=company.interactions,
                                segments=segments)
    return I.cdnow_holdout_validation(), I.fit_propensity(early, snapshot="2024-06-30"), later


def test_repository_is_built_once_and_the_explorer_shows_each_query_with_its_sql(company, view, repository,
                                                                                tmp_path):
    assert I.cached_repository(company, view.extracts, folder=repository.parent) == repository
    assert [p.name for p in repository.parent.iterdir()] == [repository.name]        # no leftover temporary file
    wb = Workbook.open(tmp_path / "wb.json")
    tool = RepositoryExplorer(repository, workbook=wb)
    assert tool.message == "" and "fact_transaction" in tool.diagram.value and "mart_customer_summary" in \
        tool.diagram.value
    tool.query.value = "identification_by_channel"
    question, sql = I.QUERIES["identification_by_channel"]
    assert question in _text(tool.sql.value) and "fact_interaction" in tool.sql.value
    assert wb.get("information.repository.query") == "identification_by_channel"
    # SQL equals the pandas path, and the manager table shows shares as percentages
    frame = tool.result().frame.set_index("channel")["identified_share"]
    direct = company.interactions.dropna(subset=["customer_id"]).groupby("channel")["identified"].mean()
    assert (frame - direct.reindex(frame.index)).abs().max() < 1e-12
    assert "%" in _text(tool.answer.value)
    assert RepositoryExplorer(repository, workbook=wb).query.value == "identification_by_channel"


def test_quality_scorecard_weights_change_the_index_and_are_kept(view, tmp_path):
    card = I.quality_scorecard(view.extracts)
    wb = Workbook.open(tmp_path / "wb.json")
    tool = QualityScorecard(card, workbook=wb)
    assert tool.message == ""
    before = tool.index()
    tool.weight_sliders["timeliness"].value = 1.0
    after = tool.index()
    expected = I.quality_index(card.scores, tool.weights())
    assert (after - expected).abs().max() < 1e-12 and not after.equals(before)
    assert wb.get(keys.QUALITY_WEIGHTS)["timeliness"] == 1.0
    assert f"{after.mean():.1f}" in _text(tool.summary.value)
    tool.source.value = "web"
    assert "Web shop" in _text(tool.fields.value) and "street" not in _text(tool.fields.value)
    again = QualityScorecard(card, workbook=wb)
    assert again.weight_sliders["timeliness"].value == 1.0 and again.source.value == "web"
    for slider in again.weight_sliders.values():
        slider.value = 0.0
    assert again.message_kind == "error" and "not all zero" in again.message


def test_single_view_threshold_rereads_the_pairs_without_linking(company, view, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = SingleCustomerViewTool(company.customers, company.transactions, views={"easy": view}, seed=5,
                                  workbook=wb)
    assert tool.message == "" and tool.linkages_run == 0
    at_default = tool.metrics_now()
    assert at_default["precision"] >= 0.99 and at_default["recall"] >= 0.99
    tool.threshold.value = 0.9999
    strict = tool.metrics_now()
    assert tool.linkages_run == 0 and tool.message == ""
    assert strict["recall"] <= at_default["recall"] and strict["clusters"] >= at_default["clusters"]
    assert strict.equals(I.linkage_metrics(view.clusters(0.9999), view.extracts.truth))
    assert wb.get(keys.SCV_THRESHOLD) == 0.9999
    text = _text(tool.errors.value)
    assert f"Missed matches: {strict['missed_matches']:,}" in text
    effect = _text(tool.effect.value)
    assert "accounts" in effect and "true customers" in effect and "weeks" in effect
    restored = SingleCustomerViewTool(company.customers, company.transactions, views={"easy": view}, seed=5,
                                      workbook=wb)
    assert restored.threshold.value == 0.9999 and restored.tier.value == "easy"


def test_single_view_shows_the_progress_of_a_linkage_while_it_runs(company, view, monkeypatch):
    tool = SingleCustomerViewTool(company.customers, company.transactions, views={"easy": view}, seed=5)
    assert tool.progress.layout.display == "none" and _text(tool.stage.value) == ""
    seen = []

    def linking(customers, transactions, tier, seed):      # reports like a linkage, and looks at the tool meanwhile
        report = Reporter()                                # the progress of the enclosing reporting_progress
        for stage in LINKAGE_STAGES:
            for fraction in (0.0, 0.5, 1.0):
                report(stage, fraction)
                seen.append((stage, tool.progress.value, tool.progress.layout.display, tool.tier.disabled,
                             _text(tool.stage.value)))
        return view

    monkeypatch.setattr("paynecrm_kernel.widgets.information_single_view.sample_single_view", linking)
    tool.tier.value = "medium"
    assert tool.message == "" and tool.linkages_run == 1 and len(seen) == 3 * len(LINKAGE_STAGES)
    values = [value for _, value, *_ in seen]
    assert values == sorted(values) and values[0] == 0 and values[-1] == 100 and len(set(values)) > 5
    assert all(display != "none" and disabled for _, _, display, disabled, _ in seen)   # shown, tiers held
    assert "Linking the medium extracts: estimating u" in seen[4][-1]
    assert tool.progress.layout.display == "none" and not tool.tier.disabled
    assert re.search(r"Medium extracts: [\d,]+ records written and linked in \d+ s", _text(tool.stage.value))
    monkeypatch.setattr("paynecrm_kernel.widgets.information_single_view.sample_single_view",
                        lambda customers, transactions, tier, seed: view)    # kept: nothing to report
    tool.tier.value = "hard"
    assert "linked before" in _text(tool.stage.value) and tool.linkages_run == 2


def test_a_new_kernel_takes_a_linked_tier_from_disk_without_linking(company, view):
    I.sample_single_view.cache_clear()                     # as in a new kernel: nothing kept in memory
    calls = []
    with reporting_progress(lambda *call: calls.append(call)):
        again = I.sample_single_view(company.customers, company.transactions, "easy", seed=5)
    assert calls == []                                     # no stage ran
    assert again.result.pairs.equals(view.result.pairs) and again.metrics(0.9).equals(view.metrics(0.9))


def test_model_validation_shows_holdout_lift_and_a_profit_cutoff(models, tmp_path):
    holdout, model, later = models
    wb = Workbook.open(tmp_path / "wb.json")
    tool = ModelValidationTool(holdout, model, later, workbook=wb)
    assert tool.message == ""
    assert "12.1 %" in _text(tool.holdout_summary.value)                          # CDNOW: -12.1 % in total
    assert f"{model.evaluate()['top_decile_lift']:.2f}" in _text(tool.propensity_summary.value)
    tool.cost_per_contact.value = 6.0
    assert "20.0 %" in _text(tool.cutoff.value)                                    # 6 / 30
    assert wb.get("information.validation.cost_per_contact") == 6.0
    assert ModelValidationTool(holdout, model, later, workbook=wb).cost_per_contact.value == 6.0


def test_classifier_and_integration_map_score_and_keep_the_answers(company, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = ApplicationClassifier(workbook=wb)
    tool.choices["Procurement"].value = "back"
    tool.choices["Logistics"].value = "front"
    assert wb.get(keys.LANDSCAPE_ANSWERS) == {"Procurement": "back", "Logistics": "front"}
    assert "1 of 2" in _text(tool.summary.value) and "integration point" in _text(tool.table.value)
    assert ApplicationClassifier(workbook=wb).choices["Logistics"].value == "front"
    plan = IntegrationMap(company.channels, workbook=wb)
    assert "cash purchases without the card" in _text(plan.table.value)
    plan.checks[0].value = True
    assert wb.get(keys.CHECKLIST)["1"] is True
    assert "11.1 %" in _text(plan.summary.value)
    assert IntegrationMap(company.channels, workbook=wb).checks[0].value is True


def test_decisions_are_saved_under_the_declared_keys(view, models, tmp_path):
    holdout, model, _later = models
    wb = Workbook.open(tmp_path / "wb.json")
    index = I.quality_scorecard(view.extracts).index()
    linkage = view.metrics(0.9)
    needs = I.information_requirements(index, linkage, checklist=I.checklist_answers({"1": True}))
    assert len(needs) == len(I.SCALABILITY_CHECKLIST) - 1 + int(
        linkage["precision"] < 0.999 or linkage["recall"] < 0.9975) + int((index < 90).sum())
    saved = I.save_information_decisions(wb, quality_index=index, weights=I.DEFAULT_WEIGHTS, linkage=linkage,
                                         threshold=0.9, contacts_identified=0.87, holdout=holdout,
                                         propensity=model.evaluate(), requirements=needs)
    assert wb.get(keys.DECISION_QUALITY_INDEX)["overall"] == pytest.approx(index.mean(), abs=0.01)
    assert wb.get(keys.DECISION_SCV_COVERAGE)["precision"] == linkage["precision"]
    assert wb.get(keys.DECISION_MODEL_ACCURACY)["holdout_error"] == pytest.approx(-0.1215, abs=1e-3)
    assert wb.get(keys.DECISION_REQUIREMENTS) == needs
    assert "pcrm-decisions" in saved._repr_html_() and "nan" not in saved._repr_html_().lower()
    with pytest.raises(DataValidationError, match="Scorecard.index"):
        I.save_information_decisions(wb, quality_index=None, weights={}, linkage=linkage, threshold=0.9,
                                     contacts_identified=0.87, holdout=holdout, propensity={}, requirements=[])
