"""customer_lifetime_value, the validation tables and the plots."""
import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.clv import (GammaGammaModel, calibration_holdout_table, customer_lifetime_value,
                                 frequency_recency_grid, period_transactions_table, plot_calibration_holdout,
                                 plot_frequency_recency, plot_period_transactions, plot_tracking,
                                 summarize_transactions, tracking_table, BetaGeoModel, BetaGeoResult)
from paynecrm_kernel.errors import DataValidationError


@pytest.fixture(scope="module")
def calibration(cdnow_sample):
    return summarize_transactions(cdnow_sample, "customer_id", "date", "amount", time_unit="W",
                                  calibration_end="1997-09-30", observation_end="1998-06-30")


@pytest.fixture(scope="module")
def fits(calibration):
    return BetaGeoModel().fit(calibration), GammaGammaModel().fit(calibration)


def test_clv_by_hand_for_one_customer(fits, calibration):
    bg, gg = fits
    one = calibration.loc[[1]]
    out = customer_lifetime_value(bg, gg, one, horizon=3, time_unit="M", discount_rate=0.02, margin=0.3)
    weeks = np.array([1, 2, 3]) * (365.25 / 12) / 7
    cumulative = np.array([bg.expected_purchases(w, one).iloc[0] for w in weeks])
    increments = np.diff(np.concatenate([[0.0], cumulative]))
    by_hand = np.sum(increments / 1.02 ** np.array([1, 2, 3])) * gg.expected_spend(one).iloc[0] * 0.3
    assert out["clv"].iloc[0] == pytest.approx(by_hand, rel=1e-12)
    assert out.attrs["time_unit"] == "M" and "end of each month" in out.attrs["convention"]


def test_clv_properties(fits, calibration):
    bg, gg = fits
    base = customer_lifetime_value(bg, gg, calibration, horizon=12, time_unit="M", discount_rate=0.01)
    assert (base["clv"] >= 0).all() and base["clv"].notna().all()
    longer = customer_lifetime_value(bg, gg, calibration, horizon=24, time_unit="M", discount_rate=0.01)
    dearer = customer_lifetime_value(bg, gg, calibration, horizon=12, time_unit="M", discount_rate=0.05)
    assert (longer["clv"] >= base["clv"]).all() and (dearer["clv"] <= base["clv"]).all()
    weekly = customer_lifetime_value(bg, gg, calibration, horizon=52, time_unit="W", discount_rate=0.0)
    monthly = customer_lifetime_value(bg, gg, calibration, horizon=12, time_unit="M", discount_rate=0.0)
    # undiscounted value over 52 weeks vs 12 months (52.18 weeks): nearly equal, never larger
    assert (weekly["clv"] <= monthly["clv"] + 1e-9).all()
    np.testing.assert_allclose(weekly["clv"], monthly["clv"], rtol=0.01)
    flat = customer_lifetime_value(bg, 20.0, calibration, horizon=12, time_unit="M", discount_rate=0.0)
    np.testing.assert_allclose(flat["clv"], 20.0 * flat["expected_purchases"], rtol=1e-12)
    np.testing.assert_allclose(flat["expected_purchases"], bg.expected_purchases(12 * 365.25 / 12 / 7, calibration))


def test_clv_needs_the_time_unit(cdnow_summary, fits):
    no_unit = BetaGeoModel().fit(cdnow_summary)
    with pytest.raises(DataValidationError, match="time unit"):
        customer_lifetime_value(no_unit, 10.0, cdnow_summary, horizon=12, time_unit="M", discount_rate=0.01)


def test_period_transactions_table(fits, calibration):
    table = period_transactions_table(fits[0], calibration)
    assert table["observed"].sum() == len(calibration)
    assert table["expected"].sum() == pytest.approx(len(calibration))
    assert table.loc["0", "expected"] == pytest.approx(table.loc["0", "observed"], rel=0.01)


def test_calibration_holdout_table(fits, calibration):
    table = calibration_holdout_table(fits[0], calibration)
    assert table["customers"].sum() == 2357
    assert table["predicted"].is_monotonic_increasing
    # FHL (2005): predictions follow the actuals closely in every frequency group
    np.testing.assert_allclose(table["predicted"], table["actual"], atol=0.4)


def test_tracking_table(fits, cdnow_sample):
    table = tracking_table(fits[0], cdnow_sample, "customer_id", "date", period="W")
    assert len(table) == 78
    repeats = cdnow_sample.drop_duplicates(["customer_id", "date"]).shape[0] - 2357
    assert table["actual_cumulative"].iloc[-1] == repeats
    assert table["expected_cumulative"].iloc[-1] == pytest.approx(repeats, rel=0.06)


def test_frequency_recency_grid(fits):
    grid = frequency_recency_grid(fits[0], max_frequency=10, T=39)
    values = grid.to_numpy()
    assert np.nanmin(values) >= 0 and np.nanmax(values) <= 1
    assert np.isnan(values[0, 1:]).all() and values[0, 0] == 1.0
    assert (np.diff(values[5]) > 0).all()            # later last purchase, more likely alive


def test_plots_render_in_the_theme(fits, calibration, cdnow_sample):
    bg, _ = fits
    figures = [plot_period_transactions(period_transactions_table(bg, calibration)),
               plot_calibration_holdout(calibration_holdout_table(bg, calibration)),
               plot_frequency_recency(bg), plot_frequency_recency(bg, "expected_purchases", t=52),
               plot_tracking(tracking_table(bg, cdnow_sample, "customer_id", "date"), cumulative=False)]
    for fig in figures:
        assert fig.layout.title.text.endswith("?")
        assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
        assert fig.layout.font.family.startswith("Helvetica")


@pytest.mark.parametrize("days", [True, False])
@pytest.mark.parametrize("modified", [False, True])
def test_discounted_pass_equals_the_plain_path(days, modified):
    # the per-(x, T) pass (dense table of pairs for whole days, hashed pairs for continuous ages) gives the
    # discounted sum of the increments of expected_purchases, customer by customer
    from paynecrm_kernel.clv import ModifiedBetaGeoResult
    from paynecrm_kernel.clv._results import PurchaseResult
    rng = np.random.default_rng(11)
    n = 3000
    age = rng.uniform(1, 60, n)
    age = np.ceil(age * 7) / 7 if days else age
    x = rng.poisson(2, n).astype(float)
    t_x = np.where(x > 0, age * rng.uniform(0, 1, n), 0.0)
    data = pd.DataFrame({"frequency": x, "recency": t_x, "T": age})
    result_class = ModifiedBetaGeoResult if modified else BetaGeoResult
    result = result_class.from_params(r=0.3, alpha=4.0, a=0.8, b=2.4, time_unit="W")   # CDNOW-like
    times = np.arange(1, 13) * 4.35
    discounts = 1.01 ** -np.arange(1, 13)
    value, expected = result.discounted_purchases(times, discounts, data)
    plain_value, plain_expected = PurchaseResult.discounted_purchases(result, times, discounts, data)
    np.testing.assert_allclose(value, plain_value, rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(expected, plain_expected, rtol=1e-11, atol=1e-14)
    threaded = result_class.from_params(r=0.3, alpha=4.0, a=0.8, b=2.4, time_unit="W", n_threads=3)
    np.testing.assert_array_equal(threaded.discounted_purchases(times, discounts, data)[0], value)
