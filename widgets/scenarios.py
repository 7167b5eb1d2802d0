"""The scenario builder of the capstone: base against plan, the return on the CRM investment, the drivers."""
from dataclasses import replace

import plotly.graph_objects as go

from ..capstone import base_inputs, compare_scenarios, load_scenario, scenario_tornado
from ..theme import PROCESS_COLOURS, format_currency, format_percent
from ._base import ToolPanel
from ._lean import FloatSlider, HTML, IntSlider
from ._tables import rows_table
from ._value_common import big_number, full_width, replace_traces, themed_figure

__all__ = ["ScenarioBuilder"]

_HELP = """
**Customer equity** of each scenario: today's customers (the value chapter's segment values, scaled by the
scenario's margin and expected lifetime $m(1+d)/(1+d-r)$ against the base) plus future cohorts net of their
acquisition cost (Gupta, Lehmann & Stuart 2004).

**Value to the firm** adds the present value of the cost-to-serve savings and subtracts the CRM spend (the
investment now and the running cost each period), over the same horizon and discount rate.

**Return on the CRM investment** (Rust, Lemon & Zeithaml 2004): the plan's gain in value to the firm over the
base, divided by the plan's extra spend, both in present value. Above 0 the plan pays for itself.

**Sensitivity**: the plan's value to the firm when each assumption is 10 % worse or better, widest first.
"""

#: Plan inputs: (field, label, slider class, min, max, step, format).
_INPUTS = (("retention", "Retention rate", FloatSlider, 0, 0.95, 0.01, ".2f"),
           ("margin", "Margin / period ($)", FloatSlider, 0, 500, 5, ".0f"),
           ("acquisition_cost", "Acquisition cost ($)", FloatSlider, 0, 500, 5, ".0f"),
           ("cohort_size", "New customers / period", IntSlider, 0, 20_000, 100, "d"),
           ("discount", "Discount rate", FloatSlider, 0.01, 0.3, 0.01, ".2f"),
           ("cost_to_serve_saving", "Channel saving / period ($)", IntSlider, 0, 2_000_000, 10_000, "d"),
           ("investment", "CRM investment now ($)", IntSlider, 0, 5_000_000, 50_000, "d"),
           ("running_cost", "Running cost / period ($)", IntSlider, 0, 1_000_000, 10_000, "d"))


class ScenarioBuilder(ToolPanel):
    """Does the CRM plan pay? Set the plan's assumptions against the base and read the return.

    Parameters
    ----------
    workbook : Workbook
        The base comes from the earlier chapters' saved inputs (:func:`paynecrm_kernel.capstone.base_inputs`);
        the plan is saved under ``capstone.scenarios.plan``.
    """

    placeholder_height = 760

    def __init__(self, *, workbook, key="capstone.scenarios"):
        super().__init__("Does our CRM plan pay for itself?", "strategy", workbook=workbook, key=key,
                         css_class="pcrm-scenarios", explanation=_HELP)
        self.base, self.current_clv, notes = base_inputs(workbook)
        self.plan = load_scenario(workbook, "plan", self.base)
        style = {"description_width": "210px"}
        self.sliders = {}
        for name, label, kind, low, high, step, fmt in _INPUTS:
            value = min(max(getattr(self.plan, name), low), high)
            slider = kind(value=value, min=low, max=high, step=step, description=label, readout_format=fmt,
                          style=style)
            slider.add_class(f"pcrm-scenario-{name}")
            slider.observe(lambda _change: self._changed(), names="value")
            self.sliders[name] = slider
        full_width(*self.sliders.values())
        self.readout, self.table = HTML(), HTML()
        self.table.add_class("pcrm-scenario-table")
        self.tornado = themed_figure("The plan's value to the firm when an assumption is 10 % off", height=300)
        note = HTML("<div style='font-size:12px;color:#666'>" + " ".join(notes) + "</div>") if notes else None
        self.set_panels(inputs=list(self.sliders.values()) + ([note] if note else []),
                        result=[self.readout, self.table, self.tornado])
        self.refresh()

    def _changed(self):
        self.plan = replace(self.plan, **{name: float(s.value) if isinstance(s, FloatSlider) else int(s.value)
                                          for name, s in self.sliders.items()})
        self.save("plan", self.plan.to_dict())
        self.refresh()

    def _refresh(self):
        table = compare_scenarios(self.base, self.plan, self.current_clv)
        self.comparison = table
        roi = table.attrs["roi"]
        self.readout.value = (
            big_number("Gain in value to the firm", format_currency(table.loc["value to the firm", "change"]),
                       "plan against base, present value")
            + big_number("Return on the CRM investment", "no extra spend" if roi is None else format_percent(roi),
                         "gain per dollar of extra spend"))
        self.table.value = rows_table(
            [[label, format_currency(row["base"]), format_currency(row["plan"]), format_currency(row["change"])]
             for label, row in table.iterrows()], ["", "Base", "Plan", "Change"], process="strategy")
        tornado = scenario_tornado(self.base, self.plan, self.current_clv)
        middle = table.loc["value to the firm", "plan"]
        replace_traces(self.tornado, [
            go.Bar(y=tornado.index.tolist(), x=(tornado["high"] - middle).tolist(), base=middle, orientation="h",
                   marker_color=PROCESS_COLOURS["strategy"], name="10 % better",
                   hovertemplate="%{y}: %{x:$,.0f}<extra></extra>"),
            go.Bar(y=tornado.index.tolist(), x=(tornado["low"] - middle).tolist(), base=middle, orientation="h",
                   marker_color="#9e9e9e", name="10 % worse", hovertemplate="%{y}: %{x:$,.0f}<extra></extra>")],
            barmode="overlay", xaxis_title="Value to the firm ($)", yaxis={"autorange": "reversed"})

    def __repr__(self):
        return f"ScenarioBuilder(plan={self.plan.name!r})"


