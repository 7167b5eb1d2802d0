"""NPS calculator: the score with its interval by segment or channel, and its change between survey waves."""
import plotly.graph_objects as go

from ..performance import nps, nps_by, nps_change
from ..theme import MUTED, RAG, format_number, format_percent
from ._base import ToolPanel
from ._lean import Dropdown, HTML, ToggleButtons
from ._tables import rows_table
from ._value_common import full_width, replace_traces, themed_figure
from .performance_common import PERFORMANCE_COLOUR, headline, signed

__all__ = ["NPSCalculator"]

_METHODS = [("Adjusted Wald (Rocks 2016)", "adjusted_wald"), ("Wald", "wald"), ("Bootstrap", "bootstrap")]
_SPLITS = [("Segment", "segment"), ("Channel", "rated_channel")]
_SPLITS_HEADINGS = {"segment": "Segment", "rated_channel": "Channel rated"}

_HELP = """
**Net Promoter Score** (Reichheld 2003): respondents answer "How likely is it that you would recommend us to a
friend or colleague?" from 0 to 10. Promoters answer 9-10, passives 7-8, detractors 0-6, and
$NPS = 100\\,(P - D)/n$, from -100 to +100.

**Interval.** With shares $p_P$ and $p_D$ the variance of $NPS/100$ is $[p_P + p_D - (p_P - p_D)^2]/n$. The
adjusted-Wald interval (Rocks 2016) first adds 3 pseudo-respondents, 3/4 of one to the promoters and 3/4 to the
detractors, which keeps its coverage near 95 % in small groups; the plain Wald interval is too narrow there; the
bootstrap resamples the respondents (4,000 draws, fixed seed).

**Change between waves** (different respondents): the difference of the two adjusted scores with
$se = \\sqrt{V_1/n_1 + V_2/n_2}$; significant when the interval excludes zero.
"""


def _pretty(value, labels):
    return labels.get(value, str(value).replace("_", " ").capitalize())


