"""What the CRM strategy report says: built from the workbook's declared keys, never from saved widget state.

Every figure in the report is a value a chapter saved under a declared key (its decisions, computed by the
library when the team worked through the chapter) or is computed here by the same library function; a section
the team has not worked through says so. :func:`build_report` never raises for a workbook that is missing,
partial or corrupt: what it cannot read is listed in :attr:`Report.missing`.
"""
from dataclasses import replace

from ..errors import WorkbookError
from ..framework import PROCESSES, SOURCES
from ..theme import NEUTRAL, PROCESS_COLOURS, format_number
from ..workbook.keys import SCHEMA
from ..workbook.schema import Record
from .charts import bar_chart
from .model import Block, Report, Section
from .values import Entries, describe_value, is_money, is_share

__all__ = ["build_report"]

_CHAPTER_OF = {"strategy": "strategy", "value": "value", "channels": "channels", "information": "information",
               "performance": "performance"}
_OVERVIEW_COLOUR = NEUTRAL


def build_report(workbook):
    """Build the CRM strategy report of ``workbook``.

    Parameters
    ----------
    workbook : Workbook or path-like
        An open workbook, or the path of a workbook file (opened read-only in spirit: nothing is written).

    Returns
    -------
    Report
    """
    entries, name, missing = _read(workbook)
    sections = [_executive_summary(entries), _perspective(entries)]
    sections += [_process_section(entries, key) for key in PROCESSES]
    sections += [_business_case(entries), _roadmap(entries), _scorecard(entries), _risks(entries),
                 _references()]
    missing += [f"{s.title}: not worked through yet." for s in sections if s.status == "not started"]
    return Report("CRM strategy report", name, tuple(sections), tuple(missing))


def _read(workbook):
    from pathlib import Path

    from ..workbook import Workbook

    if isinstance(workbook, (str, Path)):
        path = Path(workbook)
        if not path.exists():
            return Entries({}), path.name, [f"The workbook {path} does not exist; every section is empty."]
        try:
            workbook = Workbook.open(path)
        except WorkbookError as exc:
            return Entries({}), path.name, [f"The workbook could not be read: {exc}"]
    missing = [f"An entry kept from an older workbook could not be used: {key} ({aside['reason']})"
               for key, aside in sorted(workbook.unrecognised().items())]
    return Entries(workbook.to_dict()), workbook.path.name, missing


# -- sections ------------------------------------------------------------------------------------------
def _executive_summary(entries):
    points = []
    profile = entries.get("overview.profile") or {}
    if profile.get("matrix_quadrant"):
        points.append(f"On the CRM strategy matrix the organisation practises {profile['matrix_quadrant']} today "
                      f"and aims for {profile.get('matrix_target', '')}.")
    if entries.get("strategy.decisions.granularity"):
        points.append(f"It will segment at {entries.get('strategy.decisions.granularity')} granularity, which "
                      f"places it in {entries.get('strategy.decisions.matrix_quadrant')}.")
    values = entries.get("value.decisions.clv_by_segment")
    if values:
        top = entries.get("value.decisions.top_segment") or max(values, key=values.get)
        total = sum(values.values())
        points.append(f"The most valuable segment is {top}, with {describe_value(values[top], money=True)} of the "
                      f"{describe_value(total, money=True)} expected from today's customers "
                      f"({_horizon(entries)}).")
    if entries.get("value.decisions.offer_share") is not None:
        points.append(f"The proposition chosen in the simulator wins "
                      f"{describe_value(entries.get('value.decisions.offer_share'), share=True)} of preference "
                      "against the competitors' offers.")
    equity = entries.get("value.equity.result")
    if equity:
        points.append(f"Customer equity is estimated at {describe_value(equity['total'], money=True)} "
                      f"({describe_value(equity['current'], money=True)} from today's customers, "
                      f"{describe_value(equity['future'], money=True)} from future cohorts).")
    for key in ("channels", "information", "performance"):
        decisions = entries.section(f"{key}.decisions")
        if decisions:
            points.append(f"{PROCESSES[key].name}: {len(decisions)} decision(s) recorded (section "
                          f"{PROCESSES[key].name}).")
    done = [p for p in PROCESSES if entries.section(p)]
    blocks = [Block("paragraph", f"This report gathers what the team decided and computed in the workbook, across "
                                 f"{len(done)} of the framework's five processes.")]
    blocks.append(Block("bullets", items=tuple(points)) if points else
                  Block("note", "Nothing has been decided in this workbook yet: work through the chapters first."))
    return Section("summary", "Executive summary", _OVERVIEW_COLOUR, "complete" if points else "not started",
                   tuple(blocks))


