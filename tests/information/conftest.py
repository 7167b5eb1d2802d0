"""Shared fixtures of the information-management tests: small extracts keep the linkage tests fast."""
import pytest

from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.data.sample_company.extracts import generate_extracts


@pytest.fixture(scope="session")
def company():
    return sample_company()


@pytest.fixture(scope="session")
def small_company():
    """800 customers: about 2,300 records over the four systems."""
    return sample_company(seed=11, n_customers=800)


@pytest.fixture(scope="session")
def easy_extracts(small_company):
    return generate_extracts(small_company, "easy", seed=5)


@pytest.fixture(scope="session")
def hard_extracts(small_company):
    return generate_extracts(small_company, "hard", seed=5)


@pytest.fixture(scope="session")
def easy_view(small_company):
    """The easy extracts (the same as ``easy_extracts``) linked by the memoised sample path: one linkage per
    content, which the tools' tests on the same company reuse."""
    from paynecrm_kernel.information import sample_single_view

    return sample_single_view(small_company.customers, small_company.transactions, "easy", seed=5).result
