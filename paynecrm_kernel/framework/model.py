"""Data types of the framework content: processes, the blocks of the figure, and their sub-elements."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Element:
    """One sub-element of Payne & Frow's framework figure (for example "Segment granularity").

    Attributes
    ----------
    id : str
        Stable identifier, used in workbook keys and CSS classes (``"segment_granularity"``).
    label : str
        The label the workbook's map shows.
    process : str
        Key of the process it belongs to (``"strategy"``, ``"value"``, ``"channels"``, ``"information"``,
        ``"performance"``).
    block : str
        The block of the figure that holds it (``"Customer strategy"``).
    explanation : str
        What it means, paraphrased from the sources.
    questions : tuple of str
        Questions a team should ask about it (prompts written for the workbook).
    sources : tuple of str
        Source ids (see :data:`paynecrm_kernel.framework.sources.SOURCES`).
    confidence : str
        Confidence tag of the explanation (``"V"``, ``"S"``, ``"R"`` ...).
    variants : dict
        Label used by each version of the figure, keyed by source id, when the versions differ.
    note : str
        A caveat shown with the element ("" when none).
    """

    id: str
    label: str
    process: str
    block: str
    explanation: str
    questions: tuple
    sources: tuple
    confidence: str = "S"
    variants: dict = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class KeyQuestion:
    """One of the two key questions the Handbook gives for each process."""

    text: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class Process:
    """One of the five cross-functional processes.

    Attributes
    ----------
    key : str
        Key shared with :data:`paynecrm_kernel.theme.PROCESS_COLOURS`.
    name : str
        Display name.
    notebook : str
        File name of the notebook that teaches it.
    summary : str
        What the process is for, in two or three sentences.
    key_questions : tuple of KeyQuestion
        The two key questions (Payne 2005, Handbook, p. 32).
    blocks : tuple of str
        Blocks of the figure in drawing order.
    """

    key: str
    name: str
    notebook: str
    summary: str
    key_questions: tuple
    blocks: tuple
    sources: tuple = ("S1", "S3")
