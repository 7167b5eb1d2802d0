"""Applications and IT systems: the front- and back-office exercise, the integration map, the checklist.

Payne & Frow (2005) divide the applications of the information management process into front-office
applications, which support activities that deal directly with customers (sales-force automation and
call-centre management are their examples), and back-office applications, which support internal
administration and supplier relationships (human resources, procurement, warehouse management, logistics
and some finance). They stress that the two must be integrated, and that IT systems must be able to scale,
or migrate to larger systems, without disrupting operations. The lists below are the workbook's
teaching material built on that division; the examples beyond the article's are marked as the workbook's.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import DataValidationError

__all__ = ["APPLICATIONS", "Application", "INTEGRATION_MAP", "SCALABILITY_CHECKLIST", "classify_applications",
           "integration_map", "scalability_score"]


@dataclass(frozen=True)
class Application:
    """One application to classify.

    Attributes
    ----------
    name : str
    office : {"front", "back"}
        The answer.
    why : str
        The reasoning shown after the participant answers.
    source : str
        ``"S1"`` when Payne & Frow (2005) name it, ``"workbook"`` for the workbook's own examples.
    """

    name: str
    office: str
    why: str
    source: str


APPLICATIONS = (
    Application("Sales-force automation", "front", "account managers use it in front of trade customers", "S1"),
    Application("Call-centre management", "front", "agents talk to customers through it", "S1"),
    Application("Campaign management", "front", "it decides which customer receives which offer", "workbook"),
    Application("Web shop and app", "front", "customers serve themselves through it", "workbook"),
    Application("Store point of sale", "front", "the till is where the store customer pays", "workbook"),
    Application("Customer service desk (cases and complaints)", "front", "it records every complaint and its "
                "resolution", "workbook"),
    Application("Human resources", "back", "it serves employees, not customers", "S1"),
    Application("Procurement", "back", "it manages suppliers", "S1"),
    Application("Warehouse management", "back", "it runs stock and picking behind the scenes", "S1"),
    Application("Logistics", "back", "it plans the trucks (although the delivery date is promised to the "
                "customer: an integration point)", "S1"),
    Application("Finance: general ledger", "back", "internal accounting; some finance is back office", "S1"),
    Application("Billing and accounts receivable", "back", "internal finance, yet it holds every customer's "
                "address and payment history: an integration point", "workbook"),
)

#: Systems that feed the repository: what they send, the customer key they carry and where it is lost.
INTEGRATION_MAP = (
    dict(system="CRM", office="front", feeds="dim_customer", key="CRM id", channel=None,
         where_lost="never: the CRM creates the id"),
    dict(system="Billing", office="back", feeds="fact_transaction, dim_customer", key="billing account",
         channel=None, where_lost="a second account opened for the same person (duplicate)"),
    dict(system="Web shop", office="front", feeds="fact_transaction, fact_interaction", key="web login",
         channel="web", where_lost="guest checkout and browsing before login"),
    dict(system="Mobile app", office="front", feeds="fact_transaction, fact_interaction", key="app login",
         channel="app", where_lost="notifications opened without logging in"),
    dict(system="Call centre", office="front", feeds="fact_interaction", key="phone number looked up",
         channel="call_centre", where_lost="calls from withheld or shared phone numbers"),
    dict(system="Store point of sale", office="front", feeds="fact_transaction, fact_interaction",
         key="loyalty card", channel="stores", where_lost="cash purchases without the card"),
    dict(system="Catalogue and direct mail", office="front", feeds="fact_interaction", key="mailing code",
         channel="catalogue", where_lost="coupons redeemed without the mailing code"),
    dict(system="Sales-force automation", office="front", feeds="fact_interaction", key="trade account",
         channel="sales_force", where_lost="visits logged against the company, not the contact"),
    dict(system="Logistics", office="back", feeds="fact_interaction (deliveries)", key="order number",
         channel=None, where_lost="deliveries to a different address than the account's"),
)

#: Questions for the IT systems: can the repository grow and change without disrupting operations?
SCALABILITY_CHECKLIST = (
    ("Scale", "Can the customer summary be rebuilt for ten times today's customers overnight?"),
    ("Scale", "Can the systems migrate to larger hardware or a hosted service without stopping sales?"),
    ("Integration", "Does every channel's system pass the customer id to the repository?"),
    ("Integration", "Are front- and back-office systems linked (orders to logistics, billing to the CRM)?"),
    ("Integration", "Were the source databases integrated before being merged into the warehouse?"),
    ("Concurrency", "Can many users read the repository while it is being refreshed?"),
    ("Quality", "Is data quality measured per source, with an owner for each contract?"),
    ("Access", "Can users across the firm, not only IT, query the marts they need?"),
    ("Recovery", "Can a failed load be rolled back to the last good repository?"),
)


def classify_applications(answers):
    """Score a participant's front/back-office classification.

    Parameters
    ----------
    answers : dict
        Application name -> ``"front"`` or ``"back"``.

    Returns
    -------
    pandas.DataFrame
        One row per application: ``answer``, ``correct_office``, ``correct`` and ``why``;
        ``attrs["score"]`` is the share answered correctly.
    """
    names = {a.name: a for a in APPLICATIONS}
    unknown = [n for n in answers if n not in names]
    if unknown:
        raise DataValidationError(f"Unknown application(s) {unknown}; the exercise lists "
                                  f"{', '.join(names)}.")
    bad = {n: v for n, v in answers.items() if v not in ("front", "back")}
    if bad:
        raise DataValidationError(f"Answers must be 'front' or 'back'; got {bad}.")
    rows = [{"application": a.name, "answer": answers.get(a.name), "correct_office": a.office,
             "correct": answers.get(a.name) == a.office, "why": a.why} for a in APPLICATIONS]
    table = pd.DataFrame(rows).set_index("application")
    table.attrs["score"] = float(table["correct"].mean())
    return table


def integration_map(channels=None):
    """The integration map as a table, with each channel's identification rate when ``channels`` is given.

    Parameters
    ----------
    channels : pandas.DataFrame, optional
        ``channel, identification_rate`` (the sample company's channel table).
    """
    table = pd.DataFrame(INTEGRATION_MAP)
    if channels is not None:
        rates = channels.set_index("channel")["identification_rate"]
        table["identified_share"] = table["channel"].map(rates)
    return table


def scalability_score(answers):
    """Share of checklist items met, overall and by area.

    Parameters
    ----------
    answers : sequence of bool
        One answer per item of :data:`SCALABILITY_CHECKLIST`, in order.
    """
    answers = list(answers)
    if len(answers) != len(SCALABILITY_CHECKLIST) or not all(isinstance(a, bool) for a in answers):
        raise DataValidationError(f"Give one True/False answer for each of the {len(SCALABILITY_CHECKLIST)} "
                                  f"checklist items, in order.")
    table = pd.DataFrame(SCALABILITY_CHECKLIST, columns=["area", "question"]).assign(met=answers)
    by_area = table.groupby("area", sort=False)["met"].mean()
    return pd.concat([by_area, pd.Series({"overall": table["met"].mean()})])
