"""Small helpers shared by the value-creation tools: themed figures, tables and warnings as messages."""
import warnings

import plotly.graph_objects as go

from ..errors import PayneCRMWarning
from ..theme import PROCESS_COLOURS, plotly_layout
from ._figures import Chart, sync_figure
from ._lean import layout_settings, shared_layout
from ._styles import headline

VALUE_COLOUR = PROCESS_COLOURS["value"]


def themed_figure(title=None, height=320, **layout):
    """An empty :class:`~._figures.Chart` in the workbook theme."""
    return sync_figure(Chart(go.Figure(layout=plotly_layout(title, height=height, **layout))))


def replace_traces(fig, traces, **layout):
    """Swap all traces of ``fig`` for ``traces`` and update its layout, in one batch."""
    with fig.batch_update():
        fig.data = ()
        for trace in traces:
            fig.add_trace(trace)
        if layout:
            fig.update_layout(**layout)
    sync_figure(fig)


def big_number(label, value, note=""):
    """A headline figure with its label and a note (e.g. the CLV convention)."""
    return headline(label, value, note, colour=VALUE_COLOUR, size=24)


def run_quietly(panel, function, *args, **kwargs):
    """Call ``function``; library warnings become an info message in ``panel`` instead of stderr output."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PayneCRMWarning)
        result = function(*args, **kwargs)
    notes = [str(w.message) for w in caught if issubclass(w.category, PayneCRMWarning)]
    if notes:
        panel.show_message(notes[0], kind="info")
    return result


def full_width(*widgets):
    """Let sliders and boxes fill the input column, so their tracks are long enough to use."""
    for widget in widgets:
        widget.layout = shared_layout(**{**layout_settings(widget.layout), "width": "100%"})
    return widgets
