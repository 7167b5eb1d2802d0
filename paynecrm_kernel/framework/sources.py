"""The register of every work the workbook cites, and how sure each statement about it is.

Every piece of framework content carries source ids from :data:`SOURCES` and a confidence tag from
:data:`CONFIDENCE`. The chapters print their references from this register (:func:`reference_list`), so a
citation in the text always has its full reference. Notes on how a reference was checked live here, in
``Source.note``, not in what a student reads.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One publication the workbook cites.

    Attributes
    ----------
    id : str
        Short id used throughout the content (``"S1"``, ``"PORTER1979"``).
    short : str
        Author-year citation as printed in the text (``"Payne & Frow 2005"``).
    full : str
        Full reference (Markdown: the title of a book or journal in ``*...*``).
    note : str
        How the workbook uses or checked the source (kept in the register, not shown in the chapters).
    """

    id: str
    short: str
    full: str
    note: str = ""


_S = Source

SOURCES = {s.id: s for s in [
    # Payne & Frow's framework
    _S("S1", "Payne & Frow 2005",
       "Payne, A. & Frow, P. (2005). A strategic framework for customer relationship management. *Journal of "
       "Marketing*, 69(4), 167–176. doi:10.1509/jmkg.2005.69.4.167"),
    _S("S2", "Payne 2002",
       "Payne, A. (2002). A strategic framework for CRM. Cranfield School of Management working paper. Its figure "
       "is reproduced as Fig. 19.5 in Christopher, M. & Payne, A. (2003). Integrating customer relationship "
       "management and supply chain management. In M. J. Baker (ed.), *The Marketing Book*, 5th edn, ch. 19. "
       "Oxford: Butterworth-Heinemann.",
       "The chapter's authors, its title, the edition and its year are checked against the book's title and "
       "copyright pages and the chapter's opening page; the working paper is as the chapter's reference list "
       "gives it. Pages are not given: the chapter's page range was not seen."),
    _S("S3", "Payne 2005",
       "Payne, A. (2005). *Handbook of CRM: Achieving Excellence in Customer Management*. Oxford: Elsevier "
       "Butterworth-Heinemann.",
       "Chapters 4 and 6 and pp. 32 and 84 seen in excerpts; the first key question of strategy development is "
       "cut off there and follows a Handbook-based lecture deck; the maturity stages and barriers follow a "
       "student deck summarising the Handbook (medium confidence)."),
    _S("S4", "Payne & Frow 2004",
       "Payne, A. & Frow, P. (2004). The role of multichannel integration in customer relationship management. "
       "*Industrial Marketing Management*, 33(6), 527–538."),
    _S("S5", "Payne & Frow 2006",
       "Payne, A. & Frow, P. (2006). Customer relationship management: from strategy to implementation. *Journal "
       "of Marketing Management*, 22(1–2), 135–168. doi:10.1362/026725706776022272",
       "The count of four implementation components is in the abstract; their names follow secondary summaries."),
    _S("S6", "Frow & Payne 2009",
       "Frow, P. & Payne, A. (2009). Customer relationship management: a strategic perspective. *Journal of "
       "Business Market Management*, 3, 7–27. doi:10.1007/s12087-008-0035-8"),
    _S("S9", "Buttle 2004",
       "Buttle, F. (2004). *Customer Relationship Management: Concepts and Tools*. Oxford: Elsevier "
       "Butterworth-Heinemann (the CRM value chain; a later version in Buttle, F., Jones, S. & Stone, M.)."),
    _S("SSF", "Srivastava, Shervani & Fahey 1999",
       "Srivastava, R. K., Shervani, T. A. & Fahey, L. (1999). Marketing, business processes, and shareholder "
       "value: an organizationally embedded view of marketing activities and the discipline of marketing. "
       "*Journal of Marketing*, 63 (special issue), 168–179.", "As cited in Payne & Frow (2005)."),
    # strategy development
    _S("PORTER1979", "Porter 1979",
       "Porter, M. E. (1979). How competitive forces shape strategy. *Harvard Business Review*, 57(2), 137–145."),
    _S("PORTER2008", "Porter 2008",
       "Porter, M. E. (2008). The five competitive forces that shape strategy. *Harvard Business Review*, 86(1), "
       "78–93."),
    _S("CHRISTENSEN1997", "Christensen 1997",
       "Christensen, C. M. (1997). *The Innovator's Dilemma: When New Technologies Cause Great Firms to Fail*. "
       "Boston: Harvard Business School Press.", "Payne & Frow cite Christensen; this is the workbook's choice of "
       "work."),
    _S("SLATER2001", "Slater & Olson 2001",
       "Slater, S. F. & Olson, E. M. (2001). Marketing's contribution to the implementation of business strategy: "
       "an empirical analysis. *Strategic Management Journal*, 22(11), 1055–1067.",
       "Payne & Frow cite Slater & Olson; the year was not legible in the copy of the article used."),
    _S("CPB1991", "Christopher, Payne & Ballantyne 1991",
       "Christopher, M., Payne, A. & Ballantyne, D. (1991). *Relationship Marketing: Bringing Quality, Customer "
       "Service and Marketing Together*. Oxford: Butterworth-Heinemann."),
    _S("PBC2005", "Payne, Ballantyne & Christopher 2005",
       "Payne, A., Ballantyne, D. & Christopher, M. (2005). A stakeholder approach to relationship marketing "
       "strategy: the development and use of the “six markets” model. *European Journal of Marketing*, 39(7/8), "
       "855–871.", "The source of the labels (alliance, employee) and of the network diagram the tool uses."),
    _S("HUGHES", "Hughes, Strategic Database Marketing",
       "Hughes, A. M. *Strategic Database Marketing: The Masterplan for Starting and Managing a Profitable, "
       "Customer-Based Marketing Program*, 4th edn. New York: McGraw-Hill.",
       "The advice on cell sizes (about 1,000 customers per RFM cell, so about 20 cells for a file of 20,000) is "
       "read in the 4th edition. The first edition is often cited as 1994 (Probus, Chicago); that date and "
       "publisher, and the 4th edition's year, were not checked, so the citation gives none."),
    _S("ZRL2001", "Zeithaml, Rust & Lemon 2001",
       "Zeithaml, V. A., Rust, R. T. & Lemon, K. N. (2001). The customer pyramid: creating and serving profitable "
       "customers. *California Management Review*, 43(4), 118–142."),
    _S("EPSTEIN", "Epstein 2007",
       "Epstein, M. J. et al. (2007). *Customer Profitability Analysis*. Management Accounting Guideline, CMA "
       "Canada, AICPA and CIMA.", "Cost to serve and the whale curve."),
    # value creation
    _S("LANNING1988", "Lanning & Michaels 1988",
       "Lanning, M. J. & Michaels, E. G. (1988). A business is a value delivery system. McKinsey staff paper "
       "no. 41.", "Payne & Frow cite Lanning & Michaels; this is the workbook's choice of work."),
    _S("VARGO2004", "Vargo & Lusch 2004",
       "Vargo, S. L. & Lusch, R. F. (2004). Evolving to a new dominant logic for marketing. *Journal of "
       "Marketing*, 68(1), 1–17."),
    _S("PRAHALAD2004", "Prahalad & Ramaswamy 2004",
       "Prahalad, C. K. & Ramaswamy, V. (2004). Co-creation experiences: the next practice in value creation. "
       "*Journal of Interactive Marketing*, 18(3), 5–14.", "The workbook's choice among their works."),
    _S("BENDAPUDI2003", "Bendapudi & Leone 2003",
       "Bendapudi, N. & Leone, R. P. (2003). Psychological implications of customer participation in "
       "co-production. *Journal of Marketing*, 67(1), 14–28."),
    _S("GREEN1990", "Green & Srinivasan 1990",
       "Green, P. E. & Srinivasan, V. (1990). Conjoint analysis in marketing: new developments with implications "
       "for research and practice. *Journal of Marketing*, 54(4), 3–19.",
       "A review of the method; first-level-as-reference dummy coding with OLS is the convention of Sawtooth "
       "Software's CVA."),
    _S("RS1990", "Reichheld & Sasser 1990",
       "Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services. *Harvard Business "
       "Review*, 68(5), 105–111.", "The article's examples are confirmed; the “25 % to 85 %” range rests on "
       "secondary sources only and is not quoted."),
    _S("SHARP", "Sharp 2005",
       "Sharp, B. (2005). A 5 % drop in defection does not lead to 80 % more profits; and Loyalty myths. "
       "Ehrenberg-Bass Institute, marketingscience.info."),
    _S("RUST1993", "Rust & Zahorik 1993",
       "Rust, R. T. & Zahorik, A. J. (1993). Customer satisfaction, customer retention, and market share. "
       "*Journal of Retailing*, 69(2), 193–215."),
    _S("FH2007", "Fader & Hardie 2007",
       "Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of Interactive "
       "Marketing*, 21(1), 76–90."),
    _S("FH2012", "Fader & Hardie 2012",
       "Fader, P. S. & Hardie, B. G. S. (2012). Reconciling and clarifying CLV formulas. Note 024, "
       "brucehardie.com."),
    _S("FH2014", "Fader & Hardie 2014",
       "Fader, P. S. & Hardie, B. G. S. (2014). What's wrong with this CLV formula? Note 033, brucehardie.com."),
    _S("FHL2005A", "Fader, Hardie & Lee 2005a",
       "Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005a). “Counting your customers” the easy way: an "
       "alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275–284."),
    _S("FHL2005B", "Fader, Hardie & Lee 2005b",
       "Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005b). RFM and CLV: using iso-value curves for customer "
       "base analysis. *Journal of Marketing Research*, 42(4), 415–430."),
    _S("BD1996", "Blattberg & Deighton 1996",
       "Blattberg, R. C. & Deighton, J. (1996). Manage marketing by the customer equity test. *Harvard Business "
       "Review*, 74(4), 136–144."),
    _S("RLZ2004", "Rust, Lemon & Zeithaml 2004",
       "Rust, R. T., Lemon, K. N. & Zeithaml, V. A. (2004). Return on marketing: using customer equity to focus "
       "marketing strategy. *Journal of Marketing*, 68(1), 109–127."),
    _S("GLS2004", "Gupta, Lehmann & Stuart 2004",
       "Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers. *Journal of Marketing Research*, "
       "41(1), 7–18."),
    _S("HESKETT1994", "Heskett et al. 1994",
       "Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E. & Schlesinger, L. A. (1994). Putting the "
       "service-profit chain to work. *Harvard Business Review*, 72(2), 164–174."),
]}

