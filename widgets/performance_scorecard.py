"""The KPI tree and scorecard editor: standards (target, tolerance, direction) editable, red/amber/green status."""
import ipywidgets as W
import plotly.graph_objects as go

from ..performance import KPI_CATALOGUE, Standard, kpi_tree, process_diagnostics, scorecard, strategy_feedback
from ..theme import LIGHT, PROCESS_COLOURS
from ._base import ToolPanel
from ._lean import Dropdown, HTML, Text, ToggleButtons
from ._styles import note
from ._value_common import full_width, replace_traces, themed_figure
from .performance_common import (STATUS_WORDS, format_kpi, headline, scorecard_table, status_colour,
                                 trend_words)

__all__ = ["ScorecardEditor"]

_HELP = """
**The KPI tree** starts from shareholder value (customer equity and cost reduction) and reaches down, through the
five processes (or Payne & Frow's shareholder-results blocks, or Kaplan & Norton's four perspectives), to the
KPIs. **A standard** is a target, a tolerance and a direction (is higher or lower better?).

**Status.** Green: the target is met. Amber: missed by no more than the tolerance. Red: missed by more.
**Shortfall**: the miss in tolerances, so KPIs in different units compare; the process furthest from standard
has the largest mean shortfall of its measured KPIs. **Trend**: least-squares slope over the last four quarters;
steady while the fitted change stays within a quarter of the tolerance.

KPIs that nothing in the workbook computes (penetration of the target segments, the cross-channel consistency
score) are *not measured* until you type their value.
"""


