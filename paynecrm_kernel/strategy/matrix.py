"""What the strategy choices imply for the firm's place on the CRM strategy matrix (Payne 2005; Frow & Payne
2009): four approaches, product-based selling, managed service and support, customer-based marketing and
individualized CRM. Following the Handbook (p. 84), the horizontal axis is taken as the degree of
individualisation and the vertical axis as the extent of customer information (the vertical wording is
inferred). Mapping granularity and information to coordinates is the workbook's own convention: a segmentation
puts information to use only as far as it is detailed. Customer-based marketing means detailed segmentation
(the Handbook's example is supermarket loyalty-card data), so a few macro segments use at most
:data:`MACRO_INFORMATION` of the information axis, whatever data the firm holds.
"""
__all__ = ["GRANULARITY_LEVELS", "MACRO_INFORMATION", "QUADRANTS", "matrix_position"]

#: Segment granularity levels and how individualised each makes the approach (0..1, workbook convention).
GRANULARITY_LEVELS = {"macro": 0.2, "micro": 0.4, "one-to-one": 0.9}

#: The most of the information axis that macro segments put to use (below the 0.5 cut-off).
MACRO_INFORMATION = 0.4

#: Quadrant by (individualised?, information-rich?).
QUADRANTS = {
    (False, False): "Product-based selling",
    (True, False): "Managed service and support",
    (False, True): "Customer-based marketing",
    (True, True): "Individualized CRM",
}


def matrix_position(granularity, information):
    """Place the firm on the CRM strategy matrix.

    Parameters
    ----------
    granularity : {"macro", "micro", "one-to-one"}
        The chosen segment granularity.
    information : float
        Extent of customer information and analysis, 0 (little) to 1 (rich), e.g. the share of revenue from
        identified customers.

    Returns
    -------
    dict
        ``x`` (individualisation), ``y`` (information put to use) and ``quadrant``.
    """
    if granularity not in GRANULARITY_LEVELS:
        raise ValueError(f"matrix_position: granularity must be one of {sorted(GRANULARITY_LEVELS)}, "
                         f"got {granularity!r}.")
    information = float(information)
    if not 0 <= information <= 1:
        raise ValueError(f"matrix_position: information must be between 0 and 1, got {information!r}.")
    x = GRANULARITY_LEVELS[granularity]
    y = min(information, MACRO_INFORMATION) if granularity == "macro" else information
    return {"x": x, "y": y, "quadrant": QUADRANTS[(x >= 0.5, y >= 0.5)]}
