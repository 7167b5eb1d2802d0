"""The framework content is complete, consistent and honest about its sources."""
import pytest

from paynecrm_kernel.framework import (CONFIDENCE, NOTEBOOKS, PROCESSES, SOURCES, elements, format_variant,
                                       get_element, get_process, label_footnotes)
from paynecrm_kernel.theme import PROCESS_COLOURS

# Handbook (2005) labels, framework notes §1.3 and §7: every one must be on the map.
HANDBOOK_LABELS = {
    "strategy": {"Business vision", "Industry and competitive characteristics", "Customer choice",
                 "Customer characteristics", "Segment granularity"},
    "value": {"Value proposition", "Value assessment", "Acquisition economics", "Retention economics",
              "Customer segment lifetime value analysis", "Co-creation"},
    "channels": {"Sales force", "Outlets", "Telephony", "Direct marketing", "E-commerce", "M-commerce",
                 "Integrated channel management"},
    "information": {"Data repository", "IT systems", "Analysis tools", "Front-office applications",
                    "Back-office applications"},
    "performance": {"Employee value", "Customer value", "Shareholder value", "Cost reduction", "Standards",
                    "Satisfaction measurement", "Results and KPIs"},
}


def test_five_processes_share_the_theme_keys():
    assert list(PROCESSES) == list(PROCESS_COLOURS)


@pytest.mark.parametrize("process", list(HANDBOOK_LABELS))
def test_every_sub_element_is_on_the_map(process):
    assert {e.label for e in elements(process)} == HANDBOOK_LABELS[process]


def test_channels_in_the_articles_order():
    assert [e.label for e in elements("channels", "Channel options (physical \u2192 virtual)")] == [
        "Sales force", "Outlets", "Telephony", "Direct marketing", "E-commerce", "M-commerce"]


def test_every_element_is_explained_sourced_and_in_a_block_of_its_process():
    ids = [e.id for e in elements()]
    assert len(ids) == len(set(ids)) == 30
    for e in elements():
        assert len(e.explanation) > 40 and len(e.questions) >= 2
        assert e.sources and all(s in SOURCES for s in e.sources)
        assert e.confidence in CONFIDENCE
        assert e.block in PROCESSES[e.process].blocks
        assert all(s in SOURCES for s in e.variants)
        assert get_element(e.id) is e


def test_unconfirmed_content_is_flagged():
    assert get_process("strategy").key_questions[0].confidence == "R"
    assert get_element("direct_marketing").confidence == "R" and get_element("direct_marketing").note
    assert all(q.confidence == "V" for p in PROCESSES.values() for q in p.key_questions
               if q is not get_process("strategy").key_questions[0])


def test_key_questions_two_per_process():
    assert all(len(p.key_questions) == 2 for p in PROCESSES.values())
    assert get_process("value").key_questions[1].text == \
        "How should we maximise the lifetime value of the customers we want?"


def test_label_footnotes_cover_the_known_variants():
    notes = dict(label_footnotes())
    assert "Metrics and KPIs" in notes["results_kpis"]
    assert "Payne 2002" in notes["cost_reduction"] and "not shown" in notes["cost_reduction"]
    assert "\u201cSalesforce\u201d" in notes["sales_force"]


def test_label_footnotes_hold_only_real_differences_between_the_figures():
    notes = dict(label_footnotes())
    assert set(notes) == {"customer_choice", "customer_characteristics", "co_creation", "sales_force", "e_commerce",
                          "m_commerce", "cost_reduction", "satisfaction_measurement", "results_kpis"}
    text = " ".join(notes.values())
    for artefact in ("extract", "\u201cVision\u201d", "\u201cgranularity\u201d", "Competitive \u2026", "Retention \u2026"):
        assert artefact not in text


def test_co_creation_links_the_two_sides_of_value_creation():
    co_creation = get_element("co_creation")
    assert co_creation.block == get_element("segment_ltv").block == "Between the two sides"
    assert "exchange" in co_creation.explanation and "not co-creation" in co_creation.explanation


def test_format_variant():
    assert format_variant("Vision") == "\u201cVision\u201d"
    assert format_variant("Salesforce (one word)") == "\u201cSalesforce\u201d (one word)"
    assert format_variant("(not shown)") == "not shown"


def test_notebooks_and_lookups():
    assert NOTEBOOKS["channels"] == "03_multichannel_integration.ipynb"
    assert get_process("performance").notebook == "05_performance_assessment.ipynb"
    with pytest.raises(KeyError, match="use one of"):
        get_process("sales")
    with pytest.raises(KeyError):
        get_element("nope")
    with pytest.raises(KeyError):
        elements("nope")


def test_importing_the_framework_loads_no_widgets():
    import subprocess
    import sys
    code = ("import sys, paynecrm_kernel.framework; "
            "print('ipywidgets' in sys.modules or 'IPython' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_every_chapter_reference_is_in_the_register_and_printed_in_full():
    from paynecrm_kernel.framework import CHAPTER_SOURCES, references_section
    for chapter, ids in CHAPTER_SOURCES.items():
        section = references_section(chapter)
        assert section.startswith("## References")
        assert all(SOURCES[i].full in section for i in ids)
    assert "Slater" in references_section("strategy") and "Sharp" in references_section("value")
    assert "(" not in SOURCES["S3"].short          # cite() adds its own brackets: no "(Payne 2005 (Handbook))"
