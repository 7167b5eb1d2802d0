"""The organisation profile the overview notebook hands on to the others and to the capstone.

It is computed from what the overview's tools saved in the workbook (``overview.*`` keys). Whatever the learner
has not rated yet is reported as such, never as a finding drawn from the tools' starting values, and ties are
reported as ties (no first-in-the-list winner).
"""
import html
from dataclasses import asdict, dataclass

from ..theme import MUTED
from .continuum import STATEMENTS, continuum_position
from .implementation import implementation_summary
from .maturity import BARRIERS, barrier_index, maturity_stage
from .processes import PROCESSES
from .strategy_matrix import DEFAULT_SCORES, ITEMS, matrix_position

#: What the profile says of a part the learner has not rated.
NOT_RATED = "not rated yet"
NOT_ASSESSED = "not assessed yet"


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


    def rows(self):
        """(label, text) pairs for the screen; what was not rated says so."""
        pos = NOT_RATED if self.continuum_position is None else f"{self.continuum_position:.2f} of 3"
        if self.barrier_index is None:
            barriers = NOT_RATED
        elif not self.top_barriers:
            barriers = f"{self.barrier_index:.1f} of 5 (all barriers rated equally)"
        else:
            barriers = f"{self.barrier_index:.1f} of 5 (most severe: {', '.join(self.top_barriers)})"
        process = (PROCESSES[self.weakest_process].name if self.weakest_process in PROCESSES
                   else self.weakest_process or NOT_RATED)
        return [("Position on the CRM continuum", pos),
                ("CRM strategy matrix: now", self.matrix_quadrant or NOT_RATED),
                ("CRM strategy matrix: target", self.matrix_target or "not chosen yet"),
                ("Migration path", " \u2192 ".join(self.migration_route) if self.migration_route else "—"),
                ("Maturity stage", self.maturity_stage_name if self.maturity_stage_name == NOT_ASSESSED
                 else f"{self.maturity_stage} of 5: {self.maturity_stage_name}"),
                ("Barrier index", barriers),
                ("Weakest implementation component", self.weakest_component or NOT_RATED),
                ("Weakest process for implementation", process)]

    def __str__(self):
        return "\n".join(f"{k}: {v}" for k, v in self.rows())

    __repr__ = __str__

    def _repr_html_(self):
        rows = self.rows()
        body = "".join(f"<tr><td style='padding:3px 10px;color:{MUTED};text-align:left'>{html.escape(k)}</td>"
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
    position = None
    if any(f"continuum.rating_{i}" in saved for i in range(len(STATEMENTS))):
        ratings = [saved.get(f"continuum.rating_{i}", 3) for i in range(len(STATEMENTS))]
        try:
            position = continuum_position(ratings).position
        except ValueError:
            position = None
    scored = any(f"matrix.score_{k}" in saved for k in ITEMS)
    scores = {k: saved.get(f"matrix.score_{k}", DEFAULT_SCORES[k]) for k in ITEMS}
    target = saved.get("matrix.target")
    matrix = matrix_position(scores, target=target, route=saved.get("matrix.route", 0))
    met = saved.get("maturity.met")
    maturity = maturity_stage(met or [])
    stage_name = maturity.stage_name if met is not None else NOT_ASSESSED
    rated = {b: v for b, v in (saved.get("maturity.barriers") or {}).items() if b in BARRIERS}
    index, top = None, []
    if rated:
        severities = {b: 3 for b in BARRIERS}
        severities.update(rated)
        index = barrier_index(severities).index
        worst = max(severities.values())
        top = [] if len(set(severities.values())) == 1 else [b for b in BARRIERS if severities[b] == worst]
    component = process = None
    if saved.get("implementation.grid"):
        impl = implementation_summary(saved["implementation.grid"])
        component = _lowest(impl.component_means, lambda c: c)
        process = _lowest(impl.process_means, lambda k: PROCESSES[k].name, single=lambda k: k)
    return OverviewProfile(position, matrix.quadrant if scored else None, target,
                           list(matrix.route) if target else [], list(matrix.missing) if target else [],
                           maturity.stage, stage_name, index, top, component, process)


def _lowest(means, name, single=None):
    """The lowest-rated entry, or the tied lowest ones named together, or "none lower than the others"."""
    low = min(means.values())
    tied = [k for k, v in means.items() if v == low]
    if len(tied) == len(means):
        return "none: all rated equally"
    if len(tied) == 1:
        return (single or name)(tied[0])
    return " and ".join(name(k) for k in tied) + " (tied)"


def save_overview_profile(workbook):
    """Compute the profile from ``workbook`` and save it under ``overview.profile``; return it."""
    profile = overview_profile(workbook.section("overview"))
    workbook.set("overview.profile", profile.to_dict())
    return profile
