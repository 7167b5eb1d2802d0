"""Granularity chooser: macro, micro or one-to-one, judged by value explained against segments to manage."""
import html

import ipywidgets as W
import numpy as np
import plotly.graph_objects as go
import traitlets

from ..segmentation import granularity_tradeoff
from ..strategy import matrix_position
from ..theme import PROCESS_COLOURS, SEQUENCE, format_currency, format_number, format_percent, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._tables import html_table
from ._lean import FloatSlider, HTML, RadioButtons, Textarea, shared_layout

EXPLANATION = """
For each level the value predicted for a customer is the average of their segment (for one-to-one, a
straight-line fit on their individual score), and the share of the variance of value explained is
$R^2 = 1 - \\sum_i (v_i - \\hat v_i)^2 / \\sum_i (v_i - \\bar v)^2$. The adjusted
$R^2 = 1 - (1 - R^2)(n - 1)/(n - p)$, with $p$ the number of segment means (or coefficients), charges each
segment for what it would explain by chance. The target is the customers' *future* spend (the holdout
period) while the segments are built from the past, so finer segments are not automatically better.
Management cost is the assumed cost of running one segment (offer, content, owner) times the number of
segments; one-to-one costs one programme plus a marginal cost per customer treated individually (near zero
where contacts are digital and automated, high where a person tailors each one). The strategy-matrix position
maps the granularity to individualisation and the information level to the vertical axis; macro segments put
little of the information to use, whatever the data hold (the workbook's convention). The information level
starts where the overview's strategy-matrix scores put it.
"""


class GranularityChooser(ToolPanel):
    """Compare macro, micro and one-to-one segmentation and record the chosen level and its justification.

    Parameters
    ----------
    target : pandas.Series
        Value to explain per customer (ideally future value).
    levels : dict
        ``{"macro": labels, "micro": labels, "one-to-one": float scores}``.
    """

    placeholder_height = 630

    #: The chosen level ("macro", "micro" or "one-to-one").
    choice = traitlets.Unicode("")

    def __init__(self, target, levels, *, information=0.35, workbook=None, key="strategy.granularity"):
        super().__init__(question="How finely should we segment: macro, micro or one-to-one?", process="strategy",
                         workbook=workbook, key=key, css_class="pcrm-granularity", explanation=EXPLANATION)
        self.target, self.levels = target, levels
        self.cost = self.bound(W.BoundedFloatText(value=2000, min=0, max=1e9, step=500,
                                                  description="Cost per segment ($)",
                                                  style={"description_width": "initial"}), "cost_per_segment")
        self.cost.add_class("pcrm-granularity-cost")
        self.cost_per_customer = self.bound(W.BoundedFloatText(value=5, min=0, max=1e6, step=1,
                                                               description="One-to-one, per customer ($)",
                                                               style={"description_width": "initial"}),
                                            "cost_per_customer")
        self.information = self.bound(FloatSlider(value=information, min=0, max=1, step=0.05, description="Information",
                                                    layout=shared_layout(width="100%")), "information")
        self.chosen = self.bound(RadioButtons(options=list(levels), value=list(levels)[0],
                                                layout=shared_layout(width="100%")), "choice")
        self.chosen.add_class("pcrm-granularity-choice")
        self.justification = self.bound(Textarea(placeholder="Why this level? Use the figures on the right.",
                                                   rows=4, layout=shared_layout(width="100%")), "justification",
                                        refresh=False)
        self.justification.add_class("pcrm-granularity-why")
        self.table = None
        self.figure = Chart(go.Figure(layout=plotly_layout(height=300, barmode="group",
                                                           margin={"l": 60, "r": 20, "t": 40, "b": 50},
                                                           legend={"orientation": "h", "y": -0.25})))
        self.figure.add_bar(x=[], y=[], name="R\u00b2 of future value", marker={"color": SEQUENCE[0]})
        self.figure.add_bar(x=[], y=[], name="adjusted R\u00b2", marker={"color": SEQUENCE[1]})
        self.figure.update_yaxes(title={"text": "Share of variance explained"}, tickformat=".0%")
        self.figure.figure.layout.title = {"text": "Value explained by each level", "x": 0, "font": {"size": 14}}
        self.summary = HTML()
        self.summary.add_class("pcrm-granularity-summary")
        self.set_panels(inputs=[self.cost, self.cost_per_customer, HTML("<b>Our choice</b>"), self.chosen, self.justification,
                                HTML("<b>Extent of customer information</b> (0 = little, 1 = rich)"),
                                self.information],
                        result=[self.figure, self.summary])
        self.refresh()

    def _refresh(self):
        table = granularity_tradeoff(self.target, self.levels, cost_per_segment=self.cost.value,
                                     cost_per_customer=self.cost_per_customer.value)
        self.table, self.choice = table, self.chosen.value
        labels = [f"{lvl}<br>{format_number(s)} segments" for lvl, s in zip(table.index, table["segments"])]
        with self.figure.batch_update():
            self.figure.data[0].x, self.figure.data[0].y = labels, list(table["r_squared"])
            self.figure.data[1].x, self.figure.data[1].y = labels, list(np.maximum(table["adjusted_r_squared"], 0))
        sync_figure(self.figure)
        show = table.drop(columns="kind").rename(columns={"r_squared": "R\u00b2", "adjusted_r_squared": "adjusted R\u00b2",
                                                          "management_cost": "management cost"})
        fmt = {"segments": format_number, "R\u00b2": format_percent, "adjusted R\u00b2": format_percent,
               "management cost": format_currency}
        level = self.chosen.value
        matrix = matrix_position(level if level in ("macro", "micro", "one-to-one") else "micro",
                                 self.information.value)
        colour = PROCESS_COLOURS["strategy"]
        self.summary.value = (html_table(show, fmt, css_class="pcrm-granularity-table", index_name="level")
                              + f"<div style='border-left:4px solid {colour};padding:4px 10px;margin-top:6px'>"
                              f"Chosen: <b>{html.escape(level)}</b> ({format_number(table.loc[level, 'segments'])} "
                              f"segments, {format_percent(table.loc[level, 'r_squared'])} of future value "
                              f"explained). With this granularity and information at "
                              f"{format_percent(self.information.value, 0)}, the segmentation would place the "
                              f"firm in <b>{html.escape(matrix['quadrant'])}</b> on the CRM strategy matrix.</div>")

    def __repr__(self):
        return f"GranularityChooser(choice={self.choice!r})"
