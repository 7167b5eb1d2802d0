"""The CRM continuum (Payne & Frow 2005): where does an organisation's idea of CRM sit?

Payne & Frow arrange definitions of CRM along a continuum of three perspectives, from narrow and tactical
(Perspective 1) to broad and strategic (Perspective 3). The statements, the scoring rule and the reading
bands below are the workbook's own [D]; the perspectives are Payne & Frow's.

Scoring [D]. Each of nine statements is rated from 1 (strongly disagree) to 5 (strongly agree); three are
written for each perspective. The agreement with perspective :math:`k` is
:math:`a_k = \\bar r_k - 1` (0 = no agreement, 4 = full agreement), and the position is the
agreement-weighted mean perspective :math:`P = \\sum_k k a_k / \\sum_k a_k`, between 1 and 3; the gap to the
strategic view is :math:`3 - P`.
"""
from dataclasses import dataclass

import numpy as np

from ..errors import DataValidationError

#: The three perspectives (Payne & Frow 2005, paraphrased).
PERSPECTIVES = {
    1: ("Perspective 1: narrow and tactical",
        "CRM means putting in one particular technology solution, for example sales-force automation."),
    2: ("Perspective 2: wide-ranging technology",
        "CRM means a broad set of customer-oriented IT and Internet applications."),
    3: ("Perspective 3: broad and strategic",
        "CRM is a holistic, customer-centric way of managing relationships to create shareholder value; "
        "technology is an enabler. This is the view Payne & Frow argue for."),
}

#: Nine statements, three per perspective (the workbook's own, [D]): ``(perspective, text)``.
STATEMENTS = (
    (1, "CRM is the name of the software our sales team uses."),
    (1, "Our CRM project is finished once the new system is live."),
    (1, "CRM is the responsibility of the IT department."),
    (2, "CRM covers all our customer-facing systems: call centre, website, e-mail and sales tools."),
    (2, "A CRM programme is a portfolio of IT and Internet applications for dealing with customers."),
    (2, "Getting all customer data into one system is the main goal of CRM."),
    (3, "CRM starts from which customers we want and what value we create for them and for shareholders."),
    (3, "CRM needs marketing, sales, service, operations and IT to work to one customer strategy."),
    (3, "Technology matters in CRM only as an enabler of our relationship strategy."),
)

#: Reading bands of the position [D]: upper bound (exclusive) -> label.
BANDS = ((1.67, "mostly Perspective 1: CRM seen as a technology project"),
         (2.34, "mostly Perspective 2: CRM seen as a set of customer-facing IT applications"),
         (3.01, "mostly Perspective 3: CRM seen as strategy, with technology as an enabler"))


@dataclass(frozen=True)
class ContinuumScore:
    """Result of :func:`continuum_position`.

    Attributes
    ----------
    position : float
        Agreement-weighted mean perspective, from 1 (narrow) to 3 (strategic).
    gap : float
        ``3 - position``: the distance to Payne & Frow's strategic view.
    agreement : tuple of float
        Mean agreement (0-4) with the statements of perspectives 1, 2 and 3.
    reading : str
        Plain-words reading of the position.
    """

    position: float
    gap: float
    agreement: tuple
    reading: str


def _check_ratings(ratings):
    values = np.asarray(list(ratings), dtype=float) if ratings is not None else np.array([])
    if values.shape != (len(STATEMENTS),):
        raise DataValidationError(
            f"Expected {len(STATEMENTS)} ratings (one per statement), got {values.size}. Rate every statement "
            "from 1 (strongly disagree) to 5 (strongly agree).", column="rating")
    bad = [i for i, v in enumerate(values) if not np.isfinite(v) or v < 1 or v > 5 or v != round(v)]
    if bad:
        raise DataValidationError(
            f"Ratings must be whole numbers from 1 to 5; statements {', '.join(str(i + 1) for i in bad)} are "
            "not. Rate each from 1 (strongly disagree) to 5 (strongly agree).", column="rating", rows=bad)
    return values


def continuum_position(ratings):
    """Place an organisation on the CRM continuum from its agreement with the nine :data:`STATEMENTS`.

    Parameters
    ----------
    ratings : sequence of int
        Nine ratings from 1 (strongly disagree) to 5 (strongly agree), in the order of :data:`STATEMENTS`.

    Returns
    -------
    ContinuumScore

    Raises
    ------
    DataValidationError
        If there are not nine ratings, a rating is outside 1-5, or every rating is 1 (no agreement with
        any perspective, so there is no position).

    Examples
    --------
    >>> continuum_position([1, 1, 1, 1, 1, 1, 5, 5, 5]).position
    3.0
    >>> continuum_position([3] * 9).position
    2.0
    """
    r = _check_ratings(ratings)
    kinds = np.array([k for k, _ in STATEMENTS])
    agreement = np.array([r[kinds == k].mean() - 1.0 for k in (1, 2, 3)])
    if agreement.sum() == 0:
        raise DataValidationError(
            "Every statement is rated 1 (strongly disagree), so there is no position to show. Agree at "
            "least a little with the statements that describe how your organisation sees CRM.",
            column="rating", rows=range(len(STATEMENTS)))
    position = float(np.dot([1, 2, 3], agreement) / agreement.sum())
    reading = next(label for bound, label in BANDS if position < bound)
    return ContinuumScore(round(position, 4), round(3 - position, 4),
                          tuple(round(float(a), 4) for a in agreement), reading)