def _perspective(entries):
    profile = entries.get("overview.profile")
    definition = entries.get("overview.continuum.definition")
    if not profile and not definition:
        return _not_started("perspective", "CRM perspective and strategic position", _OVERVIEW_COLOUR,
                            "00 Overview")
    blocks = []
    if definition:
        blocks.append(Block("paragraph", f"The team's working definition of CRM: \u201c{definition.strip()}\u201d"))
    if profile:
        position = profile.get("continuum_position")
        rows = [("Position on the CRM continuum",
                 "not placed" if position is None else f"{position:.2f} of 3 (3: strategic, customer-centric)"),
                ("CRM strategy matrix, now", profile.get("matrix_quadrant", "")),
                ("CRM strategy matrix, target", profile.get("matrix_target", "")),
                ("Migration path", " \u2192 ".join(profile.get("migration_route", []))),
                ("Maturity stage", f"{profile.get('maturity_stage')} of 5: {profile.get('maturity_stage_name', '')}"),
                ("Most severe barriers", ", ".join(profile.get("top_barriers", [])))]
        blocks.append(Block("table", header=("Where the organisation stands", ""), rows=tuple(rows)))
    return Section("perspective", "CRM perspective and strategic position", _OVERVIEW_COLOUR,
                   "complete" if profile else "partial", tuple(blocks))


def _process_section(entries, key):
    process = PROCESSES[key]
    colour = PROCESS_COLOURS[key]
    saved = entries.section(key)
    if not saved:
        return _not_started(key, process.name, colour, process.notebook.removesuffix(".ipynb").replace("_", " "))
    blocks = [Block("paragraph", process.summary)]
    decisions = _decision_rows(entries, f"{key}.decisions")
    for question in process.key_questions:
        blocks.append(Block("question", question.text))
    if decisions:
        blocks.append(Block("table", header=("Decision", "Value"), rows=tuple(decisions)))
    else:
        blocks.append(Block("note", "The team worked on this process but has not recorded its decisions (the "
                                    "chapter's last cell saves them)."))
    blocks += _breakdowns(entries, f"{key}.decisions", colour)
    inputs = _input_rows(entries, key)
    if inputs:
        blocks.append(Block("table", header=("The team's inputs", ""), rows=tuple(inputs)))
    return Section(key, process.name, colour, "complete" if decisions else "partial", tuple(blocks))


def _business_case(entries):
    rows = []
    equity = entries.get("value.equity.result")
    if equity:
        rows += [("Customer equity", describe_value(equity["total"], money=True)),
                 ("  from today's customers", describe_value(equity["current"], money=True)),
                 ("  from future cohorts", describe_value(equity["future"], money=True))]
    optimum = entries.get("value.budget.optimum")
    if optimum:
        rows += [("Acquisition spend per prospect that maximises equity",
                  describe_value(optimum.get("acquisition_spend"), money=True)),
                 ("Retention spend per customer that maximises equity",
                  describe_value(optimum.get("retention_spend"), money=True))]
    retention = entries.get("value.retention.result")
    if retention:
        rows.append(("Value of the retention improvement (per customer)",
                     describe_value(retention.get("uplift"), money=True)))
    blocks = [Block("table", header=("Business case", ""), rows=tuple(rows))] if rows else []
    try:
        blocks += _plan_against_base(entries)
    except Exception as exc:  # noqa: BLE001 - the report never raises: it says what it could not use
        blocks.append(Block("note", f"The capstone's plan could not be used: {exc}"))
    acquisition = entries.get("value.acquisition.summary")
    if acquisition:
        blocks.append(Block("table", header=("Acquired through", "Cost to acquire", "Value : cost"),
                            rows=tuple((name, describe_value(v["cac"], money=True), f"{v['clv_to_cac']:.2f} : 1")
                                       for name, v in sorted(acquisition.items()))))
    if not blocks:
        return _not_started("business", "Business case", PROCESS_COLOURS["value"], "02 value creation")
    blocks.append(Block("note", "Return on the CRM investment compares the change in customer equity with the "
                                "incremental spend (Rust, Lemon & Zeithaml 2004); scenarios are compared in the "
                                "capstone chapter."))
    return Section("business", "Business case", PROCESS_COLOURS["value"], "partial" if len(rows) < 3 else "complete",
                   tuple(blocks))


