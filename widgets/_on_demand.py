"""Tools built when the reader scrolls to them.

A long chapter opens with a dozen tools, most of them below the fold. Each takes tens of milliseconds to build
and a few dozen widgets for the kernel, the server and the browser to exchange, before the page is usable.
:func:`on_demand` shows a placeholder of about the tool's height instead, and builds the tool when the
placeholder comes within reach of the screen, or as soon as a notebook cell uses it: the tool's attributes
are reachable on the placeholder (``tool.result`` builds it and returns the tool's ``result``). The tool reads
the workbook when it is built, so it shows the inputs saved up to then.
"""
import traceback

from ._base import message_html
from ._figures import ViewportSentinel
from ._lean import HTML, VBox


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
        """Build the tool now (once) and put it in place of the placeholder; return the tool."""
        if self._tool is None:
            self._tool = self._factory(*self._args, **self._kwargs)
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


def on_demand(factory, *args, height=400, **kwargs):
    """Return a placeholder that builds ``factory(*args, **kwargs)`` when it comes into view or is used.

    Parameters
    ----------
    factory : callable
        A tool class (or any function returning a widget).
    *args, **kwargs
        Passed to ``factory``.
    height : int
        Height of the placeholder in CSS pixels: about the tool's, so that the page does not jump.

    Examples
    --------
    >>> on_demand(SimpleCLVTool, workbook=wb, height=520)          # doctest: +SKIP
    """
    return OnDemand(factory, args, kwargs, height=height)
