"""docs/sample-company.md states the planted parameters and the default data set exactly as generated."""
from pathlib import Path

import pytest

from paynecrm_kernel.data.sample_company import truth

DOC = Path(__file__).resolve().parents[2] / "docs" / "sample-company.md"


def segment_rows(truth):
    rows = []
    for key, s in truth["segments"].items():
        bg, gg = s["bgnbd"], s["gamma_gamma"]
        rows.append(f"| `{key}` | {s['label']} | {s['share']:.2f} | {bg['r']} | {bg['alpha']} | {bg['a']} "
                    f"| {bg['b']} "
                    f"| {gg['p']} | {gg['q']} | {gg['v']} | {gg['mean_spend']:.2f} |")
    return rows


def care_rows(truth):
    return [f"| `{k}` | {s['care_plan']['take_up']} | {s['care_plan']['monthly_fee']:.2f} | {s['care_plan']['alpha']} "
            f"| {s['care_plan']['beta']} | {s['care_plan']['mean_monthly_churn']:.3f} | {s['satisfaction_mean']} "
            f"| {s['survey_response']} |" for k, s in truth["segments"].items()]


def channel_rows(truth):
    return [f"| `{k}` | {c['category']} | {c['contact']} | {c['unit_cost']:.2f} | {c['mean_minutes']} "
            f"| {c['resolved']} | {c['identified']} | {truth['campaigns']['cac'][k]:.0f} "
            f"| {truth['surveys']['channel_effect'][k]:+.1f} "
            f"| " + " / ".join(f"{truth['segments'][s]['channel_mix'][k]:.2f}" for s in truth["segments"]) + " |"
            for k, c in truth["channels"].items()]


def chain_rows(truth):
    return [f"| {', '.join(links)} | {outcome} | {', '.join(f'{b:+.2f}' for b in links.values())} |"
            for outcome, links in truth["service_profit_chain"].items()]


def conjoint_rows(truth):
    rows = []
    for seg, spec in truth["conjoint"]["segments"].items():
        worths = "; ".join(f"{a}: " + ", ".join(f"{w:g}" for w in spec["part_worths"][a])
                           for a in truth["conjoint"]["attributes"])
        rows.append(f"| {seg} | {spec['share']} | {spec['intercept']:g} | {worths} |")
    return rows


ALL = (segment_rows, care_rows, channel_rows, chain_rows, conjoint_rows)


@pytest.mark.parametrize("rows", ALL, ids=lambda f: f.__name__)
def test_parameter_tables_match_truth(rows):
    text = DOC.read_text(encoding="utf-8")
    for row in rows(truth()):
        assert row in text, row


def test_default_sizes_match(company):
    text = DOC.read_text(encoding="utf-8")
    for name in company.table_names:
        assert f"| `{name}` | {len(getattr(company, name)):,} |" in text, name
    assert f"revenue ${company.transactions['amount'].sum():,.2f}" in text
    assert company.truth["start"] == "2023-01-02" and "2023-01-02 to 2024-12-30" in text
