"""Proposition builder: the value proposition for one target segment, written down and saved in the workbook."""
import html

import traitlets

from ..theme import MUTED, RULE, format_currency, format_percent
from ..value import ValueProposition, describe_convention, parse_cost_lines, save_proposition
from ._base import ToolPanel
from ._value_common import VALUE_COLOUR
from ._lean import Dropdown, HTML, Textarea, shared_layout
from ._tables import rows_table

__all__ = ["PropositionBuilder"]

_RENEWAL_HEADER = ["", "Today's offer", "This offer"]

_HELP = """
Payne & Frow's value proposition links how the offer performs, how it meets the customer's needs and **what it
costs the customer over the whole relationship** (after Lanning & Michaels), and sees the customer as a
**co-creator** of value. The builder asks for each part.

**Total cost to the customer** = one-off costs + the expected discounted recurring costs over the relationship,
in years: $c\\,/(1+d-r)$ for the recurring costs of a year $c$ (a monthly fee counts twelve times; convention C:
first year's payments at the end of year 1), with the segment's yearly retention rate $r$ and the discount rate
$d$ a year. Time and effort count too: give them a money value.

**Completeness** = the share of the four parts (benefits, costs, co-creation, proof points) filled in (the
workbook's own check).

**If the customers choose again at renewal** (shown once the chapter has valued the segments). Among the
segment's conjoint respondents the offer wins a share $P'$ of preference against the competitors, today's offer
a share $P$. Staying also reflects habit and switching costs the survey does not see, so the segment's retention
$r$ is calibrated to today's offer: $\\frac{r'}{1-r'} = \\frac{r}{1-r}\\cdot\\frac{P'/(1-P')}{P/(1-P)}$. Today's offer
keeps today's retention exactly; an offer preferred by more keeps more. The value per customer is the segment's
yearly margin $m$, earned at the end of each year the customer stays, over the horizon $H$:
$\\sum_{t=1}^{H} m\\,r'^t/(1+d)^t$, with $m$ and $r$ backed out of the purchase models' value over one and two
years. It is an assumption to test with real renewals, not a forecast.
"""


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class PropositionBuilder(ToolPanel):
    """What value do we promise each target segment, and what does it cost the customer?

    Parameters
    ----------
    segments : sequence of str
        Target segments to choose from (e.g. those chosen in the strategy notebook).
    attributes : dict of str to list of str, optional
        Conjoint attributes; when given, the offer's level on each is chosen with dropdowns.
    """

    placeholder_height = 740

    proposition = traitlets.Any(None)
    #: The segments' retention route (:func:`~paynecrm_kernel.value.retention_route`); when set, the card shows
    #: what the chosen offer would do to the segment's retention and value.
    retention_route = traitlets.Any(None)

    def __init__(self, segments, attributes=None, *, workbook=None, key="value.builder", retention=0.7,
                 discount=0.10, retention_route=None):
        """``retention``: the customers' yearly retention rate, one number or one per segment; ``discount``: a
        year's discount rate; ``retention_route``: see :attr:`retention_route` (it can also be set later)."""
        super().__init__("What value do we promise this segment, and what will it cost them?", "value",
                         workbook=workbook, key=key, css_class="pcrm-proposition", explanation=_HELP)
        self.retention, self.discount = retention, discount
        self.segment = self.bound(Dropdown(options=list(segments), description="Segment"), "segment",
                                  refresh=False)
        self.segment.observe(lambda _: self._load_segment(), names="value")
        area = dict(layout=shared_layout(width="100%"), rows=3)
        self.statement = Textarea(placeholder="The proposition in one or two sentences", **area)
        self.benefits = Textarea(placeholder="One benefit per line", **area)
        self.costs = Textarea(placeholder="item; amount; once, monthly or yearly — e.g. care plan; 12; monthly",
                                **area)
        self.co_creation = Textarea(placeholder="What the customer does with us, one per line", **area)
        self.proof = Textarea(placeholder="Evidence that makes the promise credible, one per line", **area)
        self._fields = {"statement": self.statement, "benefits": self.benefits, "costs": self.costs,
                        "co_creation": self.co_creation, "proof_points": self.proof}
        for widget in self._fields.values():
            widget.observe(lambda _: self._changed(), names="value")
        self.offer = {}
        for attribute, levels in (attributes or {}).items():
            dropdown = Dropdown(options=levels, description=attribute, style={"description_width": "initial"})
            dropdown.observe(lambda _: self._changed(), names="value")
            self.offer[attribute] = dropdown
        labelled = [HTML("<b>Proposition</b>"), self.statement, HTML("<b>Benefits</b>"), self.benefits,
                    HTML("<b>Costs to the customer over the relationship</b>"), self.costs,
                    HTML("<b>Co-creation activities</b>"), self.co_creation, HTML("<b>Proof points</b>"),
                    self.proof]
        self.card = HTML()
        offer_box = [HTML("<b>The offer (conjoint attributes)</b>"), *self.offer.values()] if self.offer else []
        self.set_panels(inputs=[self.segment, *labelled], result=[self.card, *offer_box])
        self._loading = False
        self.retention_route = retention_route
        self.observe(lambda _: self._load_segment(), names="retention_route")
        self._load_segment()

    def _slot(self):
        return f"drafts.{''.join(c if c.isalnum() else '_' for c in str(self.segment.value))}"

    def _load_segment(self):
        saved = self.load(self._slot(), {}) or {}
        self._loading = True
        try:
            for name, widget in self._fields.items():
                widget.value = saved.get(name, "")
            today = self.retention_route.current if self.retention_route is not None else {}
            for attribute, dropdown in self.offer.items():
                if saved.get("offer", {}).get(attribute) in dropdown.options:
                    dropdown.value = saved["offer"][attribute]
                elif today.get(attribute) in dropdown.options:      # no offer written yet: start from today's
                    dropdown.value = today[attribute]
        finally:
            self._loading = False
        self.refresh()

    def _changed(self):
        if self._loading:
            return
        draft = {name: widget.value for name, widget in self._fields.items()}
        draft["offer"] = {a: d.value for a, d in self.offer.items()}
        self.save(self._slot(), draft)
        self.refresh()

    def _refresh(self):
        proposition = ValueProposition(
            segment=self.segment.value or "segment", statement=self.statement.value.strip(),
            benefits=_lines(self.benefits.value), costs=parse_cost_lines(self.costs.value),
            co_creation=_lines(self.co_creation.value), proof_points=_lines(self.proof.value),
            offer={a: d.value for a, d in self.offer.items()})
        self.proposition = proposition
        if self.workbook is not None and self.segment.value:
            save_proposition(self.workbook, proposition)
        retention = (self.retention.get(self.segment.value, 0.7) if isinstance(self.retention, dict)
                     else self.retention)
        total = proposition.total_cost(retention, self.discount, "C")

        def items(values):
            return "".join(f"<li>{html.escape(v)}</li>" for v in values) or f"<li style='color:{MUTED}'>not yet</li>"

        self.card.value = (
            f"<div class='pcrm-proposition-card' style='border:1px solid {RULE};border-top:5px solid {VALUE_COLOUR};"
            f"padding:8px 14px;border-radius:4px'><div style='font-size:12px;color:{MUTED}'>Value proposition for</div>"
            f"<div style='font-size:18px;font-weight:600'>{html.escape(proposition.segment)}</div>"
            f"<p style='font-style:italic'>{html.escape(proposition.statement) or 'Write the promise on the left.'}</p>"
            f"<b>Benefits</b><ul>{items(proposition.benefits)}</ul>"
            f"<b>Co-creation</b><ul>{items(proposition.co_creation)}</ul>"
            f"<b>Proof points</b><ul>{items(proposition.proof_points)}</ul>"
            f"<b>Total cost to the customer over the relationship:</b> {format_currency(total)} "
            f"<span style='font-size:11px;color:{MUTED}'>(the segment's retention {format_percent(retention)} a year, "
            f"discount {format_percent(self.discount)} a year, {describe_convention('C')})</span><br>"
            f"<b>Complete:</b> {format_percent(proposition.completeness(), 0)}"
            f"{self._renewal_html(proposition)}</div>")

    def _renewal_html(self, proposition):
        """What the offer would do to the segment's retention and value, as a small table (empty without a route
        or an offer)."""
        route = self.retention_route
        if route is None or not proposition.offer:
            return ""
        note = f"<div style='font-size:11px;color:{MUTED}'>"
        if proposition.segment not in route.segments.index:
            return (f"<p>{note}No renewal estimate for this segment: it has no conjoint respondents or no value over "
                    "two years.</div></p>")
        effect = route.effect(proposition.segment, proposition.offer)
        today = ", ".join(f"{a} {html.escape(str(v))}" for a, v in route.current.items())
        rows = [("Preference against the competitors", format_percent(effect["share_now"]),
                 format_percent(effect["share_proposed"])),
                ("Customers kept a year", format_percent(effect["retention_now"]),
                 format_percent(effect["retention_proposed"])),
                (f"{route.horizon}-year value per customer", format_currency(effect["value_now"]),
                 format_currency(effect["value_proposed"]))]
        return (f"<div class='pcrm-proposition-renewal' style='margin-top:10px;border-top:1px solid {RULE};"
                "padding-top:6px'><b>If the segment's customers choose again at renewal</b>"
                f"{rows_table(rows, _RENEWAL_HEADER)}"
                f"<div>Change for the segment's {effect['customers']:,.0f} customers: "
                f"<b>{format_currency(effect['value_change'])}</b></div>"
                f"{note}An assumption to test with real renewals, not a forecast. "
                f"<span>Today's offer: {today}.</span></div></div>")
