"""Retention tools: simple CLV in a stated timing convention, and Reichheld & Sasser's what-if with its critique."""
import ipywidgets as W
import numpy as np
import plotly.graph_objects as go

from ..theme import BASELINE, SEQUENCE, format_currency, format_number, format_percent
from ..value import (REICHHELD_SASSER_EXAMPLES, describe_convention, margin_multiple, reichheld_sasser,
                     simple_clv)
from ._base import ToolPanel
from ._styles import callout
from ._tables import rows_table
from ._value_common import VALUE_COLOUR, big_number, full_width, replace_traces, themed_figure
from ._lean import Checkbox, FloatSlider, HTML, RadioButtons, Text, shared_layout

__all__ = ["SimpleCLVTool", "RetentionWhatIf"]

_CLV_HELP = """
Constant margin $m$ per period, retention rate $r$, discount rate $d$, infinite horizon. The three textbook
formulas differ only in when the first margin arrives (Fader & Hardie 2012):

- **A**: $CLV = m\\,r/(1+d-r)$, the first margin at the end of period 1 and only if the customer is retained.
- **B**: $CLV = m\\,(1+d)/(1+d-r)$, the current period's margin included at $t=0$.
- **C**: $CLV = m/(1+d-r)$, the first margin for certain at the end of period 1.

A new customer is worth $CLV - AC$ (acquisition cost). With $m=100$, $r=0.8$, $d=0.1$: A = 266.67, B = 366.67,
C = 333.33. These are expected values; a constant $r$ ignores that a cohort's retention rises as the less loyal
leave (the sBG model captures this), and there is no single correct CLV formula.
"""

_RS_HELP = """
Reichheld & Sasser (1990): the value of a customer is $NPV(\\delta) = -AC + \\sum_t \\pi_t (1-\\delta)^{t-1}/(1+d)^t$
with the profit $\\pi_t$ earned in year $t$ of the relationship (it grows with tenure: more purchases, lower
cost to serve, referrals, price premium). After the last year you enter, that year's profit is assumed to
continue (the workbook's convention). Uplift $= NPV(\\delta - 5\\text{ points})/NPV(\\delta) - 1$; expected tenure
$= 1/\\delta$.

**Critique** (Sharp): the headline is a thought experiment. With a constant retention rate, halving defections
doubles the expected tenure, so a large profit gain follows mechanically. Switch to a flat profile to see how
much of the uplift comes from profit growing with tenure.
"""


class SimpleCLVTool(ToolPanel):
    """Simple retention-based CLV with the timing convention always stated."""

    placeholder_height = 570

    def __init__(self, *, workbook=None, key="value.clv_simple", margin=100.0, retention=0.8, discount=0.10,
                 acquisition_cost=0.0):
        super().__init__("What is a customer worth, given margin, retention and the discount rate?", "value",
                         workbook=workbook, key=key, css_class="pcrm-simple-clv", explanation=_CLV_HELP)
        style = {"description_width": "140px"}
        self.margin = self.bound(FloatSlider(value=margin, min=0, max=1000, step=5, description="Margin / period",
                                               style=style), "margin")
        self.retention = self.bound(FloatSlider(value=retention, min=0, max=0.99, step=0.01,
                                                  description="Retention rate", style=style), "retention")
        self.discount = self.bound(FloatSlider(value=discount, min=0, max=0.3, step=0.01,
                                                 description="Discount rate", style=style), "discount")
        self.acquisition = self.bound(FloatSlider(value=acquisition_cost, min=0, max=1000, step=5,
                                                    description="Acquisition cost", style=style), "acquisition_cost")
        self.convention = self.bound(RadioButtons(options=[("A: first margin if retained", "A"),
                                                             ("B: margin now, then each period", "B"),
                                                             ("C: first margin certain, end of period 1", "C")],
                                                    value="A", description="Timing"), "convention")
        self.readout = HTML()
        self.fig = themed_figure("CLV against the retention rate", height=300)
        full_width(self.margin, self.retention, self.discount, self.acquisition)
        self.set_panels(inputs=[self.margin, self.retention, self.discount, self.acquisition, self.convention],
                        result=[self.readout, self.fig])
        self.refresh()

    def _refresh(self):
        m, r, d, c = self.margin.value, self.retention.value, self.discount.value, self.convention.value
        ac = self.acquisition.value
        clv = simple_clv(m, r, d, c)
        note = describe_convention(c)
        self.readout.value = (big_number("CLV of a current customer", format_currency(clv), note)
                              + big_number("Margin multiple", f"{margin_multiple(r, d, c):.2f} ×", "CLV per unit of margin")
                              + big_number("Value of a new customer (CLV − AC)", format_currency(clv - ac), note))
        grid = np.linspace(0, 0.95, 96)
        traces = []
        for i, rate in enumerate(sorted({0.05, d, 0.20})):
            traces.append(go.Scatter(x=grid, y=[simple_clv(m, g, rate, c) for g in grid], mode="lines",
                                     name=f"d = {format_percent(rate)}", line={"color": SEQUENCE[i]}))
        traces.append(go.Scatter(x=[r], y=[clv], mode="markers", name="you are here",
                                 marker={"color": VALUE_COLOUR, "size": 11}))
        replace_traces(self.fig, traces, xaxis={"title": "Retention rate per period", "tickformat": ".0%"},
                       yaxis={"title": f"CLV ($, convention {c})"})


