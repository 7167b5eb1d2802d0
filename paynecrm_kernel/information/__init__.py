"""Information management: the customer repository, data quality, the single customer view, analysis tools."""
from .linkage import LinkageResult, link_records
from .standardise import KINDS, standardise

__all__ = ["KINDS", "LinkageResult", "link_records", "standardise"]
