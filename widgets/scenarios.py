"""The scenario builder of the capstone: the five processes' levers, base against plan, segment by segment, the
return on the CRM investment and the drivers."""
import html
from dataclasses import replace

import ipywidgets as W
import plotly.graph_objects as go

from ..capstone import (base_inputs, compare_scenarios, lever_context, load_scenario, plan_checks, plan_defaults,
                        quadrant_emphasis, scenario_tornado, segment_values_under)
from ..framework.strategy_matrix import QUADRANTS
from ..performance.kpi import KPI_CATALOGUE
from ..strategy.matrix import GRANULARITY_LEVELS
from ..theme import MUTED, PROCESS_COLOURS, format_currency, format_number, format_percent
from ._base import ToolPanel, message_html
from ._lean import Checkbox, Dropdown, FloatSlider, HTML, IntSlider, VBox
from ._tables import rows_table
from ._value_common import big_number, full_width, replace_traces, themed_figure

__all__ = ["ScenarioBuilder"]

_HELP = """
**Customer equity** of each scenario: today's customers plus future cohorts net of their acquisition cost
(Gupta, Lehmann & Stuart 2004). Today's customers are the value chapter's segment values. A segment the plan
reaches is worth its base value times $\\frac{m_p(1+d_p)/(1+d_p-r_p)}{m_b(1+d_b)/(1+d_b-r_b)}$, the ratio of
the plan's margin and expected lifetime to the base's; the others keep their base value.

**What each lever does to the numbers.**

- *Retention, margin, discount*: today's customers in the priority segments and every future cohort.
- *Acquisition cost, new customers / period*: future cohorts, valued net of cohort size times acquisition cost.
- *Priority segments* (strategy): the segments the plan's retention and margin reach; none chosen means all.
- *Target position* (strategy): no figure by itself; it sets the granularity it needs and is checked against
  the plan (warnings below the readout). *Granularity*: placed on the matrix with the strategy chapter's
  information rating, for that check.
- *Launch the value chapter's offer*: recorded and reported; its effect is the retention and margin you set.
- *Acquisition budget*: not counted again (cohorts already pay their acquisition cost); checked against the new
  customers it buys. *Retention budget*: spend each period.
- *Channel saving*: the channel chapter's migration plan saves this each period (present value added).
- *Data and IT investments, programme investment*: spend now. *Running cost*: spend each period.
- *KPI targets* (performance): saved with the plan and listed in the report's scorecard; no figure here.

**Value to the firm** adds the present value of the channel savings and subtracts the CRM spend, over the same
horizon and discount rate.

**Return on the CRM investment** (Rust, Lemon & Zeithaml 2004): the plan's gain in value to the firm over the
base, divided by the plan's extra spend, both in present value. Above 0 the plan pays for itself.

**Sensitivity**: the plan's value to the firm when each assumption is 10 % worse or better, widest first.
"""

#: Numeric plan inputs by tab: (field, label, slider class, min, max, step, format).
_VALUE = (("retention", "Retention rate", FloatSlider, 0, 0.95, 0.01, ".2f"),
          ("margin", "Margin / period ($)", FloatSlider, 0, 500, 5, ".0f"),
          ("acquisition_cost", "Acquisition cost ($)", FloatSlider, 0, 500, 5, ".0f"),
          ("cohort_size", "New customers / period", IntSlider, 0, 20_000, 100, "d"),
          ("discount", "Discount rate", FloatSlider, 0.01, 0.3, 0.01, ".2f"),
          ("acquisition_budget", "Acquisition budget / period ($)", IntSlider, 0, 5_000_000, 10_000, "d"),
          ("retention_budget", "Retention budget / period ($)", IntSlider, 0, 2_000_000, 10_000, "d"))
_CHANNELS = (("cost_to_serve_saving", "Channel saving / period ($)", IntSlider, 0, 2_000_000, 10_000, "d"),)
_INFORMATION = (("data_investment", "Data investment now ($)", IntSlider, 0, 5_000_000, 50_000, "d"),
                ("it_investment", "IT investment now ($)", IntSlider, 0, 5_000_000, 50_000, "d"))
