"""Customer-base analysis and customer lifetime value: summaries, BG/NBD-family and spend models, CLV."""
from ._base import FitResult, Model
from .beta_geo import BetaGeoModel, BetaGeoResult
from .beta_geo_beta_binom import BetaGeoBetaBinomModel, BetaGeoBetaBinomResult
from .modified_beta_geo import ModifiedBetaGeoModel, ModifiedBetaGeoResult
from .pareto_nbd import ParetoNBDModel, ParetoNBDResult
from .shifted_beta_geo import ShiftedBetaGeoModel, ShiftedBetaGeoResult
from .summary import summarize_transactions
from .units import DAYS_PER_UNIT, convert_time, time_unit_of

__all__ = ["BetaGeoBetaBinomModel", "BetaGeoBetaBinomResult", "BetaGeoModel", "BetaGeoResult", "DAYS_PER_UNIT",
           "FitResult", "Model", "ModifiedBetaGeoModel",
           "ModifiedBetaGeoResult", "ParetoNBDModel", "ParetoNBDResult",
           "ShiftedBetaGeoModel", "ShiftedBetaGeoResult", "convert_time", "summarize_transactions", "time_unit_of"]
