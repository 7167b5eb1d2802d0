"""Acquisition economics by channel values each channel's customers by the segments it actually acquires."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.value import acquisition_costs, acquisition_economics, channel_value

CAMPAIGNS = pd.DataFrame({"channel": ["sales_force", "app", "web"], "spend": [4000.0, 500.0, 900.0],
                          "acquired": [10, 20, 30]})
# segment values per customer at 6, 12 and 36 months (net of cost to serve)
VALUES = pd.DataFrame({6.0: [150.0, 10.0, 5.0], 12.0: [280.0, 18.0, 9.0], 36.0: [700.0, 40.0, 20.0]},
                      index=["Trade accounts", "Frequent buyers", "Lapsed one-time buyers"])


def _customers():
    channel = ["sales_force"] * 10 + ["app"] * 20 + ["web"] * 30
    segment = (["Trade accounts"] * 10 + ["Frequent buyers"] * 10 + ["Lapsed one-time buyers"] * 10
               + ["Frequent buyers"] * 6 + ["Lapsed one-time buyers"] * 24)
    ids = pd.RangeIndex(1, 61)
    return pd.Series(channel, index=ids), pd.Series(segment, index=ids)


def test_each_channel_is_valued_by_its_own_segment_mix():
    acquired_by, segments = _customers()
    costs = acquisition_costs(CAMPAIGNS)
    result = channel_value(acquired_by, segments, VALUES, costs, horizon=12)
    table = result.table
    assert table.loc["sales_force", "value"] == 280.0 and table.loc["sales_force", "main_segment"] == "Trade accounts"
    assert table.loc["app", "value"] == pytest.approx(0.5 * 18 + 0.5 * 9)
    assert table.loc["web", "value"] == pytest.approx(0.2 * 18 + 0.8 * 9)
    np.testing.assert_allclose(result.mix.sum(axis=1), 1.0)
    # the channel that wins the most valuable segment is not the worst buy because of a shared value
    assert table["value"].idxmax() == "sales_force"
    assert table["value_to_cac"].idxmin() != "sales_force"
    shared = acquisition_economics(CAMPAIGNS, margin=10, retention=0.5, discount=0.01)
    assert shared["clv"].nunique() == 1 and shared["clv_to_cac"].idxmin() == "sales_force"
    # payback: the horizon at which the mix value reaches the CAC (400 between 12 and 36 months)
    assert table.loc["sales_force", "payback"] == pytest.approx(12 + 24 * (400 - 280) / (700 - 280))
    assert table.loc["web", "payback"] == np.inf                       # 30 a customer, never 10.8 in 36 months


def test_bad_inputs_name_the_problem():
    acquired_by, segments = _customers()
    costs = acquisition_costs(CAMPAIGNS)
    with pytest.raises(DataValidationError, match="reference horizon 24"):
        channel_value(acquired_by, segments, VALUES, costs, horizon=24)
    with pytest.raises(DataValidationError, match="no segment"):
        channel_value(acquired_by, segments.iloc[5:], VALUES, costs)
    with pytest.raises(DataValidationError, match="no value for segment"):
        channel_value(acquired_by, segments, VALUES.iloc[:2], costs)
    with pytest.raises(DataValidationError, match="no acquired customers"):
        channel_value(acquired_by[acquired_by != "web"], segments, VALUES, costs)
    with pytest.raises(DataValidationError, match="Series"):
        channel_value(list(acquired_by), segments, VALUES, costs)
