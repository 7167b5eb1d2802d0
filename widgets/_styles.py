"""The workbook's look in HTML: notes, callouts, headline figures and cards, styled from :mod:`~paynecrm_kernel.theme`.

Tools render much of their output as HTML strings. These helpers build the pieces that recur from tool to tool,
with inline styles taken from the theme, so the same piece looks the same in every tool and renders alike in
Voilà, JupyterLab and a static copy of a notebook (no stylesheet has to be loaded first). A body passed to a
helper is HTML: escape any text that comes from the user or from data before passing it.
"""
import html

from ..theme import BORDER, INK, MESSAGE_COLOURS, MUTED, NEUTRAL

#: Layout settings of a card: a tool-sized box with a thin border (``shared_layout(**CARD)``).
CARD = {"border": f"1px solid {BORDER}", "padding": "10px 14px", "margin": "8px 0"}


def _div(body, style, css_class=None, extra=""):
    cls = f" class='{css_class}'" if css_class else ""
    return f"<div{cls} style='{style}{';' + extra if extra else ''}'>{body}</div>"


def note(body, *, css_class=None, style=""):
    """Secondary text beside a result (12 px, muted): units, sources, what a chart shows.

    Parameters
    ----------
    body : str
        HTML of the note.
    css_class : str, optional
        CSS class of the note (browser tests select by it).
    style : str, optional
        Further declarations for its place on the page, e.g. ``"margin-top:6px"``.
    """
    return _div(body, f"font-size:12px;color:{MUTED}", css_class, style)


def fine_print(body, *, css_class=None, style=""):
    """Fine print under a figure (11 px, muted): the convention behind a value, a log-likelihood.

    Parameters are those of :func:`note`.
    """
    return _div(body, f"font-size:11px;color:{MUTED}", css_class, style)


def help_text(body, *, css_class=None, style=""):
    """An instruction beside inputs (12 px, body text colour): what a scale means, how to pick several.

    Parameters are those of :func:`note`.
    """
    return _div(body, f"font-size:12px;color:{NEUTRAL}", css_class, style)


def caution_note(body, *, css_class=None, style=""):
    """A note to read with care (12 px, in the caution colour): a sample too small, an estimate at its limit.

    Parameters are those of :func:`note`.
    """
    return _div(body, f"font-size:12px;color:{MESSAGE_COLOURS['caution'][1]}", css_class, style)


def status_text(body, kind):
    """Inline text in the colour of a message kind (``"ok"``: done, ``"caution"``: not yet, ``"error"``)."""
    return f"<span style='color:{MESSAGE_COLOURS[kind][1]}'>{body}</span>"


def faded(body):
    """Inline text that says something is absent or secondary (``(channels)``, ``no counterpart``)."""
    return f"<span style='color:{MUTED}'>{body}</span>"


def callout(body, kind="info", *, css_class=None, coloured_text=False):
    """A box with a coloured left border on a tinted background.

    Parameters
    ----------
    body : str
        HTML inside the box.
    kind : str
        A key of :data:`~paynecrm_kernel.theme.MESSAGE_COLOURS`: ``"error"`` (a critique, a failure),
        ``"caution"`` (read with care), ``"info"`` or ``"ok"`` (a model answer, a success).
    css_class : str, optional
        CSS class of the box.
    coloured_text : bool
        Write the text in the border's colour too (short messages); otherwise in the page's text colour.
    """
    background, colour = MESSAGE_COLOURS[kind]
    text = f"color:{colour};" if coloured_text else ""
    return _div(body, f"background:{background};{text}border-left:4px solid {colour};padding:6px 10px;"
                      f"margin:4px 0;border-radius:3px", css_class)


def side_note(text, colour, *, css_class="pcrm-caveat"):
    """A short note beside a result, marked by a thin rule in the process colour (escapes ``text``)."""
    return _div(html.escape(text), f"font-size:12px;color:{MUTED};border-left:3px solid {colour};"
                                   f"padding:2px 8px;margin:6px 0", css_class)


def headline(label, value, note="", *, colour, size=22, max_width=260):
    """A headline figure: its label above, the value large in ``colour``, a note below (all escaped).

    Parameters
    ----------
    label, value, note : str
        Texts of the figure.
    colour : str
        Colour of the value, usually the process colour.
    size : int
        Font size of the value in pixels.
    max_width : int
        Width in pixels at which the note wraps.
    """
    return (f"<div class='pcrm-figure' style='display:inline-block;margin:4px 18px 4px 0;vertical-align:top'>"
            f"<div style='font-size:12px;color:{MUTED}'>{html.escape(label)}</div>"
            f"<div style='font-size:{size}px;font-weight:600;color:{colour}'>{html.escape(value)}</div>"
            f"<div style='font-size:11px;color:{MUTED};max-width:{max_width}px'>{html.escape(note)}</div></div>")


def kicker(text, colour, *, size=11):
    """A small upper-case label above a title, in ``colour`` (the process name above a question)."""
    return (f"<div style='font-size:{size}px;letter-spacing:.06em;text-transform:uppercase;color:{colour}'>"
            f"{text}</div>")


def title(text, *, size=17, colour=INK, weight=600):
    """A title inside a tool or a panel (``text`` is HTML)."""
    return f"<div style='font-size:{size}px;font-weight:{weight};color:{colour}'>{text}</div>"
