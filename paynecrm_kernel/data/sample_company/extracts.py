"""Messy customer extracts from four systems of the sample company, with the truth behind them.

A real firm holds its customers in several systems that never shared an identifier: the CRM, billing,
the web shop and the call centre. :func:`generate_extracts` gives every customer of the sample company a
person (name, date of birth, e-mail, phone, address), places that person in each system with the system's
coverage, and writes each record as that system would have it: its own fields, its own formatting, and the
defects real files have. The answer key (:attr:`Extracts.truth`) maps every record to its customer.

Defects, each with a rate set by the tier (:data:`TIERS`):

* typing errors in names, e-mails and phones (one substituted, dropped, doubled or swapped character);
* nicknames (Robert written as Bob), and day and month of the birth date swapped;
* fields left empty, people who moved (a new address in a later system), new e-mail addresses;
* name changes (a new surname and e-mail after marriage);
* duplicates inside one system (a second account opened later; the purchases after that day are billed to
  it);
* the population itself holds the hard negatives: households whose members share the surname, the address
  and often the landline, and phones shared by unrelated people.

The ``easy`` tier keeps one light defect rate so that a good probabilistic model can reach the Census 2021
targets (precision 99.9 %, recall 99.75 %); ``medium`` and ``hard`` add the cases where any threshold trades
false merges against missed matches.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ...errors import DataValidationError

__all__ = ["SOURCES", "TIERS", "Extracts", "corrupt_text", "generate_extracts", "generate_people"]

FEMALE = ("Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Margaret Betty "
          "Sandra Ashley Dorothy Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca "
          "Laura Sharon Cynthia Kathleen Amy Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine "
          "Christine Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce Victoria "
          "Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline Martha Grace "
          "Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Julia Rose "
          "Beverly Denise Marilyn Amber Danielle Brittany Diana Natalie Isabella Charlotte Alexis Kayla").split()
MALE = ("James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel Matthew "
        "Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald Jason Edward "
        "Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel "
        "Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Zachary "
        "Douglas Peter Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean Gerald Carl Harold "
        "Dylan Arthur Lawrence Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah "
        "Wayne Randy Vincent Mason Roy Ralph Bobby Russell Bradley Philip Eugene").split()
SURNAMES = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
            "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
            "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
            "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker "
            "Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper "
            "Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James "
            "Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster "
            "Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher "
            "Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno "
            "West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall "
            "Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb "
            "Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon "
            "Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills "
            "Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant "
            "Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott "
            "Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins "
            "Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval").split()
NICKNAMES = {"Robert": "Bob", "William": "Bill", "Richard": "Rick", "James": "Jim", "Michael": "Mike",
             "Thomas": "Tom", "Joseph": "Joe", "Christopher": "Chris", "Daniel": "Dan", "Matthew": "Matt",
             "Anthony": "Tony", "Steven": "Steve", "Andrew": "Andy", "Kenneth": "Ken", "Edward": "Ed",
             "Nicholas": "Nick", "Jonathan": "Jon", "Benjamin": "Ben", "Samuel": "Sam", "Alexander": "Alex",
             "Elizabeth": "Liz", "Margaret": "Maggie", "Jennifer": "Jenny", "Patricia": "Pat", "Katherine": "Kate",
             "Rebecca": "Becky", "Deborah": "Debbie", "Kimberly": "Kim", "Susan": "Sue", "Christine": "Chris",
             "Victoria": "Vicky", "Samantha": "Sam", "Catherine": "Cathy", "Jacqueline": "Jackie"}
STREETS = ("Oak Maple Cedar Pine Elm Birch Willow Chestnut Walnut Hickory Spruce Poplar Ash Magnolia Laurel "
           "Park Lake Hill River Church Mill Station Market School Bridge Forest Meadow Orchard Spring Valley "
           "Highland Sunset Ridge Garden Victoria Albert Queen King Prospect Grove").split()
STREET_TYPES = ("Street", "Road", "Avenue", "Lane", "Drive", "Close", "Way", "Court")
TOWNS = {"North": ("Northbrook", "Kingsford", "Ashby", "Millbrook"),
         "South": ("Southport", "Riverside", "Fairview", "Greenhill"),
         "East": ("Eastwood", "Harborough", "Seaton", "Brightwater"),
         "West": ("Westfield", "Oakridge", "Stonebridge", "Redcliff"),
         "Central": ("Middleton", "Centreville", "Crossways", "Hearthvale")}
DOMAINS = ("mailbox.example", "post.example", "inbox.example", "webmail.example", "netmail.example")

#: The four systems: share of customers each holds and the fields it records.
SOURCES = {
    "crm": dict(label="CRM", coverage=0.85, fields=("first_name", "surname", "date_of_birth", "email", "phone",
                                                    "street", "postcode", "town")),
    "billing": dict(label="Billing", coverage=1.0, fields=("first_name", "surname", "email", "phone", "street",
                                                           "postcode", "town")),
    "web": dict(label="Web shop", coverage=0.55, fields=("first_name", "surname", "date_of_birth", "email",
                                                          "phone", "postcode")),
    "call_centre": dict(label="Call centre", coverage=0.4, fields=("first_name", "surname", "date_of_birth",
                                                                     "phone", "postcode")),
}
FIELDS = ("first_name", "surname", "date_of_birth", "email", "phone", "street", "postcode", "town")
_EXTRACT_DATE = pd.Timestamp("2024-12-30")          # the day the extracts were taken (end of the history)
_STALENESS_DAYS = {"first": 420.0, "later": 150.0}  # mean days since a record was last updated

#: Defect rates of each tier. ``typo`` and ``missing`` apply per field, ``moved``, ``new_email`` and
#: ``name_change`` per record written after the person's life changed (a second account, or a record of a
#: later system), ``household`` and ``shared_phone`` per person, the others per record.
TIERS = {
    "easy": dict(typo=0.03, nickname=0.0, dob_swap=0.0, missing=0.0, moved=0.0, new_email=0.0,
                 name_change=0.0, duplicate=0.03, household=0.08, shared_phone=0.0, formatting=0.3),
    "medium": dict(typo=0.08, nickname=0.06, dob_swap=0.01, missing=0.06, moved=0.24, new_email=0.16,
                   name_change=0.08, duplicate=0.06, household=0.12, shared_phone=0.02, formatting=0.5),
    "hard": dict(typo=0.15, nickname=0.12, dob_swap=0.03, missing=0.15, moved=0.48, new_email=0.4,
                 name_change=0.24, duplicate=0.1, household=0.18, shared_phone=0.05, formatting=0.7),
}

_KEYS = "qwertyuiop asdfghjkl zxcvbnm".split()
_NEIGHBOURS = {c: (row[i - 1] if i else "") + (row[i + 1] if i + 1 < len(row) else "")
               for row in _KEYS for i, c in enumerate(row)}


def corrupt_text(text, rng, digits=False):
    """Return ``text`` with one typing error: a neighbouring key, a dropped, doubled or swapped character.

    Parameters
    ----------
    text : str
    rng : numpy.random.Generator
    digits : bool
        Substitute digits instead of neighbouring letters (phones, house numbers).
    """
    if len(text) < 3:
        return text
    i = int(rng.integers(1, len(text) - 1))
    kind = rng.integers(4)
    c = text[i]
    if kind == 0:
        if digits and c.isdigit():
            sub = str((int(c) + int(rng.integers(1, 10))) % 10)
        else:
            near = _NEIGHBOURS.get(c.lower(), "")
            sub = near[int(rng.integers(len(near)))] if near else c
        return text[:i] + sub + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + c + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


@dataclass(frozen=True)
class Extracts:
    """Four systems' customer records, the truth behind them and the purchases billed to each account.

    Attributes
    ----------
    records : dict of str to pandas.DataFrame
        One frame per system (:data:`SOURCES`): ``record_id``, the system's fields and ``last_updated``
        (the day the record was last changed; the extracts were taken on 2024-12-30).
    truth : pandas.DataFrame
        ``record_id, source, customer_id, household_id``: the answer key.
    people : pandas.DataFrame
        The true person behind every customer (clean fields, ``household_id``).
    billing_transactions : pandas.DataFrame
        The company's transactions with ``record_id`` = the billing account they were billed to.
    tier : str
    seed : int
    """

    records: dict = field(repr=False)
    truth: pd.DataFrame = field(repr=False)
    people: pd.DataFrame = field(repr=False)
    billing_transactions: pd.DataFrame = field(repr=False)
    tier: str = "easy"
    seed: int = 0

    def combined(self):
        """All records in one frame (a ``source`` column, every field), as one de-duplication input."""
        frames = [frame.assign(source=name) for name, frame in self.records.items()]
        out = pd.concat(frames, ignore_index=True)
        return out[["record_id", "source", *FIELDS, "last_updated"]]

    def __repr__(self):
        counts = ", ".join(f"{k}={len(v):,}" for k, v in self.records.items())
        return f"Extracts(tier={self.tier!r}, seed={self.seed}, {counts})"


def _customer_frame(company_or_customers):
    customers = getattr(company_or_customers, "customers", company_or_customers)
    if not isinstance(customers, pd.DataFrame):
        raise DataValidationError("generate_extracts needs the sample company or its customers table (a pandas "
                                  f"DataFrame), got {type(customers).__name__}.")
    if "customer_id" not in customers.columns:
        raise DataValidationError("The customers table has no 'customer_id' column. Fix: pass "
                                  "sample_company().customers or a frame with customer_id (and region).",
                                  column="customer_id")
    if len(customers) == 0:
        raise DataValidationError("The customers table is empty: there is no one to write extracts for.")
    if customers["customer_id"].duplicated().any():
        rows = np.flatnonzero(customers["customer_id"].duplicated().to_numpy())
        raise DataValidationError(f"customer_id repeats on rows {rows[:5].tolist()}; each customer needs one row.",
                                  column="customer_id", rows=rows[:20])
    return customers.reset_index(drop=True)


def generate_people(customer_ids, rng, regions=None, household_share=0.1, shared_phone_share=0.0):
    """Draw a true person for each customer: households share surname, address and often the phone.

    Parameters
    ----------
    customer_ids : array-like
    rng : numpy.random.Generator
    regions : array-like of str, optional
        Region of each customer (sets the town and postcode area); drawn uniformly when omitted.
    household_share : float
        Share of customers who join the household of an earlier customer.
    shared_phone_share : float
        Share of customers given the phone of an unrelated customer.

    Returns
    -------
    pandas.DataFrame
        ``customer_id, household_id, first_name, surname, date_of_birth, email, phone, street, postcode,
        town``.
    """
    ids = np.asarray(customer_ids)
    n = len(ids)
    names = list(TOWNS)
    region = np.asarray(regions) if regions is not None else np.array(names)[rng.integers(len(names), size=n)]
    female = rng.random(n) < 0.5
    first = np.where(female, np.array(FEMALE)[rng.integers(len(FEMALE), size=n)],
                     np.array(MALE)[rng.integers(len(MALE), size=n)])
    surname = np.array(SURNAMES)[np.minimum(rng.zipf(1.3, size=n) - 1 + rng.integers(0, 40, size=n),
                                            len(SURNAMES) - 1)]
    dob = pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 365 * 62, size=n), unit="D")
    area = np.array([names.index(r) if r in names else 0 for r in region])
    town = np.array([TOWNS[names[a]][k] for a, k in zip(area, rng.integers(4, size=n))])
    postcode = np.char.add(np.char.add((10 + 17 * area).astype(str), rng.integers(0, 10, size=n).astype(str)),
                           np.char.zfill(rng.integers(0, 100, size=n).astype(str), 2))
    street = np.char.add(np.char.add(rng.integers(1, 300, size=n).astype(str), " "),
                         np.char.add(np.char.add(np.array(STREETS)[rng.integers(len(STREETS), size=n)], " "),
                                     np.array(STREET_TYPES)[rng.integers(len(STREET_TYPES), size=n)]))
    phone = np.char.add(np.char.add((200 + rng.integers(0, 800, size=n)).astype(str), "555"),
                        np.char.zfill(rng.integers(0, 10000, size=n).astype(str), 4))
    household = np.arange(n)
    joins = np.flatnonzero(rng.random(n) < household_share)
    joins = joins[joins > 0]
    host = (rng.random(len(joins)) * joins).astype(int)
    host = household[host]
    for i, h in zip(joins, host):          # the later customer moves into the earlier one's household
        household[i] = household[h]
        pool = FEMALE if first[i] in FEMALE else MALE
        while first[i][0] == first[h][0]:       # relatives' first names differ from the first letter
            first[i] = pool[int(rng.integers(len(pool)))]
        surname[i], street[i], postcode[i], town[i] = surname[h], street[h], postcode[h], town[h]
        if rng.random() < 0.6:
            phone[i] = phone[h]
    sharers = np.flatnonzero(rng.random(n) < shared_phone_share)
    phone[sharers] = phone[rng.integers(n, size=len(sharers))]
    style = rng.integers(3, size=n)
    local = np.where(style == 0, np.char.add(np.char.add(first, "."), surname),
                     np.where(style == 1, np.char.add(np.char.add(np.char.array(first).astype(str), surname),
                                                      rng.integers(1, 99, size=n).astype(str)),
                              np.char.add(np.array([f[0] for f in first]), surname)))
    email = np.char.add(np.char.add(np.char.lower(local.astype(str)), "@"),
                        np.array(DOMAINS)[rng.integers(len(DOMAINS), size=n)])
    taken = pd.Series(email).duplicated().to_numpy()     # a mail provider gives every address once
    email[taken] = [e.replace("@", f"{i}@") for e, i in zip(email[taken], np.flatnonzero(taken))]
    return pd.DataFrame({"customer_id": ids, "household_id": ids[household], "first_name": first,
                         "surname": surname, "date_of_birth": dob.strftime("%Y-%m-%d"), "email": email,
                         "phone": phone, "street": street, "postcode": postcode, "town": town})


def _format_phone(p, rng):
    style = rng.integers(4)
    return (p, f"({p[:3]}) {p[3:6]}-{p[6:]}", f"{p[:3]}.{p[3:6]}.{p[6:]}", f"+1 {p[:3]} {p[3:6]} {p[6:]}")[style]


def _write_record(person, fields, rates, rng, version):
    """One system's record of a person, with the tier's defects."""
    rec = {f: person[f] for f in fields}
    if version == "later":                       # the person's later life: moved, married, a new e-mail
        if "street" in rec and rng.random() < rates["moved"]:
            rec["street"] = f"{int(rng.integers(1, 300))} {STREETS[int(rng.integers(len(STREETS)))]} Road"
            rec["postcode"] = rec["postcode"][:3] + f"{int(rng.integers(100)):02d}"
        if rng.random() < rates["name_change"]:
            rec["surname"] = SURNAMES[int(rng.integers(len(SURNAMES)))]
            if "email" in rec:
                rec["email"] = f"{rec['first_name'].lower()}.{rec['surname'].lower()}@{DOMAINS[0]}"
        if "email" in rec and rng.random() < rates["new_email"]:
            rec["email"] = f"{rec['first_name'][0].lower()}{rec['surname'].lower()}" \
                           f"{int(rng.integers(100, 999))}@{DOMAINS[int(rng.integers(len(DOMAINS)))]}"
    if rng.random() < rates["nickname"] and rec["first_name"] in NICKNAMES:
        rec["first_name"] = NICKNAMES[rec["first_name"]]
    if "date_of_birth" in rec and rng.random() < rates["dob_swap"] and int(rec["date_of_birth"][8:]) <= 12:
        d = rec["date_of_birth"]
        rec["date_of_birth"] = f"{d[:4]}-{d[8:]}-{d[5:7]}"
    for f in ("first_name", "surname", "email", "phone", "street", "date_of_birth"):
        if f in rec and rng.random() < rates["typo"]:
            rec[f] = corrupt_text(rec[f], rng, digits=f in ("phone", "date_of_birth"))
    for f in fields:
        if f not in ("first_name", "surname") and rng.random() < rates["missing"]:
            rec[f] = None
    if rng.random() < rates["formatting"]:
        for f in ("first_name", "surname"):
            rec[f] = rec[f].upper()
        if rec.get("phone"):
            rec["phone"] = _format_phone(rec["phone"], rng)
        if rec.get("email"):
            rec["email"] = rec["email"].capitalize()
    if "date_of_birth" in rec and rec["date_of_birth"] is not None:
        d = rec["date_of_birth"]
        if not pd.notna(pd.to_datetime(d, format="%Y-%m-%d", errors="coerce")):
            rec["date_of_birth"] = None          # a typo that made no date: the system would have refused it
    return rec


def generate_extracts(company_or_customers, tier="easy", seed=0, transactions=None):
    """Write the four systems' extracts of the sample company's customers.

    Parameters
    ----------
    company_or_customers : SampleCompany or pandas.DataFrame
        The company (its ``customers`` and ``transactions`` are used) or a customers table with
        ``customer_id`` (and ``region``).
    tier : {"easy", "medium", "hard"}
        Defect rates (:data:`TIERS`).
    seed : int
        Seed of the random generator; the same arguments give the same extracts.
    transactions : pandas.DataFrame, optional
        ``customer_id, date, amount``; taken from the company when it is given.

    Returns
    -------
    Extracts
    """
    if tier not in TIERS:
        raise DataValidationError(f"tier must be one of {', '.join(map(repr, TIERS))}, got {tier!r}.")
    customers = _customer_frame(company_or_customers)
    if transactions is None and hasattr(company_or_customers, "transactions"):
        transactions = company_or_customers.transactions
    rates = TIERS[tier]
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 7_2005]))
    regions = customers["region"].to_numpy() if "region" in customers.columns else None
    people = generate_people(customers["customer_id"].to_numpy(), rng, regions, rates["household"],
                             rates["shared_phone"])
    rows = {name: [] for name in SOURCES}
    truth = []
    second_account = {}
    for person in people.to_dict("records"):
        for order, (name, spec) in enumerate(SOURCES.items()):
            if rng.random() >= spec["coverage"]:
                continue
            copies = 2 if rng.random() < rates["duplicate"] else 1
            for k in range(copies):
                version = "later" if (k == 1 or (order >= 2 and rng.random() < 0.5)) else "first"
                rec = _write_record(person, spec["fields"], rates, rng, version)
                rec["record_id"] = f"{name.upper()[:3]}-{len(rows[name]) + 1:07d}"
                age = rng.exponential(_STALENESS_DAYS[version])
                updated = _EXTRACT_DATE - pd.Timedelta(days=int(min(age, 3000)))
                rec["last_updated"] = updated.strftime("%Y-%m-%d")
                rows[name].append(rec)
                truth.append((rec["record_id"], name, person["customer_id"], person["household_id"]))
                if name == "billing":
                    second_account.setdefault(person["customer_id"], []).append(rec["record_id"])
    records = {name: pd.DataFrame(r, columns=["record_id", *SOURCES[name]["fields"], "last_updated"])
               .astype("string") for name, r in rows.items()}
    truth = pd.DataFrame(truth, columns=["record_id", "source", "customer_id", "household_id"])
    billed = _bill(transactions, second_account, rng) if transactions is not None else None
    return Extracts(records=records, truth=truth, people=people, billing_transactions=billed, tier=tier,
                    seed=int(seed))


def _bill(transactions, accounts, rng):
    """Assign each purchase to a billing account; a second account takes the purchases after its opening."""
    tx = transactions.sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)
    position = tx.groupby("customer_id").cumcount().to_numpy()
    size = tx.groupby("customer_id")["customer_id"].transform("size").to_numpy()
    first = pd.Series({c: a[0] for c, a in accounts.items()})
    second = pd.Series({c: a[1] for c, a in accounts.items() if len(a) > 1}, dtype=object)
    cut = pd.Series(rng.random(len(second)), index=second.index)
    ids = tx["customer_id"]
    has_second = ids.isin(second.index).to_numpy()
    later = has_second & (position >= np.ceil(ids.map(cut).fillna(1.0).to_numpy() * size))
    record = np.where(later, ids.map(second).to_numpy(), ids.map(first).to_numpy())
    return tx.assign(record_id=record)[["record_id", "customer_id", "date", "amount"]]
