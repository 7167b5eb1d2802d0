"""Conjoint tools for live workshops and analysts: design editor, rating form, part-worths, simulator."""
import html
import re

import ipywidgets as W
import plotly.graph_objects as go
import traitlets

from ..theme import BASELINE, SEQUENCE, format_currency, format_number, format_percent
from ..value import (SIMULATOR_RULE, SIMULATOR_SCALE, benefit_segments, best_offers, collect_ratings,
                     fit_part_worths, generate_design, load_design, new_respondent_id, offer_economics, offer_from,
                     published_design, save_design, save_ratings, share_of_preference)
from ..value.design import validate_attributes
from ._base import ToolPanel
from ._styles import help_text, note, status_text
from ._tables import rows_table
from ._value_common import VALUE_COLOUR, replace_traces, run_quietly, themed_figure
from ._lean import Button, Dropdown, HTML, IntSlider, Textarea, ToggleButtons, VBox, shared_layout
from ._rating_grid import RatingGrid

__all__ = ["AttributeEditor", "RatingForm", "ConjointAnalysis", "PreferenceSimulator", "parse_attribute_text"]

_DESIGN_HELP = """
**Dummy coding.** The first level of each attribute is the reference, with part-worth 0. With $k$ attributes and
$n$ levels in all there are $n-k$ part-worths plus an intercept, so each respondent must rate at least
$n-k+1$ profiles.

**Design.** When all combinations (the full factorial) are few enough, every one is rated. Otherwise a
D-efficient fraction is chosen by Fedorov exchange: it maximises $\\det(X'X)$ of the dummy-coded profiles, so
the part-worths are estimated as precisely as possible from few ratings. D-efficiency 100 % means each profile
is as informative as in the full factorial (an orthogonal fraction).
"""

_ANALYSIS_HELP = """
**Model** (a dummy-coded OLS rating model, as in Sawtooth Software's CVA; Green & Srinivasan 1990 review the
method): each rating is $U = \\beta_0 + \\sum_k \\sum_{l \\ne ref} \\beta_{kl} D_{kl} +
\\varepsilon$, estimated by ordinary least squares with dummy variables $D_{kl}$; the reference level's part-worth
is 0.

**Pooled part-worths** use all ratings; their standard errors are clustered by respondent. **Individual
part-worths** come from each respondent's own regression.

**Importance** of attribute $k$: $(\\max_l \\beta_{kl} - \\min_l \\beta_{kl}) / \\sum_{k'} (\\max_l \\beta_{k'l} -
\\min_l \\beta_{k'l}) \\times 100\\%$, the reference level's 0 included; the shares sum to 100 %.

**Benefit segments**: k-means clustering of the individual part-worths; the number of segments is the one with
the best silhouette.
"""

_SIMULATOR_HELP = """
**Share of preference.** Each respondent's utility for offer $j$ is the sum of its part-worths, $U_j$. The logit
rule gives $P_j = e^{sU_j}/\\sum_m e^{sU_m}$ per respondent (scale $s$), averaged over respondents; the first-choice
rule gives each respondent wholly to the offer with the highest utility. Shares are of preference among the
offers shown, not market shares: they ignore awareness, distribution and the option to buy nothing.

**The firm's side.** Each sale earns the price minus the offer's cost (a base cost plus the extra cost of each
level: faster delivery and a longer warranty cost the firm money). The contribution per 100 buyers is
$100 \times P_{\text{ours}} \times$ margin. The best offer for the firm is the one with the highest contribution,
found by trying every combination of levels against the same competitors; the cheapest, richest offer wins most
preference but not most profit.
"""


_LEVEL_BREAK = re.compile(r",(?!\d{3}(?!\d))")


def parse_attribute_text(text):
    """Parse lines ``attribute: level, level, ...`` (reference level first) into an attribute dict."""
    attributes = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if ":" not in line:
            raise ValueError(f"Line {number} needs the form 'attribute: level 1, level 2, ...'.")
        name, levels = line.split(":", 1)
        # a comma followed by exactly three digits is a thousands separator ($1,299), not a level break
        attributes[name.strip()] = [lv.strip() for lv in _LEVEL_BREAK.split(levels) if lv.strip()]
    return validate_attributes(attributes)


def _attribute_text(attributes):
    return "\n".join(f"{a}: {', '.join(levels)}" for a, levels in attributes.items())


def _profile_text(row):
    return " · ".join(f"{a}: {v}" for a, v in row.items())


