"""Customer-base analysis and customer lifetime value: summaries, BG/NBD-family and spend models, CLV."""
from ._base import FitResult, Model
from .beta_geo import BetaGeoModel, BetaGeoResult
from .modified_beta_geo import ModifiedBetaGeoModel, ModifiedBetaGeoResult
from .summary import summarize_transactions
from .units import DAYS_PER_UNIT, convert_time, time_unit_of

__all__ = ["BetaGeoModel", "BetaGeoResult", "DAYS_PER_UNIT", "FitResult", "Model", "ModifiedBetaGeoModel",
           "ModifiedBetaGeoResult", "convert_time", "summarize_transactions", "time_unit_of"]
