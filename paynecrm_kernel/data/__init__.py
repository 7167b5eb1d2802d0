"""Data: the bundled research data sets, the Hearth & Home sample company, and reading your own data."""
from .datasets import (DATASETS, Dataset, attribution, data_path, load_cdnow_master, load_cdnow_sample,
                       load_cdnow_summary, load_donations, load_retention_cohorts)
from .mapping import apply_mapping, suggest_mapping
from .readers import RawTransactions, read_transactions
from .sample_company import SampleCompany, sample_company
from .validation import ValidationReport, validate_transactions

__all__ = ["DATASETS", "Dataset", "RawTransactions", "SampleCompany", "ValidationReport", "apply_mapping",
           "attribution", "data_path", "load_cdnow_master", "load_cdnow_sample", "load_cdnow_summary",
           "load_donations", "load_retention_cohorts", "read_transactions", "sample_company",
           "suggest_mapping", "validate_transactions"]
