"""The five processes of Payne & Frow's (2005) strategic CRM framework and how to look things up in it.

Examples
--------
>>> from paynecrm_kernel.framework import get_element, get_process
>>> get_process("value").key_questions[0].text
'How should we deliver value to our customers?'
>>> get_element("segment_granularity").block
'Customer strategy'
"""
from ..theme import PROCESS_NAMES
from .elements import ELEMENTS
from .model import KeyQuestion as _Q
from .model import Process
from .sources import SOURCES

#: Notebooks in reading order (file names in ``notebooks/``).
NOTEBOOKS = {
    "overview": "00_overview.ipynb",
    "strategy": "01_strategy_development.ipynb",
    "value": "02_value_creation.ipynb",
    "channels": "03_multichannel_integration.ipynb",
    "information": "04_information_management.ipynb",
    "performance": "05_performance_assessment.ipynb",
    "capstone": "06_capstone.ipynb",
}

PROCESSES = {p.key: p for p in [
    Process("strategy", PROCESS_NAMES["strategy"], NOTEBOOKS["strategy"],
            "Looks at business strategy and customer strategy together: the vision and the competitive "
            "setting on one side, which customers to serve and how finely to segment them on the other. "
            "How well the two fit decides much of what CRM can achieve.",
            (_Q("Where are we, and what do we want to achieve in our business?", "R",
                "A close paraphrase of the Handbook's wording."),
             _Q("Which customers do we want, and how should we segment them?", "V")),
            ("Business strategy", "Customer strategy")),
    Process("value", PROCESS_NAMES["value"], NOTEBOOKS["value"],
            "Turns the strategy into programmes that deliver value to customers and extract value for the "
            "firm, managing the exchange, increasingly a co-creation, so as to maximise the lifetime value "
            "of desirable segments.",
            (_Q("How should we deliver value to our customers?", "V"),
             _Q("How should we maximise the lifetime value of the customers we want?", "V")),
            ("Value the customer receives", "Value the organization receives", "Between the two sides")),
    Process("channels", PROCESS_NAMES["channels"], NOTEBOOKS["channels"],
            "Turns the outputs of strategy and value creation into value-adding contacts with customers, "
            "before, during and after the sale. The Handbook calls it pivotal: it chooses the mix of "
            "channels and makes the experience excellent within and across them.",
            (_Q("What are the best ways for us to reach customers, and for them to reach us?", "V"),
             _Q("What would an outstanding customer experience look like, one we can deliver at an "
                "affordable cost?", "V")),
            ("Channel options (physical → virtual)", "Across all channels"),
            ("S1", "S3", "S4")),
    Process("information", PROCESS_NAMES["information"], NOTEBOOKS["information"],
            "Collects customer data from every contact point and combines it into insight and fitting "
            "responses. It runs underneath the other four processes: each of them depends on it.",
            (_Q("How should we organise information about customers?", "V"),
             _Q("How can we \u201creplicate the mind\u201d of customers and use that to improve CRM?", "V")),
            ("Information management",)),
    Process("performance", PROCESS_NAMES["performance"], NOTEBOOKS["performance"],
            "Makes sure the strategic aims of CRM are met to an acceptable standard and lays a base for "
            "improvement, with a dual focus: shareholder results give a macro view of the drivers of CRM "
            "performance, performance monitoring a micro view of its descriptors.",
            (_Q("How can we raise profits and shareholder value?", "V"),
             _Q("How should we set standards, build metrics, measure results and improve performance?", "V")),
            ("Shareholder results", "Performance monitoring")),
]}

#: How the framework was built (Payne & Frow 2005): process-selection criteria, the first four taken from
#: Srivastava, Shervani & Fahey, the last two added by practitioners.
SELECTION_CRITERIA = (
    ("A small set of processes that are critical to success", "SSF"),
    ("Each process contributes to value creation", "SSF"),
    ("Each process is strategic, at the macro level", "SSF"),
    ("The processes are clearly interrelated", "SSF"),
    ("Each process is cross-functional", "practitioners"),
    ("Experienced practitioners find each one logical and useful", "practitioners"),
)

#: The "interaction research" behind the framework (Payne & Frow 2005).
FIELDWORK = (
    ("Expert panel", "34 experienced CRM practitioners from nine countries"),
    ("Vendor interviews", "six executives of large CRM vendors"),
    ("Consultancy interviews", "five executives from three CRM and strategy consultancies"),
    ("Company workshops", "six workshops in each of two companies, in global telecommunications and in "
                          "global logistics"),
    ("Discussions", "individual and group discussions with CRM, marketing and IT executives in financial "
                    "services, and with participants of academic conferences"),
)

_BY_ID = {e.id: e for e in ELEMENTS}


def get_process(key):
    """Return the :class:`Process` for a key such as ``"strategy"``.

    Raises
    ------
    KeyError
        With the valid keys, if ``key`` is unknown.
    """
    try:
        return PROCESSES[key]
    except KeyError:
        raise KeyError(f"Unknown process {key!r}; use one of {', '.join(PROCESSES)}.") from None


def get_element(element_id):
    """Return the :class:`Element` with id ``element_id`` (e.g. ``"segment_granularity"``).

    Raises
    ------
    KeyError
        If no element has that id.
    """
    try:
        return _BY_ID[element_id]
    except KeyError:
        raise KeyError(f"Unknown framework element {element_id!r}.") from None


def elements(process=None, block=None):
    """Return the sub-elements in figure order, optionally those of one process and/or block."""
    if process is not None:
        get_process(process)
    return tuple(e for e in ELEMENTS
                 if (process is None or e.process == process) and (block is None or e.block == block))


def format_variant(label):
    """Quote a figure label, leaving a trailing remark in brackets (or a remark alone) unquoted."""
    if label.startswith("("):
        return label[1:-1]
    text, _, remark = label.partition(" (")
    return f"\u201c{text}\u201d" + (f" ({remark}" if remark else "")


def label_footnotes():
    """Return the label-version footnotes of the map: one ``(element_id, text)`` per element whose label
    differs between the versions of the figure."""
    notes = []
    for e in ELEMENTS:
        if not e.variants:
            continue
        parts = [f"{SOURCES[s].short}: {format_variant(label)}" for s, label in e.variants.items()]
        notes.append((e.id, f"{e.label}. " + "; ".join(parts) + "."))
    return tuple(notes)
