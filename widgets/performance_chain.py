"""The service-profit chain as a path diagram, with a what-if: one metric higher, the chain's implied differences."""
import plotly.graph_objects as go

from ..performance import CHAIN_METRICS
from ..theme import NEUTRAL, RAG
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
                                          value=sources[0] if "employee_satisfaction" not in sources
                                          else "employee_satisfaction", description="Metric", style=style),
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
        annotations, edge_x, edge_y, edge_text = [], [], [], []
        for (outcome, predictor), row in self.result.links.iterrows():
            (x0, y0), (x1, y1) = position[predictor], position[outcome]
            colour = RAG["green"] if row["beta"] > 0 else RAG["red"]
            annotations.append({"x": x1 - 0.18 * (x1 - x0), "y": y1 - 0.18 * (y1 - y0), "ax": x0, "ay": y0,
                                "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "showarrow": True,
                                "arrowhead": 3, "arrowsize": 1.2, "arrowcolor": colour, "text": "",
                                "arrowwidth": 1 + 5 * min(abs(row["beta"]), 1)})
            edge_x.append((x0 + x1) / 2)
            edge_y.append((y0 + y1) / 2 + 0.16)
            edge_text.append(f"β {row['beta']:+.2f}")
        r_squared = self.result.links.groupby(level="outcome")["r_squared"].first()
        names = list(position)
        node_text = [_label(v, self.labels)[0].replace(" ", "<br>", 1)
                     + (f"<br><sub>R² {r_squared[v]:.2f}</sub>" if v in r_squared else "") for v in names]
        node_colour = [PERFORMANCE_COLOUR if v == self.source.value else
                       ("#f4c7c3" if abs(shift.get(v, 0.0)) >= 0.005 else "#eceff1") for v in names]
        hover = [f"{_label(v, self.labels)[0]}: {signed(shift[v], 2)} SD" if v in shift else _label(v, self.labels)[0]
                 for v in names]
        replace_traces(self.diagram, [
            go.Scatter(x=edge_x, y=edge_y, mode="text", text=edge_text, textfont={"size": 11, "color": NEUTRAL},
                       hoverinfo="skip"),
            go.Scatter(x=[position[v][0] for v in names], y=[position[v][1] for v in names], mode="markers+text",
                       marker={"size": 58, "symbol": "square", "color": node_colour,
                               "line": {"color": PERFORMANCE_COLOUR, "width": 1}},
                       text=node_text, textfont={"size": 10}, hovertext=hover, hoverinfo="text")],
            annotations=annotations, showlegend=False,
            xaxis={"visible": False, "range": [-0.6, max(p[0] for p in position.values()) + 0.6]},
            yaxis={"visible": False, "range": [-1.6, 0.6]})
