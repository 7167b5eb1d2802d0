"""Widgets that share their default layout and style, so a page carries one model for them instead of one each.

Every ipywidgets control creates a ``Layout`` model (and most a ``Style`` model) of its own, even when it
keeps the defaults; a workbook page of a few hundred controls thus sends, and its browser builds, twice as many
models again. The classes here are the ipywidgets classes of the same name whose *default* layout and style
are shared page-wide. Passing ``layout=`` or ``style=`` still gives a widget its own.

Never change a shared layout or style in place (``html.layout.display = "none"`` would hide every widget
sharing it): give a widget whose layout changes its own ``layout=W.Layout()``.
"""
import ipywidgets as W
import traitlets
from ipywidgets.widgets.widget_string import HTMLStyle

_SHARED = {}


def _shared(kind):
    if kind not in _SHARED:
        _SHARED[kind] = {"layout": W.Layout, "html_style": HTMLStyle}[kind]()
    return _SHARED[kind]


def shared_layout(**settings):
    """Return the page-wide ``Layout`` with exactly these ``settings`` (one model for all who ask for it)."""
    key = ("layout",) + tuple(sorted(settings.items()))
    if key not in _SHARED:
        _SHARED[key] = W.Layout(**settings)
    return _SHARED[key]


def layout_settings(layout):
    """The settings of ``layout`` that differ from the defaults, as keyword arguments for ``W.Layout``."""
    return {name: value for name, value in layout.get_state().items()
            if not name.startswith("_") and value is not None}


class HTML(W.HTML):
    """``ipywidgets.HTML`` with the shared default layout and style."""

    @traitlets.default("layout")
    def _default_layout(self):
        return _shared("layout")

    @traitlets.default("style")
    def _default_style(self):
        return _shared("html_style")


class HBox(W.HBox):
    """``ipywidgets.HBox`` with the shared default layout."""

    @traitlets.default("layout")
    def _default_layout(self):
        return _shared("layout")


class VBox(W.VBox):
    """``ipywidgets.VBox`` with the shared default layout."""

    @traitlets.default("layout")
    def _default_layout(self):
        return _shared("layout")
