"""Tools built when the reader scrolls to them.

A long chapter opens with a dozen tools, most of them below the fold. Each takes tens of milliseconds to build
and a few dozen widgets for the kernel, the server and the browser to exchange, before the page is usable.
:func:`on_demand` shows a placeholder of about the tool's height instead, and builds the tool when the
placeholder comes within reach of the screen, or as soon as a notebook cell uses it: the tool's attributes
are reachable on the placeholder (``tool.result`` builds it and returns the tool's ``result``). The tool reads
the workbook when it is built, so it shows the inputs saved up to then.

A tool on the first screen is wanted at once, but in a pre-heated Voilà kernel it cannot be built before a
reader asks for the page (it would show the inputs of an earlier moment). ``when="reader"`` builds it the
moment the reader arrives (:func:`paynecrm_kernel.workbook.after_reader`), while the browser is still loading
the app, and the rest of the page, computed in advance, is sent at once.
"""
import traceback

from ..workbook import after_reader
from ._base import message_html
from ._figures import ViewportSentinel
from ._lean import HTML, VBox

#: When :func:`on_demand` builds a tool: when it comes into view, or when the page's reader arrives.
WHEN = ("seen", "reader")


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

    def build(self):
        """Build the tool now (once) and put it in place of the placeholder; return the tool.

        Arguments that are themselves tools built on demand are built first, and the tool receives them.
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
        try:
            self.build()
        except Exception as exc:  # noqa: BLE001
            self.children = [HTML(message_html(f"This tool could not be built: {exc}", "error"))]
            traceback.print_exc()

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.build(), name)

    def __repr__(self):
        name = getattr(self._factory, "__name__", "tool")
        return repr(self._tool) if self._tool is not None else f"{name}(built when scrolled into view)"


def _built(arg):
    return arg.build() if isinstance(arg, OnDemand) else arg


def on_demand(factory, *args, height=400, when="seen", **kwargs):
    """Return a placeholder that builds ``factory(*args, **kwargs)`` when it comes into view or is used.

    Parameters
    ----------
    factory : callable
        A tool class (or any function returning a widget).
    *args, **kwargs
        Passed to ``factory``; placeholders among them are built first and passed as their tools.
    height : int
        Height of the placeholder in CSS pixels: about the tool's, so that the page does not jump.
    when : {"seen", "reader"}
        ``"seen"``: build when the placeholder comes near the screen (or is used). ``"reader"``: build as soon
        as the page's reader has arrived, for a tool on the first screen; outside a pre-heated Voilà kernel
        that is at once.

    Examples
    --------
    >>> on_demand(SimpleCLVTool, workbook=wb, height=520)          # doctest: +SKIP
    >>> on_demand(PropositionBuilder, segments, attributes, workbook=wb, when="reader")   # doctest: +SKIP
    """
    if when not in WHEN:
        raise ValueError(f"when={when!r}: choose one of {', '.join(map(repr, WHEN))}.")
    placeholder = OnDemand(factory, args, kwargs, height=height)
    if when == "reader":
        after_reader(placeholder._build_for_page)
    return placeholder
