"""Information management: the customer repository, data quality, the single customer view, analysis tools."""
from .linkage import LinkageResult, link_records
from .linkage_metrics import linkage_metrics, threshold_errors, threshold_tradeoff
from .single_view import SCV_BLOCKING, SCV_COMPARE, merge_effect, single_customer_view
from .standardise import KINDS, standardise

__all__ = ["KINDS", "LinkageResult", "SCV_BLOCKING", "SCV_COMPARE", "link_records", "linkage_metrics",
           "merge_effect", "single_customer_view", "standardise", "threshold_errors", "threshold_tradeoff"]
