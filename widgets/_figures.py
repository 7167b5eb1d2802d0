"""Keep a plotly ``FigureWidget``'s synced state current, so Voilà draws what the kernel last computed.

Since plotly 6, ``FigureWidget`` sends later changes (``batch_update``, ``add_scatter`` ...) as one-off
messages and syncs its full ``_widget_data``/``_widget_layout`` only when the figure itself is displayed.
A figure inside a container is never displayed itself, and Voilà's page fetches the widgets' state only after
the notebook has run, so those messages are lost and the chart comes up empty. :func:`sync_figure` writes the
full state, as plotly does at display time; call it at the end of every update.
"""
from copy import deepcopy


def sync_figure(fig):
    """Copy ``fig``'s current data and layout into its synced widget state; return ``fig``."""
    fig._widget_layout = deepcopy(fig._layout_obj._props)
    fig._widget_data = deepcopy(fig._data)
    return fig
