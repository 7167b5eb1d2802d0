"""Implementation components against processes (Payne & Frow 2006): where is implementation weakest?"""
import html

import plotly.graph_objects as go
import traitlets

from ..framework import COMPONENT_NOTES, COMPONENTS, PROCESSES, implementation_summary
from ..theme import NEUTRAL, PROCESS_COLOURS, RATING_SCALE, format_number, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._lean import Dropdown, GridBox, HTML, shared_layout
from ._styles import fine_print, help_text

EXPLANATION = """
Each cell rates how ready one implementation component is for one process, from 1 (not ready) to 5 (fully
ready). Row means give the weakest component, column means the weakest process, and the three lowest cells
are the first candidates for the next 90 days.

The four components are those of Payne & Frow (2006); their names follow secondary summaries of the article,
and the fourth is also reported as "employee management". The grid, its scale and the summaries are the workbook's own conventions.
"""


class ImplementationGrid(ToolPanel):
    """Rate the four implementation components for each of the five processes.

    Parameters
    ----------
    workbook : Workbook, optional
        Where the grid (``<key>.grid``, 4 lists of 5 ratings) is saved.
    key : str
        Workbook key prefix.
    """

    placeholder_height = 590

    #: The ratings, one list of five per component.
    grid = traitlets.List()

    def __init__(self, *, workbook=None, key="overview.implementation"):
        super().__init__(question="Which implementation component is weakest, and for which process?",
                         process="performance", workbook=workbook, key=key, css_class="pcrm-implementation",
                         explanation=EXPLANATION)
        saved = self.load("grid")
        keys = list(PROCESSES)
        valid = (isinstance(saved, list) and len(saved) == len(COMPONENTS)
                 and all(isinstance(r, list) and len(r) == len(keys) and all(v in range(1, 6) for v in r)
                         for r in saved))
        values = saved if valid else [[3] * len(keys) for _ in COMPONENTS]
        cells = [HTML("")] + [HTML(f"<div title='{html.escape(PROCESSES[k].name)}' style='font-size:10px;"
                                       f"font-weight:600;line-height:1.15;overflow-wrap:anywhere;color:{PROCESS_COLOURS[k]}'>"
                                       f"{'<br>'.join(html.escape(w) for w in PROCESSES[k].name.split())}</div>")
                                for k in keys]
        self.dropdowns = []
        for i, component in enumerate(COMPONENTS):
            star = "*" if component in COMPONENT_NOTES else ""
            cells.append(HTML(f"<div style='font-size:12px;line-height:1.2'>{html.escape(component)}{star}</div>"))
            row = []
            for j in range(len(keys)):
                dd = Dropdown(options=[1, 2, 3, 4, 5], value=values[i][j], layout=shared_layout(width="60px"))
                dd.add_class(f"pcrm-impl-{i}-{j}")
                dd.observe(self._on_change, names="value")
                row.append(dd)
                cells.append(dd)
            self.dropdowns.append(row)
        table = GridBox(cells, layout=shared_layout(grid_template_columns="minmax(100px, 1fr) repeat(5, 66px)",
                                                 grid_gap="4px", align_items="center"))
        notes = "".join(fine_print(f"* {html.escape(c)}: {html.escape(n)}.") for c, n in COMPONENT_NOTES.items())
        self.figure = self._create_figure()
        self.summary = HTML()
        self.summary.add_class("pcrm-implementation-summary")
        self.set_panels(inputs=[HTML(help_text("1 = not ready, 5 = fully ready")), table, HTML(notes)],
                        result=[self.figure, self.summary])
        # the 4 x 5 grid of inputs needs a wider input column than the panel's default
        self.children[1].layout = shared_layout(grid_template_columns="minmax(480px, 1fr) 1.4fr", grid_gap="12px",
                                                width="100%")
        self.refresh()

    def _create_figure(self):
        fig = Chart(go.Figure(layout=plotly_layout(height=300, margin={"l": 190, "r": 20, "t": 10, "b": 64})))
        fig.add_heatmap(z=[[3] * 5] * 4, x=[PROCESSES[k].name.replace(" ", "<br>") for k in PROCESSES], y=list(COMPONENTS),
                        zmin=1, zmax=5, colorscale=RATING_SCALE,
                        texttemplate="%{z}", colorbar={"title": {"text": "Readiness"}, "tickvals": [1, 3, 5]},
                        hovertemplate="%{y}<br>%{x}: %{z} of 5<extra></extra>")
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(tickangle=0, side="bottom")
        return fig

    def _on_change(self, _change):
        self.grid = [[dd.value for dd in row] for row in self.dropdowns]
        self.save("grid", self.grid)
        self.refresh()

    def _refresh(self):
        grid = [[dd.value for dd in row] for row in self.dropdowns]
        self.grid = grid
        s = implementation_summary(grid)
        self.figure.data[0].z = grid
        sync_figure(self.figure)
        actions = "".join(f"<li>Raise <b>{html.escape(c)}</b> for {html.escape(PROCESSES[p].name.lower())} "
                          f"(now {v} of 5)</li>" for c, p, v in s.priorities)
        self.summary.value = (
            f"<div>Weakest component: <b>{html.escape(s.weakest_component)}</b> "
            f"(mean {format_number(s.component_means[s.weakest_component], 1)}); weakest process: "
            f"<b style='color:{PROCESS_COLOURS[s.weakest_process]}'>{html.escape(PROCESSES[s.weakest_process].name)}"
            f"</b> (mean {format_number(s.process_means[s.weakest_process], 1)}). Overall "
            f"{format_number(s.overall, 1)} of 5.</div><div style='color:{NEUTRAL}'>First candidates for the "
            f"next 90 days:<ol style='margin:2px 0'>{actions}</ol></div>")

    def __repr__(self):
        return f"ImplementationGrid(grid={self.grid})"