#: The works each chapter cites, in the order they first appear (its references section lists them).
CHAPTER_SOURCES = {
    "overview": ("S1", "S2", "S3", "S4", "S5", "S6", "S9", "SSF", "HESKETT1994"),
    "strategy": ("S1", "S3", "S6", "PORTER1979", "PORTER2008", "CHRISTENSEN1997", "SLATER2001", "CPB1991",
                 "PBC2005", "HUGHES", "ZRL2001", "EPSTEIN", "FHL2005A", "FHL2005B"),
    "value": ("S1", "S3", "LANNING1988", "VARGO2004", "PRAHALAD2004", "BENDAPUDI2003", "GREEN1990", "RS1990",
              "SHARP", "RUST1993", "FH2007", "FH2012", "FH2014", "FHL2005A", "FHL2005B", "ZRL2001", "BD1996",
              "RLZ2004", "GLS2004"),
}

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


def reference_list(*ids):
    """Return the full references of ``ids`` as a Markdown list, sorted by author and year.

    Raises
    ------
    KeyError
        If an id is not in :data:`SOURCES`.
    """
    entries = sorted({SOURCES[i].full for i in ids}, key=str.casefold)
    return "\n".join(f"* {entry}" for entry in entries)


def references_section(chapter):
    """Return the Markdown references section of a chapter (``"overview"``, ``"strategy"``, ``"value"``)."""
    return "## References\n\n" + reference_list(*CHAPTER_SOURCES[chapter])