def _plan_against_base(entries):
    """The capstone's plan against its base, segment by segment, with its levers, when the team has built one."""
    from ..capstone import base_inputs, compare_scenarios, lever_context, load_scenario, plan_checks
    from ..capstone import segment_values_under

    if entries.get("capstone.scenarios.plan") is None:
        return []
    base, current, notes = base_inputs(entries)
    context = lever_context(entries)
    plan = load_scenario(entries, "plan", base)
    plan = replace(plan, priority_segments=tuple(s for s in plan.priority_segments if s in context.segment_values))
    table = compare_scenarios(base, plan, context.segment_values or current)
    roi = table.attrs["roi"]
    rows = tuple((label, describe_value(row["base"], money=True), describe_value(row["plan"], money=True),
                  describe_value(row["change"], money=True)) for label, row in table.iterrows())
    verdict = ("The plan spends no more than the base." if roi is None else
               f"Return on the CRM investment: {describe_value(roi, share=True)} of the extra spend "
               "(Rust, Lemon & Zeithaml 2004).")
    blocks = [Block("table", header=("Plan against base (present value)", "Base", "Plan", "Change"), rows=rows),
              Block("paragraph", verdict)]
    if context.segment_values:
        segments = segment_values_under(plan, base, context.segment_values)
        blocks.append(Block("table", header=("Today's customers by segment", "Base", "Plan", "Change"), rows=tuple(
            (name + (" (priority)" if row["priority"] and plan.priority_segments else ""),
             describe_value(row["base"], money=True), describe_value(row["plan"], money=True),
             describe_value(row["change"], money=True)) for name, row in segments.iterrows())))
    blocks.append(Block("table", header=("The plan's levers", ""), rows=_lever_rows(plan, context)))
    blocks += [Block("note", text) for text in plan_checks(plan, base, information=context.information,
                                                           retention_ceiling=context.retention_ceiling)]
    return blocks + [Block("note", note) for note in notes]


def _lever_rows(plan, context):
    """The plan's levers across the five processes, as a manager reads them."""
    money = lambda value: describe_value(value, money=True)  # noqa: E731 - a short local formatter
    offer = "; ".join(f"{k}: {v}" for k, v in plan.offer.items())
    if offer and context.offer_share is not None:
        offer += f" (preference share {describe_value(context.offer_share, share=True)})"
    return (("Target position on the CRM strategy matrix", plan.target_quadrant or "not set"),
            ("Granularity", plan.granularity or "not set"),
            ("Priority segments", ", ".join(plan.priority_segments) or "every segment"),
            ("Proposition launched", offer or "none"),
            ("Retention rate a period", describe_value(plan.retention, share=True)),
            ("Margin a period", money(plan.margin)),
            ("Acquisition budget a period", money(plan.acquisition_budget)),
            ("Retention budget a period", money(plan.retention_budget)),
            ("Channel saving a period", money(plan.cost_to_serve_saving)),
            ("Data investment", money(plan.data_investment)),
            ("IT investment", money(plan.it_investment)),
            ("Programme investment", money(plan.investment)),
            ("Running cost a period", money(plan.running_cost)),
            ("KPI targets", f"{len(plan.kpi_targets)} (see the KPI scorecard)"))