class RetentionWhatIf(ToolPanel):
    """Reichheld & Sasser's retention what-if, with the critique beside the headline."""

    placeholder_height = 760

    def __init__(self, *, workbook=None, key="value.retention", profits=(-40, 60, 75, 90, 105, 115, 125),
                 defection=0.10, discount=0.10, acquisition_cost=80.0, customers=10_000):
        super().__init__("How much more is a customer worth if fewer customers defect?", "value",
                         workbook=workbook, key=key, css_class="pcrm-retention-whatif", explanation=_RS_HELP)
        style = {"description_width": "150px"}
        self.defection = self.bound(FloatSlider(value=defection, min=0.06, max=0.5, step=0.01,
                                                  description="Defection rate", style=style), "defection")
        self.discount = self.bound(FloatSlider(value=discount, min=0, max=0.3, step=0.01,
                                                 description="Discount rate", style=style), "discount")
        self.acquisition = self.bound(FloatSlider(value=acquisition_cost, min=0, max=500, step=5,
                                                    description="Acquisition cost", style=style), "acquisition_cost")
        self.profits = self.bound(Text(value=", ".join(str(p) for p in profits),
                                         description="Profit by year ($)", style=style,
                                         layout=shared_layout(width="100%")), "profits")
        self.customers = self.bound(W.BoundedIntText(value=customers, min=0, max=100_000_000,
                                                     description="Customers", style=style), "customers")
        self.flat = self.bound(Checkbox(value=False, description="Flat profile (average profit every year)"), "flat")
        self.readout = HTML()
        self.fig = themed_figure("Customer value now and with 5 points fewer defections", height=300)
        self.critique = HTML()
        full_width(self.defection, self.discount, self.acquisition, self.customers, self.flat)
        self.flat.indent = False
        self.set_panels(inputs=[self.defection, self.discount, self.acquisition, self.profits, self.customers,
                                self.flat], result=[self.readout, self.fig, self.critique])
        self.refresh()

    def parsed_profits(self):
        """The profit-by-year entries as numbers."""
        try:
            return [float(x) for x in self.profits.value.replace(";", ",").split(",") if x.strip()]
        except ValueError:
            raise ValueError("Profit by year: enter numbers separated by commas, e.g. -40, 60, 75.") from None

    def _refresh(self):
        out = reichheld_sasser(self.parsed_profits(), self.defection.value, self.discount.value,
                               self.acquisition.value, flat=self.flat.value)
        base = self.customers.value
        self.readout.value = (
            big_number("Value per customer now", format_currency(out["npv_before"]),
                       f"defection {format_percent(self.defection.value)}, tenure {out['tenure_before']:.1f} years")
            + big_number("With 5 points fewer defections", format_currency(out["npv_after"]),
                         f"defection {format_percent(out['defection_after'])}, tenure {out['tenure_after']:.1f} years")
            + big_number("Uplift", format_percent(out["uplift"]),
                         f"base of {format_number(base)}: {format_currency(base * (out['npv_after'] - out['npv_before']))}"))
        replace_traces(self.fig, [go.Bar(x=["Now", "5 points fewer defections"],
                                         y=[out["npv_before"], out["npv_after"]],
                                         marker_color=[BASELINE, VALUE_COLOUR],
                                         text=[format_currency(out["npv_before"]), format_currency(out["npv_after"])],
                                         textposition="auto")],
                       yaxis={"title": "Net present value per customer ($)"})
        examples = rows_table([[k, format_percent(v)] for k, v in REICHHELD_SASSER_EXAMPLES.items()],
                              ["Reichheld & Sasser's examples (5-point cut)", "Profit increase"])
        self.critique.value = (callout(f"<b>Read with care.</b> {out['critique']}", "error", css_class="pcrm-critique")
                               + f"<div style='margin-top:6px'>{examples}</div>")
        self.save("result", {k: (out[k] if np.isfinite(out[k]) else None) for k in ("npv_before", "npv_after", "uplift")})

