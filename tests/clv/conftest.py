"""Fixtures for the CLV tests: the bundled research data read directly with pandas."""
from pathlib import Path

import pandas as pd
import pytest

import paynecrm_kernel

FILES = Path(paynecrm_kernel.__file__).parent / "data" / "files"


def read_cdnow_sample():
    """The CDNOW 1/10 sample transaction log (ids as in the summary files)."""
    return pd.read_csv(FILES / "CDNOW_sample.txt", sep=r"\s+", header=None,
                       names=["master_id", "customer_id", "date", "cds", "amount"], dtype={"date": str})


def read_cdnow_summary():
    """cdnow_customers_summary.csv: frequency, recency, T in weeks, indexed by ID."""
    return pd.read_csv(FILES / "cdnow_customers_summary.csv", index_col="ID")


def read_cdnow_spend():
    """cdnow_customers_summary_with_transactions.csv renamed to the workbook's vocabulary."""
    frame = pd.read_csv(FILES / "cdnow_customers_summary_with_transactions.csv", index_col="ID")
    return frame.rename(columns={"x": "frequency", "t_x": "recency", "zbar": "monetary_value"})


@pytest.fixture(scope="session")
def cdnow_sample():
    return read_cdnow_sample()


@pytest.fixture(scope="session")
def cdnow_summary():
    return read_cdnow_summary()


@pytest.fixture(scope="session")
def cdnow_spend():
    return read_cdnow_spend()


@pytest.fixture(scope="session")
def bgnbd_cdnow(cdnow_summary):
    from paynecrm_kernel.clv import BetaGeoModel

    return BetaGeoModel().fit(cdnow_summary, time_unit="W")
