"""Applications and IT systems content."""
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.information import (APPLICATIONS, SCALABILITY_CHECKLIST, classify_applications,
                                         integration_map, scalability_score)


def test_article_examples_are_classified_as_in_payne_and_frow():
    office = {a.name: a.office for a in APPLICATIONS if a.source == "S1"}
    assert office["Sales-force automation"] == office["Call-centre management"] == "front"
    assert {office[n] for n in ("Human resources", "Procurement", "Warehouse management", "Logistics")} == {"back"}


def test_classification_scores_and_explains():
    answers = {a.name: a.office for a in APPLICATIONS}
    answers["Procurement"] = "front"
    table = classify_applications(answers)
    assert table.attrs["score"] == pytest.approx((len(APPLICATIONS) - 1) / len(APPLICATIONS))
    assert not table.loc["Procurement", "correct"] and table.loc["Procurement", "why"]
    with pytest.raises(DataValidationError, match="front"):
        classify_applications({"Procurement": "middle"})
    with pytest.raises(DataValidationError, match="Unknown"):
        classify_applications({"Spreadsheet": "back"})


def test_integration_map_takes_identification_rates_from_the_channels(company):
    table = integration_map(company.channels).set_index("system")
    assert table.loc["Store point of sale", "identified_share"] == pytest.approx(0.6)
    assert table["where_lost"].str.len().min() > 5


def test_scalability_score():
    score = scalability_score([True] * len(SCALABILITY_CHECKLIST))
    assert score["overall"] == 1.0
    with pytest.raises(DataValidationError, match="one True/False"):
        scalability_score([True])


def test_importing_the_chapter_library_loads_no_widgets_and_no_heavy_engines():
    import subprocess
    import sys
    code = ("import sys, paynecrm_kernel.information; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'IPython', 'ipywidgets', 'splink', 'sklearn', "
            "'pandera'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
