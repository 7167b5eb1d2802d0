"""BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science 24(2)).

While active, a customer buys as a Poisson process with rate lambda; after each repeat purchase the customer
drops out for good with probability p. Across customers lambda ~ Gamma(r, alpha) and p ~ Beta(a, b).
"""
from ._beta_geo_family import BetaGeoFamilyModel, BetaGeoFamilyResult


class BetaGeoResult(BetaGeoFamilyResult):
    """Fitted BG/NBD: parameters ``r, alpha, a, b`` and the predictions (see :class:`BetaGeoFamilyResult`)."""

    modified = 0


class BetaGeoModel(BetaGeoFamilyModel):
    """BG/NBD model of repeat purchasing in a non-contractual setting.

    ``fit(data)`` takes one row per customer with ``frequency`` (repeat purchases), ``recency`` (time of the
    last repeat purchase after the first purchase, 0 if none) and ``T`` (time from the first purchase to the
    end of the period), plus an optional ``weights`` column of counts, and returns a :class:`BetaGeoResult`.
    Configuration (penalizer, n_threads, initial_params, maxiter) as in :class:`~._base.Model`.

    Examples
    --------
    >>> result = BetaGeoModel().fit(summary)             # doctest: +SKIP
    >>> result.params                                     # doctest: +SKIP
    >>> result.expected_purchases(52, summary)            # doctest: +SKIP
    """

    name = "BG/NBD"
    result_class = BetaGeoResult
    modified = 0
