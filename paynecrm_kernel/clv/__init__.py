"""Customer-base analysis and customer lifetime value: summaries, purchase, retention and spend models, CLV."""
from ._base import Model
from ._results import FitResult
from .beta_geo import BetaGeoModel, BetaGeoResult
from .beta_geo_beta_binom import BetaGeoBetaBinomModel, BetaGeoBetaBinomResult
from .gamma_gamma import GammaGammaModel, GammaGammaResult
from .lifetime_value import clv_convention, customer_lifetime_value
from .modified_beta_geo import ModifiedBetaGeoModel, ModifiedBetaGeoResult
from .pareto_nbd import ParetoNBDModel, ParetoNBDResult
from .plots import (frequency_recency_grid, plot_calibration_holdout, plot_frequency_recency,
                    plot_period_transactions, plot_tracking)
from .shifted_beta_geo import ShiftedBetaGeoModel, ShiftedBetaGeoResult
from .summary import summarize_transactions
from .units import DAYS_PER_UNIT, convert_time, time_unit_of
from .validation import calibration_holdout_table, period_transactions_table, tracking_table

__all__ = ["BetaGeoBetaBinomModel", "BetaGeoBetaBinomResult", "BetaGeoModel", "BetaGeoResult", "DAYS_PER_UNIT",
           "FitResult", "GammaGammaModel", "GammaGammaResult", "Model", "ModifiedBetaGeoModel",
           "ModifiedBetaGeoResult", "ParetoNBDModel", "ParetoNBDResult", "ShiftedBetaGeoModel",
           "ShiftedBetaGeoResult", "calibration_holdout_table", "clv_convention", "convert_time",
           "customer_lifetime_value", "frequency_recency_grid", "period_transactions_table",
           "plot_calibration_holdout", "plot_frequency_recency", "plot_period_transactions", "plot_tracking",
           "summarize_transactions", "time_unit_of", "tracking_table"]
