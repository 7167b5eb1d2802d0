"""KPI trend chart: a KPI quarter by quarter against its standard, with the trend the scorecard reports."""
import plotly.graph_objects as go

from ..errors import DataValidationError
from ..performance import KPI_CATALOGUE, kpi_trend, saved_standards
from ..theme import RAG
from ._base import ToolPanel
from ._lean import Dropdown, HTML
from ._value_common import full_width, replace_traces, themed_figure
from .performance_common import PERFORMANCE_COLOUR, caveat, format_kpi, headline, signed, trend_words

__all__ = ["KPITrendChart"]

_HELP = """
Each point is the KPI computed from the rows of its quarter (transactions, contacts, campaigns...). The shaded
bands are the standard: green where the target is met, amber within the tolerance, red beyond it. The trend is
the least-squares slope over the last four quarters; it is *steady* while the fitted change over those quarters
stays within a quarter of the tolerance, as on the scorecard.
"""


def _change(value, unit):
    """A change in a KPI's unit: percentage points for shares, signed money, else signed."""
    if unit.startswith("%"):
        return f"{signed(value, 1)} points"
    if unit.startswith("$"):
        return ("+" if value > 0 else "") + format_kpi(value, unit)
    return signed(value, 2)


class KPITrendChart(ToolPanel):
    """Is each KPI moving towards its standard or away from it?

    Parameters
    ----------
    history : pandas.DataFrame
        One row per period (labelled by its start date), one column per KPI
        (:func:`~paynecrm_kernel.performance.kpi_history`).
    """

    placeholder_height = 560

    def __init__(self, history, *, workbook=None, key="performance.trend", catalogue=KPI_CATALOGUE, window=4):
        super().__init__("Is each KPI moving towards its standard or away from it?", "performance",
                         workbook=workbook, key=key, css_class="pcrm-trend", explanation=_HELP)
        self.history, self.window = history, int(window)
        self._kpis = {k.key: k for k in catalogue}
        shown = [c for c in history.columns if c in self._kpis and history[c].notna().sum() >= 2]
        self.kpi = self.bound(Dropdown(options=[(self._kpis[c].name, c) for c in shown],
                                       value="cost_to_serve" if "cost_to_serve" in shown else (shown or [None])[0],
                                       description="KPI", style={"description_width": "50px"}), "kpi")
        self.kpi.add_class("pcrm-trend-kpi")
        full_width(self.kpi)
        self.readout = HTML()
        self.readout.add_class("pcrm-trend-readout")
        self.chart = themed_figure("KPI per quarter against its standard", height=380)
        self.set_panels(inputs=[self.kpi, HTML(caveat("Targets and tolerances are those of the scorecard above; "
                                                      "choose the KPI again after editing them."))],
                        result=[self.readout, self.chart])
        self.refresh()

    def _refresh(self):
        if self.kpi.value is None:
            raise DataValidationError("No KPI of this history has values for two periods or more, so there is no "
                                      "trend to show; compute kpi_history(...) over a longer span.")
        kpi = self._kpis[self.kpi.value]
        values = self.history[kpi.key].dropna()
        standard = saved_standards(self.workbook).get(kpi.key)
        quarterly = all(d.month in (1, 4, 7, 10) and d.day == 1 for d in values.index)
        periods = [f"{d.year}-Q{(d.month - 1) // 3 + 1}" if quarterly else d.strftime("%Y-%m-%d") for d in values.index]
        traces = [go.Scatter(x=periods, y=values.to_numpy(), mode="lines+markers+text", name=kpi.name,
                             line={"color": PERFORMANCE_COLOUR, "width": 3},
                             text=[format_kpi(v, kpi.unit) for v in values], textposition="top center",
                             textfont={"size": 10})]
        shapes, note = [], "no standard set"
        if standard is not None:
            low, high = min(values.min(), standard.target), max(values.max(), standard.target)
            pad = max(high - low, standard.tolerance, 1e-9) * 0.6 + standard.tolerance
            sign = 1 if standard.direction == "higher" else -1
            edge = standard.target - sign * standard.tolerance
            far_good, far_bad = standard.target + sign * pad, edge - sign * pad
            for y0, y1, colour in ((standard.target, far_good, RAG["green"]), (edge, standard.target, RAG["amber"]),
                                   (far_bad, edge, RAG["red"])):
                shapes.append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "y0": min(y0, y1),
                               "y1": max(y0, y1), "fillcolor": colour, "opacity": 0.10, "line": {"width": 0},
                               "layer": "below"})
            trend = kpi_trend(values.to_numpy(), standard, self.window)
            note = (f"target {format_kpi(standard.target, kpi.unit)}, tolerance "
                    f"{format_kpi(standard.tolerance, kpi.unit).lstrip('+')}; {standard.direction} is better")
            self.readout.value = (headline("Latest quarter", format_kpi(values.iloc[-1], kpi.unit), kpi.unit)
                                  + headline(f"Trend over the last {trend['periods']} quarters",
                                             trend_words(trend["trend"]),
                                             f"fitted change {_change(trend['change'], kpi.unit)}; {note}"))
            axis_range = [min(low, edge) - pad * 0.5, max(high, standard.target) + pad * 0.5]
        else:
            self.readout.value = headline("Latest quarter", format_kpi(values.iloc[-1], kpi.unit), note)
            axis_range = None
        replace_traces(self.chart, traces, shapes=shapes, showlegend=False,
                       yaxis={"title": kpi.unit, "range": axis_range}, xaxis={"title": "Quarter"})
