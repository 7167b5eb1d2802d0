"""Data: the bundled research data sets, the Hearth & Home sample company, and reading your own data."""
from .datasets import (DATASETS, Dataset, attribution, data_path, load_cdnow_master, load_cdnow_sample,
                       load_cdnow_summary, load_donations, load_retention_cohorts)
from .sample_company import SampleCompany, sample_company

__all__ = ["DATASETS", "Dataset", "SampleCompany", "attribution", "data_path", "load_cdnow_master",
           "load_cdnow_sample", "load_cdnow_summary", "load_donations", "load_retention_cohorts",
           "sample_company"]
