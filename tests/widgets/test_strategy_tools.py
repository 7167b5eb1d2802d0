import pytest

from paynecrm_kernel.data import load_cdnow_summary
from paynecrm_kernel.segmentation import kmeans_segments, rfm_scores
from paynecrm_kernel.widgets import (FiveForcesTool, GranularityChooser, PyramidTool, RFMExplorer, SegmentExplorer,
                                     SixMarketsTool, VisionCanvas)
from paynecrm_kernel.workbook import Workbook


@pytest.fixture(scope="module")
def summary():
    return load_cdnow_summary(with_monetary=True).set_index("customer_id")


def test_rfm_explorer_restores_bins(summary, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    tool = RFMExplorer(summary, workbook=wb)
    assert tool.message == "" and sum(tool.segment_counts.values()) == len(summary)
    tool.bins.value = 3
    tool.colour_by.value = "value"
    assert wb.get("strategy.rfm.bins") == 3
    again = RFMExplorer(summary, workbook=Workbook.open(tmp_path / "wb.json"))
    assert again.bins.value == 3 and again.colour_by.value == "value"
    assert "pcrm-rfm" in again._dom_classes


def test_rfm_explorer_shows_bad_data_as_message(summary):
    tool = RFMExplorer(summary.drop(columns="T"))
    assert tool.message_kind == "error" and "'T'" in tool.message


def test_pyramid_tool(summary, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    value = summary.frequency * summary.monetary_value - 10
    tool = PyramidTool(value, workbook=wb)
    assert sum(tool.tier_counts.values()) == len(summary)
    tool.rule.value = "profit_sign"
    assert tool.tier_counts["Lead"] == int((value < 0).sum())
    tool.cuts["Gold"].value = 10          # below platinum: a clear message, no traceback
    assert tool.message_kind == "error" and "increasing" in tool.message
    assert PyramidTool(value, workbook=Workbook.open(tmp_path / "wb.json")).rule.value == "profit_sign"


def test_segment_explorer_and_granularity(summary, tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    scores = rfm_scores(summary)
    tool = SegmentExplorer(scores, ["time_since_last", "frequency", "monetary_value"], workbook=wb)
    assert 0 < tool.silhouette <= 1
    tool.k.value = 3
    assert tool.result.k == 3 and wb.get("strategy.segments.k") == 3
    macro = kmeans_segments(scores, ["time_since_last", "frequency", "monetary_value"], k=4).labels
    value = summary.frequency * summary.monetary_value
    chooser = GranularityChooser(value, {"macro": macro, "micro": scores.rfm_cell,
                                         "one-to-one": value.astype(float)}, workbook=wb)
    chooser.chosen.value = "micro"
    assert "Product-based selling" in chooser.summary.value        # information starts at the overview's 0.35
    chooser.information.value = 0.8
    chooser.justification.value = "Tens of segments we can design offers for."
    assert chooser.choice == "micro" and "Customer-based marketing" in chooser.summary.value
    assert wb.get("strategy.granularity.justification").startswith("Tens")


def test_five_forces_vision_six_markets(tmp_path):
    wb = Workbook.open(tmp_path / "wb.json")
    ff = FiveForcesTool(workbook=wb)
    ff.current["buyer_power"].value = 5
    ff.entrant["new_entrants"].value = 5
    assert ff.intensity == pytest.approx(3.4) and "New entrants" not in ff.summary.value
    assert "Threat of new entrants +2" in ff.summary.value
    vc = VisionCanvas(workbook=wb)
    vc.fields["crm_role"].value = "CRM turns trade accounts into partners."
    assert vc.completeness == pytest.approx(1 / 6) and "trade accounts" in vc.statement.value
    sm = SixMarketsTool(workbook=wb)
    sm.desired["referral"].value = 9
    sm.participant.value = "Ann"
    sm._on_submit()
    assert sm.n_submissions == 1
    reopened = Workbook.open(tmp_path / "wb.json")
    assert FiveForcesTool(workbook=reopened).current["buyer_power"].value == 5
    assert VisionCanvas(workbook=reopened).fields["crm_role"].value.startswith("CRM")
    assert SixMarketsTool(workbook=reopened).n_submissions == 1


def test_segment_diagnostics_are_computed_when_the_chart_is_drawn(summary):
    scores = rfm_scores(summary)
    tool = SegmentExplorer(scores, ["time_since_last", "frequency", "monetary_value"])
    assert tool._diagnostics == {} and list(tool.figure.data[0].y) == []    # below the fold: nothing computed
    tool.figure.reveal()
    diag = tool.diagnostics()
    assert list(tool.figure.data[0].x) == list(diag.index) == list(range(2, 8))
    assert list(tool.figure.data[1].y) == pytest.approx(list(diag["r_squared"]))
    assert tool.figure.outputs[0]["data"]["text/plain"].startswith("<How well separated")
