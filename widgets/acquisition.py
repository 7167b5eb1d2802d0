"""Acquisition tool: cost per acquired customer by channel or campaign, payback and CLV : CAC."""
import ipywidgets as W
import plotly.graph_objects as go

from ..theme import format_currency, format_number
from ..value import HEALTHY_CLV_TO_CAC, acquisition_economics
from ._base import ToolPanel
from ._tables import rows_table
from ._value_common import VALUE_COLOUR, full_width, replace_traces, themed_figure
from ._lean import Dropdown, FloatSlider, HTML, shared_layout

__all__ = ["AcquisitionTool"]

_HELP = """
**Customer acquisition cost** $CAC = \\text{spend} / \\text{customers acquired}$, per channel or campaign.

**CLV** of a new customer: the simple retention CLV in convention C, $m/(1+d-r)$ (first margin for certain at
the end of period 1), before acquisition cost.

**Payback period**: the first period in which the cumulative expected, discounted margin
$\\sum_{t\\le T} m\\,r^{t-1}/(1+d)^t$ reaches the CAC (interpolated within the period); never, if the CLV is below
the CAC.

**CLV : CAC** compares what a customer is worth with what it cost to win. The workbook flags ratios below 3 : 1,
a practitioners' rule of thumb (the workbook's convention, not Payne & Frow's).
"""


class AcquisitionTool(ToolPanel):
    """Which channels win customers worth more than they cost?

    Parameters
    ----------
    campaigns : pandas.DataFrame
        One row per campaign with ``spend`` and ``acquired`` columns (names configurable).
    spend, acquired : str
        Column names.
    groupings : sequence of str
        Columns the user can group by.
    workbook, key
        Persistence.
    """

    placeholder_height = 730

    def __init__(self, campaigns, *, spend="spend", acquired="acquired", groupings=("channel", "name"),
                 workbook=None, key="value.acquisition", margin=60.0, retention=0.7, discount=0.10):
        super().__init__("Which channels win customers worth more than they cost?", "value", workbook=workbook,
                         key=key, css_class="pcrm-acquisition", explanation=_HELP)
        self.campaigns, self._spend, self._acquired = campaigns, spend, acquired
        style = {"description_width": "150px"}
        self.group = self.bound(Dropdown(options=[g for g in groupings if g in campaigns.columns],
                                           description="Cost per customer by", style=style), "group")
        self.margin = self.bound(FloatSlider(value=margin, min=0, max=500, step=5, description="Margin / period",
                                               style=style), "margin")
        self.retention = self.bound(FloatSlider(value=retention, min=0, max=0.95, step=0.01,
                                                  description="Retention rate", style=style), "retention")
        self.discount = self.bound(FloatSlider(value=discount, min=0, max=0.3, step=0.01,
                                                 description="Discount rate", style=style), "discount")
        self.fig = themed_figure("Cost to acquire a customer against what the customer is worth", height=340)
        self.table = HTML(layout=shared_layout(max_height="300px", overflow="auto"))
        self.economics = None
        full_width(self.margin, self.retention, self.discount)
        self.set_panels(inputs=[self.group, self.margin, self.retention, self.discount],
                        result=[self.fig, self.table])
        self.refresh()

    def _refresh(self):
        table = acquisition_economics(self.campaigns, self.margin.value, self.retention.value, self.discount.value,
                                      by=self.group.value, spend=self._spend, acquired=self._acquired)
        self.economics = table
        names = [str(i) for i in table.index]
        replace_traces(self.fig, [
            go.Bar(x=names, y=table["cac"], name="CAC", marker_color="#9e9e9e",
                   hovertemplate="%{x}<br>CAC $%{y:,.0f}<extra></extra>"),
            go.Bar(x=names, y=table["clv"], name="CLV (convention C)", marker_color=VALUE_COLOUR,
                   hovertemplate="%{x}<br>CLV $%{y:,.0f}<extra></extra>")],
            barmode="group", yaxis={"title": "$ per customer"}, legend={"orientation": "h", "y": 1.12})
        rows = []
        for name, row in table.iterrows():
            ratio = row["clv_to_cac"]
            flag = "" if ratio >= HEALTHY_CLV_TO_CAC else " ⚠"
            payback = "never" if row["payback_periods"] == float("inf") else f"{row['payback_periods']:.1f}"
            rows.append([name, format_currency(row["spend"]), format_number(row["acquired"]),
                         format_currency(row["cac"]), format_currency(row["clv"]), f"{ratio:.1f} : 1{flag}", payback])
        self.table.value = (rows_table(rows, [self.group.value, "Spend", "Acquired", "CAC", "CLV", "CLV : CAC",
                                              "Payback (periods)"])
                            + f"<div style='font-size:11px;color:#777'>CLV in {table['convention'].iloc[0]}. "
                              f"⚠ = below {HEALTHY_CLV_TO_CAC:.0f} : 1 (workbook rule of thumb).</div>")
        self.save("summary", {str(k): {"cac": float(v["cac"]), "clv_to_cac": float(v["clv_to_cac"])}
                              for k, v in table.iterrows()})
