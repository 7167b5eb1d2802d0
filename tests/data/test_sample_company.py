"""The Hearth & Home sample company: schema, determinism, immutability and the planted truth."""
import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special

from paynecrm_kernel.data import sample_company
from paynecrm_kernel.data.sample_company import implied_correlation
from paynecrm_kernel.data.sample_company.company import _build
from paynecrm_kernel.errors import DataValidationError

CHANNELS = ["sales_force", "stores", "call_centre", "catalogue", "web", "app"]


def test_default_is_cached_and_sized(company):
    assert sample_company() is company
    assert len(company.customers) == 5000
    assert company.transactions["customer_id"].nunique() == 5000
    assert company.time_unit == "weeks" and company.name == "Hearth & Home"
    assert "Hearth &amp; Home" in company._repr_html_()


def test_same_seed_same_data_and_other_seed_differs():
    one, two = _build.__wrapped__(11, 400, 10, 20), _build.__wrapped__(11, 400, 10, 20)
    for name in one.table_names:
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    other = _build.__wrapped__(12, 400, 10, 20)
    assert not one.transactions["amount"].equals(other.transactions["amount"])


def test_immutable(company):
    with pytest.raises(AttributeError, match="immutable"):
        company.transactions = None
    tx = company.transactions
    tx["amount"] = 0.0
    assert company.transactions["amount"].sum() > 0
    truth = company.truth
    truth["segments"]["trade"]["bgnbd"]["r"] = 99
    assert company.truth["segments"]["trade"]["bgnbd"]["r"] == 1.4


@pytest.mark.parametrize("kwargs", [dict(n_customers=0), dict(n_customers=2.5), dict(seed=-1),
                                    dict(n_units=True)])
def test_bad_arguments(kwargs):
    with pytest.raises(DataValidationError, match="whole number"):
        sample_company(**kwargs)


def test_customers_and_transactions_schema(company):
    customers, tx = company.customers, company.transactions
    assert customers["customer_id"].tolist() == list(range(1, 5001))
    assert set(customers["segment"]) == {"trade", "enthusiasts", "everyday", "bargain"}
    assert ((customers["segment"] == "trade") == (customers["customer_type"] == "business")).all()
    assert customers["acquisition_date"].is_monotonic_increasing
    assert tx["date"].dtype == "datetime64[ns]" and tx["amount"].dtype == np.float64
    start, end = pd.Timestamp(company.truth["start"]), pd.Timestamp(company.truth["end"])
    assert tx["date"].min() >= start and tx["date"].max() < end
    assert (tx["amount"] > 0).all()
    first = tx.groupby("customer_id")["date"].min()
    pd.testing.assert_series_equal(first, customers.set_index("customer_id")["acquisition_date"],
                                   check_names=False)
    assert set(tx["channel"]) == set(CHANNELS)
    consumers = tx["customer_id"].isin(customers.loc[customers["customer_type"] == "consumer", "customer_id"])
    assert not (tx.loc[consumers, "channel"] == "sales_force").any()


def test_channels_and_interactions(company):
    channels = company.channels
    assert channels["channel"].tolist() == CHANNELS
    assert channels["category"].tolist() == ["Sales force", "Outlets", "Telephony", "Direct marketing",
                                             "E-commerce", "M-commerce"]
    assert channels["contact"].tolist() == ["physical"] * 2 + ["virtual"] * 4
    assert channels["unit_cost"].is_monotonic_decreasing
    inter = company.interactions
    assert list(inter["stage"].cat.categories) == ["awareness", "evaluation", "purchase", "delivery",
                                                   "after-sales"]
    assert (inter["stage"] == "purchase").sum() == len(company.transactions)
    assert set(inter["outcome"]) == {"completed", "follow-up needed"}
    assert set(inter["channel"]) == set(CHANNELS)
    assert (inter["handling_minutes"] >= 0).all()
    assert inter["timestamp"].is_monotonic_increasing
    assert inter.loc[inter["stage"] == "purchase", "identified"].all()
    # planted identification rate of store contacts outside purchases: 0.60
    stores = inter[(inter["channel"] == "stores") & (inter["stage"] != "purchase")]
    assert abs(stores["identified"].mean() - 0.60) < 0.03