class AttributeEditor(ToolPanel):
    """Edit the attributes and levels of the offer and publish a rating design to the workshop.

    Parameters
    ----------
    attributes : dict of str to list of str
        Starting attributes: while the workbook holds no design, their design (of ``max_profiles`` profiles) is
        published, so that participants can rate at once.
    workbook : Workbook, optional
    key : str
        Workbook prefix of the study (the design is published under ``<key>.design``).
    max_profiles : int
        Largest number of profiles a participant is asked to rate.
    """

    placeholder_height = 520

    design = traitlets.Any(None)

    def __init__(self, attributes, *, workbook=None, key="value.conjoint", max_profiles=16):
        super().__init__("Which attributes of our offer do we want customers to trade off?", "value",
                         workbook=workbook, key=key, css_class="pcrm-conjoint-editor", explanation=_DESIGN_HELP)
        self.text = self.bound(Textarea(value=_attribute_text(attributes), rows=6,
                                          layout=shared_layout(width="100%"),
                                          description=""), "attributes_text", refresh=True)
        self.text.add_class("pcrm-conjoint-attributes")
        self.max_profiles = self.bound(IntSlider(value=max_profiles, min=6, max=36, description="Max profiles",
                                                   style={"description_width": "initial"}), "max_profiles")
        self.publish = Button(description="Publish design to participants", icon="share",
                                button_style="success", layout=shared_layout(width="auto"))
        self.publish.add_class("pcrm-conjoint-publish")
        self.publish.on_click(lambda _: self._publish())
        self.summary = HTML()
        self.table = HTML(layout=shared_layout(max_height="320px", overflow="auto"))
        format_help = HTML(help_text("One attribute per line: <code>attribute: level 1, level 2, ...</code>; the "
                                     "first level is the reference."))
        self.set_panels(inputs=[format_help, self.text, self.max_profiles, self.publish],
                        result=[self.summary, self.table])
        if workbook is not None:
            published_design(workbook, generate_design(attributes, max_profiles), key)
        self.refresh()

    def _refresh(self):
        attributes = parse_attribute_text(self.text.value)
        design = generate_design(attributes, self.max_profiles.value)
        self.design = design
        published = load_design(self.workbook, self.key) if self.workbook is not None else None
        status = (status_text("published: participants rate these profiles", "ok")
                  if published is not None and published.profiles.equals(design.profiles)
                  else status_text("not yet published", "caution"))
        self.summary.value = f"<div><b>{html.escape(design.describe())}</b><br>{status}</div>"
        rows = [[str(pid), *row.values()] for pid, row in design.profiles.to_dict(orient="index").items()]
        self.table.value = rows_table(rows, ["Profile", *design.attributes], ["left"] * (len(attributes) + 1))

    def _publish(self):
        if self.design is None or self.workbook is None:
            self.show_message("Nothing published: this tool has no workbook to share the design through.", "info")
            return
        save_design(self.workbook, self.design, self.key)
        self.refresh()
        self.show_message(f"Published {self.design.n_profiles} profiles; participants can rate them now.", "ok")


