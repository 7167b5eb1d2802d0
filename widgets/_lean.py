"""Widgets that share their default layout and style, so a page carries one model for them instead of one each.

Every ipywidgets control creates a ``Layout`` model (and most a ``Style`` model) of its own, even when it
keeps the defaults; a workbook page of a few hundred controls thus sends, and its browser builds, twice as many
models again. The classes here are the ipywidgets classes of the same name whose *default* layout and style
are shared page-wide; :func:`shared_layout` and :func:`shared_style` give one shared model per distinct set of
settings. Passing ``layout=W.Layout(...)`` or ``style={...}`` still gives a widget its own.

Shared models are frozen: ``html.layout.display = "none"`` on a shared layout would hide every widget sharing
it, so it raises instead. A widget whose layout or style changes gets its own ``layout=W.Layout()`` /
``style={}``.
"""
import ipywidgets as W
import traitlets

_SHARED = {}


def shared_layout(**settings):
    """Return the page-wide ``Layout`` with exactly these ``settings`` (one model for all who ask for it)."""
    return shared_style(W.Layout, **settings)


def shared_style(style_class, **settings):
    """Return the page-wide instance of ``style_class`` (a ``Layout`` or a widget style) with ``settings``."""
    key = (style_class,) + tuple(sorted(settings.items()))
    if key not in _SHARED:
        shared = _frozen_class(style_class)(**settings)
        object.__setattr__(shared, "_frozen", True)
        _SHARED[key] = shared
    return _SHARED[key]


_FROZEN_CLASSES = {}


def _frozen_class(style_class):
    """Subclass of ``style_class`` whose public traits cannot be set once the instance is marked frozen."""
    if style_class not in _FROZEN_CLASSES:
        def __setattr__(self, name, value):
            if getattr(self, "_frozen", False) and not name.startswith("_") and name in self.keys:
                raise AttributeError(
                    f"This {style_class.__name__} is shared by many widgets, so setting {name!r} would change them "
                    f"all; give the widget its own (layout=ipywidgets.Layout(...) or style={{...}}).")
            super(cls, self).__setattr__(name, value)

        cls = type(style_class.__name__, (style_class,), {"__setattr__": __setattr__, "__module__": __name__,
                                                          "__doc__": f"A shared, frozen {style_class.__name__}."})
        _FROZEN_CLASSES[style_class] = cls
    return _FROZEN_CLASSES[style_class]


def layout_settings(layout):
    """The settings of ``layout`` that differ from the defaults, as keyword arguments for ``W.Layout``."""
    return {name: value for name, value in layout.get_state().items()
            if not name.startswith("_") and value is not None}


def _lean(widget_class):
    """Subclass of ``widget_class`` whose default layout and style (if it has one) are shared."""
    namespace = {"__doc__": f"``ipywidgets.{widget_class.__name__}`` with the shared default layout and style.",
                 "__module__": __name__,
                 "_default_layout": traitlets.default("layout")(lambda self: shared_layout())}
    style = widget_class.class_traits().get("style")
    if style is not None:
        style_class = style.klass
        namespace["_default_style"] = traitlets.default("style")(lambda self: shared_style(style_class))
    return type(widget_class.__name__, (widget_class,), namespace)


HTML = _lean(W.HTML)
HTMLMath = _lean(W.HTMLMath)
HBox = _lean(W.HBox)
VBox = _lean(W.VBox)
GridBox = _lean(W.GridBox)
Button = _lean(W.Button)
Checkbox = _lean(W.Checkbox)
Dropdown = _lean(W.Dropdown)
RadioButtons = _lean(W.RadioButtons)
ToggleButtons = _lean(W.ToggleButtons)
IntSlider = _lean(W.IntSlider)
FloatSlider = _lean(W.FloatSlider)
Textarea = _lean(W.Textarea)
Text = _lean(W.Text)