def _roadmap(entries):
    from ..capstone import roadmap_of_record

    try:
        table = roadmap_of_record(entries)
    except Exception:  # noqa: BLE001 - a grid of another shape: the roadmap says it cannot use it
        table = None
    if table is None:
        return _not_started("roadmap", "Implementation roadmap", _OVERVIEW_COLOUR, "00 Overview")
    rows = tuple((row["phase"], row["process"], f"{row['readiness']:.1f} of 5", row["owner"], row["kpi_name"])
                 for _, row in table.iterrows())
    first = [f"{component} in {PROCESSES[key].name.lower()} (readiness {rating} of 5)"
             for component, key, rating in table.attrs["priorities"]]
    blocks = (Block("paragraph", "The processes least ready for CRM are taken first; readiness is the team's rating "
                                 "of the four implementation components (readiness assessment, change management, "
                                 "project management, employee engagement) for each process. Each phase has an "
                                 "owner and a KPI of the performance chapter's KPI tree (chosen in the capstone)."),
              Block("table", header=("Phase", "Process", "Readiness", "Owner", "KPI"), rows=rows),
              Block("bullets", items=tuple(f"First 90 days: {item}" for item in first)))
    return Section("roadmap", "Implementation roadmap", _OVERVIEW_COLOUR, "complete", blocks)


def _scorecard(entries):
    decisions = _decision_rows(entries, "performance.decisions")
    targets = _kpi_target_rows(entries)
    if not decisions and not targets:
        return _not_started("scorecard", "KPI scorecard", PROCESS_COLOURS["performance"],
                            "05 performance assessment")
    blocks = []
    if decisions:
        blocks.append(Block("table", header=("Measure", "Value"), rows=tuple(decisions)))
    if targets:
        blocks.append(Block("table", header=("KPI", "Unit", "Current", "Standard", "Plan target", "Status now"),
                            rows=targets))
        blocks.append(Block("note", "Current values are those the performance chapter measured when it saved its "
                                    "scorecard, or typed there, or customer equity from the value chapter; a KPI "
                                    "without one is not measured yet."))
    return Section("scorecard", "KPI scorecard", PROCESS_COLOURS["performance"],
                   "complete" if decisions else "partial", tuple(blocks))


def _kpi_target_rows(entries):
    """The plan's KPI targets against their current values, standards and status, in the catalogue's order."""
    from ..capstone import Scenario
    from ..performance.kpi import KPI_CATALOGUE

    saved = entries.get("capstone.scenarios.plan")
    try:
        targets = Scenario.from_dict(saved).kpi_targets if saved else {}
    except Exception:  # noqa: BLE001 - a plan the library refuses is reported by the business case
        targets = {}
    if not targets:
        return ()
    current = {**(entries.get("performance.scorecard.typed") or {}), **(entries.get("performance.decisions.values") or {})}
    equity = entries.get("value.equity.result")
    if equity and "customer_equity" not in current:
        current["customer_equity"] = equity.get("total")
    standards = entries.get("performance.decisions.scorecard") or {}
    status = entries.get("performance.decisions.status") or {}
    number = lambda value: "not saved" if value is None else format_number(value, 2)  # noqa: E731
    return tuple((k.name, k.unit, number(current.get(k.key)), number((standards.get(k.key) or {}).get("target")),
                  number(targets[k.key]), status.get(k.key, "not measured"))
                 for k in KPI_CATALOGUE if k.key in targets)


def _risks(entries):
    items = []
    convention = entries.get("value.decisions.clv_convention")
    if convention:
        items.append(f"Customer values follow one convention: {convention}")
    for tool, label in (("clv_simple", "simple CLV"), ("acquisition", "acquisition economics"),
                        ("equity", "customer equity")):
        assumed = [describe_value(entries.get(f"value.{tool}.{name}"), share=share, money=money) + f" {what}"
                   for name, what, share, money in (("margin", "margin a period", False, True),
                                                    ("retention", "retention a period", True, False),
                                                    ("discount", "discount rate", True, False))
                   if entries.get(f"value.{tool}.{name}") is not None]
        if assumed:
            items.append(f"Assumptions of the {label}: " + ", ".join(assumed) + ".")
    if entries.section("performance"):
        items.append("Links between employee, customer and shareholder results are associations estimated on "
                     "the firm's own units, not proven causes.")
    items.append("Figures come from the sample company unless the team loaded its own data in the chapters.")
    return Section("risks", "Risks and assumptions", _OVERVIEW_COLOUR, "complete", (Block("bullets", items=tuple(items)),))


