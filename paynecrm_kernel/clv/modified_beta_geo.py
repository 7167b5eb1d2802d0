"""MBG/NBD model (Batislam, Denizel & Filiztekin 2007, International Journal of Research in Marketing 24(3)).

The BG/NBD with one change: a customer may also drop out right after the first purchase, so customers with
no repeat purchase can be inactive, which the BG/NBD rules out.
"""
from ._beta_geo_family import BetaGeoFamilyModel, BetaGeoFamilyResult


class ModifiedBetaGeoResult(BetaGeoFamilyResult):
    """Fitted MBG/NBD: parameters ``r, alpha, a, b`` and the predictions (see :class:`BetaGeoFamilyResult`)."""

    modified = 1


class ModifiedBetaGeoModel(BetaGeoFamilyModel):
    """MBG/NBD model of repeat purchasing; same data and configuration as :class:`~.beta_geo.BetaGeoModel`."""

    name = "MBG/NBD"
    result_class = ModifiedBetaGeoResult
    modified = 1