class NPSCalculator(ToolPanel):
    """How likely are customers to recommend us, by segment and channel, and did it change between waves?

    Parameters
    ----------
    responses : pandas.DataFrame
        Survey respondents with their 0-10 answer (``score``) and the ``segment`` and ``rated_channel`` columns.
    waves : pandas.DataFrame, optional
        Two survey waves (a ``wave`` column, 1 and 2, with ``wave_label``), with the same columns; the tool then
        shows the change between them for the group chosen.
    labels : dict, optional
        Display names of segments and channels.
    """

    placeholder_height = 780

    def __init__(self, responses, *, waves=None, labels=None, workbook=None, key="performance.nps", score="nps"):
        super().__init__("How likely are customers to recommend us, by segment and channel, and is it changing?",
                         "performance", workbook=workbook, key=key, css_class="pcrm-nps", explanation=_HELP)
        self.responses, self.waves, self.score = responses, waves, score
        self.labels = dict(labels or {})
        style = {"description_width": "80px"}
        self.by = self.bound(ToggleButtons(options=_SPLITS, value="segment", description="Split by",
                                           tooltips=["The customer's segment", "The channel the customer rated"],
                                           style=dict(style, button_width="100px")), "by", refresh=False)
        self.by.add_class("pcrm-nps-by")
        self.group = Dropdown(description="Detail", style=style)
        self.group.add_class("pcrm-nps-group")
        self.method = self.bound(Dropdown(options=_METHODS, value="adjusted_wald", description="Interval",
                                          style=style), "method")
        self.method.add_class("pcrm-nps-method")
        full_width(self.group, self.method)
        self._set_groups(self.load("group", "all"))
        self.by.observe(self._on_split, names="value")
        self.group.observe(self._on_group, names="value")
        self.detail = HTML()
        self.detail.add_class("pcrm-nps-detail")
        self.change = HTML()
        self.change.add_class("pcrm-nps-change")
        self.table = HTML()
        self.chart = themed_figure("NPS with its 95 % interval", height=320)
        self.set_panels(inputs=[self.by, self.group, self.method, self.change],
                        result=[self.detail, self.chart, self.table])
        self.refresh()

    def _set_groups(self, chosen="all"):
        """Offer the groups of the current split (no refresh while the options change)."""
        column = self.responses.get(self.by.value)       # a missing column is reported by the refresh
        groups = [] if column is None else sorted(column.dropna().unique())
        self._switching = True
        try:
            self.group.options = [("All respondents", "all")] + [(_pretty(g, self.labels), str(g)) for g in groups]
            self.group.value = chosen if chosen in {value for _, value in self.group.options} else "all"
        finally:
            self._switching = False

    def _on_split(self, _change):
        self._set_groups("all")
        self.save("group", "all")
        self.refresh()

    def _on_group(self, change):
        if self._switching:
            return
        self.save("group", change["new"])
        self.refresh()

    def _chosen(self, frame):
        return frame if self.group.value == "all" else frame[frame[self.by.value].astype(str) == self.group.value]

    def _refresh(self):
        level, method = 0.95, self.method.value
        table = nps_by(self.responses, self.by.value, score=self.score, level=level, method=method)
        overall = nps(self.responses[self.score], level, method)
        chosen = self._chosen(self.responses)
        result = nps(chosen[self.score], level, method)
        label = self.group.label
        self.detail.value = (
            headline(f"NPS, {label.lower() if label == 'All respondents' else label}", signed(result.score, 1),
                     f"95 % interval {signed(result.lower, 1)} to {signed(result.upper, 1)}; "
                     f"{format_number(result.n)} respondents")
            + headline("Promoters (9-10)", format_percent(result.promoters / result.n), "of respondents",
                       colour=RAG["green"])
            + headline("Detractors (0-6)", format_percent(result.detractors / result.n), "of respondents",
                       colour=RAG["red"]))
        names = [_pretty(g, self.labels) for g in table.index]
        colours = [PERFORMANCE_COLOUR if str(g) == self.group.value else MUTED for g in table.index]
        replace_traces(self.chart, [go.Scatter(
            x=table["score"], y=names, mode="markers", marker={"size": 11, "color": colours},
            error_x={"type": "data", "symmetric": False, "array": table["upper"] - table["score"],
                     "arrayminus": table["score"] - table["lower"], "color": MUTED},
            hovertemplate="%{y}: NPS %{x:+.1f}<extra></extra>")],
            shapes=[{"type": "line", "x0": overall.score, "x1": overall.score, "y0": 0, "y1": 1, "yref": "paper",
                     "line": {"dash": "dash", "color": PERFORMANCE_COLOUR}}],
            annotations=[{"x": overall.score, "y": 1.0, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                          "text": f"all respondents {signed(overall.score, 1)}", "font": {"size": 11}}],
            xaxis={"title": "NPS (points, -100 to +100)", "range": [-100, 100], "zeroline": True},
            yaxis={"autorange": "reversed"}, margin={"l": 170, "r": 20, "t": 70, "b": 50})
        rows = [[_pretty(g, self.labels), signed(r["score"], 1), f"{signed(r['lower'], 1)} to {signed(r['upper'], 1)}",
                 format_number(r["n"]), format_percent(r["promoters"] / r["n"]),
                 format_percent(r["detractors"] / r["n"])] for g, r in table.iterrows()]
        header = [_SPLITS_HEADINGS[self.by.value], "NPS", "95 % interval", "Respondents", "Promoters", "Detractors"]
        self.table.value = rows_table(rows, header, process="performance", css_class="pcrm-nps-table")
        self.change.value = self._change_text()

    def _change_text(self):
        if self.waves is None or self.by.value not in self.waves.columns:
            return ""
        waves = self._chosen(self.waves)
        first, second = waves[waves["wave"] == 1], waves[waves["wave"] == 2]
        if first.empty or second.empty:
            return ""
        out = nps_change(first[self.score], second[self.score])
        labels = self.waves.drop_duplicates("wave").set_index("wave")["wave_label"]
        verdict = ("a real change at the 5 % level" if out["significant"]
                   else "within what chance alone would give")
        return headline(f"Store survey: change from {labels[1]} to {labels[2]}", f"{signed(out['change'], 1)} points",
                        f"95 % interval {signed(out['lower'], 1)} to {signed(out['upper'], 1)}; {verdict} "
                        f"({format_number(len(first))} and {format_number(len(second))} respondents)")