def _references():
    rows = tuple(source.full.replace("*", "") for source in sorted(SOURCES.values(), key=lambda s: s.short))
    return Section("references", "Methods and references", _OVERVIEW_COLOUR, "complete",
                   (Block("paragraph", "Each figure was computed by the workbook's library in the chapter named in "
                                       "its section, from the data and inputs listed there."),
                    Block("bullets", items=rows)))


# -- helpers -------------------------------------------------------------------------------------------
def _not_started(section_id, title, colour, notebook):
    return Section(section_id, title, colour, "not started",
                   (Block("note", f"Not worked through yet: open {notebook} to complete this section."),))


def _horizon(entries):
    convention = entries.get("value.decisions.clv_convention") or ""
    return convention.split(":")[0].strip().rstrip(".").lower() or "the chapter's horizon"


#: Decisions shown in a section of their own rather than as rows or charts of their chapter's section.
_SHOWN_ELSEWHERE = {"performance.decisions.values"}          # KPI values in their units: the scorecard


def _decision_rows(entries, prefix):
    rows = []
    for key, value in sorted(entries.section(prefix).items()):
        if f"{prefix}.{key}" in _SHOWN_ELSEWHERE:
            continue
        declared = SCHEMA.field(f"{prefix}.{key}")
        meaning = declared.meaning.removeprefix("Decision: ").rstrip(".") if declared else key
        if _is_breakdown(value):
            continue                                # shown as its own chart and table (see _breakdowns)
        text = describe_value(value, share=is_share(declared), money=is_money(declared))
        rows.append((meaning[:1].upper() + meaning[1:], text))
    return rows


def _is_breakdown(value):
    """A mapping of names to numbers (segment values, tier sizes ...)."""
    return isinstance(value, dict) and len(value) > 1 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values())


def _breakdowns(entries, prefix, colour):
    """A chart and a table for each decision that maps names to numbers, largest first."""
    blocks = []
    for key, value in sorted(entries.section(prefix).items()):
        if not _is_breakdown(value) or f"{prefix}.{key}" in _SHOWN_ELSEWHERE:
            continue
        declared = SCHEMA.field(f"{prefix}.{key}")
        money, share = is_money(declared), is_share(declared)
        caption = declared.meaning.removeprefix("Decision: ").rstrip(".") if declared else key
        ordered = sorted(value.items(), key=lambda item: -item[1])
        blocks.append(Block("figure", text=caption[:1].upper() + caption[1:], svg=bar_chart(
            [k for k, _ in ordered], [float(v) for _, v in ordered], colour=colour,
            value_label="$" if money else "", percent=share)))
        blocks.append(Block("table", header=("", caption[:1].upper() + caption[1:]),
                            rows=tuple((k, describe_value(v, money=money, share=share)) for k, v in ordered)))
    return blocks


def _input_rows(entries, chapter):
    rows = []
    for key, value in sorted(entries.section(chapter).items()):
        full = f"{chapter}.{key}"
        declared = SCHEMA.field(full)
        if declared is None or ".decisions." in full or ".exercise." in full or isinstance(declared.kind, Record):
            continue
        if isinstance(value, (dict, list)) and not isinstance(value, str):
            if not all(isinstance(v, (int, float, str)) for v in (value.values() if isinstance(value, dict)
                                                                  else value)) or len(value) > 12:
                continue
        rows.append((declared.meaning.rstrip("."), describe_value(value, share=is_share(declared),
                                                                   money=is_money(declared))))
    return rows