class ScorecardEditor(ToolPanel):
    """Are we meeting our standards, and which process is furthest from them?

    Parameters
    ----------
    inputs : mapping
        Named inputs of the KPIs (tables and results), as for :func:`~paynecrm_kernel.performance.scorecard`.
    history : pandas.DataFrame, optional
        KPI values of past periods (:func:`~paynecrm_kernel.performance.kpi_history`), for the trends.
    """

    placeholder_height = 1150

    def __init__(self, inputs, *, history=None, workbook=None, key="performance.scorecard", catalogue=KPI_CATALOGUE):
        super().__init__("Are we meeting our standards, and which process is furthest from them?", "performance",
                         workbook=workbook, key=key, css_class="pcrm-scorecard", explanation=_HELP)
        self.inputs, self.history, self.catalogue = dict(inputs), history, tuple(catalogue)
        self._kpis = {k.key: k for k in self.catalogue}
        self.standards = dict(self.load("standards") or {})
        self.typed = dict(self.load("typed") or {})
        self.card = None
        style = {"description_width": "90px"}
        self.tree_by = self.bound(ToggleButtons(options=[("Processes", "process"), ("Blocks", "block"),
                                                         ("Perspectives", "perspective")], value="process",
                                                tooltips=["The five processes", "Payne & Frow's shareholder-results "
                                                          "blocks", "Kaplan & Norton's four perspectives"],
                                                description="Tree by", style=dict(style, button_width="auto")),
                                  "tree_by")
        self.tree_by.add_class("pcrm-scorecard-tree-by")
        self.kpi = self.bound(Dropdown(options=[(k.name, k.key) for k in self.catalogue],
                                       value="nps" if "nps" in self._kpis else self.catalogue[0].key,
                                       description="KPI", style=style), "kpi", refresh=False)
        self.kpi.add_class("pcrm-scorecard-kpi")
        self.target = W.FloatText(description="Target", style=style, layout=W.Layout(width="100%"))
        self.target.add_class("pcrm-scorecard-target")
        self.tolerance = W.BoundedFloatText(min=0, max=1e12, description="Tolerance", style=style,
                                            layout=W.Layout(width="100%"))
        self.tolerance.add_class("pcrm-scorecard-tolerance")
        self.direction = ToggleButtons(options=[("Higher", "higher"), ("Lower", "lower")], description="Better if",
                                       style=dict(style, button_width="90px"))
        self.direction.add_class("pcrm-scorecard-direction")
        self.typed_value = Text(description="Typed value", placeholder="type it if nothing computes it",
                                continuous_update=False, style=style)
        self.typed_value.add_class("pcrm-scorecard-typed")
        self.unit = HTML()
        full_width(self.kpi, self.typed_value)
        self._loading = False
        self._show_kpi()
        self.kpi.observe(lambda _: self._show_kpi(), names="value")
        for control in (self.target, self.tolerance, self.direction):
            control.observe(self._on_standard, names="value")
        self.typed_value.observe(self._on_typed, names="value")
        self.summary = HTML()
        self.summary.add_class("pcrm-scorecard-summary")
        self.table = HTML()
        self.tree = themed_figure("KPI tree: shareholder value down to the KPIs, by status", height=460)
        self.set_panels(inputs=[self.tree_by, HTML("<b>Edit a KPI's standard</b>"), self.kpi, self.unit, self.target,
                                self.tolerance, self.direction, self.typed_value],
                        result=[self.summary, self.tree, self.table])
        self.refresh()

    # -- the standards as edited -------------------------------------------------------------------------
    def standard_of(self, key):
        """The standard of KPI ``key``: as edited, else the catalogue's example (None when it has none)."""
        saved = self.standards.get(key)
        if saved is not None:
            return Standard(saved["target"], saved["tolerance"], saved["direction"])
        kpi = self._kpis[key]
        return None if kpi.target is None else Standard(kpi.target, kpi.tolerance, kpi.direction)

    def _show_kpi(self):
        kpi = self._kpis[self.kpi.value]
        standard = self.standard_of(kpi.key) or Standard(0.0, 0.0, kpi.direction)
        self._loading = True
        try:
            self.target.value, self.tolerance.value = standard.target, standard.tolerance
            self.direction.value = standard.direction
            self.typed_value.value = "" if kpi.key not in self.typed else f"{self.typed[kpi.key]:g}"
        finally:
            self._loading = False
        self.unit.value = note(f"Unit: {kpi.unit}<br>Source: {kpi.source}", style="margin:0 0 4px 94px")

    def _on_standard(self, _change):
        if self._loading:
            return
        self.standards[self.kpi.value] = {"target": float(self.target.value), "tolerance": float(self.tolerance.value),
                                          "direction": self.direction.value}
        self.save("standards", self.standards)
        self.refresh()

    def _on_typed(self, change):
        if self._loading:
            return
        text = change["new"].strip().replace(",", "")
        if text == "":
            self.typed.pop(self.kpi.value, None)
        else:
            try:
                number = float(text)
            except ValueError:
                kpi = self._kpis[self.kpi.value]
                self.show_message(f"'{change['new']}' is not a number: type the value of {kpi.name} ({kpi.unit}) "
                                  f"as a number, e.g. {kpi.target:g}, or leave the box empty.", kind="error")
                return
            if number != number or number in (float("inf"), float("-inf")):
                self.show_message("Type a finite number.", kind="error")
                return
            self.typed[self.kpi.value] = number
        self.save("typed", self.typed)
        self.refresh()

    # -- rendering ---------------------------------------------------------------------------------------
    def _refresh(self):
        standards = {key: s for key in self._kpis if (s := self.standard_of(key)) is not None}
        self.card = card = scorecard(self.inputs, typed=self.typed, standards=standards, history=self.history,
                                     catalogue=self.catalogue)
        counts = card["status"].value_counts()
        feedback = strategy_feedback(card)
        furthest = process_diagnostics(card)
        furthest = furthest[(furthest["red"] + furthest["amber"]) > 0]
        self.summary.value = "".join(
            headline(STATUS_WORDS[s], str(int(counts.get(s, 0))), "KPIs", colour=status_colour(s))
            for s in ("green", "amber", "red", "not measured")) + (
            headline("Furthest from standard", furthest.iloc[0]["process_name"], feedback[0])
            if len(furthest) else headline("Every measured KPI meets its standard", "✓", feedback[0]))
        self._draw_tree(card)
        rows = [[row["name"], format_kpi(row["value"], row["unit"]),
                 "—" if row["target"] != row["target"] else format_kpi(row["target"], row["unit"]),
                 "—" if row["target"] != row["target"] else
                 f"± {format_kpi(row['tolerance'], row['unit']).lstrip('+')}", trend_words(row["trend"])]
                for _, row in card.iterrows()]
        self.table.value = scorecard_table(rows, ["KPI", "Value", "Target", "Tolerance", "Trend"],
                                           card["status"].tolist())

    def _draw_tree(self, card):
        tree = kpi_tree(self.catalogue, by=self.tree_by.value)
        colours, hover = [], []
        for _, node in tree.iterrows():
            if node["level"] == 2:
                row = card.loc[node["node"]]
                colours.append(status_colour(row["status"]))
                hover.append(f"{row['name']}: {format_kpi(row['value'], row['unit'])} "
                             f"({STATUS_WORDS[row['status']].lower()})")
            else:
                colours.append(PROCESS_COLOURS.get(node["node"].split(":")[-1], LIGHT) if node["level"] == 1
                               and self.tree_by.value == "process" else LIGHT)
                hover.append(node["label"])
        replace_traces(self.tree, [go.Treemap(
            ids=tree["node"], parents=tree["parent"].fillna(""), labels=tree["label"], marker={"colors": colours},
            hovertext=hover, hoverinfo="text", textinfo="label", tiling={"pad": 2}, root={"color": LIGHT})],
            margin={"l": 10, "r": 10, "t": 50, "b": 10})
