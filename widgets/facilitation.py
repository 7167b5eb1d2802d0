"""Facilitator notes in a chapter: a collapsed "For the facilitator" box per major step.

The notes come from :data:`paynecrm_kernel.framework.facilitation.FACILITATOR_NOTES`, so a chapter's cell holds
only the step's key (``facilitator("value.simulator")``). The box is plain HTML (a ``<details>`` element): it
costs the page no widget, opens without the kernel, and reads the same in Voilà, JupyterLab and a static
rendering of the notebook.
"""
import html

from ..framework.facilitation import facilitator_note
from ..theme import LIGHT, MUTED, NEUTRAL, PROCESS_COLOURS, RULE
from ._base import ToolPanel

__all__ = ["FacilitatorBox", "facilitator"]

_PROCESS = {"overview": "strategy", "strategy": "strategy", "value": "value"}


def _inline(text):
    """Markdown of one paragraph as inline HTML (bold, italics, code)."""
    out = ToolPanel._markdown_to_html(text)
    if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        return out[3:-4]
    return out


class FacilitatorBox:
    """One step's facilitator note, shown collapsed (its HTML); its text form lists the same content."""

    def __init__(self, step):
        self.step = step
        self.note = facilitator_note(step)

    def _lines(self):
        note = self.note
        one_day = (f"about {note.one_day_minutes} in a one-day workshop" if note.one_day_minutes
                   else "left out of a one-day workshop")
        executives = ("Skip it, or give its conclusion in a sentence." if note.skip_for_executives
                      else "Run it.")
        return [("Time", f"About {note.minutes} minutes in a two-day workshop; {one_day}."),
                ("With executives", executives), ("Ask the room", note.prompt), ("How to run it", note.run)]

    def _repr_html_(self):
        colour = PROCESS_COLOURS[_PROCESS.get(self.note.chapter, "strategy")]
        rows = "".join(f"<p style='margin:4px 0'><b>{html.escape(label)}.</b> "
                       f"{_inline(text)}</p>" for label, text in self._lines())
        return (f"<details class='pcrm-facilitator' style='border:1px solid {RULE};border-left:4px solid {colour};"
                f"background:{LIGHT};padding:4px 12px;margin:6px 0;font-size:13px;color:{NEUTRAL}'>"
                f"<summary style='cursor:pointer;color:{MUTED}'>For the facilitator: "
                f"{html.escape(self.note.title)} ({self.note.minutes} min)</summary>{rows}</details>")

    def __repr__(self):
        body = "\n".join(f"  {label}: {text}" for label, text in self._lines())
        return f"For the facilitator: {self.note.title} ({self.note.minutes} min)\n{body}"


def facilitator(step):
    """The collapsed facilitator note of ``step`` (e.g. ``"value.simulator"``), to show in a chapter.

    Raises
    ------
    paynecrm_kernel.errors.DataValidationError
        If the register has no such step.
    """
    return FacilitatorBox(step)
