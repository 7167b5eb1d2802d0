"""The service-profit chain as a path diagram, with a what-if: one metric higher, the chain's implied differences."""
import plotly.graph_objects as go

from ..performance import CHAIN_METRICS
from ..theme import GREYS, NEUTRAL, RAG, tint
from ._base import ToolPanel
from ._lean import Dropdown, FloatSlider, HTML
from ._tables import rows_table
from ._value_common import full_width, replace_traces, themed_figure
from .performance_common import PERFORMANCE_COLOUR, caveat, headline, signed

__all__ = ["ServiceProfitChainTool"]

_HELP = """
Each arrow is one **link** of Heskett et al.'s (1994) chain, estimated across the stores by ordinary least squares
on standardised metrics (z-scores): $z_{outcome} = \\sum_j \\beta_j z_{predictor_j} + e$. A coefficient of 0.5
reads: stores one standard deviation (SD) higher on the predictor are, on average, half an SD higher on the
outcome, the other predictors held equal. $R^2$ under each box is the share of that metric's variation its
predictors account for.

**What-if.** The total effect of a metric on a later one sums, over every path between them, the product of the
coefficients along the path. A difference of $\\Delta$ SD upstream implies $\\Delta \\times$ total effect SD
downstream, turned into each metric's own unit with its SD across stores.

**Associations, not causes.** Stores differ in ways the data do not record, and arrows may run backwards
(profitable stores can afford better internal service), so the what-if describes how otherwise similar stores
differ, not what an intervention would achieve.
"""


# half the width and height of a metric's box, in the diagram's units (one step of the chain = 1)
_HALF_W, _HALF_H = 0.42, 0.3


def _label(variable, labels):
    return labels.get(variable, (variable.replace("_", " ").capitalize(), ""))


def chain_positions(spec):
    """Position of every variable of a chain: x = its depth in causal order; a variable that a direct link
    bypasses sits below the line, so the bypassing arrow stays visible."""
    depth = {}
    for outcome, predictors in spec.items():
        for p in predictors:
            depth.setdefault(p, 0)
        depth[outcome] = 1 + max(depth[p] for p in predictors)
    successors = {}
    for outcome, predictors in spec.items():
        for p in predictors:
            successors.setdefault(p, []).append(outcome)
    position = {}
    for variable, x in depth.items():
        before = spec.get(variable, ())
        after = successors.get(variable, [])
        bypassed = any(a in successors.get(b, []) for b in before for a in after)
        position[variable] = (x, -1.0 if bypassed else 0.0)
    return position


