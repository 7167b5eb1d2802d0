"""The sources the workbook cites for Payne & Frow's framework, and how sure each statement is.

Every piece of framework content carries source ids from :data:`SOURCES` and a confidence tag from
:data:`CONFIDENCE`, so the notebooks can cite properly and flag what is not yet confirmed.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One publication the workbook cites.

    Attributes
    ----------
    id : str
        Short id used throughout the content (``"S1"``).
    short : str
        Author-year citation as printed in the text (``"Payne & Frow 2005"``).
    full : str
        Full reference.
    """

    id: str
    short: str
    full: str


SOURCES = {s.id: s for s in [
    Source("S1", "Payne & Frow 2005",
           "Payne, A. & Frow, P. (2005). A strategic framework for customer relationship management. "
           "Journal of Marketing, 69(4), 167–176. doi:10.1509/jmkg.2005.69.4.167"),
    Source("S2", "Payne 2002",
           "Payne, A. (2002). Strategic framework for CRM, reproduced as Fig. 19.5 in M. J. Baker (ed.), "
           "The Marketing Book, ch. 19."),
    Source("S3", "Payne 2005 (Handbook)",
           "Payne, A. (2005). Handbook of CRM: Achieving Excellence in Customer Management. "
           "Oxford: Elsevier Butterworth-Heinemann."),
    Source("S4", "Payne & Frow 2004",
           "Payne, A. & Frow, P. (2004). The role of multichannel integration in customer relationship "
           "management. Industrial Marketing Management, 33, 527–538."),
    Source("S5", "Payne & Frow 2006",
           "Payne, A. & Frow, P. (2006). Customer relationship management: from strategy to implementation. "
           "Journal of Marketing Management, 22(1–2), 135–168. doi:10.1362/026725706776022272"),
    Source("S6", "Frow & Payne 2009",
           "Frow, P. & Payne, A. (2009). Customer relationship management: a strategic perspective. "
           "Journal of Business Market Management, 3, 7–27. doi:10.1007/s12087-008-0035-8"),
    Source("S9", "Buttle 2004",
           "Buttle, F. (2004). Customer Relationship Management: Concepts and Tools. Oxford: "
           "Elsevier Butterworth-Heinemann (the CRM value chain); later version in Buttle, F., Jones, S. & "
           "Stone, M."),
    Source("SSF", "Srivastava, Shervani & Fahey (cited in Payne & Frow 2005)",
           "As cited in Payne & Frow (2005): Srivastava, R. K., Shervani, T. A. & Fahey, L. (1999). Marketing, business processes, and "
           "shareholder value. Journal of Marketing, 63 (special issue), 168–179."),
]}

#: Confidence tags and what they mean to a reader.
CONFIDENCE = {
    "V": "seen in the cited source",
    "S": "readable in an extract of the cited source",
    "C": "checked numerically",
    "R": "from the literature as generally reported, not yet confirmed against the source",
    "D": "the workbook's own convention, not a claim about the literature",
}


def cite(*ids):
    """Return an author-year citation string for source ids, e.g. ``cite("S1", "S3")``.

    Raises
    ------
    KeyError
        If an id is not in :data:`SOURCES`.
    """
    return "; ".join(SOURCES[i].short for i in ids)
