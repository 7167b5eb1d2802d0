"""The organisation profile the overview notebook hands on to the others and to the capstone.

It is computed from what the overview's tools saved in the workbook (``overview.*`` keys), using the same
starting values as the tools for anything not yet entered.
"""
import html
from dataclasses import asdict, dataclass

from .continuum import STATEMENTS, continuum_position
from .implementation import COMPONENTS, implementation_summary
from .maturity import BARRIERS, barrier_index, maturity_stage
from .processes import PROCESSES
from .strategy_matrix import DEFAULT_SCORES, DEFAULT_TARGET, ITEMS, matrix_position


@dataclass(frozen=True)
class OverviewProfile:
    """Where the organisation stands after the overview: continuum, matrix, maturity, implementation."""

    continuum_position: object
    matrix_quadrant: str
    matrix_target: str
    migration_route: list
    missing_capabilities: list
    maturity_stage: int
    maturity_stage_name: str
    barrier_index: float
    top_barriers: list
    weakest_component: str
    weakest_process: str

    def to_dict(self):
        """Return the profile as plain JSON data."""
        return asdict(self)

    def __repr__(self):
        pos = "none" if self.continuum_position is None else f"{self.continuum_position:.2f}"
        return (f"OverviewProfile(continuum={pos}, now={self.matrix_quadrant!r}, target={self.matrix_target!r}, "
                f"stage={self.maturity_stage}, barrier_index={self.barrier_index:.2f}, "
                f"weakest={self.weakest_component!r}/{self.weakest_process!r})")

    def _repr_html_(self):
        pos = "not placed" if self.continuum_position is None else f"{self.continuum_position:.2f} of 3"
        rows = [("Position on the CRM continuum", pos),
                ("CRM strategy matrix: now", self.matrix_quadrant),
                ("CRM strategy matrix: target", self.matrix_target),
                ("Migration path", " \u2192 ".join(self.migration_route)),
                ("Maturity stage", f"{self.maturity_stage} of 5: {self.maturity_stage_name}"),
                ("Barrier index", f"{self.barrier_index:.1f} of 5 (most severe: {', '.join(self.top_barriers)})"),
                ("Weakest implementation component", self.weakest_component),
                ("Weakest process for implementation", PROCESSES[self.weakest_process].name)]
        body = "".join(f"<tr><td style='padding:3px 10px;color:#555;text-align:left'>{html.escape(k)}</td>"
                       f"<td style='padding:3px 10px;text-align:left'><b>{html.escape(str(v))}</b></td></tr>" for k, v in rows)
        return (f"<div class='pcrm-profile'><b>Our CRM profile</b> (saved to the workbook)"
                f"<table style='border-collapse:collapse'>{body}</table></div>")


def overview_profile(saved):
    """Compute the :class:`OverviewProfile` from the overview's saved inputs.

    Parameters
    ----------
    saved : dict
        ``workbook.section("overview")``: keys relative to ``overview``.
    """
    ratings = [saved.get(f"continuum.rating_{i}", 3) for i in range(len(STATEMENTS))]
    try:
        position = continuum_position(ratings).position
    except ValueError:
        position = None
    scores = {k: saved.get(f"matrix.score_{k}", DEFAULT_SCORES[k]) for k in ITEMS}
    target = saved.get("matrix.target", DEFAULT_TARGET)
    matrix = matrix_position(scores, target=target, route=saved.get("matrix.route", 0))
    maturity = maturity_stage(saved.get("maturity.met", []))
    severities = {b: 3 for b in BARRIERS}
    severities.update({b: v for b, v in (saved.get("maturity.barriers") or {}).items() if b in severities})
    barriers = barrier_index(severities)
    grid = saved.get("implementation.grid") or [[3] * len(PROCESSES) for _ in COMPONENTS]
    impl = implementation_summary(grid)
    return OverviewProfile(position, matrix.quadrant, matrix.target, list(matrix.route), list(matrix.missing),
                           maturity.stage, maturity.stage_name, barriers.index, list(barriers.top),
                           impl.weakest_component, impl.weakest_process)


def save_overview_profile(workbook):
    """Compute the profile from ``workbook`` and save it under ``overview.profile``; return it."""
    profile = overview_profile(workbook.section("overview"))
    workbook.set("overview.profile", profile.to_dict())
    return profile