class ServiceProfitChainTool(ToolPanel):
    """How do employee, customer and shareholder results go together across the stores?

    Parameters
    ----------
    result : paynecrm_kernel.performance.ServiceProfitChainResult
        The chain estimated on the unit data (:func:`~paynecrm_kernel.performance.estimate_chain`).
    labels : dict, optional
        Variable -> (display name, unit); default :data:`~paynecrm_kernel.performance.CHAIN_METRICS`.
    """

    placeholder_height = 820

    def __init__(self, result, *, workbook=None, key="performance.chain", labels=None):
        super().__init__("How do employee, customer and shareholder results go together across our stores?",
                         "performance", workbook=workbook, key=key, css_class="pcrm-chain", explanation=_HELP)
        self.result = result
        self.labels = dict(CHAIN_METRICS if labels is None else labels)
        sources = [v for v in result.scales.index if any(v in p for p in result.spec.values())]
        style = {"description_width": "110px"}
        self.source = self.bound(Dropdown(options=[(_label(v, self.labels)[0], v) for v in sources],
                                          value="employee_satisfaction" if "employee_satisfaction" in sources
                                          else sources[0], description="Metric", style=style),
                                 "source")
        self.source.add_class("pcrm-chain-source")
        self.change = self.bound(FloatSlider(value=1.0, min=-3, max=3, step=0.25, description="Difference (SD)",
                                             readout_format="+.2f", style=style), "change_sd")
        self.change.add_class("pcrm-chain-change")
        full_width(self.source, self.change)
        self.summary = HTML()
        self.summary.add_class("pcrm-chain-summary")
        self.table = HTML()
        self.table.add_class("pcrm-chain-table")
        self.diagram = themed_figure("The service-profit chain across the stores (standardised coefficients)",
                                     height=380)
        weakest = result.weakest_link()
        note = (f"Weakest link: {_label(weakest['predictor'], self.labels)[0]} → "
                f"{_label(weakest['outcome'], self.labels)[0]} (β {weakest['beta']:+.2f}"
                + ("; its interval includes zero)" if weakest["includes_zero"] else ")"))
        self.set_panels(inputs=[self.source, self.change, HTML(caveat(result.caveat)), HTML(caveat(note))],
                        result=[self.summary, self.diagram, self.table])
        self.refresh()

    def what_if(self):
        """The chain's what-if for the current inputs (a DataFrame from the library)."""
        return self.result.what_if(self.source.value, self.change.value)

    def _refresh(self):
        table = self.what_if()
        self._draw(table)
        name = _label(self.source.value, self.labels)[0].lower()
        rows = []
        for variable, row in table.iterrows():
            label, unit = _label(variable, self.labels)
            rows.append([label, signed(row["change_sd"], 2), signed(row["change"], 2, unit)])
        self.table.value = rows_table(rows, ["Metric", "Difference (SD)", "Difference in its unit"],
                                      process="performance", css_class="pcrm-chain-whatif")
        last = table.index[-1]
        label, unit = _label(last, self.labels)
        self.summary.value = headline(
            f"{label}, stores {signed(self.change.value, 2)} SD on {name}",
            signed(table.at[last, "change"], 1, unit),
            "the difference the chain's associations imply between otherwise similar stores, not a forecast")

    def _draw(self, what_if):
        position = chain_positions(self.result.spec)
        shift = what_if["change_sd"].to_dict()
        r_squared = self.result.links.groupby(level="outcome")["r_squared"].first()
        shapes, annotations = [], []
        for variable, (x, y) in position.items():
            source = variable == self.source.value
            moved = abs(shift.get(variable, 0.0)) >= 0.005
            shapes.append({"type": "rect", "x0": x - _HALF_W, "x1": x + _HALF_W, "y0": y - _HALF_H, "y1": y + _HALF_H,
                           "fillcolor": PERFORMANCE_COLOUR if source else (tint(PERFORMANCE_COLOUR, 0.84) if moved else GREYS[0]),
                           "line": {"color": PERFORMANCE_COLOUR, "width": 1}, "layer": "below"})
            text = "<br>".join(_label(variable, self.labels)[0].split(" ", 1))
            if variable in r_squared:
                text += f"<br><span style='font-size:9px'>R² {r_squared[variable]:.2f}</span>"
            if variable in shift:
                text += f"<br><b>{signed(shift[variable], 2)} SD</b>"
            annotations.append({"x": x, "y": y, "text": text, "showarrow": False,
                                "font": {"size": 10, "color": "white" if source else NEUTRAL}})
        label_x, label_y, label_text = [], [], []
        for (outcome, predictor), row in self.result.links.iterrows():
            (x0, y0), (x1, y1) = position[predictor], position[outcome]
            dx, dy = x1 - x0, y1 - y0
            t = min(_HALF_W / abs(dx) if dx else 1.0, _HALF_H / abs(dy) if dy else 1.0)
            annotations.append({"x": x1 - t * dx, "y": y1 - t * dy, "ax": x0 + t * dx, "ay": y0 + t * dy,
                                "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True, "text": "",
                                "arrowhead": 3, "arrowsize": 1, "arrowwidth": 1 + 4 * min(abs(row["beta"]), 1),
                                "arrowcolor": RAG["green"] if row["beta"] > 0 else RAG["red"]})
            label_x.append((x0 + x1) / 2)
            label_y.append((y0 + y1) / 2 + (_HALF_H + 0.1 if dy == 0 else 0.0))
            label_text.append(f"{row['beta']:+.2f}")
        replace_traces(self.diagram, [go.Scatter(x=label_x, y=label_y, mode="text", text=label_text,
                                                 textfont={"size": 11, "color": NEUTRAL}, hoverinfo="skip")],
                       shapes=shapes, annotations=annotations, showlegend=False,
                       xaxis={"visible": False, "range": [-_HALF_W - 0.1, max(p[0] for p in position.values())
                                                          + _HALF_W + 0.1]},
                       yaxis={"visible": False, "range": [-1 - _HALF_H - 0.1, _HALF_H + 0.3]},
                       margin={"l": 10, "r": 10, "t": 50, "b": 10})
