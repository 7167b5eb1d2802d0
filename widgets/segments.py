"""Segment explorer: k-means segments on chosen behavioural features, profiles in words, silhouette by k."""
import ipywidgets as W
import plotly.graph_objects as go
import traitlets

from ..segmentation import cluster_diagnostics, kmeans_segments
from ..theme import HIGHLIGHT, SEQUENCE, format_number, format_percent, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._styles import help_text
from ._tables import column_format, html_table
from ._lean import HTML, IntSlider, shared_layout

EXPLANATION = """
Each chosen feature is log-transformed when it is never negative ($\\log(1 + x)$, which tames the long tail
of spend and frequency) and standardised to mean 0 and standard deviation 1. k-means (scikit-learn) then finds
$k$ centres minimising the within-segment sum of squares $W = \\sum_i \\lVert z_i - \\mu_{c(i)} \\rVert^2$.

- $R^2 = 1 - W/T$, with $T$ the total sum of squares: the share of the variation the segments capture.
- The silhouette of a customer is $(b - a)/\\max(a, b)$, with $a$ the mean distance to its own segment and
  $b$ to the nearest other segment; its average (Rousseeuw 1987) runs from -1 to 1, higher meaning better
  separated segments. It is computed on a seeded random sample of at most 1,000 customers.

Profiles describe each segment's mean against the average customer in standard deviations: "much higher"
(at least 1), "higher" (0.3 to 1), "about average", "lower", "much lower".
"""


class SegmentExplorer(ToolPanel):
    """Choose features and k; see segment profiles and the silhouette / R^2 for a range of k.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer with numeric features.
    features : list of str
        Features offered (the first three are selected by default).
    """

    placeholder_height = 750

    #: Silhouette of the current segmentation.
    silhouette = traitlets.Float(0.0)

    def __init__(self, data, features, *, k_range=(2, 8), workbook=None, key="strategy.segments"):
        super().__init__(question="Which behavioural segments do our customers fall into?", process="strategy",
                         workbook=workbook, key=key, css_class="pcrm-segments", explanation=EXPLANATION)
        self.data, self.k_range, self.result = data, k_range, None
        self._diagnostics = {}
        self.features = self.bound(W.SelectMultiple(options=list(features), value=tuple(features[:3]),
                                                    rows=min(len(features), 6), description="Features",
                                                    layout=shared_layout(width="100%")), "features")
        self.features.add_class("pcrm-segments-features")
        self.k = self.bound(IntSlider(value=4, min=2, max=12, description="Segments k",
                                        layout=shared_layout(width="100%")), "k")
        self.k.add_class("pcrm-segments-k")
        self.figure = Chart(go.Figure(layout=plotly_layout(height=280, margin={"l": 60, "r": 60, "t": 40, "b": 50},
                                                           legend={"orientation": "h", "y": -0.3})))
        self.figure.add_scatter(x=[], y=[], name="Silhouette", mode="lines+markers", line={"color": SEQUENCE[0]})
        self.figure.add_scatter(x=[], y=[], name="R\u00b2 (variance captured)", mode="lines+markers",
                                line={"color": SEQUENCE[1], "dash": "dash"})
        self.figure.add_scatter(x=[], y=[], name="chosen k", mode="markers",
                                marker={"size": 14, "color": HIGHLIGHT, "symbol": "circle-open"})
        self.figure.update_xaxes(title={"text": "Number of segments k"}, dtick=1)
        self.figure.update_yaxes(title={"text": "Score (0-1)"}, range=[0, 1])
        self.figure.figure.layout.title = {"text": "How well separated, how much captured", "x": 0, "font": {"size": 14}}
        self.table = HTML()
        self.table.add_class("pcrm-segments-table")
        self.figure.before_draw(self._draw_diagnostics)     # computed only once the chart is in view
        self.set_panels(inputs=[self.features, self.k, HTML(help_text("Hold Ctrl (Cmd) to pick several features."))],
            result=[self.table, self.figure])
        self.refresh()

    def _refresh(self):
        features = list(self.features.value)
        result = kmeans_segments(self.data, features, k=self.k.value)
        self.result, self.silhouette = result, result.silhouette
        self.figure.data[2].x, self.figure.data[2].y = [result.k], [result.silhouette]
        sync_figure(self.figure)
        prof = result.profile
        fmt = {"customers": format_number, "share": format_percent, "description": str}
        for f in features:
            fmt[f] = column_format(f, prof[f])
        self.table.value = (f"<div style='font-size:14px'><b>{result.k} segments</b>: silhouette "
                            f"<b>{result.silhouette:.2f}</b>, variance captured R\u00b2 "
                            f"<b>{format_percent(result.r_squared)}</b></div>"
                            + html_table(prof.rename(columns=lambda c: c), fmt, css_class="pcrm-segments-profile"))

    def diagnostics(self):
        """Silhouette and R² of k-means for every k of ``k_range``, on the selected features (kept per selection)."""
        key = tuple(self.features.value)
        if key not in self._diagnostics:
            self._diagnostics[key] = cluster_diagnostics(self.data, list(key), ks=range(*self.k_range))
        return self._diagnostics[key]

    def _draw_diagnostics(self):
        diag = self.diagnostics()
        with self.figure.batch_update():
            self.figure.data[0].x, self.figure.data[0].y = list(diag.index), list(diag["silhouette"])
            self.figure.data[1].x, self.figure.data[1].y = list(diag.index), list(diag["r_squared"])

    def __repr__(self):
        return f"SegmentExplorer(k={self.k.value}, features={list(self.features.value)})"
