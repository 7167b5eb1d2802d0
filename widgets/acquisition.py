"""Acquisition tool: what each channel pays to win a customer against what the customers it wins are worth."""
import html

import plotly.graph_objects as go

from ..theme import BASELINE, format_currency, format_number, format_percent
from ..value import HEALTHY_CLV_TO_CAC, acquisition_economics
from ._base import ToolPanel
from ._styles import fine_print, help_text
from ._tables import rows_table
from ._value_common import VALUE_COLOUR, full_width, replace_traces, themed_figure
from ._lean import Dropdown, FloatSlider, HTML, shared_layout

__all__ = ["AcquisitionTool"]

_HELP = """
**Customer acquisition cost** $CAC = \\text{spend} / \\text{customers acquired}$, per channel.

**Value of the customers a channel acquires**: channels win different customers, so each channel's customers
are valued by their segment mix, $V_c(H) = \\sum_s \\pi_{c,s}\\,\\bar v_s(H)$: $\\pi_{c,s}$ is the share of the
channel's customers in segment $s$ and $\\bar v_s(H)$ the segment's mean value over horizon $H$ (BG/NBD and
Gamma-Gamma, at the workbook's gross margin, net of the cost to serve of the expected purchases).

**Payback**: the horizon at which $V_c(H)$ reaches the CAC (interpolated between the horizons computed).

**Value : CAC** compares what a channel's customers are worth over the chosen horizon with what they cost to win.
The workbook flags ratios below 3 : 1 over the longest horizon, a practitioners' rule of thumb (the workbook's
convention, not Payne & Frow's).

Without segment values, the tool falls back on the simple retention CLV of convention C, $m/(1+d-r)$, one value
for every channel.
"""


def _months(periods):
    return "not within 10 years" if periods == float("inf") else f"{periods:,.0f} months"


class AcquisitionTool(ToolPanel):
    """Which channels win customers worth more than they cost?

    Parameters
    ----------
    campaigns : pandas.DataFrame
        One row per campaign with ``spend`` and ``acquired`` columns (names configurable).
    channel_value : ChannelValue, optional
        :func:`~paynecrm_kernel.value.channel_value`: the value of each channel's acquired customers by
        horizon. Without it, one simple CLV (margin, retention and discount sliders) values every channel.
    spend, acquired : str
        Column names.
    workbook, key
        Persistence.
    """

    placeholder_height = 730

    def __init__(self, campaigns, *, channel_value=None, spend="spend", acquired="acquired", workbook=None,
                 key="value.acquisition", margin=60.0, retention=0.7, discount=0.10):
        super().__init__("Which channels win customers worth more than they cost?", "value", workbook=workbook,
                         key=key, css_class="pcrm-acquisition", explanation=_HELP)
        self.campaigns, self.channel_value, self._spend, self._acquired = campaigns, channel_value, spend, acquired
        style = {"description_width": "150px"}
        self.fig = themed_figure("Cost to acquire a customer against what the customer is worth", height=340)
        self.table = HTML(layout=shared_layout(max_height="320px", overflow="auto"))
        self.economics = None
        if channel_value is not None:
            horizons = [(f"{h:,.0f} months", h) for h in channel_value.value_by_horizon.columns]
            self.horizon = self.bound(Dropdown(options=horizons, value=channel_value.horizon,
                                               description="Value over", style=style), "horizon")
            inputs = [self.horizon, HTML(help_text("Each channel's customers are valued by the segments "
                                                   "they belong to.", style="margin-top:6px"))]
        else:
            self.margin = self.bound(FloatSlider(value=margin, min=0, max=500, step=5,
                                                 description="Margin / period", style=style), "margin")
            self.retention = self.bound(FloatSlider(value=retention, min=0, max=0.95, step=0.01,
                                                    description="Retention rate", style=style), "retention")
            self.discount = self.bound(FloatSlider(value=discount, min=0, max=0.3, step=0.01,
                                                   description="Discount rate", style=style), "discount")
            full_width(self.margin, self.retention, self.discount)
            inputs = [self.margin, self.retention, self.discount]
        self.set_panels(inputs=inputs, result=[self.fig, self.table])
        self.refresh()

    def _refresh(self):
        if self.channel_value is not None:
            self._by_segment_mix()
        else:
            self._one_value_for_all()

    def _draw(self, names, cac, value, value_name):
        replace_traces(self.fig, [
            go.Bar(x=names, y=cac, name="Cost to acquire (CAC)", marker_color=BASELINE,
                   hovertemplate="%{x}<br>CAC $%{y:,.0f}<extra></extra>"),
            go.Bar(x=names, y=value, name=value_name, marker_color=VALUE_COLOUR,
                   hovertemplate="%{x}<br>value $%{y:,.0f}<extra></extra>")],
            barmode="group", yaxis={"title": "$ per customer"}, legend={"orientation": "h", "y": 1.12})

    def _by_segment_mix(self):
        economics = self.channel_value.at(self.horizon.value)
        self.economics = economics.table
        months = f"{economics.horizon:,.0f}-month value"
        names = [str(c).replace("_", " ") for c in economics.table.index]
        self._draw(names, economics.table["cac"], economics.table["value"], f"{months} of its customers")
        rows = [[name, format_currency(row["cac"]), f"{html.escape(row['main_segment'])} "
                 f"({format_percent(row['main_segment_share'], 0)})", format_currency(row["value"]),
                 f"{row['value_to_cac']:.1f} : 1", _months(row["payback"])]
                for name, (_c, row) in zip(names, economics.table.iterrows())]
        self.table.value = (rows_table(rows, ["Channel", "Cost to acquire", "Main segment acquired", months.capitalize(),
                                              "Value : cost", "Pays back in"])
                            + fine_print("Value net of the cost to serve, at the workbook's gross margin, "
                                         "discounted at 1 % a month."))
        self.save("summary", {str(k): {"cac": float(v["cac"]), "clv_to_cac": float(v["value_to_cac"])}
                              for k, v in economics.table.iterrows()})

    def _one_value_for_all(self):
        table = acquisition_economics(self.campaigns, self.margin.value, self.retention.value, self.discount.value,
                                      by="channel", spend=self._spend, acquired=self._acquired)
        self.economics = table
        names = [str(i) for i in table.index]
        self._draw(names, table["cac"], table["clv"], "CLV (convention C)")
        rows = []
        for name, row in table.iterrows():
            ratio = row["clv_to_cac"]
            flag = "" if ratio >= HEALTHY_CLV_TO_CAC else " ⚠"
            payback = "never" if row["payback_periods"] == float("inf") else f"{row['payback_periods']:.1f}"
            rows.append([name, format_currency(row["spend"]), format_number(row["acquired"]),
                         format_currency(row["cac"]), format_currency(row["clv"]), f"{ratio:.1f} : 1{flag}", payback])
        self.table.value = (rows_table(rows, ["Channel", "Spend", "Acquired", "CAC", "CLV", "CLV : CAC",
                                              "Payback (periods)"])
                            + fine_print(f"CLV in {table['convention'].iloc[0]}: one value for every channel. "
                                         f"⚠ = below {HEALTHY_CLV_TO_CAC:.0f} : 1 (workbook rule of thumb)."))
        self.save("summary", {str(k): {"cac": float(v["cac"]), "clv_to_cac": float(v["clv_to_cac"])}
                              for k, v in table.iterrows()})
