"""CRM maturity stages and readiness barriers (Payne 2005, Handbook, implementation part).

The Handbook's readiness assessment has two tasks: a maturity assessment, which finds the current stage
and the barriers to success, and a readiness audit. The five stage names and the seven barriers are as
reported from the Handbook (medium confidence: seen in a slide deck summarising it). The checklist
criteria, the 70 % pass rule and the barrier index are the workbook's own [D].
"""
from dataclasses import dataclass

import numpy as np

from ..errors import DataValidationError

STAGES = ("Pre-CRM planning", "Building a data repository", "Moderately developed CRM",
          "Well-developed CRM", "Highly advanced CRM")

#: Checklist [D]: stage number (1-5) -> criteria ``(id, area, text)``; areas are data, tools, tasks, people.
CRITERIA = {
    1: (("s1_vision", "tasks", "A CRM vision and business case are agreed by top management"),
        ("s1_customers", "tasks", "Target customers and segments are chosen"),
        ("s1_data_audit", "data", "An audit of where customer data is held has been done"),
        ("s1_sponsor", "people", "A senior sponsor and a cross-functional team are named")),
    2: (("s2_repository", "data", "Customer data from the main sources sits in one repository"),
        ("s2_quality", "data", "Data quality (duplicates, missing fields) is measured and improving"),
        ("s2_single_view", "tools", "Staff can look up one customer's full history"),
        ("s2_privacy", "tasks", "Consent and data-protection rules are applied to the repository")),
    3: (("s3_segments", "tasks", "Customers are segmented by value and needs, and the segments are used"),
        ("s3_campaigns", "tools", "Campaign management tools target and track campaigns by segment"),
        ("s3_channels", "tools", "The main channels record contacts in the shared customer record"),
        ("s3_kpis", "tasks", "Basic CRM KPIs (retention, acquisition cost) are reported regularly")),
    4: (("s4_clv", "data", "Customer profitability and lifetime value are estimated and used"),
        ("s4_integrated", "tools", "Channels are integrated, so a customer can move between them seamlessly"),
        ("s4_predictive", "tools", "Predictive models (churn, next purchase) drive actions"),
        ("s4_cross_functional", "people", "Marketing, sales, service and IT share CRM goals and incentives")),
    5: (("s5_individual", "tasks", "Offers and service are individualised in real time"),
        ("s5_cocreation", "tasks", "Customers co-create value (feedback, design, communities)"),
        ("s5_shareholder", "data", "CRM results are linked to shareholder value and reviewed by the board"),
        ("s5_learning", "people", "A test-and-learn culture improves CRM continuously")),
}

#: Barriers to CRM success named in the Handbook's maturity assessment.
BARRIERS = ("Lack of skills", "Lack of investment", "Poor data quality", "Poor understanding of the benefits",
            "Functional boundaries", "Lack of leadership", "Inadequate measurement systems")

PASS_SHARE = 0.7


@dataclass(frozen=True)
class MaturityResult:
    """Result of :func:`maturity_stage`.

    Attributes
    ----------
    stage : int
        Highest stage (1-5) passed with every lower stage also passed; 0 when stage 1 is not yet passed.
    stage_name : str
        Its name, or ``"Stage 1 (pre-CRM planning) not yet complete"``.
    shares : tuple of float
        Share of criteria met at each stage 1-5.
    passed : tuple of bool
        Whether each stage meets the pass share on its own.
    next_steps : tuple of str
        Unmet criteria of the next stage (what to do to move up).
    """

    stage: int
    stage_name: str
    shares: tuple
    passed: tuple
    next_steps: tuple


@dataclass(frozen=True)
class BarrierResult:
    """Result of :func:`barrier_index`: the mean severity (1-5) and the three most severe barriers."""

    index: float
    top: tuple
    severities: dict


def all_criteria():
    """Return every criterion id, stage by stage."""
    return tuple(c[0] for s in sorted(CRITERIA) for c in CRITERIA[s])


def maturity_stage(met, pass_share=PASS_SHARE):
    """Find the maturity stage reached from the checklist.

    A stage is reached when at least ``pass_share`` of its criteria are met and every lower stage is
    reached too [D].

    Parameters
    ----------
    met : iterable of str
        Ids of the criteria met (see :data:`CRITERIA`).
    pass_share : float
        Share of a stage's criteria that must be met (default 0.7).

    Returns
    -------
    MaturityResult

    Examples
    --------
    >>> maturity_stage(["s1_vision", "s1_customers", "s1_data_audit"]).stage
    1
    """
    met = set(met)
    unknown = sorted(met - set(all_criteria()))
    if unknown:
        raise DataValidationError(f"Unknown checklist items: {', '.join(unknown)}. Use the ids of CRITERIA.",
                                  column="criteria", rows=unknown)
    shares = tuple(float(np.mean([c[0] in met for c in CRITERIA[s]])) for s in sorted(CRITERIA))
    passed = tuple(share >= pass_share for share in shares)
    stage = 0
    while stage < len(STAGES) and passed[stage]:
        stage += 1
    name = STAGES[stage - 1] if stage else "Stage 1 (pre-CRM planning) not yet complete"
    next_steps = () if stage == len(STAGES) else tuple(
        c[2] for c in CRITERIA[stage + 1] if c[0] not in met)
    return MaturityResult(stage, name, tuple(round(s, 4) for s in shares), passed, next_steps)


def barrier_index(severities):
    """Summarise barrier severities: their mean, and the three most severe (ties in the listed order).

    Parameters
    ----------
    severities : dict
        Severity from 1 (no barrier) to 5 (blocking) for every barrier in :data:`BARRIERS`.

    Returns
    -------
    BarrierResult
    """
    missing = [b for b in BARRIERS if b not in severities]
    unknown = [b for b in severities if b not in BARRIERS]
    if missing or unknown:
        raise DataValidationError("Rate every barrier of BARRIERS once"
                                  + (f"; missing: {', '.join(missing)}" if missing else "")
                                  + (f"; unknown: {', '.join(unknown)}" if unknown else "") + ".",
                                  column="barrier", rows=missing + unknown)
    bad = [b for b in BARRIERS if not isinstance(severities[b], (int, float))
           or not np.isfinite(severities[b]) or not 1 <= severities[b] <= 5]
    if bad:
        raise DataValidationError(f"Severities must be from 1 to 5; check {', '.join(bad)}.",
                                  column="severity", rows=bad)
    order = sorted(BARRIERS, key=lambda b: (-severities[b], BARRIERS.index(b)))
    index = float(np.mean([severities[b] for b in BARRIERS]))
    return BarrierResult(round(index, 4), tuple(order[:3]), {b: severities[b] for b in BARRIERS})
