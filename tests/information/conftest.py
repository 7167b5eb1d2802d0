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
def easy_view(easy_extracts):
    from paynecrm_kernel.information import single_customer_view

    return single_customer_view(easy_extracts)
