import pytest


@pytest.fixture(scope="session")
def company():
    from paynecrm_kernel.data.sample_company import sample_company

    return sample_company()