def test_campaigns_add_up(company):
    campaigns, customers = company.campaigns, company.customers
    assert len(campaigns) == 20 and set(campaigns["channel"]) == set(CHANNELS)
    acquired = customers["acquisition_campaign"].value_counts()
    assert campaigns.set_index("campaign_id")["customers_acquired"].sum() == acquired.sum()
    assert abs(customers["acquisition_campaign"].isna().mean() - company.truth["campaigns"]["organic_share"]) < 0.03
    cac = company.truth["campaigns"]["cac"]
    ratio = campaigns["cost_per_acquisition"] / campaigns["channel"].map(cac)
    assert ratio.between(0.5, 2.0).all()


def test_mean_spend_per_segment_near_truth(large_company):
    tx = large_company.transactions.merge(large_company.customers[["customer_id", "segment"]])
    observed = tx.groupby("segment")["amount"].mean()
    for segment, spec in large_company.truth["segments"].items():
        gg = spec["gamma_gamma"]
        expected = gg["p"] * gg["v"] / (gg["q"] - 1)
        assert expected == pytest.approx(gg["mean_spend"])
        assert observed[segment] == pytest.approx(expected, rel=0.12), segment


def _bgnbd_negloglik(log_params, x, tx, T):
    r, alpha, a, b = np.exp(log_params)
    common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    alive = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore"):
        dead = np.where(x > 0, special.betaln(a + 1, b + np.maximum(x, 1) - 1) - special.betaln(a, b)
                        - (r + x) * np.log(alpha + tx), -np.inf)
    return -np.sum(common + np.logaddexp(alive, dead))


def test_bgnbd_truth_recovered_by_direct_likelihood(large_company, weekly_summary):
    summary = weekly_summary(large_company)
    for segment, spec in large_company.truth["segments"].items():
        part = summary[summary["segment"] == segment]
        args = (part["frequency"].to_numpy(float), part["recency"].to_numpy(), part["T"].to_numpy())
        fit = optimize.minimize(_bgnbd_negloglik, np.log([1.0, 10.0, 1.0, 3.0]), args=args, method="L-BFGS-B")
        r, alpha, a, b = np.exp(fit.x)
        bg = spec["bgnbd"]
        assert r / alpha == pytest.approx(bg["r"] / bg["alpha"], rel=0.2), segment
        assert a / (a + b) == pytest.approx(bg["a"] / (bg["a"] + bg["b"]), rel=0.3), segment


def test_bgnbd_truth_recovered_by_clv_engine(large_company, weekly_summary):
    clv = pytest.importorskip("paynecrm_kernel.clv")
    summary = weekly_summary(large_company)
    part = summary[summary["segment"] == "everyday"][["frequency", "recency", "T"]]
    result = clv.BetaGeoModel().fit(part, time_unit="W")
    bg = large_company.truth["segments"]["everyday"]["bgnbd"]
    params = {name: float(result.params[name]) for name in ("r", "alpha", "a", "b")}
    assert params["r"] / params["alpha"] == pytest.approx(bg["r"] / bg["alpha"], rel=0.2)
    assert params["a"] / (params["a"] + params["b"]) == pytest.approx(bg["a"] / (bg["a"] + bg["b"]), rel=0.3)


def test_latent_matches_transactions(company):
    latent = company.latent
    counts = company.transactions.groupby("customer_id").size() - 1
    assert (latent.set_index("customer_id")["repeat_purchases"] == counts).all()
    assert latent.loc[latent["active_at_end"], "dropout_date"].isna().all()
    assert latent.loc[~latent["active_at_end"], "dropout_date"].notna().all()


