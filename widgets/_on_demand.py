"""Tools built when the reader scrolls to them: ``Tool.lazy(...)``.

A long chapter opens with a dozen tools, most of them below the fold. Each takes tens of milliseconds to build
and a few dozen widgets for the kernel, the server and the browser to exchange, before the page is usable.
``Tool.lazy(*args, **kwargs)`` (every tool has it, see :class:`Lazy`) shows a placeholder of the tool's own
height instead and builds the tool when the placeholder comes within reach of the screen, or when a cell asks
for it (:attr:`OnDemand.tool`). The tool reads the workbook when it is built, so it shows the inputs saved up
to then.

The first tool of a page is on the first screen and wanted at once; but in a pre-heated Voilà kernel it cannot
be built before a reader asks for the page (it would show the inputs of an earlier moment). So the first
placeholder a kernel makes is built the moment the reader arrives (:func:`after_reader`), while the browser is
still loading the app; the others when they are seen. Outside a pre-heated kernel "the reader arrives" at once.
"""
import itertools
import traceback

from ._figures import ViewportSentinel
from ._lean import HTML, VBox
from ._preheat import after_reader

#: When :func:`on_demand` builds a tool: when it comes into view, or when the page's reader arrives.
WHEN = ("seen", "reader")
_PLACEHOLDERS = itertools.count()


class OnDemand(VBox):
    """Placeholder for a tool built on first view or first use (see :func:`on_demand`)."""

    def __init__(self, factory, args=(), kwargs=None, height=400):
        super().__init__()
        self.add_class("pcrm-on-demand")
        self._factory, self._args, self._kwargs = factory, tuple(args), dict(kwargs or {})
        self._tool = None
        self._sentinel = ViewportSentinel(height=int(height))
        self._sentinel.observe(lambda _change: self._build_for_page(), names="seen")
        self.children = [self._sentinel]

    @property
    def built(self):
        """Whether the tool has been built."""
        return self._tool is not None

    @property
    def tool(self):
        """The tool, built now if it was not yet."""
        return self.build()

    def build(self):
        """Build the tool now (once) and put it in place of the placeholder; return the tool.

        Arguments that are themselves placeholders are built first, and the tool receives their tools.
        """
        if self._tool is None:
            args = [_built(arg) for arg in self._args]
            kwargs = {name: _built(arg) for name, arg in self._kwargs.items()}
            self._tool = self._factory(*args, **kwargs)
            self.children = [self._tool]
            self.add_class("pcrm-on-demand-built")
        return self._tool

    def _build_for_page(self):
        # called from a message of the page: a failure must reach the reader, not the kernel's log
        from ._base import message_html

        try:
            self.build()
        except Exception as exc:  # noqa: BLE001
            self.children = [HTML(message_html(f"This tool could not be built: {exc}", "error"))]
            traceback.print_exc()

    def __repr__(self):
        name = getattr(self._factory, "__name__", "tool")
        return repr(self._tool) if self._tool is not None else f"{name}(built when scrolled into view)"


def _built(arg):
    return arg.build() if isinstance(arg, OnDemand) else arg


def on_demand(factory, *args, height=400, when=None, **kwargs):
    """Return a placeholder that builds ``factory(*args, **kwargs)`` when it comes into view or is used.

    Tools call it through ``Tool.lazy(...)``, which passes their own height; call it directly for other
    widgets.

    Parameters
    ----------
    factory : callable
        A tool class (or any function returning a widget).
    *args, **kwargs
        Passed to ``factory``; placeholders among them are built first and passed as their tools.
    height : int
        Height of the placeholder in CSS pixels: about the tool's, so that the page does not jump.
    when : {None, "seen", "reader"}
        ``"seen"``: build when the placeholder comes near the screen (or is used). ``"reader"``: build as soon
        as the page's reader has arrived. ``None`` (default): ``"reader"`` for the first placeholder of the
        kernel (the page's first screen), ``"seen"`` for the others.
    """
    first = next(_PLACEHOLDERS) == 0
    when = ("reader" if first else "seen") if when is None else when
    if when not in WHEN:
        raise ValueError(f"when={when!r}: choose one of {', '.join(map(repr, WHEN))}.")
    placeholder = OnDemand(factory, args, kwargs, height=height)
    if when == "reader":
        after_reader(placeholder._build_for_page)
    return placeholder


class Lazy:
    """Mixin giving a tool ``Tool.lazy(...)``: the tool as a placeholder of its own height, built when seen."""

    #: Height of the tool on the page, in CSS pixels (about; the placeholder keeps the page from jumping).
    placeholder_height = 400

    @classmethod
    def estimated_height(cls, *args, **kwargs):
        """Height of the tool these arguments would build; by default :attr:`placeholder_height`."""
        return cls.placeholder_height

    @classmethod
    def lazy(cls, *args, **kwargs):
        """Return ``cls(*args, **kwargs)`` as a placeholder built when it comes into view (see :func:`on_demand`)."""
        return on_demand(cls, *args, height=cls.estimated_height(*args, **kwargs), **kwargs)