class RatingForm(ToolPanel):
    """A participant's rating form: one 0–10 slider per profile, saved to the shared workbook at once.

    Parameters
    ----------
    design : ConjointDesign, optional
        The profiles to rate while none are published in the workbook (they are then published); without a
        workbook, the profiles to rate.
    workbook : Workbook, optional
    key : str
        Workbook prefix of the study.
    respondent_id : str, optional
        This participant's id (a random one by default).
    """

    placeholder_height = 530

    respondent_id = traitlets.Unicode("")
    ratings = traitlets.Dict({})

    def __init__(self, design=None, *, workbook=None, key="value.conjoint", respondent_id=None):
        super().__init__("How likely would you be to buy each of these offers?", "value", workbook=workbook,
                         key=key, css_class="pcrm-rating-form",
                         explanation="Rate each offer from 0 (would never buy) to 10 (would certainly buy). "
                                     "Your ratings are saved as you move each slider and pooled, anonymously, "
                                     "with everyone else's on the facilitator's screen.")
        self.respondent_id = respondent_id or new_respondent_id()
        self._design = design
        self.reload = Button(description="Load the latest design", icon="refresh", layout=shared_layout(width="auto"))
        self.reload.on_click(lambda _: self.refresh())
        self.submit = Button(description="Submit all my ratings", icon="check", button_style="success",
                               layout=shared_layout(width="auto"))
        self.submit.add_class("pcrm-rating-submit")
        self.submit.on_click(lambda _: self.submit_all())
        self.identity = HTML()
        self.form = RatingGrid(colour=VALUE_COLOUR)
        self.form.observe(self._on_values, names="values")
        self.progress = HTML()
        self.set_panels(inputs=[self.identity, self.progress, self.submit, self.reload], result=[self.form])
        self.refresh()

    @property
    def design(self):
        """The design this participant is rating (``None`` until one is published)."""
        return self._design

    def _current_design(self):
        if self.workbook is not None:
            return published_design(self.workbook, self._design, self.key)
        return self._design

    def _refresh(self):
        design = self._current_design()
        self.identity.value = (f"<div>Your respondent id: <code class='pcrm-respondent-id'>"
                               f"{html.escape(self.respondent_id)}</code></div>")
        if design is None:
            self.form.profiles = []
            self.show_message("The facilitator has not published the profiles yet; press 'Load the latest design' "
                              "in a moment.", "info")
            return
        self._design = design
        self.ratings = {}
        self.form.values = {}
        self.form.profiles = [{"id": str(pid), "text": _profile_text(row)}
                              for pid, row in design.profiles.to_dict(orient="index").items()]
        self._update_progress()

    def _record(self, ratings):
        self.ratings = {**self.ratings, **ratings}
        if self.workbook is not None:
            save_ratings(self.workbook, self._design, self.respondent_id, self.ratings, self.key)
        self._update_progress()

    def _on_values(self, change):
        moved = {pid: int(v) for pid, v in change["new"].items() if self.ratings.get(pid) != int(v)}
        if moved:
            self._record(moved)

    def rate(self, pid, value):
        """Move the slider of profile ``pid`` to ``value`` (what a participant does by hand)."""
        if pid not in set(self._design.profiles.index):
            raise KeyError(f"no offer {pid!r} in the published design")
        self.form.values = {**self.form.values, str(pid): int(value)}
        if str(pid) not in self.ratings:  # the slider already showed this value: record it anyway
            self._record({str(pid): int(value)})

    def submit_all(self):
        """Confirm the ratings given. Offers the participant has not rated are not recorded (a default rating
        would pull the part-worths towards zero); the message says how many are left."""
        if self._design is None:
            return
        left = self._design.n_profiles - len(self.ratings)
        if left:
            self.show_message(f"You have rated {len(self.ratings)} of {self._design.n_profiles} offers; move the "
                              f"slider of the other {left} to rate them. Only the offers you rated are counted.",
                              "info")
        else:
            self.show_message("Thank you: your ratings are in.", "ok")

    def _update_progress(self):
        n = self._design.n_profiles if self._design is not None else 0
        self.progress.value = (f"<div class='pcrm-rating-progress'>Rated {len(self.ratings)} of {n} offers"
                               f"{' — thank you!' if n and len(self.ratings) == n else ''}</div>")


