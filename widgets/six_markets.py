"""Six markets tool: each participant rates current and desired emphasis; the group's spidergram and gaps."""
import html

import plotly.graph_objects as go
import traitlets

from ..strategy import MARKETS, six_markets_summary
from ..theme import SEQUENCE, format_number, plotly_layout
from ._base import ToolPanel
from ._figures import Chart, sync_figure
from ._tables import html_table
from ._lean import Button, HBox, HTML, IntSlider, Text, shared_layout

EXPLANATION = """
The six markets model (Christopher, Payne & Ballantyne 1991; labels and network diagram as in later Cranfield
versions) widens relationship marketing from customers to
referral, supplier and alliance, influence, employee and recruitment, and internal markets; customer markets
are split into new and existing customers. Each participant rates the current and the desired emphasis on each
domain from 0 to 10 (arbitrary scales, as in the model's network diagram). For each market the tool shows the
group mean, the spread (standard deviation across participants, a measure of disagreement) and the gap
$\\text{desired} - \\text{current}$; the markets are ranked by gap.
"""


def _short(label):
    return label.replace("Customer markets: ", "").replace(" markets", "").capitalize()


class SixMarketsTool(ToolPanel):
    """Rate current and desired emphasis; submit one rating per participant; see group means and gaps."""

    placeholder_height = 790

    #: Number of submitted participant ratings.
    n_submissions = traitlets.Int(0)

    def __init__(self, *, workbook=None, key="strategy.six_markets"):
        super().__init__(question="Where should our relationship effort go, beyond customers?", process="strategy",
                         workbook=workbook, key=key, css_class="pcrm-six-markets", explanation=EXPLANATION)
        self.current, self.desired = {}, {}
        rows = [HTML("<div style='display:flex;font-weight:600'><span style='flex:1'>Market (0-10)</span>"
                       "<span style='width:110px'>Current</span><span style='width:110px'>Desired</span></div>")]
        for key_, label in MARKETS:
            cur = IntSlider(value=5, min=0, max=10, layout=shared_layout(width="110px"))
            des = IntSlider(value=5, min=0, max=10, layout=shared_layout(width="110px"))
            cur.add_class(f"pcrm-sm-current-{key_}")
            des.add_class(f"pcrm-sm-desired-{key_}")
            self.current[key_] = self.bound(cur, f"current_{key_}")
            self.desired[key_] = self.bound(des, f"desired_{key_}")
            rows.append(HBox([HTML(f"<div style='font-size:12.5px'>{html.escape(label)}</div>",
                                       layout=shared_layout(flex="1 1 auto")), cur, des]))
        self.participant = Text(placeholder="Participant name", layout=shared_layout(width="60%"))
        self.participant.add_class("pcrm-sm-name")
        self.submit = Button(description="Add to group", icon="plus", layout=shared_layout(width="auto"))
        self.submit.add_class("pcrm-sm-submit")
        self.submit.on_click(self._on_submit)
        self.clear = Button(description="Clear group", layout=shared_layout(width="auto"))
        self.clear.on_click(self._on_clear)
        self.submissions = list(self.load("submissions", []) or [])
        self.figure = Chart(go.Figure(layout=plotly_layout(
            height=360, margin={"l": 60, "r": 60, "t": 30, "b": 30}, legend={"orientation": "h", "y": -0.1},
            polar={"radialaxis": {"range": [0, 10]}})))
        theta = [_short(label) for _k, label in MARKETS]
        self.figure.add_scatterpolar(r=[5] * 7, theta=theta, fill="toself", name="Current emphasis",
                                     line={"color": SEQUENCE[0]})
        self.figure.add_scatterpolar(r=[5] * 7, theta=theta, fill="toself", name="Desired emphasis",
                                     line={"color": SEQUENCE[2], "dash": "dash"}, opacity=0.6)
        self.table = HTML()
        self.table.add_class("pcrm-sm-table")
        self.set_panels(inputs=rows + [HBox([self.participant, self.submit]), self.clear],
                        result=[self.figure, self.table])
        self.refresh()

    def _own(self):
        return {"name": self.participant.value.strip() or "me",
                "current": {k: s.value for k, s in self.current.items()},
                "desired": {k: s.value for k, s in self.desired.items()}}

    def _on_submit(self, _button=None):
        self.submissions = [s for s in self.submissions if s.get("name") != self._own()["name"]] + [self._own()]
        self.save("submissions", self.submissions)
        self.refresh()
        self.show_message(f"{len(self.submissions)} participant rating(s) in the group.", kind="ok")

    def _on_clear(self, _button=None):
        self.submissions = []
        self.save("submissions", [])
        self.refresh()

    def summary(self):
        """Group summary (the submitted ratings, or the current sliders when none are submitted)."""
        return six_markets_summary(self.submissions or [self._own()])

    def _refresh(self):
        table = self.summary()
        self.n_submissions = len(self.submissions)
        keys = [k for k, _l in MARKETS]
        theta = [_short(label) for _k, label in MARKETS]
        with self.figure.batch_update():
            self.figure.data[0].r = [table.loc[k, "current"] for k in keys] + [table.loc[keys[0], "current"]]
            self.figure.data[0].theta = theta + theta[:1]
            self.figure.data[1].r = [table.loc[k, "desired"] for k in keys] + [table.loc[keys[0], "desired"]]
            self.figure.data[1].theta = theta + theta[:1]
        sync_figure(self.figure)
        who = (f"group of {self.n_submissions}" if self.n_submissions else "your ratings (not yet added to a group)")
        show = table.set_index("market")[["current", "desired", "gap", "current_spread", "desired_spread"]]
        fmt = {c: (lambda v: format_number(v, 1)) for c in show.columns}
        fmt["gap"] = lambda v: f"{v:+.1f}"
        self.table.value = (f"<b>Emphasis by market</b>, {who}; ranked by gap (desired - current)"
                            + html_table(show, fmt, css_class="pcrm-sm-gaps", index_name="market"))

    def __repr__(self):
        return f"SixMarketsTool(submissions={self.n_submissions})"
