"""The Hearth & Home sample company: one seeded call builds every table the notebooks use.

:func:`sample_company` draws a multichannel home-goods retailer with planted segments and planted model
parameters (see :func:`~._params.truth` and ``docs/sample-company.md``). The same arguments always give
the same data; the default data set is built once per process and cached.
"""
from __future__ import annotations

import copy
from functools import lru_cache

import numpy as np

from ...errors import DataValidationError
from . import _params as P
from .channels import channel_table, generate_interactions
from .conjoint import conjoint_design, generate_conjoint
from .customers import generate_customers
from .service_profit import generate_employee_units
from .subscriptions import generate_subscriptions
from .surveys import generate_surveys
from .transactions import generate_transactions

__all__ = ["DEFAULT_SEED", "SampleCompany", "sample_company"]

DEFAULT_SEED = 2005
DEFAULT_CUSTOMERS = 5000
DEFAULT_UNITS = 60
DEFAULT_RESPONDENTS = 300

_TABLES = ("customers", "transactions", "channels", "interactions", "campaigns", "surveys", "employee_units",
           "conjoint_design", "conjoint", "subscriptions", "subscription_cohorts", "latent",
           "conjoint_part_worths", "touch_log")


class SampleCompany:
    """An immutable bundle of the sample company's tables and its planted truth.

    Every attribute returns a fresh copy, so changing what you got never changes the company.

    Attributes
    ----------
    name : str
        "Hearth & Home".
    seed : int
        The seed it was drawn with.
    customers : pandas.DataFrame
        ``customer_id, segment, segment_label, customer_type, region, acquisition_date,
        acquisition_channel, acquisition_campaign, preferred_channel``.
    transactions : pandas.DataFrame
        ``transaction_id, customer_id, date, amount, channel`` (first purchases included).
    channels : pandas.DataFrame
        The six channel categories with ``unit_cost`` per interaction and physical/virtual ``contact``.
    interactions : pandas.DataFrame
        ``interaction_id, customer_id, transaction_id, timestamp, stage, channel, outcome,
        handling_minutes, identified``.
    campaigns : pandas.DataFrame
        Acquisition campaigns: ``campaign_id, name, channel, start_date, end_date, target_segment, cost,
        customers_acquired, cost_per_acquisition``.
    surveys : pandas.DataFrame
        ``customer_id, segment, survey_date, rated_channel, satisfaction, channel_satisfaction, nps``.
    employee_units : pandas.DataFrame
        Store-level service-profit-chain metrics.
    conjoint_design, conjoint, conjoint_part_worths : pandas.DataFrame
        The 18 profiles; the ratings in long format; the respondents' true part-worths.
    subscriptions, subscription_cohorts : pandas.DataFrame
        Care-plan contracts; survivors per segment, start month and period.
    latent : pandas.DataFrame
        True per-customer purchase rate, dropout probability, spend and whether still active at the end.
    touch_log : pandas.DataFrame
        Shopping journeys for attribution, converting or not, drawn from a planted Markov chain
        (:func:`~.journeys.generate_journeys`; built on first use).
    truth : dict
        Every planted parameter (see :func:`paynecrm_kernel.data.sample_company.truth`).
    time_unit : str
        "weeks" for the purchase process (the care plan counts months).
    """

    __slots__ = ("_tables", "_truth", "seed", "n_customers")

    def __init__(self, tables, truth, seed, n_customers):
        object.__setattr__(self, "_tables", dict(tables))
        object.__setattr__(self, "_truth", truth)
        object.__setattr__(self, "seed", seed)
        object.__setattr__(self, "n_customers", n_customers)

    def __setattr__(self, name, value):
        raise AttributeError("SampleCompany is immutable; copy a table and change the copy")

    def __getattr__(self, name):
        tables = object.__getattribute__(self, "_tables")
        if name in tables:
            return tables[name].copy()
        raise AttributeError(f"SampleCompany has no table {name!r}; tables: {', '.join(_TABLES)}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(_TABLES))

    @property
    def touch_log(self):
        """The touch log of shopping journeys with planted channel effects (see :mod:`.journeys`)."""
        tables = object.__getattribute__(self, "_tables")
        if "touch_log" not in tables:
            from .journeys import generate_journeys

            tables["touch_log"] = generate_journeys(self)
        return tables["touch_log"].copy()

    @property
    def name(self):
        return "Hearth & Home"

    @property
    def time_unit(self):
        return "weeks"

    @property
    def truth(self):
        return copy.deepcopy(self._truth)

    @property
    def table_names(self):
        """Names of the tables, in the order of the documentation."""
        return _TABLES

    def __repr__(self):
        return (f"SampleCompany(name='Hearth & Home', seed={self.seed}, customers={self.n_customers:,}, "
                f"transactions={len(self._tables['transactions']):,})")

    def _repr_html_(self):
        rows = "".join(f"<tr><td><code>{t}</code></td><td style='text-align:right'>{len(getattr(self, t)):,}</td>"
                       f"</tr>" for t in _TABLES)
        return (f"<div class='pcrm-sample-company'><b>Hearth &amp; Home</b> sample company (seed {self.seed}; "
                f"{P.truth()['start']} to {P.truth()['end']}, time unit: weeks)<table>"
                f"<tr><th>table</th><th>rows</th></tr>{rows}</table></div>")


def _check_count(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise DataValidationError(f"{name} must be a whole number of at least {minimum}, got {value!r}. "
                                  f"Fix: pass for example {name}={minimum * 10}.", column=name)
    return int(value)


def sample_company(seed=DEFAULT_SEED, n_customers=DEFAULT_CUSTOMERS, n_units=DEFAULT_UNITS,
                   n_respondents=DEFAULT_RESPONDENTS):
    """Build (or fetch from the cache) the Hearth & Home sample company.

    Parameters
    ----------
    seed : int, default 2005
        Seed of the random generator; the same arguments always give the same data.
    n_customers : int, default 5000
        Customers acquired over the two years of history.
    n_units : int, default 60
        Stores in the service-profit-chain table.
    n_respondents : int, default 300
        Conjoint respondents (each rates all 18 profiles).

    Returns
    -------
    SampleCompany

    Examples
    --------
    >>> company = sample_company()
    >>> company.truth["segments"]["trade"]["bgnbd"]["r"]
    1.4
    """
    seed = _check_count("seed", seed, 0)
    return _build(seed, _check_count("n_customers", n_customers, 10), _check_count("n_units", n_units, 5),
                  _check_count("n_respondents", n_respondents, 1))


@lru_cache(maxsize=8)
def _build(seed, n_customers, n_units, n_respondents):
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
    customers, campaigns, week = generate_customers(streams[0], n_customers)
    transactions, latent = generate_transactions(streams[1], customers, week)
    interactions = generate_interactions(streams[2], customers, transactions)
    surveys = generate_surveys(streams[3], customers, latent, week)
    units = generate_employee_units(streams[4], n_units)
    conjoint, part_worths = generate_conjoint(streams[5], customers["customer_id"].to_numpy(), n_respondents)
    subscriptions, cohorts = generate_subscriptions(streams[6], customers)
    tables = {"customers": customers, "transactions": transactions, "channels": channel_table(),
              "interactions": interactions, "campaigns": campaigns, "surveys": surveys,
              "employee_units": units, "conjoint_design": conjoint_design(), "conjoint": conjoint,
              "subscriptions": subscriptions, "subscription_cohorts": cohorts, "latent": latent,
              "conjoint_part_worths": part_worths}
    truth = P.truth()
    truth.update(seed=seed, n_customers=n_customers, n_units=n_units, n_respondents=n_respondents)
    return SampleCompany(tables, truth, seed, n_customers)