class ConjointAnalysis(ToolPanel):
    """Part-worths, importances and benefit segments, from live workshop ratings or a ratings table.

    Parameters
    ----------
    ratings : pandas.DataFrame, optional
        Ratings (respondent, attribute columns, rating). Without it the tool pools the live ratings saved in
        the workbook under ``key``.
    attributes : dict, optional
        Needed with ``ratings``; live ratings use the published design.
    workbook : Workbook, optional
    key : str
    design : ConjointDesign, optional
        For live ratings: the design to publish if none has been (see :class:`RatingForm`).
    """

    placeholder_height = 720

    result = traitlets.Any(None)
    segments = traitlets.Any(None)

    def __init__(self, ratings=None, attributes=None, *, workbook=None, key="value.conjoint", design=None):
        super().__init__("How much do customers value each attribute of the offer?", "value", workbook=workbook,
                         key=key, css_class="pcrm-conjoint-analysis", explanation=_ANALYSIS_HELP)
        self._ratings, self._attributes, self._design = ratings, attributes, design
        self.update_button = Button(description="Pool the latest ratings", icon="refresh",
                                      layout=shared_layout(width="auto",
                                                      display="none" if ratings is not None else None))
        self.update_button.add_class("pcrm-conjoint-update")
        self.update_button.on_click(lambda _: self.refresh())
        self.n_segments = self.bound(Dropdown(options=[("best silhouette", 0)] + [(str(k), k) for k in range(2, 7)],
                                                value=0, description="Segments"), "n_segments")
        self.status = HTML()
        self.worth_fig = themed_figure("Part-worths: how much each level adds to the rating", height=340)
        self.importance_fig = themed_figure("Importance of each attribute (%)", height=260)
        self.segment_table = HTML()
        self.set_panels(inputs=[self.update_button, self.status, self.n_segments, self.segment_table],
                        result=[self.worth_fig, self.importance_fig])
        self.refresh()

    def _data(self):
        if self._ratings is not None:
            return self._ratings, self._attributes
        design = published_design(self.workbook, self._design, self.key) if self.workbook is not None else None
        if design is None:
            raise ValueError("No design has been published yet; publish one with the attribute editor.")
        return collect_ratings(self.workbook, design, self.key), design.attributes

    def _refresh(self):
        ratings, attributes = self._data()
        n_resp = ratings["respondent_id"].nunique() if len(ratings) else 0
        if n_resp == 0:
            self.status.value = "<div>No ratings yet: waiting for participants.</div>"
            self.result = None
            return
        result = run_quietly(self, fit_part_worths, ratings, attributes)
        self.result = result
        self.status.value = (f"<div class='pcrm-conjoint-status'><b>{format_number(n_resp)}</b> respondents, "
                             f"<b>{format_number(len(ratings))}</b> ratings; R² of the pooled model "
                             f"{result.rsquared:.2f}</div>")
        self._draw(result)
        self._draw_segments(result)

    def _draw(self, result):
        table = result.part_worths()
        traces = []
        for i, (attribute, part) in enumerate(table.groupby("attribute", sort=False)):
            above = (part["ci_upper"] - part["part_worth"]).tolist()         # the fit's 95 % interval
            below = (part["part_worth"] - part["ci_lower"]).tolist()
            traces.append(go.Bar(x=[f"{attribute}: {lv}" for lv in part["level"]], y=part["part_worth"],
                                 name=attribute, marker_color=SEQUENCE[i % len(SEQUENCE)],
                                 error_y={"type": "data", "array": above, "arrayminus": below, "visible": True},
                                 hovertemplate="%{x}<br>part-worth %{y:.2f}<extra></extra>"))
        replace_traces(self.worth_fig, traces, yaxis_title="Change in rating vs reference level",
                       showlegend=False)
        imp = result.importances()
        replace_traces(self.importance_fig, [go.Bar(
            x=imp.to_numpy(), y=imp.index.tolist(), orientation="h", marker_color=VALUE_COLOUR,
            text=[format_percent(v / 100) for v in imp], textposition="auto",
            hovertemplate="%{y}: %{x:.1f} %<extra></extra>")], xaxis_title="Importance (% of all ranges)",
            yaxis={"autorange": "reversed"})

    def _draw_segments(self, result):
        self.segments = None
        if result.individual is None or len(result.individual) < 8:
            self.segment_table.value = note("Benefit segments appear once at least 8 respondents have rated "
                                            "every offer.")
            return
        segments = benefit_segments(result, self.n_segments.value or None)
        self.segments = segments
        rows = [[segments.names[s], format_number(segments.sizes[s]), row.idxmax(), format_percent(row.max() / 100)]
                for s, row in segments.importances.iterrows()]
        self.segment_table.value = ("<div style='margin-top:8px'><b>Benefit segments</b> (silhouette "
                                    f"{segments.silhouette:.2f})</div>"
                                    + rows_table(rows, ["Segment", "Respondents", "Values most", "Importance"]))


