"""The frame every workbook tool shares: a question, inputs beside the result, a message line, the maths.

A tool subclasses :class:`ToolPanel`, builds its input and result widgets, binds the inputs that must survive a
reload with :meth:`ToolPanel.bound`, and implements ``_refresh`` (library calls and rendering only).
"""
import html

import ipywidgets as W
import traitlets

from ..theme import BORDER, LIGHT, PROCESS_COLOURS, PROCESS_NAMES
from ._lean import GridBox, HTML, HTMLMath, VBox, shared_layout
from ._on_demand import Lazy
from ._styles import callout, kicker, title



def message_html(text, kind="info"):
    """Return a short coloured message box as HTML (``kind`` is ``"error"``, ``"info"`` or ``"ok"``)."""
    return callout(html.escape(text), kind, coloured_text=True)


class ToolPanel(Lazy, W.VBox):
    """Base class of the workbook's interactive tools.

    Parameters
    ----------
    question : str
        The one question the tool answers, shown at its top in the process colour.
    process : str
        Key of :data:`paynecrm_kernel.theme.PROCESS_COLOURS` (``"strategy"``, ``"value"`` ...).
    workbook : paynecrm_kernel.workbook.Workbook, optional
        Where inputs are saved; ``None`` keeps them in memory only.
    key : str, optional
        Prefix of this tool's workbook keys, e.g. ``"strategy.rfm"``.
    css_class : str, optional
        CSS class added to the tool (browser tests select tools by it).
    explanation : str, optional
        Markdown (with ``$...$`` mathematics) behind the "How is this computed?" toggle.
    """

    question = traitlets.Unicode(read_only=True).tag(sync=False)
    #: Text of the last message shown in the tool ("" when none); handy for headless tests.
    message = traitlets.Unicode("")
    #: Kind of the last message: "error", "info" or "ok".
    message_kind = traitlets.Unicode("")
    #: Whether the last save of an input failed (its message stays until a save succeeds).
    save_failed = traitlets.Bool(False)

    def __init__(self, question, process, *, workbook=None, key=None, css_class=None, explanation=None, **kwargs):
        super().__init__(**kwargs)
        self.set_trait("question", question)
        self.process = process
        self.workbook = workbook
        self.key = key
        self._colour = PROCESS_COLOURS[process]
        self._title = HTML(
            f"<div class='pcrm-question' style='border-left:6px solid {self._colour};padding:2px 10px;"
            f"margin:6px 0'>{kicker(html.escape(PROCESS_NAMES[process]), self._colour)}"
            f"{title(html.escape(question))}</div>")
        self._message = None            # created by the first message: most tools never show one
        self._inputs = VBox(layout=shared_layout(width="100%", padding="0 12px 0 0"))
        self._result = VBox(layout=shared_layout(width="100%", overflow="auto"))
        body = GridBox([self._inputs, self._result], layout=shared_layout(
            grid_template_columns="minmax(260px, 1fr) 2.4fr", grid_gap="12px", width="100%"))
        children = [self._title, body]
        if explanation:
            children.append(self._create_explanation(explanation))
        self.children = children
        self.add_class("pcrm-tool")
        if css_class:
            self.add_class(css_class)

    def __repr__(self):
        # ipywidgets' own repr spells out every child, recursively: long to build and useless to read
        return f"{type(self).__name__}(key={self.key!r})"

    # -- layout ----------------------------------------------------------------------------------------
    def _create_explanation(self, explanation):
        # a native <details> element: one widget instead of an accordion and its body
        box = HTMLMath(
            f"<details><summary style='cursor:pointer;font-weight:600;padding:6px 10px;background:{LIGHT};"
            f"border:1px solid {BORDER};border-radius:4px'>How is this computed?</summary>"
            f"<div style='padding:4px 12px'>{self._markdown_to_html(explanation)}</div></details>",
            layout=shared_layout(width="100%"))
        box.add_class("pcrm-explanation")
        return box

    @staticmethod
    def _markdown_to_html(text):
        """Render a small subset of Markdown (paragraphs, lists, bold, italics, code) for explanations; ``$...$``
        mathematics is left for the HTMLMath widget to typeset."""
        import re

        blocks = []
        for block in text.strip().split("\n\n"):
            lines = block.strip().splitlines()
            if all(line.lstrip().startswith(("- ", "* ")) for line in lines):
                items = "".join(f"<li>{line.lstrip()[2:]}</li>" for line in lines)
                blocks.append(f"<ul>{items}</ul>")
            else:
                blocks.append(f"<p>{' '.join(lines)}</p>")
        out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", "".join(blocks))
        out = re.sub(r"(?<![\w*])\*(?!\s)([^*$]+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", out)
        return re.sub(r"`([^`]+)`", r"<code>\1</code>", out)

    def set_panels(self, inputs=(), result=()):
        """Place the input widgets on the left and the result widgets on the right."""
        self._inputs.children = tuple(inputs)
        self._result.children = tuple(result)

    # -- persistence -----------------------------------------------------------------------------------
    def _full_key(self, name):
        return f"{self.key}.{name}" if self.key else name

    def load(self, name, default=None):
        """Return the value saved under this tool's ``name``, or ``default``."""
        if self.workbook is None or self.key is None:
            return default
        return self.workbook.get(self._full_key(name), default)

    def save(self, name, value):
        """Save ``value`` under this tool's ``name`` (no-op without a workbook).

        A failed save is shown in the tool and stays shown (a refresh does not clear it) until a later save
        succeeds; the input stays on the page, so nothing typed is lost.
        """
        if self.workbook is None or self.key is None:
            return
        try:
            self.workbook.set(self._full_key(name), value)
        except Exception as exc:  # noqa: BLE001 - the tool keeps working; the user is told the input is not saved
            self.save_failed = True
            self.show_message(f"Not saved: {exc} Your input is kept on this page; it is saved with your next "
                              "change once the problem is fixed.", kind="error")
        else:
            if getattr(self.workbook, "was_reset", False):
                self.show_message(f"The workbook file {self.workbook.path.name} was deleted while this page was "
                                  "open and started again empty: inputs saved before are gone; this input and "
                                  "the next are saved.", kind="info")
                self.save_failed = False
            elif self.save_failed:
                self.save_failed = False
                self.show_message("Saved.", kind="ok")

    def bound(self, widget, name, refresh=True, trait="value"):
        """Restore ``widget``'s value from the workbook, save it on every change, optionally refresh.

        Returns the widget, so that ``self.bins = self.bound(W.IntSlider(...), "bins")`` reads naturally.
        """
        saved = self.load(name)
        if saved is not None:
            try:
                setattr(widget, trait, tuple(saved) if isinstance(getattr(widget, trait), tuple) else saved)
            except (traitlets.TraitError, ValueError):
                pass  # a saved value the widget no longer accepts (e.g. an option that was removed)

        def on_change(change):
            value = change["new"]
            self.save(name, list(value) if isinstance(value, tuple) else value)
            if refresh:
                self.refresh()

        widget.observe(on_change, names=trait)
        return widget

    # -- rendering -------------------------------------------------------------------------------------
    def refresh(self):
        """Recompute and redraw; an error becomes a short message in the tool instead of a traceback."""
        try:
            self._refresh()
        except Exception as exc:  # noqa: BLE001 - every failure must reach the user as a message
            self.show_message(str(exc) or type(exc).__name__, kind="error")
        else:
            if self.message_kind == "error" and not self.save_failed:
                self.clear_message()

    def _refresh(self):
        """Compute with the library and render the result; subclasses implement it."""

    def show_message(self, text, kind="info"):
        """Show a short message in the tool (``kind``: ``"error"``, ``"info"`` or ``"ok"``)."""
        self.message, self.message_kind = text, kind
        if self._message is None:
            self._message = HTML(layout=shared_layout(width="100%"))
            children = list(self.children)
            children.insert(2, self._message)                     # below the inputs and results
            self.children = children
        self._message.value = message_html(text, kind)

    def clear_message(self):
        """Remove the message line."""
        self.message, self.message_kind = "", ""
        if self._message is not None:
            self._message.value = ""
