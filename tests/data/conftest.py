"""Shared fixtures for the data-layer tests."""
import pandas as pd
import pytest

from paynecrm_kernel.data import sample_company


@pytest.fixture(scope="session")
def company():
    """The default sample company (cached by the library)."""
    return sample_company()


@pytest.fixture(scope="session")
def large_company():
    """A larger draw, for coarse recovery checks of the planted parameters."""
    return sample_company(seed=7, n_customers=20000, n_units=3000, n_respondents=600)


@pytest.fixture(scope="session")
def weekly_summary():
    """Function computing per-customer frequency, recency and T in weeks from a company's transactions."""
    return _weekly_summary


def _weekly_summary(company):
    """Per-customer frequency, recency and T in weeks, computed directly from the transactions."""
    tx = company.transactions
    end = pd.Timestamp(company.truth["end"])
    grouped = tx.groupby("customer_id")["date"]
    first, last, count = grouped.min(), grouped.max(), grouped.size()
    week = pd.Timedelta(weeks=1)
    out = pd.DataFrame({"frequency": count - 1, "recency": (last - first) / week, "T": (end - first) / week})
    seg = company.customers.set_index("customer_id")["segment"]
    out["segment"] = seg.reindex(out.index).to_numpy()
    return out.reset_index()