class PreferenceSimulator(ToolPanel):
    """Our offer against competitors': predicted share of preference.

    Parameters
    ----------
    analysis : ConjointAnalysis
        The tool holding the fitted part-worths (the simulator follows its updates).
    competitors : dict of str to dict, optional
        Competitor offers ``{name: {attribute: level}}``.
    workbook : Workbook, optional
    key : str
    """

    placeholder_height = 450

    shares = traitlets.Any(None)

    def __init__(self, analysis, competitors=None, *, unit_costs=None, base_cost=0.0, workbook=None,
                 key="value.simulator"):
        super().__init__("Which share of preference would our offer win against competitors?", "value",
                         workbook=workbook, key=key, css_class="pcrm-preference-simulator",
                         explanation=_SIMULATOR_HELP)
        self.analysis = analysis
        self.competitors = dict(competitors or {})
        self.unit_costs, self.base_cost = unit_costs, base_cost
        self.best = HTML()
        self.best.add_class("pcrm-best-offers")
        self.rule = self.bound(ToggleButtons(options=[("Logit", "logit"), ("First choice", "first_choice")],
                                               value=SIMULATOR_RULE, description="Rule"), "rule")
        self.scale = self.bound(W.FloatLogSlider(value=SIMULATOR_SCALE, base=10, min=-2, max=1, step=0.1,
                                                 description="Logit scale"), "scale")
        self.segment = Dropdown(options=[("All respondents", 0)], value=0, description="Who")
        self.segment.observe(lambda _: self.refresh(), names="value")
        self.offer_box = VBox()
        self.fig = themed_figure("Share of preference among the offers shown", height=300)
        self.readout = HTML()
        self._dropdowns = {}
        self.set_panels(inputs=[HTML("<b>Our offer</b>"), self.offer_box, self.rule, self.scale, self.segment],
                        result=[self.readout, self.fig, self.best])
        analysis.observe(lambda _: self._rebuild(), names="result")
        self._rebuild()

    def _rebuild(self):
        result = self.analysis.result
        if result is None:
            self.offer_box.children = ()
            self.show_message("The simulator needs part-worths: collect ratings first.", "info")
            return
        offer = offer_from(self.load("offer"), result.attributes)
        self._dropdowns = {}
        for attribute, levels in result.attributes.items():
            dropdown = Dropdown(options=levels, value=offer[attribute], description=attribute,
                                  style={"description_width": "initial"})
            dropdown.observe(lambda _: self._offer_changed(), names="value")
            self._dropdowns[attribute] = dropdown
        self.offer_box.children = tuple(self._dropdowns.values())
        segments = self.analysis.segments
        options = [("All respondents", 0)]
        if segments is not None:
            options += [(f"{segments.names[s]} ({n} respondents)", int(s)) for s, n in segments.sizes.items()]
        self.segment.options = options
        self.refresh()

    def offer(self):
        """Our offer as ``{attribute: level}``."""
        return {a: d.value for a, d in self._dropdowns.items()}

    def choose(self, **levels):
        """Set levels of our offer, ``choose(price="$999")``, as a reader does with the drop-downs.

        Raises
        ------
        KeyError
            For an attribute the study does not have.
        ValueError
            For a level the attribute does not have.
        """
        for attribute, level in levels.items():
            if attribute not in self._dropdowns:
                raise KeyError(f"The study has no attribute {attribute!r}; it has {', '.join(self._dropdowns)}.")
            if level not in self._dropdowns[attribute].options:
                raise ValueError(f"{attribute!r} has no level {level!r}; its levels are "
                                 f"{', '.join(map(str, self._dropdowns[attribute].options))}.")
        for attribute, level in levels.items():
            self._dropdowns[attribute].value = level

    def _offer_changed(self):
        self.save("offer", self.offer())
        self.refresh()

    def _refresh(self):
        result = self.analysis.result
        if result is None or not self._dropdowns:
            return
        offers = {"Our offer": self.offer(), **self.competitors}
        respondents = None
        if self.segment.value and self.analysis.segments is not None:
            labels = self.analysis.segments.labels
            respondents = labels.index[labels == self.segment.value]
        shares = share_of_preference(result, offers, rule=self.rule.value, scale=self.scale.value,
                                     respondents=respondents)
        self.shares = shares
        self.save("share", float(shares["Our offer"]))
        colours = [VALUE_COLOUR] + [BASELINE] * (len(shares) - 1)
        replace_traces(self.fig, [go.Bar(x=shares.index.tolist(), y=shares.to_numpy(), marker_color=colours,
                                         text=[format_percent(s) for s in shares], textposition="auto",
                                         hovertemplate="%{x}: %{y:.1%}<extra></extra>")],
                       yaxis={"title": "Share of preference", "tickformat": ".0%", "range": [0, 1]})
        readout = (f"Our offer wins <b>{format_percent(shares['Our offer'])}</b> of preference against "
                   f"{len(shares) - 1} competitor offer(s).")
        if self.unit_costs is not None:
            readout += self._firm_side(result, offers, respondents)
        self.readout.value = f"<div class='pcrm-share-readout' style='font-size:15px'>{readout}</div>"

    def _firm_side(self, result, offers, respondents):
        settings = dict(base_cost=self.base_cost, rule=self.rule.value, scale=self.scale.value,
                        respondents=respondents)
        ours = offer_economics(result, offers, self.unit_costs, **settings).loc["Our offer"]
        best = best_offers(result, self.competitors, self.unit_costs, top=3, **settings)
        rows = [[", ".join(str(r[a]) for a in result.attributes), format_percent(r["share"]),
                 format_currency(r["margin"]), format_currency(r["contribution"])] for _, r in best.iterrows()]
        self.best.value = ("<div style='margin-top:6px'><b>The best offers once the firm's costs count</b></div>"
                           + rows_table(rows, ["Offer", "Preference", "Margin per sale", "Contribution per 100 "
                                               "buyers"]))
        return (f" Each sale earns {format_currency(ours['margin'])}: a contribution of "
                f"<b>{format_currency(ours['contribution'])}</b> per 100 buyers.")
