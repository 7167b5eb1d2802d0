"""Continuum, strategy matrix, maturity, implementation grid and the overview profile."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.framework import (BARRIERS, COMPONENTS, CRITERIA, DEFINITION_CATEGORIES, DEFINITIONS,
                                       MATRIX_ITEMS, STATEMENTS, all_criteria, barrier_index,
                                       continuum_position, implementation_summary, matrix_position,
                                       maturity_stage, migration_routes, overview_profile, quadrant_of,
                                       save_overview_profile)
from paynecrm_kernel.workbook import Workbook


# -- continuum --------------------------------------------------------------------------------------------
def test_continuum_extremes_and_middle():
    assert continuum_position([5, 5, 5, 1, 1, 1, 1, 1, 1]).position == 1.0
    assert continuum_position([1, 1, 1, 1, 1, 1, 5, 5, 5]).position == 3.0
    s = continuum_position([3] * 9)
    assert (s.position, s.gap, s.agreement) == (2.0, 1.0, (2.0, 2.0, 2.0))
    assert "Perspective 2" in s.reading


def test_continuum_hand_computed():
    # a = (r_bar - 1): P1 (2-1)=1, P2 (3-1)=2, P3 (5-1)=4 -> (1 + 4 + 12) / 7
    s = continuum_position([2, 2, 2, 3, 3, 3, 5, 5, 5])
    assert s.position == pytest.approx(17 / 7, abs=1e-4)
    assert "Perspective 3" in s.reading


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=9, max_size=9).filter(lambda r: any(v > 1 for v in r)))
def test_continuum_position_is_between_1_and_3(ratings):
    s = continuum_position(ratings)
    assert 1 <= s.position <= 3 and s.gap == pytest.approx(3 - s.position, abs=1e-3)


@pytest.mark.parametrize("bad, match", [([3] * 8, "Expected 9"), ([3] * 8 + [6], "statements 9"),
                                        ([3] * 8 + [2.5], "whole numbers"), ([1] * 9, "strongly disagree")])
def test_continuum_rejects_bad_ratings(bad, match):
    with pytest.raises(DataValidationError, match=match) as err:
        continuum_position(bad)
    assert err.value.column == "rating"


def test_statements_three_per_perspective():
    assert sorted(k for k, _ in STATEMENTS) == [1, 1, 1, 2, 2, 2, 3, 3, 3]


def test_definitions_exercise_covers_every_perspective():
    assert len(DEFINITIONS) == 8
    assert {c for _, c, _ in DEFINITIONS} == set(DEFINITION_CATEGORIES)


# -- strategy matrix --------------------------------------------------------------------------------------
def _scores(info, ind):
    return {k: (info if axis == "information" else ind) for k, (axis, _) in MATRIX_ITEMS.items()}


@pytest.mark.parametrize("info, ind, quadrant", [(0.2, 0.2, "Product-based selling"),
                                                 (0.8, 0.2, "Customer-based marketing"),
                                                 (0.2, 0.8, "Managed service and support"),
                                                 (0.8, 0.8, "Individualized CRM"),
                                                 (0.5, 0.5, "Individualized CRM")])
def test_matrix_quadrants(info, ind, quadrant):
    p = matrix_position(_scores(info, ind))
    assert p.quadrant == quadrant and (p.x, p.y) == (ind, info)


def test_matrix_migration_diagonal_has_two_routes_and_lists_missing_items():
    routes = migration_routes("Product-based selling", "Individualized CRM")
    assert routes == (("Product-based selling", "Customer-based marketing", "Individualized CRM"),
                      ("Product-based selling", "Managed service and support", "Individualized CRM"))
    p = matrix_position(_scores(0.3, 0.2), target="Individualized CRM", route=1)
    assert p.route == routes[1]
    assert p.target_point == (0.75, 0.75)
    assert p.migration == pytest.approx((0.55, 0.45))
    assert len(p.missing) == len(MATRIX_ITEMS)


def test_matrix_one_axis_move_and_no_move():
    scores = _scores(0.3, 0.9)
    scores["identified_revenue"] = 0.6
    p = matrix_position(scores, target="Individualized CRM")
    assert p.quadrant == "Managed service and support" and len(p.route) == 2
    assert p.missing == ("Customer data integrated across channels and functions",
                         "Use of analytics (segmentation, profitability, churn) in decisions")
    same = matrix_position(_scores(0.8, 0.8), target="Individualized CRM")
    assert same.migration == (0.0, 0.0) and same.route == ("Individualized CRM",)


def test_matrix_rejects_bad_input():
    with pytest.raises(DataValidationError, match="missing: dedicated_service"):
        matrix_position({k: 0.5 for k in list(MATRIX_ITEMS)[:-1]})
    with pytest.raises(DataValidationError, match="0 to 1"):
        matrix_position({**_scores(0.5, 0.5), "analytics_use": 1.5})
    with pytest.raises(DataValidationError, match="Unknown quadrant"):
        matrix_position(_scores(0.5, 0.5), target="Customer intimacy")
    assert quadrant_of(0.49, 0.51) == "Customer-based marketing"


# -- maturity ----------------------------------------------------------------------------------------------
def test_maturity_needs_seventy_percent_and_every_lower_stage():
    stage1 = [c[0] for c in CRITERIA[1]]
    stage3 = [c[0] for c in CRITERIA[3]]
    assert maturity_stage([]).stage == 0
    assert maturity_stage(stage1[:2]).stage == 0                      # 50 % < 70 %
    r = maturity_stage(stage1[:3])                                     # 75 %
    assert (r.stage, r.stage_name) == (1, "Pre-CRM planning")
    assert r.next_steps == tuple(c[2] for c in CRITERIA[2])
    gap = maturity_stage(stage1 + stage3)                              # stage 3 met, stage 2 not: no jump
    assert gap.stage == 1 and gap.passed[2]
    top = maturity_stage(all_criteria())
    assert (top.stage, top.next_steps, top.shares) == (5, (), (1.0,) * 5)


def test_maturity_rejects_unknown_items():
    with pytest.raises(DataValidationError, match="s9_x") as err:
        maturity_stage(["s9_x"])
    assert err.value.rows == ["s9_x"]


def test_barrier_index_and_top_three():
    sev = dict(zip(BARRIERS, [2, 5, 1, 4, 4, 3, 1]))
    r = barrier_index(sev)
    assert r.index == pytest.approx(20 / 7, abs=1e-4)
    assert r.top == ("Lack of investment", "Poor understanding of the benefits", "Functional boundaries")
    with pytest.raises(DataValidationError, match="missing"):
        barrier_index({BARRIERS[0]: 3})
    with pytest.raises(DataValidationError, match="from 1 to 5"):
        barrier_index({**sev, BARRIERS[0]: 0})


# -- implementation grid -----------------------------------------------------------------------------------
def test_implementation_summary_hand_computed():
    grid = np.full((4, 5), 4)
    grid[2, :] = 2            # project management weakest
    grid[:, 3] = 1            # information management weakest
    s = implementation_summary(grid.tolist())
    assert s.weakest_component == COMPONENTS[2] and s.weakest_process == "information"
    assert s.component_means[COMPONENTS[0]] == pytest.approx((4 * 4 + 1) / 5)
    assert s.priorities[0] == (COMPONENTS[0], "information", 1)
    assert s.overall == pytest.approx(grid.mean(), abs=1e-4)


def test_implementation_rejects_bad_grid():
    with pytest.raises(DataValidationError, match="4 rows"):
        implementation_summary([[3] * 5] * 3)
    with pytest.raises(DataValidationError, match="CRM change management / Value creation"):
        implementation_summary([[3] * 5, [3, 7, 3, 3, 3], [3] * 5, [3] * 5])


# -- profile -------------------------------------------------------------------------------------------------
def test_profile_reports_what_was_not_rated_and_ties_as_ties(tmp_path):
    empty = overview_profile({})
    assert empty.matrix_quadrant is None and empty.matrix_target is None and empty.continuum_position is None
    assert empty.barrier_index is None and empty.weakest_component is None
    assert empty.maturity_stage_name == "not assessed yet"
    text = str(empty)
    assert "Position on the CRM continuum: not rated yet" in text and "Lack of skills" not in text
    assert "Readiness assessment" not in text and "Strategy development" not in text
    grid = [[3] * 5 for _ in range(4)]
    grid[1][2] = grid[2][2] = 1
    tied = overview_profile({"implementation.grid": grid, "maturity.barriers": {"Lack of skills": 3}})
    assert tied.weakest_component == "CRM change management and CRM project management (tied)"
    assert tied.weakest_process == "channels" and tied.top_barriers == []
    assert "all barriers rated equally" in str(tied)
    flat = overview_profile({"implementation.grid": [[3] * 5 for _ in range(4)]})
    assert flat.weakest_component == flat.weakest_process == "none: all rated equally"


def test_profile_defaults_and_saved_inputs(tmp_path):
    assert overview_profile({"matrix.score_analytics_use": 0.3}).matrix_quadrant == "Product-based selling"
    wb = Workbook.open(tmp_path / "wb.json")
    wb.update({"overview.maturity.met": [c[0] for c in CRITERIA[1]], "overview.matrix.target": "Customer-based "
               "marketing", "overview.continuum.rating_6": 5})
    p = save_overview_profile(wb)
    assert (p.maturity_stage, p.matrix_target) == (1, "Customer-based marketing")
    assert p.continuum_position == pytest.approx(2.1, abs=1e-4)
    assert Workbook.open(tmp_path / "wb.json").get("overview.profile")["maturity_stage"] == 1
    assert "1 of 5" in repr(p) and "Our CRM profile" in p._repr_html_()
