"""Small pieces shared by the multichannel-integration tools: headline figures, notes and a table in the
process colour."""
import html

from ..theme import MUTED, PROCESS_COLOURS
from ._tables import html_table

CHANNELS_COLOUR = PROCESS_COLOURS["channels"]
#: Caveat shown wherever multichannel customers' value is discussed.
ASSOCIATION_NOTE = ("Multichannel customers buy more, but that is an association, not proof that moving a customer "
                    "to more (or other) channels would make them buy more.")


def headline(label, value, note=""):
    """A headline figure with its label and a note, in the process colour."""
    return (f"<div class='pcrm-figure' style='display:inline-block;margin:4px 18px 4px 0;vertical-align:top'>"
            f"<div style='font-size:12px;color:{MUTED}'>{html.escape(label)}</div>"
            f"<div style='font-size:22px;font-weight:600;color:{CHANNELS_COLOUR}'>{html.escape(value)}</div>"
            f"<div style='font-size:11px;color:{MUTED};max-width:260px'>{html.escape(note)}</div></div>")


def note(text):
    """A short note beside a result."""
    return (f"<div class='pcrm-caveat' style='font-size:12px;color:{MUTED};border-left:3px solid "
            f"{CHANNELS_COLOUR};padding:2px 8px;margin:6px 0'>{html.escape(text)}</div>")


def manager_table(frame, css_class):
    """A manager table (text cells from :mod:`paynecrm_kernel.channels.summaries`) in the process colour."""
    return html_table(frame, css_class=css_class, process="channels")


def label_options(keys, labels):
    """Dropdown options ``(display name, key)`` for channel or segment keys."""
    return [(labels.get(k, str(k)), k) for k in keys]
