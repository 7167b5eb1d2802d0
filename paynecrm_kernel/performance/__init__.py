"""Performance assessment: shareholder results (service-profit chain, customer equity and firm value) and
performance monitoring (NPS and satisfaction, KPIs, standards, scorecard and diagnostics)."""
from .nps import NPS_METHODS, NPSResult, classify_scores, nps, nps_by, nps_change
from .satisfaction import satisfaction_summary, wilson_interval

__all__ = [
    "NPS_METHODS", "NPSResult", "classify_scores", "nps", "nps_by", "nps_change",
    "satisfaction_summary", "wilson_interval",
]
