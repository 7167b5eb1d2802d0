"""Customer pyramid tool: tier customers by value with editable cut-offs; profiles and concentration."""
import numpy as np
import traitlets
from plotly.subplots import make_subplots

from ..segmentation import TIERS, customer_pyramid, gini, lorenz_curve, top_share, whale_curve
from ..theme import FAINT, SEQUENCE, TIER_COLOURS, format_currency, format_number, format_percent, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._tables import column_format, html_table
from ._lean import HTML, IntSlider, RadioButtons, shared_layout

EXPLANATION = """
Customers are ranked by value $v_i$ (profit after cost to serve), highest first. Lead customers cost the
company money (Zeithaml, Rust & Lemon 2001), so by default **Lead** is exactly the customers with $v_i < 0$;
among the others the top $c_1$ (a share of customers) are **Platinum**, the next up to $c_2$ **Gold** and the
rest **Iron**. The article fixes no percentages: 20/50 is a common convention. The *bottom share* rule instead
cuts Lead at $c_3$ whatever the customers' profit, so it can call loss-makers Iron.

Concentration: the Lorenz curve plots the share of value held by the poorest share of customers; the Gini
coefficient $G = \\frac{2\\sum_i i\\,v_{(i)}}{n\\sum_i v_i} - \\frac{n+1}{n}$ (values ascending) is 0 when all
customers are worth the same and near 1 when a few carry everything. When some customers lose money, the
whale curve plots cumulative profit against customers ranked from most to least profitable: its peak shows
the profit the profitable customers make before the loss-makers give part of it back.
"""


