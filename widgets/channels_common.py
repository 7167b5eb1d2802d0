"""Small pieces shared by the multichannel-integration tools: headline figures, notes and a table in the
process colour."""
from ..theme import PROCESS_COLOURS
from ._styles import headline as _headline, side_note
from ._tables import html_table

CHANNELS_COLOUR = PROCESS_COLOURS["channels"]
#: Caveat shown wherever multichannel customers' value is discussed.
ASSOCIATION_NOTE = ("Multichannel customers buy more, but that is an association, not proof that moving a customer "
                    "to more (or other) channels would make them buy more.")


def headline(label, value, note=""):
    """A headline figure with its label and a note, in the process colour."""
    return _headline(label, value, note, colour=CHANNELS_COLOUR)


def note(text):
    """A short note beside a result."""
    return side_note(text, CHANNELS_COLOUR)


def manager_table(frame, css_class):
    """A manager table (text cells from :mod:`paynecrm_kernel.channels.summaries`) in the process colour."""
    return html_table(frame, css_class=css_class, process="channels")


def label_options(keys, labels):
    """Dropdown options ``(display name, key)`` for channel or segment keys."""
    return [(labels.get(k, str(k)), k) for k in keys]
