"""RFM explorer: score customers on recency, frequency and monetary value, see the R x F grid and segments."""
import plotly.graph_objects as go
import traitlets

from ..segmentation import customer_value, default_rules, rfm_grid, rfm_scores, rfm_segment_profile, rfm_segments
from ..theme import format_currency, format_number, format_percent, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._styles import help_text
from ._tables import html_table
from ._lean import HTML, IntSlider, ToggleButtons, shared_layout

EXPLANATION = """
Each customer is ranked on three measures and each ranking is cut into groups of equal size (quintiles when
there are 5 bins), scored 1 (worst) to 5 (best), following Hughes's RFM coding:

- **R**ecency: the time since the last purchase, $T - t_x$, where $t_x$ is the customer's age at the last
  purchase and $T$ the age at the end of the period. The shorter it is, the higher the score.
- **F**requency: the number of repeat purchases $x$.
- **M**onetary value: the average spend per repeat purchase $\\bar z$.

Equal values are ranked by their order in the data (as pandas' `rank(method="first")`), so every group has
the same size: rank $r$ of $n$ goes to score $1 + \\#\\{j : K_j < r\\}$ with $K_j = \\lfloor 1 + (n-1) j / b \\rfloor$.
**Mind the ties.** Where many customers share a value (every one-time buyer has $x = 0$ and no repeat spend,
$\\bar z = 0$), equal customers are split across adjacent scores by their order in the data: their F and M
scores say nothing about them. Quintiles assume values without such a mass; read F and M for one-time buyers as
"no repeat purchase", and note that M ignores the first purchase (a customer whose only purchase was a $2,000
sofa scores M = 1).
Named segments come from a rule table on $R$ and $FM = (F + M)/2$, both rescaled to 1-5; the table's
boundaries are the workbook's convention and can be edited. Hughes advises roughly 1,000 customers per cell
before reading response rates by cell.
"""


class RFMExplorer(ToolPanel):
    """R x F heatmap (customers or value) and the named-segment table for any customer summary.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per customer with ``frequency``, ``recency``, ``T``, ``monetary_value``.
    value : pandas.Series, optional
        Value per customer (e.g. profit or CLV) for the "value" view; revenue-like ``frequency x monetary``
        is used when omitted.
    rules : pandas.DataFrame, optional
        Segment rule table (see :func:`paynecrm_kernel.segmentation.default_rules`).
    workbook, key : optional
        Persistence of the inputs.
    """

    placeholder_height = 1160

    #: Number of customers per named segment after the last refresh.
    segment_counts = traitlets.Dict()

    def __init__(self, summary, *, value=None, rules=None, time_unit="weeks", workbook=None, key="strategy.rfm"):
        super().__init__(question="Who are our best customers, and who is slipping away?", process="strategy",
                         workbook=workbook, key=key, css_class="pcrm-rfm", explanation=EXPLANATION)
        self.summary, self.time_unit = summary, time_unit
        self.rules = default_rules() if rules is None else rules
        self.value = value
        self.bins = self.bound(IntSlider(value=5, min=2, max=10, description="Bins",
                                           layout=shared_layout(width="100%")), "bins")
        self.bins.add_class("pcrm-rfm-bins")
        self.colour_by = self.bound(ToggleButtons(options=[("Customers", "customers"), ("Value", "value")],
                                                    value="customers", description="Colour by"), "colour_by")
        self.colour_by.add_class("pcrm-rfm-colour")
        self.scores = None
        self.figure = self._create_figure()
        self.table = HTML()
        self.table.add_class("pcrm-rfm-table")
        note = HTML(help_text("Scores run from 1 (worst) to the number of bins (best). Recency is the time since "
                              "the last purchase: recent buyers score high."))
        self.set_panels(inputs=[self.bins, self.colour_by, note], result=[self.figure, self.table])
        self.refresh()

    def _create_figure(self):
        fig = Chart(go.Figure(layout=plotly_layout(height=380, margin={"l": 70, "r": 20, "t": 40, "b": 60})))
        fig.add_heatmap(z=[[0]], colorscale="Blues", hovertemplate="R %{y}, F %{x}: %{z:,.0f}<extra></extra>")
        fig.update_xaxes(title={"text": "Frequency score F (1 = fewest purchases)"}, dtick=1)
        fig.update_yaxes(title={"text": "Recency score R (high = bought recently)"}, dtick=1)
        return fig

    def _refresh(self):
        bins = self.bins.value
        scores = rfm_scores(self.summary, bins=bins)
        scores["segment"] = rfm_segments(scores, self.rules, bins=bins)
        scores["value"] = customer_value(self.summary, self.value).to_numpy()
        self.scores = scores
        metric = self.colour_by.value
        z = rfm_grid(scores, metric, bins)
        with self.figure.batch_update():
            h = self.figure.data[0]
            h.z, h.x, h.y = [[None if v != v else float(v) for v in row] for row in z.to_numpy().tolist()], list(range(1, bins + 1)), list(range(1, bins + 1))
            h.hovertemplate = ("R %{y}, F %{x}: %{z:,.0f} customers<extra></extra>" if metric == "customers"
                               else "R %{y}, F %{x}: average value $%{z:,.0f}<extra></extra>")
            self.figure.figure.layout.title = {"text": "Customers by recency and frequency score" if metric == "customers"
                                        else "Average customer value by recency and frequency score",
                                        "x": 0, "font": {"size": 15}}
        sync_figure(self.figure)
        seg = rfm_segment_profile(scores, self.rules).rename(columns={"since_last": f"{self.time_unit} since last",
                                                         "purchases": "repeat purchases", "spend": "avg spend",
                                                         "value_share": "share of value"})
        self.segment_counts = {str(k): int(v) for k, v in seg["customers"].items()}
        fmt = {"customers": format_number, "share": format_percent, f"{self.time_unit} since last":
               lambda v: format_number(v, 1), "repeat purchases": lambda v: format_number(v, 1),
               "avg spend": format_currency, "share of value": format_percent, "action": str}
        self.table.value = ("<b>Named segments</b> (rule table: the workbook's convention)"
                            + html_table(seg, fmt, css_class="pcrm-rfm-segments", index_name="segment"))

    def __repr__(self):
        return f"RFMExplorer(bins={self.bins.value}, customers={len(self.summary)})"
