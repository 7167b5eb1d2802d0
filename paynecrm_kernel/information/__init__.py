"""Information management: the customer repository, data quality, the single customer view, analysis tools."""
from .linkage import LinkageResult, link_records
from .linkage_metrics import linkage_metrics, threshold_errors, threshold_tradeoff
from .repository import QueryResult, Repository, build_repository
from .repository_sql import MARTS, QUERIES, SCHEMA
from .single_view import SCV_BLOCKING, SCV_COMPARE, merge_effect, single_customer_view
from .standardise import KINDS, standardise

__all__ = ["KINDS", "LinkageResult", "MARTS", "QUERIES", "QueryResult", "Repository", "SCHEMA", "SCV_BLOCKING",
           "SCV_COMPARE", "build_repository", "link_records", "linkage_metrics", "merge_effect",
           "single_customer_view", "standardise", "threshold_errors", "threshold_tradeoff"]
