"""Self-placement on the CRM strategy matrix, with a target quadrant and the migration path to it."""
import html

import plotly.graph_objects as go
import traitlets

from ..framework import MATRIX_ITEMS, QUADRANT_NOTES, QUADRANTS, matrix_position, migration_routes
from ..framework.strategy_matrix import DEFAULT_SCORES, DEFAULT_TARGET
from ..theme import HIGHLIGHT, PROCESS_COLOURS, format_percent, plotly_layout, tint
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._lean import Dropdown, FloatSlider, HTML, shared_layout

_COLOUR = PROCESS_COLOURS["strategy"]
_CENTRES = {name: (0.75 if hx else 0.25, 0.75 if hy else 0.25) for name, (hx, hy) in QUADRANTS.items()}

EXPLANATION = """
Each capability is scored from 0 (not at all) to 1 (fully). The horizontal position $x$ is the mean of the
individualisation items, the vertical position $y$ the mean of the information items; the quadrant follows
from a cut-off of 0.5 on each axis. The target is drawn at the nearest point of the target quadrant that is
at least 0.75 on each axis it needs high, and the migration vector is target minus current. A diagonal move
has two routes: build information first (through customer-based marketing or managed service) or
individualisation first. Capabilities still missing are the items below 0.5 on the axes the target needs.

The four approaches and the idea of migration paths are Payne's (2005, Handbook) and Frow & Payne's (2009);
the axis wording is the workbook's paraphrase of the Handbook's text (p. 84), and the items, scores and
cut-off are the workbook's own conventions.
"""


