"""The standard diagnostic and teaching charts of customer-base analysis, as plotly figures in the theme.

Each function returns a ``plotly.graph_objects.Figure`` (wrap it in ``go.FigureWidget`` inside a tool);
titles state the question the chart answers, axes carry their units. Computation lives in
:mod:`.validation` and the model results; these functions only draw.
"""
import numpy as np
import pandas as pd

from .. import theme
from .units import describe_time_unit

_ACTUAL = theme.NEUTRAL
_MODEL = theme.PROCESS_COLOURS["value"]


def _go():
    import plotly.graph_objects as go     # imported on use: the library does not need plotly to load
    return go


def plot_period_transactions(table):
    """Bars of customers by number of repeat purchases, observed against the model (from
    :func:`~.validation.period_transactions_table`)."""
    go = _go()
    labels = list(table.index)
    fig = go.Figure([go.Bar(name="Observed", x=labels, y=table["observed"], marker_color=_ACTUAL),
                     go.Bar(name="Model", x=labels, y=table["expected"].round(1), marker_color=_MODEL)])
    fig.update_layout(**theme.plotly_layout("Does the model reproduce how often customers came back?",
                                            barmode="group"))
    fig.update_xaxes(title_text="Repeat purchases in the calibration period")
    fig.update_yaxes(title_text="Customers")
    return fig


def plot_calibration_holdout(table):
    """Mean holdout purchases by calibration frequency, actual and predicted (from
    :func:`~.validation.calibration_holdout_table`)."""
    go = _go()
    labels = list(table.index.astype(str))
    fig = go.Figure([go.Scatter(name="Actual", x=labels, y=table["actual"], mode="lines+markers",
                                line={"color": _ACTUAL}),
                     go.Scatter(name="Model", x=labels, y=table["predicted"], mode="lines+markers",
                                line={"color": _MODEL, "dash": "dash"})])
    unit = describe_time_unit(table.attrs.get("time_unit"))
    fig.update_layout(**theme.plotly_layout("How well does the model forecast the holdout period?"))
    fig.update_xaxes(title_text="Repeat purchases in the calibration period")
    fig.update_yaxes(title_text=f"Mean repeat purchases in the holdout ({unit})")
    return fig


def frequency_recency_grid(result, kind="probability_alive", T=None, t=1.0, max_frequency=None, n_recency=40):
    """Matrix of P(alive) or expected purchases over frequency (rows) and recency (columns) at age ``T``.

    Parameters
    ----------
    result : fitted BG/NBD-family or Pareto/NBD result.
    kind : {"probability_alive", "expected_purchases"}
    T : float
        Age (time since the first purchase) of the customers shown; default: 52 weeks in the model's unit.
    t : float
        Forecast window for ``expected_purchases``, in the model's unit.
    max_frequency : int, optional
        Largest frequency shown (default 20).
    n_recency : int
        Number of recency columns between 0 and ``T``.

    Returns
    -------
    pandas.DataFrame
        Rows: frequency 0..max_frequency; columns: recency. Cells where the history is impossible
        (frequency 0 with recency > 0) are NaN.
    """
    if kind not in ("probability_alive", "expected_purchases"):
        raise ValueError(f"kind must be 'probability_alive' or 'expected_purchases', got {kind!r}.")
    if T is None:
        T = 52.0 * 7 / {"D": 1, "W": 7, "M": 365.25 / 12}.get(result.time_unit or "W")
    max_frequency = 20 if max_frequency is None else int(max_frequency)
    recency = np.linspace(0.0, float(T), n_recency + 1)
    freq = np.arange(max_frequency + 1, dtype=float)
    ff, rr = np.meshgrid(freq, recency, indexing="ij")
    valid = ~((ff == 0) & (rr > 0))
    grid = pd.DataFrame({"frequency": ff[valid], "recency": np.where(ff[valid] == 0, 0.0, rr[valid]), "T": float(T)})
    values = (result.probability_alive(grid) if kind == "probability_alive"
              else result.expected_purchases(t, grid)).to_numpy()
    cells = np.full(ff.shape, np.nan)
    cells[valid] = values
    return pd.DataFrame(cells, index=pd.Index(freq.astype(int), name="frequency"),
                        columns=pd.Index(np.round(recency, 2), name="recency"))


def plot_frequency_recency(result, kind="probability_alive", T=None, t=1.0, max_frequency=None):
    """Heatmap of :func:`frequency_recency_grid`: which histories signal an active, valuable customer?"""
    go = _go()
    grid = frequency_recency_grid(result, kind=kind, T=T, t=t, max_frequency=max_frequency)
    unit = describe_time_unit(result.time_unit)
    if kind == "probability_alive":
        title, colour_title = "Which customers are probably still active?", "P(alive)"
    else:
        title, colour_title = (f"Who will buy most in the next {t:g} {unit}?", "Expected purchases")
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=grid.columns, y=grid.index, colorscale="Greens",
                               colorbar={"title": {"text": colour_title}},
                               hovertemplate="frequency %{y}<br>recency %{x}<br>%{z:.3f}<extra></extra>"))
    fig.update_layout(**theme.plotly_layout(title))
    fig.update_xaxes(title_text=f"Recency: time of the last repeat purchase ({unit} after the first)")
    fig.update_yaxes(title_text="Frequency: repeat purchases")
    return fig


def plot_tracking(table, cumulative=True, calibration_end=None):
    """Actual versus expected repeat purchases over time (from :func:`~.validation.tracking_table`)."""
    go = _go()
    actual, expected = ("actual_cumulative", "expected_cumulative") if cumulative else ("actual", "expected")
    fig = go.Figure([go.Scatter(name="Actual", x=table["period_start"], y=table[actual], mode="lines",
                                line={"color": _ACTUAL}),
                     go.Scatter(name="Model", x=table["period_start"], y=table[expected].round(2), mode="lines",
                                line={"color": _MODEL, "dash": "dash"})])
    what = "cumulative" if cumulative else "per " + describe_time_unit(table.attrs.get("period"))[:-1]
    fig.update_layout(**theme.plotly_layout(f"Does the model track repeat purchases over time ({what})?"))
    if calibration_end is not None:
        fig.add_vline(x=pd.Timestamp(calibration_end), line={"color": theme.FAINT, "dash": "dot"})
    fig.update_xaxes(title_text="Date")
    fig.update_yaxes(title_text="Repeat purchases" + (" (cumulative)" if cumulative else ""))
    return fig
