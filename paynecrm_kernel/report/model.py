"""The report as data: sections of blocks (paragraphs, bullet lists, tables, figures), rendered to HTML and PDF."""
from dataclasses import asdict, dataclass, field

__all__ = ["Block", "Report", "Section"]


@dataclass(frozen=True)
class Block:
    """One element of a section.

    ``kind`` is ``"paragraph"`` (``text``), ``"question"`` (a key question, ``text``), ``"bullets"`` (``items``), ``"table"`` (``header`` and ``rows`` of
    cell texts), ``"figure"`` (``svg`` and ``text`` as its caption) or ``"note"`` (``text``, set apart: for what
    is missing or assumed).
    """

    kind: str
    text: str = ""
    items: tuple = ()
    header: tuple = ()
    rows: tuple = ()
    svg: str = ""


@dataclass(frozen=True)
class Section:
    """A section of the report; ``status`` is ``"complete"``, ``"partial"`` or ``"not started"``."""

    id: str
    title: str
    colour: str
    status: str
    blocks: tuple = field(default_factory=tuple)

    def _repr_html_(self):
        from .render import section_html

        return section_html(self)


@dataclass(frozen=True)
class Report:
    """The CRM strategy report of one workbook.

    Attributes
    ----------
    title, subtitle : str
    sections : tuple of Section
    missing : tuple of str
        What the workbook does not hold yet, or could not be read, in plain words.
    """

    title: str
    subtitle: str
    sections: tuple
    missing: tuple = ()

    def to_dict(self):
        """Plain data (what the PDF template reads)."""
        return asdict(self)

    def section(self, section_id):
        """The section with this id."""
        return next(s for s in self.sections if s.id == section_id)