class StrategyMatrixTool(ToolPanel):
    """Score capabilities, see the current quadrant, choose a target and a route, list what is missing.

    Parameters
    ----------
    workbook : Workbook, optional
        Where scores, target and route are saved.
    key : str
        Workbook key prefix.
    """

    placeholder_height = 830

    #: Quadrant of the current position.
    quadrant = traitlets.Unicode("")
    #: Capability items still missing for the target.
    missing = traitlets.List(traitlets.Unicode())

    def __init__(self, *, workbook=None, key="overview.matrix"):
        super().__init__(question="Which CRM strategy do we practise now, and where do we want to go?",
                         process="strategy", workbook=workbook, key=key, css_class="pcrm-matrix",
                         explanation=EXPLANATION)
        self.sliders = {}
        inputs = []
        for axis, title in (("information", "Customer information and analysis"),
                            ("individualisation", "Individualisation")):
            inputs.append(HTML(f"<b style='color:{_COLOUR}'>{title}</b>"))
            for item, (item_axis, label) in MATRIX_ITEMS.items():
                if item_axis != axis:
                    continue
                slider = FloatSlider(value=DEFAULT_SCORES[item], min=0, max=1, step=0.05, readout_format=".2f",
                                       layout=shared_layout(width="100%"))
                slider.add_class(f"pcrm-matrix-{item}")
                self.sliders[item] = self.bound(slider, f"score_{item}")
                inputs += [HTML(f"<div style='font-size:12.5px'>{html.escape(label)}</div>"), slider]
        self.target = self.bound(Dropdown(options=list(QUADRANTS), value=DEFAULT_TARGET,
                                            description="Target", layout=shared_layout(width="100%")), "target")
        self.target.add_class("pcrm-matrix-target")
        self.route = self.bound(Dropdown(options=[("Information first", 0), ("Individualisation first", 1)],
                                           value=0, description="Route", layout=shared_layout(width="100%")),
                                "route")
        self.route.add_class("pcrm-matrix-route")
        inputs += [HTML("<b>Where we want to be</b>"), self.target, self.route]
        self.figure = self._create_figure()
        self.summary = HTML()
        self.summary.add_class("pcrm-matrix-summary")
        self.set_panels(inputs=inputs, result=[self.figure, self.summary])
        self.refresh()

    def _create_figure(self):
        layout = plotly_layout(height=430, showlegend=False, margin={"l": 70, "r": 20, "t": 20, "b": 60})
        fig = Chart(go.Figure(layout=layout))
        fills = {"Product-based selling": tint(_COLOUR, 0.95), "Customer-based marketing": tint(_COLOUR, 0.88),
                 "Managed service and support": tint(_COLOUR, 0.88), "Individualized CRM": tint(_COLOUR, 0.8)}
        shapes, notes = [], []
        for name, (cx, cy) in _CENTRES.items():
            shapes.append({"type": "rect", "x0": cx - 0.25, "x1": cx + 0.25, "y0": cy - 0.25, "y1": cy + 0.25,
                           "line": {"color": "white", "width": 3}, "layer": "below",
                           "fillcolor": fills[name]})
            notes.append({"x": cx, "y": cy + 0.2, "text": f"<b>{name}</b>", "showarrow": False,
                          "font": {"size": 13, "color": _COLOUR}})
        fig.update_layout(shapes=shapes, annotations=notes)
        fig.add_scatter(x=[], y=[], mode="lines", line={"color": HIGHLIGHT, "width": 2, "dash": "dot"},
                        hoverinfo="skip", name="route")
        fig.add_scatter(x=[], y=[], mode="markers+text", textposition="bottom center", name="now",
                        marker={"size": 16, "color": _COLOUR, "line": {"color": "white", "width": 2}},
                        hovertemplate="Individualisation %{x:.2f}<br>Information %{y:.2f}<extra></extra>")
        fig.add_scatter(x=[], y=[], mode="markers+text", textposition="top center", name="target",
                        marker={"size": 18, "color": HIGHLIGHT, "symbol": "star"}, hoverinfo="skip")
        fig.update_xaxes(range=[0, 1], title={"text": "Degree of individualisation (0-1) \u2192"},
                         tickvals=[0, 0.5, 1], showgrid=False)
        fig.update_yaxes(range=[0, 1], title={"text": "Customer information and analysis (0-1) \u2192"},
                         tickvals=[0, 0.5, 1], showgrid=False)
        return fig

    def _refresh(self):
        scores = {k: s.value for k, s in self.sliders.items()}
        routes = migration_routes(matrix_position(scores).quadrant, self.target.value)
        self.route.disabled = len(routes) < 2
        pos = matrix_position(scores, target=self.target.value, route=self.route.value)
        self.quadrant, self.missing = pos.quadrant, list(pos.missing)
        path = [(pos.x, pos.y)] + [_CENTRES[q] for q in pos.route[1:-1]] + [pos.target_point]
        base = list(self.figure.figure.layout.annotations[:4])
        arrow = []
        if pos.quadrant != pos.target:
            (x0, y0), (x1, y1) = path[-2], path[-1]
            arrow = [{"x": x1, "y": y1, "ax": x0, "ay": y0, "xref": "x", "yref": "y", "axref": "x",
                      "ayref": "y", "showarrow": True, "arrowhead": 3, "arrowsize": 1.4, "arrowwidth": 2.5,
                      "arrowcolor": HIGHLIGHT, "text": ""}]
        with self.figure.batch_update():
            self.figure.data[0].x, self.figure.data[0].y = [p[0] for p in path], [p[1] for p in path]
            self.figure.data[1].x, self.figure.data[1].y, self.figure.data[1].text = [pos.x], [pos.y], ["Now"]
            tx, ty = pos.target_point
            self.figure.data[2].x, self.figure.data[2].y, self.figure.data[2].text = [tx], [ty], ["Target"]
            self.figure.figure.layout.annotations = base + arrow
        sync_figure(self.figure)
        steps = " \u2192 ".join(html.escape(q) for q in pos.route)
        if pos.missing:
            gaps = "".join(f"<li>{html.escape(m)}</li>" for m in pos.missing)
            gaps = f"<b>Capabilities still missing for the target</b> (below 0.5):<ul>{gaps}</ul>"
        else:
            gaps = "<b>No capability is below the cut-off for the target.</b>"
        self.summary.value = (
            f"<div style='font-size:15px'>Now: <b>{html.escape(pos.quadrant)}</b> "
            f"(individualisation {format_percent(pos.x, 0)}, information {format_percent(pos.y, 0)}). "
            f"{html.escape(QUADRANT_NOTES[pos.quadrant])}</div>"
            f"<div style='margin-top:6px'>Migration path: {steps}</div>{gaps}")

    def __repr__(self):
        return f"StrategyMatrixTool(quadrant={self.quadrant!r}, target={self.target.value!r})"
