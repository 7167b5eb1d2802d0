"""Bad input raises DataValidationError naming the problem, the column, the rows and the fix."""
import pandas as pd
import pytest

from paynecrm_kernel.channels import (attribution_intervals, build_journeys, channel_inventory, cost_to_serve,
                                      customer_profitability, experience_gaps, markov_attribution,
                                      select_markov_order, shapley_attribution, simulate_migration,
                                      stage_channel_matrix, validate_log)
from paynecrm_kernel.errors import DataValidationError


@pytest.fixture
def log():
    return pd.DataFrame({"customer_id": [1, 1, 2], "timestamp": ["2024-01-01", "2024-01-05", "2024-01-02"],
                         "channel": ["web", "stores", "web"], "stage": ["awareness", "purchase", "purchase"]})


@pytest.fixture
def paths():
    return pd.DataFrame({"path": ["web > stores", "web"], "total_conversions": [3, 1], "total_null": [5, 9]})


def _raises(match, fn, *args, **kwargs):
    with pytest.raises(DataValidationError, match=match) as info:
        fn(*args, **kwargs)
    return info.value


def test_empty_and_wrong_type(log):
    _raises("no rows", build_journeys, log.iloc[:0])
    _raises("must be a pandas DataFrame", build_journeys, [1, 2, 3])


def test_missing_columns(log):
    error = _raises("lacks the column.*'timestamp'", build_journeys, log.drop(columns="timestamp"))
    assert error.column == "timestamp"
    _raises("lacks the column.*'stage'", stage_channel_matrix, log.drop(columns="stage"))


def test_unparseable_timestamps_name_rows(log):
    bad = log.assign(timestamp=["2024-01-01", "next tuesday", None])
    error = _raises(r"unparseable.*rows 1, 2.*ISO", build_journeys, bad)
    assert error.rows == [1, 2] and error.column == "timestamp"


def test_unknown_stage_names_stage_and_fix(log):
    error = _raises(r"unknown stage.*'checkout'.*rows 1.*stage_phases", build_journeys,
                    log.assign(stage=["awareness", "checkout", "purchase"]))
    assert error.column == "stage" and error.rows == [1]
    journeys = build_journeys(log.assign(stage=["look", "buy", "buy"]), conversion_stage="buy",
                              stage_phases={"look": "pre-sale", "buy": "sale"}, keep_open=True)
    assert journeys.journeys["converted"].all()


def test_missing_ids_and_custom_column_names(log):
    _raises(r"'customer_id' is empty.*rows 0", validate_log, log.assign(customer_id=[None, 1, 2]))
    renamed = log.rename(columns={"customer_id": "client", "timestamp": "time"})
    assert len(validate_log(renamed, columns={"customer": "client", "timestamp": "time"})) == 3


def test_negative_minutes_and_bad_identified(log):
    _raises(r"'handling_minutes'.*negative.*rows 2", validate_log, log.assign(handling_minutes=[1.0, 2.0, -1.0]))
    _raises(r"'identified' must be True/False", validate_log, log.assign(identified=[True, "maybe", False]))


def test_conversion_rule_and_values(log):
    _raises("Say what a conversion is", build_journeys, log, conversion_stage=None)
    _raises(r"no value column 'amount'", build_journeys, log, value_column="amount")
    _raises(r"negative value in 'amount'.*rows 2", build_journeys, log.assign(amount=[None, 10.0, -5.0]),
            value_column="amount", keep_open=True)


def test_absurd_journey_rules(log):
    _raises("timeout_days", build_journeys, log, timeout_days=-1)
    _raises("session_minutes", build_journeys, log, session_minutes="soon")


def test_malformed_paths(paths):
    _raises(r"empty or malformed path.*rows 1", markov_attribution, paths.assign(path=["web > stores", "web > "]))
    _raises(r"'total_null'.*negative.*rows 0", markov_attribution, paths.assign(total_null=[-1, 2]))
    _raises(r"'total_conversions'.*non-numeric.*rows 1", markov_attribution,
            paths.assign(total_conversions=[3, "many"]))
    _raises("lacks the column.*'total_null'", markov_attribution, paths.drop(columns="total_null"))


def test_no_conversions(paths):
    _raises("none of the 14 journeys converted", markov_attribution, paths.assign(total_conversions=0))
    _raises("none of the", shapley_attribution, paths.assign(total_conversions=0))


def test_absurd_model_parameters(paths):
    _raises("Markov order", markov_attribution, paths, order=7)
    _raises("Unknown Shapley game", shapley_attribution, paths, game="banzhaf")
    _raises("number of resamples", attribution_intervals, paths, n_resamples=3)
    _raises("confidence level", attribution_intervals, paths, level=1.5)
    _raises("Unknown attribution method", attribution_intervals, paths, method="last_touch")
    _raises("carry no conversion value", attribution_intervals, paths, value=True)
    _raises("held-out share", select_markov_order, paths, holdout=0.0)
    _raises("channel list", markov_attribution, paths, channels=["web"])


def test_cost_inputs(log):
    _raises(r"lack channel.*'stores'.*rows 1", cost_to_serve, log, {"web": 0.5})
    _raises("Pass unit_costs", cost_to_serve, log)
    _raises(r"'amount'.*negative", customer_profitability, pd.DataFrame({"customer_id": [1], "amount": [-3.0]}),
            cost_to_serve(log, {"web": 0.5, "stores": 10.0}))
    _raises("gross margin", customer_profitability, pd.DataFrame({"customer_id": [1], "amount": [3.0]}),
            cost_to_serve(log, {"web": 0.5, "stores": 10.0}), gross_margin=40)
    channels = pd.DataFrame({"channel": ["web"], "category": ["Carrier pigeon"], "unit_cost": [1.0]})
    _raises("Unknown channel category", channel_inventory, channels)


def test_migration_inputs(log):
    customers = pd.DataFrame({"customer_id": [1, 2], "segment": ["a", "b"], "gross_profit": [50.0, 30.0]})
    unit, sat = {"web": 0.5, "stores": 10.0}, {"web": 5.0, "stores": 6.0}
    _raises(r"unknown to_channel \['fax'\]", simulate_migration, log, customers,
            [{"from_channel": "web", "to_channel": "fax", "share": 0.5}], unit, sat, 0.7)
    _raises("shares between 0 and 1", simulate_migration, log, customers,
            [{"from_channel": "web", "to_channel": "stores", "share": 50}], unit, sat, 0.7)
    _raises("more than 100 %", simulate_migration, log, customers,
            [{"from_channel": "web", "to_channel": "stores", "share": 0.7}] * 2, unit, sat, 0.7)
    _raises("retention rates lack segment", simulate_migration, log, customers,
            [{"from_channel": "web", "to_channel": "stores", "share": 0.5}], unit, sat, {"a": 0.7})


def test_experience_inputs():
    standards = pd.DataFrame({"channel": ["web"], "dimension": ["joy"], "target": [5.0]})
    observed = pd.DataFrame({"channel": ["web"], "dimension": ["ease"], "observed": [5.0]})
    _raises("Unknown experience dimension", experience_gaps, standards, observed)
    _raises("target of 0", experience_gaps, standards.assign(dimension="ease", target=0.0), observed)
