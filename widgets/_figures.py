"""Charts for the tools: a plotly figure shown through plotly's renderer, which a page loads only once.

A :class:`Chart` is an ``ipywidgets.Output`` holding a plain ``plotly.graph_objects.Figure``. Tools build and
update the figure with plotly's usual methods (``chart.add_bar(...)``, ``chart.data[0].y = ...``,
``chart.update_layout(...)``, ``with chart.batch_update(): ...``), then call :func:`sync_figure` to redraw.
The figure travels as plotly's JSON mime bundle, drawn by the plotly extension that JupyterLab and Voilà load
once per page; ``FigureWidget`` would instead send the whole plotly.js library with every chart.
"""
import json

import ipywidgets as W
import plotly.graph_objects as go
import plotly.io as pio

PLOTLY_MIME = "application/vnd.plotly.v1+json"


class Chart(W.Output):
    """An output area showing one plotly figure.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure, optional
        The figure to show (an empty one by default).
    **kwargs
        Passed to ``ipywidgets.Output`` (e.g. ``layout=W.Layout(...)``).

    Notes
    -----
    Attributes of the figure are reachable on the chart (``chart.data``, ``chart.add_scatter``), except
    ``layout``, which is the widget's own; use ``chart.update_layout(...)`` or ``chart.figure.layout``.
    """

    def __init__(self, figure=None, **kwargs):
        self._figure = figure if figure is not None else go.Figure()
        super().__init__(**kwargs)
        self.add_class("pcrm-chart")
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

    def render(self):
        """Redraw the chart from the figure's current state."""
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
