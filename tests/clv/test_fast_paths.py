"""The light prediction paths agree with the general kernels they stand in for."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel._core import betageo
from paynecrm_kernel.clv._checks import numeric_column


@pytest.mark.parametrize("modified", [0, 1])
def test_probability_alive_kernel_equals_the_combined_kernel(modified):
    rng = np.random.default_rng(11)
    n = 2000
    age = rng.uniform(0.5, 80, n)
    x = rng.poisson(3, n).astype(float)
    t_x = np.where(x > 0, age * rng.uniform(0, 1, n), 0.0)
    params = (0.3, 5.0, 0.8, 2.4)
    expected, alive = np.empty(n), np.empty(n)
    betageo.predict(*params, x, t_x, age, np.zeros(n), expected, alive, modified, 1)
    light = np.empty(n)
    betageo.probability_alive(*params, x, t_x, age, light, modified, 2)
    np.testing.assert_allclose(light, alive, rtol=1e-14, atol=0)
    bad = np.empty(n)
    betageo.probability_alive(-1.0, 5.0, 0.8, 2.4, x, t_x, age, bad, modified, 1)
    assert np.isnan(bad).all()


def test_numeric_column_fast_path_and_parsing_agree():
    frame = pd.DataFrame({"a": [1, 2, 3], "b": ["1", "2", "3"], "c": [1.0, 2.0, 3.0]})
    for column in "abc":
        np.testing.assert_array_equal(numeric_column(frame, column, "test"), [1.0, 2.0, 3.0])
