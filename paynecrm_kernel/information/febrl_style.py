"""Benchmark-style person data in the layout of the FEBRL data sets, generated with a known truth.

The FEBRL data sets (Christen 2008, "Febrl: a freely available record linkage system", *KDD*) are the
customary public test of person linkage: originals and duplicates with typing errors, missing values and
swapped fields, one record per row, ids that tell which duplicate belongs to which original. Splink's
copies of them are downloaded on first use, so the workbook, which must work offline, generates data of
the same layout and error model instead (:func:`febrl_style_people`): ``rec_id`` is ``rec-<n>-org`` or
``rec-<n>-dup-<k>``, and :data:`FEBRL_COMPARE` and :data:`FEBRL_BLOCKING` link it with
:func:`~paynecrm_kernel.information.linkage.link_records`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.sample_company.extracts import NICKNAMES, STREET_TYPES, STREETS, corrupt_text, generate_people
from ..errors import DataValidationError

__all__ = ["FEBRL_BLOCKING", "FEBRL_COMPARE", "febrl_style_people"]

STATES = ("nsw", "vic", "qld", "wa", "sa", "tas", "act", "nt")
FEBRL_COMPARE = {"given_name": "name", "surname": "name", "date_of_birth": "date", "soc_sec_id": "phone",
                 "street_number": "exact", "address_1": "text", "suburb": "text", "postcode": "postcode"}
FEBRL_BLOCKING = ["soc_sec_id", ["given_name", "surname"], ["surname", "date_of_birth"],
                  ["given_name", "date_of_birth"], ["postcode", "street_number"]]
_TEXT = ("given_name", "surname", "address_1", "suburb")
_DIGITS = ("soc_sec_id", "postcode", "street_number")


def _modify(rec, rng):
    field = ("given_name", "surname", "date_of_birth", "soc_sec_id", "street_number", "address_1", "suburb",
             "postcode")[int(rng.integers(8))]
    value = rec[field]
    kind = rng.random()
    if value is None:
        return
    if kind < 0.15:
        rec[field] = None                                            # value missing
    elif kind < 0.25 and field == "given_name" and value.capitalize() in NICKNAMES:
        rec[field] = NICKNAMES[value.capitalize()].lower()           # nickname
    elif kind < 0.32 and field in ("given_name", "surname"):
        rec["given_name"], rec["surname"] = rec["surname"], rec["given_name"]   # fields swapped
    elif field == "date_of_birth" and kind < 0.6 and int(value[6:8]) <= 12:
        rec[field] = f"{value[:4]}{value[6:8]}{value[4:6]}"          # day and month swapped
    elif field == "date_of_birth":
        i = int(rng.integers(2, 8))                                   # one wrong digit
        rec[field] = value[:i] + str(int(rng.integers(10))) + value[i + 1:]
    else:
        rec[field] = corrupt_text(value, rng, digits=field in _DIGITS)


def febrl_style_people(n_originals=2000, n_duplicates=3000, max_duplicates=5, max_modifications=3, seed=0):
    """Originals and their corrupted duplicates, FEBRL data set 3 style.

    Parameters
    ----------
    n_originals : int
        People.
    n_duplicates : int
        Extra records of some of them (at most ``max_duplicates`` each).
    max_duplicates : int
    max_modifications : int
        Each duplicate gets 1 to this many modifications (typing error, missing value, nickname, swapped
        names, wrong or swapped birth-date digits).
    seed : int

    Returns
    -------
    pandas.DataFrame
        ``rec_id, given_name, surname, street_number, address_1, suburb, postcode, state, date_of_birth
        (YYYYMMDD), soc_sec_id, person`` (``person`` is the truth).
    """
    if n_originals < 1 or n_duplicates < 0 or max_duplicates < 1 or n_duplicates > n_originals * max_duplicates:
        raise DataValidationError(f"Cannot make {n_duplicates:,} duplicates of {n_originals:,} originals with at "
                                  f"most {max_duplicates} each. Fix: raise n_originals or max_duplicates.")
    rng = np.random.default_rng(seed)
    people = generate_people(np.arange(n_originals), rng)
    originals = pd.DataFrame({
        "rec_id": [f"rec-{i}-org" for i in range(n_originals)],
        "given_name": people["first_name"].str.lower(), "surname": people["surname"].str.lower(),
        "street_number": rng.integers(1, 400, n_originals).astype(str),
        "address_1": [f"{STREETS[int(a)]} {STREET_TYPES[int(b)]}".lower() for a, b in
                      zip(rng.integers(len(STREETS), size=n_originals), rng.integers(len(STREET_TYPES),
                                                                                     size=n_originals))],
        "suburb": people["town"].str.lower(), "postcode": rng.integers(2000, 8000, n_originals).astype(str),
        "state": np.array(STATES)[rng.integers(len(STATES), size=n_originals)],
        "date_of_birth": people["date_of_birth"].str.replace("-", ""),
        "soc_sec_id": rng.integers(1_000_000, 9_999_999, n_originals).astype(str), "person": np.arange(n_originals)})
    counts = np.zeros(n_originals, dtype=int)
    while counts.sum() < n_duplicates:          # spread the duplicates, at most max_duplicates per original
        room = np.flatnonzero(counts < max_duplicates)
        take = rng.choice(room, size=min(len(room), n_duplicates - counts.sum()), replace=False)
        counts[take] += rng.integers(1, max_duplicates + 1, size=len(take))
        counts = np.minimum(counts, max_duplicates)
        while counts.sum() > n_duplicates:
            counts[rng.choice(np.flatnonzero(counts > 0))] -= 1
    rows = []
    for person, (rec, k) in enumerate(zip(originals.to_dict("records"), counts)):
        for j in range(k):
            dup = dict(rec, rec_id=f"rec-{person}-dup-{j}")
            for _ in range(int(rng.integers(1, max_modifications + 1))):
                _modify(dup, rng)
            rows.append(dup)
    return pd.concat([originals, pd.DataFrame(rows)], ignore_index=True)
