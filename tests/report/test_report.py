"""The CRM strategy report: built from the workbook's declared keys, deterministic, never a traceback."""
import argparse
import re

import pytest

from paynecrm_kernel.report import build_report, report_html, report_pdf, write_report
from paynecrm_kernel.report.cli import add_arguments, run
from paynecrm_kernel.workbook import Workbook

SECTIONS = ["summary", "perspective", "strategy", "value", "channels", "information", "performance", "business",
            "roadmap", "scorecard", "risks", "references"]


@pytest.fixture
def workbook(tmp_path):
    wb = Workbook.open(tmp_path / "team.json")
    wb.update({
        "overview.continuum.definition": "CRM is how we win and keep the right customers.",
        "strategy.decisions.granularity": "micro",
        "strategy.decisions.matrix_quadrant": "Customer-based marketing",
        "value.decisions.clv_by_segment": {"Trade accounts": 177219.15, "Everyday shoppers": 16922.04},
        "value.decisions.top_segment": "Trade accounts",
        "value.decisions.offer_share": 0.6871,
        "value.decisions.clv_convention": "Expected value of repeat purchases over the next 12 months: ...",
        "value.equity.result": {"total": 1399396.86, "current": 1000000.0, "future": 399396.86},
        "overview.implementation.grid": [[3, 2, 4, 4, 5], [3, 3, 3, 1, 3], [4, 4, 4, 4, 4], [2, 3, 3, 3, 3]],
    })
    return wb


def test_every_section_is_there_and_says_plainly_what_was_not_worked_through(tmp_path):
    report = build_report(Workbook.open(tmp_path / "empty.json"))
    assert [s.id for s in report.sections] == SECTIONS
    assert report.section("channels").status == "not started"
    assert "Not worked through yet: open 03 multichannel integration" in report.section("channels").blocks[0].text
    assert "Multichannel integration: not worked through yet." in report.missing


def test_the_numbers_are_the_saved_decisions_as_managers_read_them(workbook):
    report = build_report(workbook)
    assert report.section("value").status == "complete" and report.section("strategy").status == "complete"
    page = report_html(report)
    assert "$177,219" in page and "68.7 %" in page and "$1,399,397" in page
    summary = " ".join(report.section("summary").blocks[1].items)
    assert "Trade accounts, with $177,219 of the $194,141" in summary      # 177,219.15 + 16,922.04
    assert "expected value of repeat purchases over the next 12 months" in summary
    rows = dict(report.section("strategy").blocks[-1].rows) | dict(
        next(b for b in report.section("strategy").blocks if b.header == ("Decision", "Value")).rows)
    assert rows["The segment granularity"] == "micro"
    assert not re.search(r"\bnan\b|\{'|\[\[", page)                          # no raw reprs, no NaN


def test_the_roadmap_takes_the_least_ready_process_first(workbook):
    roadmap = build_report(workbook).section("roadmap")
    phases = next(b for b in roadmap.blocks if b.kind == "table").rows
    # column means: strategy 3.0, value 3.0, channels 3.5, information 3.0, performance 3.75
    assert phases[0][:2] == ("Phase 1 (months 0-6)", "Strategy development")
    assert phases[-1][1] == "Performance assessment"
    assert roadmap.blocks[-1].items[0] == \
        "First 90 days: CRM change management in information management (readiness 1 of 5)"


def test_the_same_workbook_gives_byte_identical_html_and_pdf(workbook):
    first, second = build_report(workbook), build_report(workbook)
    assert report_html(first) == report_html(second)
    assert report_pdf(first) == report_pdf(second)
    assert report_pdf(first).startswith(b"%PDF")


