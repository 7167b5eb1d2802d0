"""Performance assessment: shareholder results (service-profit chain, customer equity and firm value) and
performance monitoring (NPS and satisfaction, KPIs, standards, scorecard and diagnostics)."""
from .chain_sem import GOOD_FIT, ChainSEMResult, fit_chain_sem
from .nps import NPS_METHODS, NPSResult, classify_scores, nps, nps_by, nps_change
from .satisfaction import satisfaction_summary, wilson_interval
from .service_profit_chain import HESKETT_LINKS, ServiceProfitChainResult, estimate_chain, validate_links

__all__ = [
    "GOOD_FIT", "ChainSEMResult", "fit_chain_sem",
    "NPS_METHODS", "NPSResult", "classify_scores", "nps", "nps_by", "nps_change",
    "satisfaction_summary", "wilson_interval",
    "HESKETT_LINKS", "ServiceProfitChainResult", "estimate_chain", "validate_links",
]
