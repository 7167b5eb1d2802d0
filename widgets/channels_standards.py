"""The standards editor: a "perfect customer experience" standard per channel, and the gap heatmap."""
import ipywidgets as W
import plotly.graph_objects as go

from ..channels import DIMENSIONS, METRICS, experience_gaps, gap_table
from ..theme import RAG
from ._base import ToolPanel
from ._lean import Dropdown, FloatSlider, HTML
from ._styles import note
from ._value_common import full_width, replace_traces, themed_figure
from .channels_common import headline, label_options, manager_table

__all__ = ["StandardsEditor"]

_HELP = """
Payne & Frow ask the firm to define an outstanding ("perfect") customer experience **in each channel** before it
integrates the channels. The workbook measures five dimensions, each by one metric: **speed** (mean handling
minutes, lower is better), **consistency** (first-contact resolution), **personalisation** (share of contacts
linked to the customer's record), **information** (a rating you collect) and **ease** (channel satisfaction, 1-7).

A dimension's **gap** is its shortfall relative to the standard, $(\\text{target} - \\text{observed}) /
\\text{target}$ (reversed when lower is better), 0 when the standard is met. A channel's **weighted gap** is the
importance-weighted mean of its measured dimensions' gaps; the importances are rescaled to sum to 1.
"""


class StandardsEditor(ToolPanel):
    """What would an outstanding experience be in each channel, and how far are we from it?

    Parameters
    ----------
    template : pandas.DataFrame
        Starting standards (:func:`~paynecrm_kernel.channels.standards_template`).
    observed : pandas.DataFrame
        Observed performance (:func:`~paynecrm_kernel.channels.observed_experience`).
    labels : dict, optional
        Display name of each channel.
    """

    placeholder_height = 900

    def __init__(self, template, observed, *, labels=None, workbook=None, key="channels.standards"):
        super().__init__("What would an outstanding experience be in each channel, and how far are we from it?",
                         "channels", workbook=workbook, key=key, css_class="pcrm-standards", explanation=_HELP)
        self.template, self.observed, self.labels = template, observed, dict(labels or {})
        self.targets = {c: dict(zip(part["dimension"], part["target"].astype(float)))
                        for c, part in template.groupby("channel", sort=False)}
        for channel, saved in (self.load("targets") or {}).items():
            self.targets.setdefault(channel, {}).update(saved)
        channels = list(self.targets)
        style = {"description_width": "150px"}
        self.channel = self.bound(Dropdown(options=label_options(channels, self.labels),
                                           value="call_centre" if "call_centre" in channels else channels[0],
                                           description="Channel", style=style), "channel", refresh=False)
        self.channel.add_class("pcrm-standards-channel")
        self.target_boxes = {}
        for dimension in DIMENSIONS:
            box = W.BoundedFloatText(min=0.01, max=1e6, step=0.01, description=f"{dimension}: target", style=style,
                                     layout=W.Layout(width="100%"))
            box.add_class(f"pcrm-standards-target-{dimension}")
            self.target_boxes[dimension] = box
        saved = self.load("importance") or {}
        self.importance = {}
        for dimension in DIMENSIONS:
            slider = FloatSlider(value=float(saved.get(dimension, 1.0)), min=0, max=1, step=0.05,
                                 description=dimension, style=style)
            slider.add_class(f"pcrm-standards-importance-{dimension}")
            slider.observe(self._on_importance, names="value")
            self.importance[dimension] = slider
        full_width(self.channel, *self.importance.values())
        self._loading = False
        self._show_channel()
        self.channel.observe(lambda _: self._show_channel(), names="value")
        for box in self.target_boxes.values():
            box.observe(self._on_target, names="value")
        self.units = HTML(note("<br>".join(
            f"{d}: {METRICS[d]['metric']} ({'higher' if METRICS[d]['higher_is_better'] else 'lower'} is better)"
            for d in DIMENSIONS)))
        self.summary = HTML()
        self.summary.add_class("pcrm-standards-summary")
        self.table = HTML()
        self.chart = themed_figure("Gap to the standard, by channel and dimension", height=380)
        self.set_panels(inputs=[self.channel, *self.target_boxes.values(), self.units,
                                HTML("<b>Importance of each dimension</b>"), *self.importance.values()],
                        result=[self.summary, self.chart, self.table])
        self.refresh()

    def standards(self):
        """The standards as edited: ``channel, dimension, target`` (with the template's other columns)."""
        out = self.template.copy()
        out["target"] = [self.targets[c][d] for c, d in zip(out["channel"], out["dimension"])]
        return out

    def weights(self):
        """Importance of each dimension as set."""
        return {d: float(s.value) for d, s in self.importance.items()}

    def _show_channel(self):
        self._loading = True
        try:
            for dimension, box in self.target_boxes.items():
                box.value = self.targets[self.channel.value][dimension]
        finally:
            self._loading = False

    def _on_target(self, _change):
        if self._loading:
            return
        self.targets[self.channel.value] = {d: float(b.value) for d, b in self.target_boxes.items()}
        self.save("targets", self.targets)
        self.refresh()

    def _on_importance(self, _change):
        self.save("importance", self.weights())
        self.refresh()

    def _refresh(self):
        weights = self.weights()
        if sum(weights.values()) == 0:
            raise ValueError("Give at least one dimension an importance above 0.")
        gaps, by_channel = experience_gaps(self.standards(), self.observed, importance=weights)
        worst = by_channel.sort_values("weighted_gap", ascending=False).iloc[0]
        self.summary.value = (
            headline("Standards met", f"{int(gaps['meets_standard'].sum())} of {int(gaps['measured'].sum())}",
                     "measured channel-dimension pairs") +
            headline("Furthest from standard", self.labels.get(worst["channel"], worst["channel"]),
                     f"weighted gap {100 * worst['weighted_gap']:.1f} %, worst on {worst['worst_dimension']}"))
        grid = gaps.pivot(index="channel", columns="dimension", values="gap").reindex(
            index=list(self.targets), columns=list(DIMENSIONS))
        measured = gaps.pivot(index="channel", columns="dimension", values="measured").reindex(
            index=list(self.targets), columns=list(DIMENSIONS))
        text = [[f"{100 * g:.0f} %" if m else "not measured" for g, m in zip(gr, mr)]
                for gr, mr in zip(grid.to_numpy(), measured.to_numpy())]
        z = grid.where(measured.astype(bool)).to_numpy()
        replace_traces(self.chart, [go.Heatmap(
            z=z.tolist(), x=list(DIMENSIONS), y=[self.labels.get(c, c) for c in grid.index], text=text,
            texttemplate="%{text}", zmin=0, zmax=0.4, hoverongaps=False,
            colorscale=[[0, RAG["green"]], [0.25, RAG["amber"]], [1, RAG["red"]]],
            colorbar={"title": {"text": "gap"}, "tickformat": ".0%"})],
            yaxis={"autorange": "reversed"}, margin={"l": 180, "r": 20, "t": 50, "b": 40})
        self.table.value = manager_table(gap_table(gaps, by_channel, self.labels), "pcrm-standards-table")
