import pandas as pd
import pytest


@pytest.fixture(scope="session")
def company():
    from paynecrm_kernel.data.sample_company import sample_company

    return sample_company()


@pytest.fixture(scope="session")
def touch_log(company):
    from paynecrm_kernel.data.sample_company.journeys import generate_journeys

    return generate_journeys(company)


@pytest.fixture(scope="session")
def planted_journeys(touch_log):
    from paynecrm_kernel.channels import build_journeys
    from paynecrm_kernel.data.sample_company.journeys import CHANNELS

    return build_journeys(touch_log, value_column="amount", keep_open=True, channels=list(CHANNELS))


@pytest.fixture
def three_paths():
    """Hand-solved chain: P(conversion) = 0.2; removal effects web 7/12, stores 5/6, catalogue 5/12."""
    return pd.DataFrame({"path": ["web > stores", "web", "catalogue > stores"],
                         "total_conversions": [30, 10, 20], "total_null": [70, 90, 80],
                         "total_conversion_value": [300.0, 50.0, 400.0]})
