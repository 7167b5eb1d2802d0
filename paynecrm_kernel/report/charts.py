"""Static charts for the report: SVG drawn with matplotlib, byte-identical for the same data."""
import io

from ..theme import NEUTRAL

__all__ = ["bar_chart"]


def bar_chart(labels, values, *, colour, value_label, percent=False):
    """A horizontal bar chart as an SVG string.

    Parameters
    ----------
    labels : sequence of str
    values : sequence of float
    colour : str
        The bars' colour (the process colour).
    value_label : str
        Title of the value axis, with its unit.
    percent : bool
        Whether values are shares (0-1) shown as percentages.
    """
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"svg.hashsalt": "paynecrm-report", "svg.fonttype": "path",
                                "font.family": "sans-serif", "font.size": 9, "text.color": NEUTRAL,
                                "axes.labelcolor": NEUTRAL, "xtick.color": NEUTRAL, "ytick.color": NEUTRAL}):
        figure = Figure(figsize=(6.0, 0.3 * len(labels) + 0.9))
        axes = figure.add_subplot()
        positions = range(len(labels))
        axes.barh(list(positions), list(values), color=colour)
        axes.set_yticks(list(positions), [str(label) for label in labels])
        axes.invert_yaxis()
        axes.set_xlabel(value_label)
        axes.spines[["top", "right"]].set_visible(False)
        if percent:
            axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        else:
            axes.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = out.getvalue()
    return svg[svg.index("<svg"):]              # no XML prologue: the SVG is embedded in a page