def test_a_corrupt_or_missing_workbook_gives_a_report_that_says_why(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    report = build_report(bad)
    assert any("could not be read" in item and "corrupt" in item for item in report.missing)
    assert report_html(report) and report_pdf(report)
    assert "does not exist" in build_report(tmp_path / "nowhere.json").missing[0]


def test_the_command_writes_pdf_and_html_and_refuses_other_names(workbook, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    for name in ("report.pdf", "report.html"):
        assert run(parser.parse_args(["--workbook", str(workbook.path), "-o", str(tmp_path / name)])) == 0
    assert (tmp_path / "report.pdf").read_bytes()[:4] == b"%PDF"
    assert "CRM strategy report" in (tmp_path / "report.html").read_text()
    assert run(parser.parse_args(["--workbook", str(workbook.path), "-o", str(tmp_path / "report.docx")])) == 2
    assert "name the output .pdf or .html" in capsys.readouterr().out
    with pytest.raises(ValueError, match=".pdf or .html"):
        write_report(build_report(workbook), tmp_path / "report.txt")


def test_the_download_tool_offers_the_pdf_and_the_html(workbook):
    import base64

    from paynecrm_kernel.widgets import ReportDownload

    tool = ReportDownload(workbook)
    assert tool.links.value == ""
    tool.button.click()
    links = dict(re.findall(r"download='([^']+)' href='data:[^;]+;base64,([^']+)'", tool.links.value))
    assert base64.b64decode(links["team-crm-report.pdf"])[:4] == b"%PDF"
    assert "Trade accounts" in base64.b64decode(links["team-crm-report.html"]).decode()
    assert "Multichannel integration (not started)" in tool.contents.value


def test_the_roadmap_table_names_an_owner_and_a_kpi_for_each_phase(workbook):
    from paynecrm_kernel.capstone import roadmap_of_record

    workbook.set("capstone.roadmap.owners", {"information": "Finance"})
    table = next(b for b in build_report(workbook).section("roadmap").blocks if b.kind == "table")
    assert table.header == ("Phase", "Process", "Readiness", "Owner", "KPI")
    expected = roadmap_of_record(workbook)
    assert [row[3:] for row in table.rows] == list(zip(expected["owner"], expected["kpi_name"]))
    assert dict((row[1], row[3]) for row in table.rows)["Information management"] == "Finance"


def test_the_business_case_shows_the_plan_segment_by_segment_with_its_levers(workbook):
    from dataclasses import replace

    from paynecrm_kernel.capstone import base_inputs, save_scenario, segment_values_under

    base, _, _ = base_inputs(workbook)
    plan = replace(base, name="plan", retention=0.7, retention_budget=10_000, priority_segments=("Trade accounts",),
                   target_quadrant="Individualized CRM", granularity="micro", kpi_targets={"nps": 20.0})
    save_scenario(workbook, plan)
    blocks = build_report(workbook).section("business").blocks
    segments = next(b for b in blocks if b.header and b.header[0] == "Today's customers by segment")
    expected = segment_values_under(plan, base, workbook.get("value.decisions.clv_by_segment"))
    rows = {row[0]: row[1:] for row in segments.rows}
    assert rows["Trade accounts (priority)"] == ("$177,219", f"${expected.loc['Trade accounts', 'plan']:,.0f}",
                                                 f"${expected.loc['Trade accounts', 'change']:,.0f}")
    assert rows["Everyday shoppers"][2] == "$0"
    levers = dict(next(b for b in blocks if b.header == ("The plan's levers", "")).rows)
    assert levers["Target position on the CRM strategy matrix"] == "Individualized CRM"
    assert levers["Priority segments"] == "Trade accounts"
    assert any(b.kind == "note" and "treats customers individually" in b.text for b in blocks)


def test_the_scorecard_lists_the_plans_kpi_targets_against_their_current_values(workbook):
    from paynecrm_kernel.capstone import Scenario, save_scenario

    workbook.update({"performance.scorecard.typed": {"channel_consistency": 4.8},
                     "performance.decisions.status": {"channel_consistency": "red"}})
    save_scenario(workbook, Scenario("plan", 0.6, 60, 40, 2500, 0.1, kpi_targets={"channel_consistency": 5.5,
                                                                                "customer_equity": 1.5e6}))
    scorecard = build_report(workbook).section("scorecard")
    targets = next(b for b in scorecard.blocks if b.header and b.header[0] == "KPI")
    assert targets.header == ("KPI", "Unit", "Current", "Standard", "Plan target", "Status now")
    rows = {row[0]: row for row in targets.rows}
    assert rows["Cross-channel consistency score"][2:] == ("4.80", "not saved", "5.50", "red")
    assert rows["Customer equity"][2] == "1,399,396.86"           # today: the value chapter's customer equity
    workbook.set("performance.decisions.values", {"channel_consistency": 5.1})   # measured by the chapter
    scorecard = build_report(workbook).section("scorecard")
    rows = {row[0]: row for row in next(b for b in scorecard.blocks if b.header and b.header[0] == "KPI").rows}
    assert rows["Cross-channel consistency score"][2] == "5.10"
    assert all("measured KPI" not in str(row[0]) for block in build_report(workbook).section("performance").blocks
               if block.rows for row in block.rows)                 # not repeated as a decision row


def test_the_report_reads_only_declared_keys():
    from paynecrm_kernel.errors import WorkbookError
    from paynecrm_kernel.report.values import Entries

    entries = Entries({"value.decisions.top_segment": "Trade accounts", "value.decisions.typo": "kept apart"})

    assert entries.get("value.decisions.top_segment") == "Trade accounts"
    assert entries.get("strategy.decisions.granularity", "macro") == "macro"
    with pytest.raises(WorkbookError, match="'value.decisions.typo' is not a declared workbook key"):
        entries.get("value.decisions.typo")
    assert "top_segment" in entries.section("value.decisions")
    with pytest.raises(WorkbookError, match="No workbook key is declared under 'value.decision'"):
        entries.section("value.decision")
