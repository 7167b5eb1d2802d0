"""Charts for the tools: a plotly figure shown through plotly's renderer, drawn when it scrolls into view.

A :class:`Chart` is an ``ipywidgets.Output`` holding a plain ``plotly.graph_objects.Figure``. Tools build and
update the figure with plotly's usual methods (``chart.add_bar(...)``, ``chart.data[0].y = ...``,
``chart.update_layout(...)``, ``with chart.batch_update(): ...``), then call :func:`sync_figure` to redraw.
The figure travels as plotly's JSON mime bundle, drawn by the plotly extension that JupyterLab and Voilà load
once per page; ``FigureWidget`` would instead send the whole plotly.js library with every chart.

Drawing waits until the chart comes near the screen: until then the chart shows a placeholder of the
figure's height (:class:`ViewportSentinel`), which tells the kernel when the reader scrolls to it. A page of
a dozen charts thus opens without loading plotly.js (about 5 MB of script) or drawing figures nobody has
reached yet; each figure is drawn, with its latest data, the moment it is about to be seen.
"""
import json

import anywidget
import ipywidgets as W
import plotly.graph_objects as go
import plotly.io as pio
import traitlets

from ..theme import INK
from ._lean import shared_layout

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
#: How far below (and above) the screen a chart starts to be drawn, in CSS pixels.
LOOKAHEAD_PX = 400


class ViewportSentinel(anywidget.AnyWidget):
    """An empty box of a given height that sets ``seen`` once it comes within reach of the screen."""

    _esm = """
    function render({ model, el }) {
      // the height goes on a box of our own: the widget's layout resets the styles of `el`
      const box = document.createElement("div");
      box.style.height = model.get("height") + "px";
      el.appendChild(box);
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          model.set("seen", true);
          model.save_changes();
        }
      }, { rootMargin: model.get("margin") + "px 0px" });
      observer.observe(box);
      return () => observer.disconnect();
    }
    export default { render };
    """
    #: Set by the page when the box first comes within ``margin`` pixels of the screen.
    seen = traitlets.Bool(False).tag(sync=True)
    height = traitlets.Int(300).tag(sync=True)
    margin = traitlets.Int(LOOKAHEAD_PX).tag(sync=True)

    @traitlets.default("layout")
    def _default_layout(self):
        return shared_layout()        # a page has one sentinel per placeholder and chart: one layout for all


class Chart(W.Output):
    """An output area showing one plotly figure.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure, optional
        The figure to show (an empty one by default).
    lazy : bool
        Draw the figure only once the chart comes near the screen (the default); ``False`` draws at once.
    **kwargs
        Passed to ``ipywidgets.Output`` (e.g. ``layout=W.Layout(...)``).

    Notes
    -----
    Attributes of the figure are reachable on the chart (``chart.data``, ``chart.add_scatter``), except
    ``layout``, which is the widget's own; use ``chart.update_layout(...)`` or ``chart.figure.layout``.
    """

    def __init__(self, figure=None, lazy=True, **kwargs):
        self._figure = figure if figure is not None else go.Figure()
        super().__init__(**kwargs)
        self.add_class("pcrm-chart")
        self._sentinel = None
        self._before_draw = []
        if lazy:
            self._sentinel = ViewportSentinel(height=int(self._figure.layout.height or 450))
            self._sentinel.observe(lambda _change: self.render(), names="seen")
            self.outputs = ({"output_type": "display_data", "metadata": {},
                             "data": {WIDGET_VIEW_MIME: {"version_major": 2, "version_minor": 0,
                                                         "model_id": self._sentinel.model_id},
                                      "text/plain": "<chart: drawn when scrolled into view>"}},)
        self.render()

    @property
    def figure(self):
        """The plotly figure shown."""
        return self._figure

    @property
    def data(self):
        """The figure's traces."""
        return self._figure.data

    @data.setter
    def data(self, traces):
        self._figure.data = traces

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._figure, name)

    @property
    def drawn(self):
        """Whether the figure is on the page (False while a lazy chart waits to come into view)."""
        return self._sentinel is None or self._sentinel.seen

    def reveal(self):
        """Draw the figure now, as when the chart scrolls into view; return the chart."""
        if self._sentinel is not None and not self._sentinel.seen:
            self._sentinel.seen = True              # observed: draws the figure
            return self
        return self.render()

    def before_draw(self, prepare):
        """Call ``prepare()`` before every drawing of the figure, and only then.

        For data that only the chart needs: a chart below the fold never computes it unless a reader scrolls
        to it. ``prepare`` updates the figure (``chart.data[0].y = ...``). Returns ``prepare``.
        """
        self._before_draw.append(prepare)
        return prepare

    def render(self):
        """Redraw the chart from the figure's current state (deferred until a lazy chart is in view)."""
        if not self.drawn:
            return self
        for prepare in self._before_draw:
            prepare()
        bundle = json.loads(pio.to_json(self._figure, validate=False))
        title = self._figure.layout.title.text or "chart"
        self.outputs = ({"output_type": "display_data", "metadata": {},
                         "data": {PLOTLY_MIME: bundle, "text/plain": f"<{title}>"}},)
        return self

    def __repr__(self):
        return f"Chart({self._figure.layout.title.text or 'untitled'!r}, {len(self._figure.data)} traces)"


def sync_figure(chart):
    """Redraw ``chart`` (a :class:`Chart`) after its figure changed; return it."""
    return chart.render()


def warm_up():
    """Build and serialise one figure with the kinds of traces and decorations the tools use (loads plotly's
    validators, which otherwise cost the first tool a few hundred milliseconds)."""
    from plotly.subplots import make_subplots

    from ..theme import plotly_layout

    figure = make_subplots(rows=1, cols=2)
    figure.update_layout(plotly_layout(height=200), shapes=[{"type": "rect", "x0": 0, "x1": 1, "y0": 0, "y1": 1}],
                         annotations=[{"x": 0, "y": 0, "text": "", "showarrow": True}])
    figure.add_scatter(x=[0], y=[0], mode="lines+markers+text", text=[""], row=1, col=1)
    figure.add_bar(x=[0], y=[0], marker={"color": [INK]}, row=1, col=2)
    figure.add_heatmap(z=[[0]], row=1, col=2)
    figure.add_hline(y=0, line={"dash": "dash"}, annotation_text="")
    figure.update_xaxes(range=[0, 1], tickformat=".0%", title={"text": ""})
    figure.update_yaxes(range=[0, 1], visible=True)
    pio.to_json(figure, validate=False)