_PROGRAMME = (("investment", "Programme investment now ($)", IntSlider, 0, 5_000_000, 50_000, "d"),
              ("running_cost", "Running cost / period ($)", IntSlider, 0, 1_000_000, 10_000, "d"))
_NOT_SET = "not set"
_KPIS = {k.key: k for k in KPI_CATALOGUE}


def _note(text):
    """A small grey note (kept out of the page's mathematics typesetting)."""
    return (f"<div class='tex2jax_ignore mathjax_ignore' style='font-size:12px;color:{MUTED}'>"
            f"{html.escape(text)}</div>")


class ScenarioBuilder(ToolPanel):
    """Does the CRM plan pay? Set the five processes' levers against the base and read the return.

    Parameters
    ----------
    workbook : Workbook
        The base comes from the earlier chapters' saved inputs (:func:`paynecrm_kernel.capstone.base_inputs`);
        the plan starts from their decisions (:func:`paynecrm_kernel.capstone.plan_defaults`) and is saved
        under ``capstone.scenarios.plan``.
    """

    placeholder_height = 980

    def __init__(self, *, workbook, key="capstone.scenarios"):
        super().__init__("Does our CRM plan pay for itself?", "strategy", workbook=workbook, key=key,
                         css_class="pcrm-scenarios", explanation=_HELP)
        self.base, self.current_clv, notes = base_inputs(workbook)
        self.context = lever_context(workbook)
        plan = load_scenario(workbook, "plan", plan_defaults(self.base, self.context))
        known = [s for s in plan.priority_segments if s in self.context.segment_values]
        if len(known) < len(plan.priority_segments):
            notes.append("Priority segments that are no longer segments of record were dropped.")
            plan = replace(plan, priority_segments=tuple(known))
        self.plan = plan
        self._building = True
        style = {"description_width": "210px"}
        self.sliders = {}
        for name, label, kind, low, high, step, fmt in _VALUE + _CHANNELS + _INFORMATION + _PROGRAMME:
            value = min(max(getattr(self.plan, name), low), high)
            slider = kind(value=value, min=low, max=high, step=step, description=label, readout_format=fmt,
                          style=style)
            slider.add_class(f"pcrm-scenario-{name}")
            slider.observe(lambda _change: self._changed(), names="value")
            self.sliders[name] = slider
        full_width(*self.sliders.values())
        narrow = {"description_width": "120px"}
        tabs = [("Value: retention, margin, budgets", self._value_tab(style)),
                ("Strategy: target position, segments", self._strategy_tab(narrow)),
                ("Channels: migration saving", self._channels_tab()),
                ("Information: data and IT investments", self._slider_box(_INFORMATION)),
                ("Performance: KPI targets", self._performance_tab(narrow)),
                ("Programme: investment, running cost", self._slider_box(_PROGRAMME))]
        self.levers = W.Accordion(children=[box for _, box in tabs], titles=tuple(title for title, _ in tabs),
                                  selected_index=0, layout=W.Layout(width="100%"))
        self.levers.add_class("pcrm-scenario-levers")
        self.readout, self.checks, self.table, self.segments = HTML(), HTML(), HTML(), HTML()
        self.checks.add_class("pcrm-scenario-checks")
        self.table.add_class("pcrm-scenario-table")
        self.segments.add_class("pcrm-scenario-segments")
        self.tornado = themed_figure("The plan's value to the firm when an assumption is 10 % off", height=300)
        inputs = [self.levers] + ([HTML(_note(" ".join(notes)))] if notes else [])
        self.set_panels(inputs=inputs, result=[self.readout, self.checks, self.table, self.segments, self.tornado])
        self._building = False
        self.refresh()

    # -- the levers, one section per process ------------------------------------------------------------------
    def _slider_box(self, inputs, extra=()):
        return VBox([self.sliders[name] for name, *_ in inputs] + list(extra), layout=W.Layout(width="100%"))

    def _value_tab(self, style):
        ctx = self.context
        self.offer = Checkbox(value=bool(self.plan.offer), description="Launch the value chapter's offer to the "
                              "priority segments", disabled=not ctx.offer, indent=False, layout=W.Layout())
        self.offer.add_class("pcrm-scenario-offer")
        self.offer.observe(lambda _change: self._changed(), names="value")
        offer = ("; ".join(f"{k}: {v}" for k, v in ctx.offer.items()) if ctx.offer else
                 "The value chapter has not saved an offer yet.")
        if ctx.offer_share is not None:
            offer += f" (preference share {format_percent(ctx.offer_share)})"
        return self._slider_box(_VALUE, [self.offer, HTML(_note(offer))])

    def _strategy_tab(self, style):
        ctx = self.context
        self.quadrant = Dropdown(options=[_NOT_SET] + list(QUADRANTS), value=self.plan.target_quadrant or _NOT_SET,
                                 description="Target position", style=style, layout=W.Layout(width="100%"))
        self.granularity = Dropdown(options=[_NOT_SET] + list(GRANULARITY_LEVELS),
                                    value=self.plan.granularity or _NOT_SET, description="Granularity", style=style,
                                    layout=W.Layout(width="100%"))
        self.priority = W.SelectMultiple(options=list(ctx.segment_values), value=self.plan.priority_segments,
                                         description="Priority segments", style=style, rows=5,
                                         layout=W.Layout(width="100%"))
        for control, css in ((self.quadrant, "quadrant"), (self.granularity, "granularity"),
                             (self.priority, "priority")):
            control.add_class(f"pcrm-scenario-{css}")
        self.quadrant.observe(self._quadrant_changed, names="value")
        self.granularity.observe(lambda _change: self._changed(), names="value")
        self.priority.observe(lambda _change: self._changed(), names="value")
        self.emphasis = HTML()
        now = (f"Today: {ctx.quadrant_now}." if ctx.quadrant_now else "The strategy chapter has not placed the firm "
               "on the matrix yet.")
        segments = ("No segment chosen: the plan reaches every segment." if ctx.segment_values else
                    "The value chapter has not saved segment values yet.")
        return VBox([self.quadrant, self.emphasis, self.granularity, HTML(_note(now)), self.priority,
                     HTML(_note(segments))], layout=W.Layout(width="100%"))

    def _channels_tab(self):
        saving = self.context.channel_saving
        text = ("The channel chapter's migration plan saves " + format_currency(saving) + " a year."
                if saving is not None else "The channel chapter has not saved a migration plan yet.")
        return self._slider_box(_CHANNELS, [HTML(_note(text))])

    def _performance_tab(self, style):
        options = [(f"{k.name} ({k.unit})", k.key) for k in KPI_CATALOGUE]
        self.kpi = Dropdown(options=options, value=KPI_CATALOGUE[0].key, description="KPI", style=style,
                            layout=W.Layout(width="100%"))
        self.kpi_target = W.FloatText(description="Plan target", style=style, layout=W.Layout(width="100%"))
        self.kpi_target.add_class("pcrm-scenario-kpi-target")
        self.kpi_table = HTML()
        self._show_kpi_target()
        self.kpi.observe(lambda _change: self._show_kpi_target(), names="value")
        self.kpi_target.observe(self._kpi_target_changed, names="value")
        return VBox([self.kpi, self.kpi_target, self.kpi_table], layout=W.Layout(width="100%"))

    def _show_kpi_target(self):
        key = self.kpi.value
        target = self.plan.kpi_targets.get(key, self.context.kpi_standards.get(key, _KPIS[key].target))
        self._building, was = True, self._building
        self.kpi_target.value = float(target) if target is not None else 0.0
        self._building = was

    def _kpi_target_changed(self, change):
        if self._building:
            return
        targets = dict(self.plan.kpi_targets, **{self.kpi.value: float(change["new"])})
        self.plan = replace(self.plan, kpi_targets=targets)
        self.save("plan", self.plan.to_dict())
        self.refresh()

    def _quadrant_changed(self, change):
        """A target position sets the granularity it needs (the team can change it, and is warned)."""
        if change["new"] != _NOT_SET and not self._building:
            self._building = True
            self.granularity.value = quadrant_emphasis(change["new"]).granularity
            self._building = False
        self._changed()

    def _changed(self):
        if self._building:
            return
        values = {name: float(s.value) if isinstance(s, FloatSlider) else int(s.value)
                  for name, s in self.sliders.items()}
        self.plan = replace(self.plan, **values,
                            target_quadrant=None if self.quadrant.value == _NOT_SET else self.quadrant.value,
                            granularity=None if self.granularity.value == _NOT_SET else self.granularity.value,
                            priority_segments=tuple(self.priority.value),
                            offer=dict(self.context.offer) if self.offer.value else {})
        self.save("plan", self.plan.to_dict())
        self.refresh()

    # -- the result ---------------------------------------------------------------------------------------
    def _refresh(self):
        ctx = self.context
        current = ctx.segment_values or self.current_clv
        table = compare_scenarios(self.base, self.plan, current)
        self.comparison = table
        roi = table.attrs["roi"]
        self.readout.value = (
            big_number("Gain in value to the firm", format_currency(table.loc["value to the firm", "change"]),
                       "plan against base, present value")
            + big_number("Return on the CRM investment", "no extra spend" if roi is None else format_percent(roi),
                         "gain per dollar of extra spend"))
        self.warnings = plan_checks(self.plan, self.base, information=ctx.information,
                                    retention_ceiling=ctx.retention_ceiling)
        self.checks.value = "".join(message_html(w, "info") for w in self.warnings)
        self.emphasis.value = _note(quadrant_emphasis(self.plan.target_quadrant).text
                                    if self.plan.target_quadrant else "No target position chosen.")
        self.table.value = rows_table(
            [[label, format_currency(row["base"]), format_currency(row["plan"]), format_currency(row["change"])]
             for label, row in table.iterrows()], ["", "Base", "Plan", "Change"], process="strategy")
        self._show_segments()
        self._show_kpis()
        tornado = scenario_tornado(self.base, self.plan, current)
        middle = table.loc["value to the firm", "plan"]
        replace_traces(self.tornado, [
            go.Bar(y=tornado.index.tolist(), x=(tornado["high"] - middle).tolist(), base=middle, orientation="h",
                   marker_color=PROCESS_COLOURS["strategy"], name="10 % better",
                   hovertemplate="%{y}: %{x:$,.0f}<extra></extra>"),
            go.Bar(y=tornado.index.tolist(), x=(tornado["low"] - middle).tolist(), base=middle, orientation="h",
                   marker_color=MUTED, name="10 % worse", hovertemplate="%{y}: %{x:$,.0f}<extra></extra>")],
            barmode="overlay", xaxis_title="Value to the firm ($)", yaxis={"autorange": "reversed"})

    def _show_segments(self):
        if not self.context.segment_values:
            self.segment_table = None
            self.segments.value = _note("Segment by segment: the value chapter has not saved segment values yet.")
            return
        table = segment_values_under(self.plan, self.base, self.context.segment_values)
        self.segment_table = table
        rows = [[name + (" (priority)" if row["priority"] and self.plan.priority_segments else ""),
                 format_currency(row["base"]), format_currency(row["plan"]), format_currency(row["change"])]
                for name, row in table.iterrows()]
        self.segments.value = rows_table(rows, ["Today's customers by segment", "Base", "Plan", "Change"],
                                         process="value")

    def _show_kpis(self):
        rows = []
        for key, target in self.plan.kpi_targets.items():
            kpi = _KPIS[key]
            standard = self.context.kpi_standards.get(key)
            rows.append([kpi.name, kpi.unit, "not set" if standard is None else format_number(standard, 2),
                         format_number(target, 2), self.context.kpi_status.get(key, "not measured")])
        self.kpi_table.value = ("<div class='tex2jax_ignore mathjax_ignore'>" + rows_table(
            rows, ["KPI", "Unit", "Standard", "Plan target", "Status now"], process="performance") + "</div>"
                                if rows else
                                _note("No KPI targets yet: the performance chapter's standards are the defaults."))

    def __repr__(self):
        return f"ScenarioBuilder(plan={self.plan.name!r})"