class PyramidTool(ToolPanel):
    """Tier customers into platinum / gold / iron / lead and profile the tiers.

    Parameters
    ----------
    value : pandas.Series
        Value per customer (profit or CLV).
    attributes : pandas.DataFrame, optional
        Per-customer attributes profiled per tier (numbers averaged, categories by most common value).
    value_label : str
        What ``value`` is, shown in titles (e.g. "profit, first 18 months").
    """

    placeholder_height = 750

    #: Customers per tier after the last refresh.
    tier_counts = traitlets.Dict()

    def __init__(self, value, *, attributes=None, value_label="profit", workbook=None, key="strategy.pyramid"):
        super().__init__(question="Which customers are worth serving, and how concentrated is their value?",
                         process="strategy", workbook=workbook, key=key, css_class="pcrm-pyramid",
                         explanation=EXPLANATION)
        self.value, self.attributes, self.value_label = value, attributes, value_label
        self.cuts = {}
        inputs = [HTML("<b>Where each tier ends</b> (share of customers, from the top)")]
        for name, default in (("Platinum", 20), ("Gold", 50), ("Iron", 80)):
            s = IntSlider(value=default, min=1, max=99, description=name, readout_format="d",
                            layout=shared_layout(width="100%"))
            s.add_class(f"pcrm-pyramid-{name.lower()}")
            self.cuts[name] = self.bound(s, f"cut_{name.lower()}")
        self.rule = self.bound(RadioButtons(options=[("Lead = loss-making customers", "profit_sign"),
                                                       ("Lead = bottom share", "share")],
                                              value="profit_sign", layout=shared_layout(width="100%")), "rule")
        self.rule.add_class("pcrm-pyramid-rule")
        self.result = None
        self.figure = self._create_figure()
        self.headline = HTML()
        self.headline.add_class("pcrm-pyramid-headline")
        self.table = HTML()
        self.table.add_class("pcrm-pyramid-table")
        self.set_panels(inputs=inputs + list(self.cuts.values()) + [HTML("<b>Lead tier</b>"), self.rule],
                        result=[self.headline, self.figure, self.table])
        self.refresh()

    def _create_figure(self):
        fig = Chart(make_subplots(rows=1, cols=2, column_widths=[0.45, 0.55], horizontal_spacing=0.12,
                                            specs=[[{"type": "funnel"}, {"type": "xy"}]]))
        fig.update_layout(plotly_layout(height=360, showlegend=False, margin={"l": 20, "r": 20, "t": 40, "b": 60}))
        fig.add_funnel(y=list(TIERS), x=[1, 1, 1, 1], marker={"color": list(TIER_COLOURS)},
                       textinfo="text", row=1, col=1)
        fig.add_scatter(x=[0, 1], y=[0, 1], mode="lines", line={"color": FAINT, "dash": "dot"},
                        hoverinfo="skip", row=1, col=2)
        fig.add_scatter(x=[], y=[], mode="lines", line={"color": SEQUENCE[0], "width": 3}, row=1, col=2,
                        hovertemplate="%{x:.0%} of customers: %{y:.0%}<extra></extra>")
        fig.update_xaxes(title={"text": "Share of customers"}, tickformat=".0%", row=1, col=2)
        fig.update_yaxes(tickformat=".0%", row=1, col=2)
        return fig

    def _refresh(self):
        cuts = tuple(self.cuts[n].value / 100 for n in ("Platinum", "Gold", "Iron"))
        result = customer_pyramid(self.value, cuts=cuts, rule=self.rule.value, attributes=self.attributes)
        self.result = result
        prof = result.profile
        self.tier_counts = {t: int(c) for t, c in prof["customers"].items()}
        values = np.asarray(self.value, dtype=float)
        text = [f"{t}: {format_number(c)} customers<br>{format_percent(s)} of {self.value_label}"
                for t, c, s in zip(prof.index, prof["customers"], prof["share_value"])]
        with self.figure.batch_update():
            self.figure.data[0].x = [max(c, 1) for c in prof["customers"]]
            self.figure.data[0].text = text
            if (values < 0).any():
                curve, summ = whale_curve(values)
                x, y = curve["share_customers"], curve["cumulative_profit_share"]
                title = "Whale curve: cumulative profit, most profitable first"
                self.figure.data[1].visible = False
                head = (f"Loss-making customers: <b>{format_percent(summ['loss_customers'])}</b>. The profitable "
                        f"ones make <b>{format_percent(summ['peak_share'], 0)}</b> of total profit before the "
                        f"loss-makers give back the difference.")
                self.figure.update_yaxes(title={"text": "Cumulative profit (share of total)"}, row=1, col=2)
            else:
                curve = lorenz_curve(values)
                x, y = curve["share_customers"], curve["share_value"]
                title = "Lorenz curve of customer value"
                self.figure.data[1].visible = True
                head = (f"Gini coefficient <b>{gini(values):.2f}</b>; the top 20 % of customers hold "
                        f"<b>{format_percent(top_share(values, 0.2))}</b> of {self.value_label}.")
                self.figure.update_yaxes(title={"text": "Share of value"}, row=1, col=2)
            step = max(1, len(x) // 400)
            self.figure.data[2].x, self.figure.data[2].y = list(x[::step]) + [1.0], list(y[::step]) + [float(y.iloc[-1])]
            self.figure.figure.layout.title = {"text": title, "x": 0.55, "font": {"size": 14}}
        sync_figure(self.figure)
        self.headline.value = f"<div style='font-size:14.5px'>{head}</div>"
        show = prof.rename(columns={"share_customers": "share of customers", "total_value": "total",
                                    "share_value": "share of value", "mean_value": "average"})
        show = show.drop(columns=["min_value", "max_value"])
        fmt = {"customers": format_number, "share of customers": format_percent, "total": format_currency,
               "share of value": format_percent, "average": lambda v: format_currency(v, decimals=0)}
        for c in show.columns:
            if c not in fmt:
                fmt[c] = column_format(c, show[c])
        self.table.value = "<b>Tier profiles</b>" + html_table(show, fmt, css_class="pcrm-pyramid-profile")

    def __repr__(self):
        return f"PyramidTool(tiers={self.tier_counts})"