def test_sbg_care_plan_recovered(large_company):
    subs = large_company.subscriptions
    cohorts = large_company.subscription_cohorts
    starts = subs.groupby(["segment", "start_date"]).size()
    zero = cohorts[cohorts["period"] == 0].set_index(["segment", "cohort"])["active"]
    assert (zero.to_numpy() == starts.reindex(zero.index).to_numpy()).all()
    assert (cohorts.groupby(["segment", "cohort"])["active"].diff().dropna() <= 0).all()
    for segment, spec in large_company.truth["segments"].items():
        part = subs[subs["segment"] == segment]
        t, churned = part["tenure_months"].to_numpy(), part["churned"].to_numpy()

        def negloglik(log_ab):
            al, be = np.exp(log_ab)
            log_pt = special.betaln(al + 1, be + t - 1) - special.betaln(al, be)
            log_st = special.betaln(al, be + t) - special.betaln(al, be)
            return -np.sum(np.where(churned, log_pt, log_st))

        al, be = np.exp(optimize.minimize(negloglik, [0.0, 1.0], method="Nelder-Mead").x)
        plan = spec["care_plan"]
        assert al / (al + be) == pytest.approx(plan["alpha"] / (plan["alpha"] + plan["beta"]), rel=0.25), segment


def test_service_profit_chain_betas_recovered(large_company):
    units = large_company.employee_units
    z = (units.iloc[:, 3:] - units.iloc[:, 3:].mean()) / units.iloc[:, 3:].std()
    for outcome, links in large_company.truth["service_profit_chain"].items():
        X = z[list(links)].to_numpy()
        beta = np.linalg.lstsq(X, z[outcome].to_numpy(), rcond=None)[0]
        assert beta == pytest.approx(list(links.values()), abs=0.06), outcome
    corr = implied_correlation()
    assert np.allclose(np.diag(corr), 1.0) and (np.abs(corr.to_numpy()) <= 1).all()


def test_conjoint_part_worths_recovered(large_company):
    ratings, design = large_company.conjoint, large_company.conjoint_design
    assert len(design) == 18 and len(ratings) == 600 * 18
    assert ratings["rating"].between(0, 100).all()
    dummies = pd.get_dummies(design.set_index("profile_id")[["price", "delivery", "warranty", "design"]],
                             dtype=float)
    attrs = large_company.truth["conjoint"]["attributes"]
    reference = [f"{a}_{levels[0]}" for a, levels in attrs.items()]
    X = np.column_stack([np.ones(18), dummies.drop(columns=reference).to_numpy()])
    names = dummies.drop(columns=reference).columns
    wide = ratings.pivot(index="respondent_id", columns="profile_id", values="rating").to_numpy(float)
    coef = np.linalg.lstsq(X, wide.T, rcond=None)[0].T
    segment = ratings.drop_duplicates("respondent_id")["benefit_segment"].to_numpy()
    for seg, spec in large_company.truth["conjoint"]["segments"].items():
        mean = coef[segment == seg].mean(axis=0)
        for j, name in enumerate(names, start=1):
            attr, level = name.split("_", 1)
            expected = spec["part_worths"][attr][attrs[attr].index(level)]
            assert mean[j] == pytest.approx(expected, abs=2.0), (seg, name)


def test_surveys_follow_planted_order(large_company):
    surveys = large_company.surveys
    assert surveys["satisfaction"].between(1, 7).all() and surveys["nps"].between(0, 10).all()
    means = surveys.groupby("segment")["satisfaction"].mean()
    assert means["enthusiasts"] > means["everyday"] > means["bargain"]
    by_channel = surveys.groupby("rated_channel")["channel_satisfaction"].mean()
    assert by_channel["stores"] > by_channel["call_centre"]
    merged = surveys.merge(large_company.latent[["customer_id", "dropout_probability"]])
    assert np.corrcoef(merged["satisfaction"], merged["dropout_probability"])[0, 1] < -0.05


def test_touch_log_is_the_planted_journeys_and_listed_with_the_tables(company):
    from paynecrm_kernel.data.sample_company.journeys import generate_journeys

    assert "touch_log" in company.table_names
    log = company.touch_log
    pd.testing.assert_frame_equal(log, generate_journeys(company))
    assert list(log.columns) == ["touch_id", "customer_id", "segment", "timestamp", "stage", "channel", "outcome",
                                 "amount"]
    assert set(log["customer_id"]) <= set(company.customers["customer_id"])
    log.loc[0, "channel"] = "changed"                       # a copy: the company's own log is untouched
    assert company.touch_log.loc[0, "channel"] != "changed"
    assert f"{len(log):,}" in company._repr_html_()
