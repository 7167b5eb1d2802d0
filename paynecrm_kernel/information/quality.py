"""The data-quality scorecard: six DAMA dimensions per source, computed in SQL, and a weighted index.

The six dimensions (DAMA UK 2013, *The six primary dimensions for data quality assessment*), as the
scorecard measures them for each source system (shares from 0 to 1, higher is better):

* **completeness**: filled cells among the fields the system records;
* **uniqueness**: distinct customers among the records, where a customer is known by the e-mail address
  or, without one, by the phone number's digits (two records with the same key are one customer twice);
* **validity**: filled values in the format the contract requires (:data:`.contracts.PATTERNS`);
* **consistency**: values written in the system's one agreed form (names in title case, e-mail in lower
  case, phones as ten plain digits), so that the same thing is always written the same way;
* **timeliness**: records updated in the twelve months before the extract was taken;
* **accuracy**: values equal to the reference (the true person behind the record), where a reference
  exists; without one the dimension is reported as not measured and left out of the index.

Every figure comes from SQL run in DuckDB on the extract; :attr:`Scorecard.sql` keeps the statements so the
chapter can show them. :mod:`.contracts` holds the same format rules as pandera schemas.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from ..errors import DataValidationError
from .contracts import PATTERNS

__all__ = ["DEFAULT_WEIGHTS", "DIMENSIONS", "Scorecard", "cost_of_bad_data", "quality_index",
           "quality_scorecard"]

DIMENSIONS = ("completeness", "uniqueness", "validity", "consistency", "timeliness", "accuracy")
#: Starting weights of the index (editable; they are normalised to sum to 1 over the measured dimensions).
DEFAULT_WEIGHTS = {"completeness": 0.2, "uniqueness": 0.2, "validity": 0.2, "consistency": 0.1,
                   "timeliness": 0.1, "accuracy": 0.2}

_FIELDS = ("first_name", "surname", "date_of_birth", "email", "phone", "street", "postcode", "town")
_DIGITS = "regexp_replace(regexp_replace({c}, '^\\+\\d{{1,3}}[ .-]+', ''), '\\D', '', 'g')"
_STANDARD_FORM = {
    "first_name": "{c} = upper({c}[1]) || lower({c}[2:])",
    "surname": "{c} = upper({c}[1]) || lower({c}[2:])",
    "email": "{c} = lower({c})",
    "phone": "regexp_full_match({c}, '\\d{{10}}')",
}
_SAME = {"first_name": "lower(trim({c}))", "surname": "lower(trim({c}))", "email": "lower(trim({c}))",
         "phone": _DIGITS, "date_of_birth": "{c}", "street": "lower(trim({c}))", "postcode": "trim({c})",
         "town": "lower(trim({c}))"}


@dataclass(frozen=True)
class Scorecard:
    """Data quality of each source on the six dimensions.

    Attributes
    ----------
    scores : pandas.DataFrame
        Index = source; one column per dimension (missing where not measured) and ``records``.
    by_field : pandas.DataFrame
        ``source, field, completeness, validity, consistency, accuracy`` per field.
    sql : dict
        Source -> ``{"fields": SQL of the per-field dimensions, "records": SQL of uniqueness and
        timeliness}``.
    """

    scores: pd.DataFrame
    by_field: pd.DataFrame = field(repr=False)
    sql: dict = field(repr=False)

    def index(self, weights=None):
        """Weighted quality index per source (see :func:`quality_index`)."""
        return quality_index(self.scores, weights)


def _fields_of(frame):
    return [f for f in _FIELDS if f in frame.columns]


def _field_sql(table, fields, as_of, has_reference):
    parts = []
    for f in fields:
        c = f'"{f}"'
        valid = f"regexp_full_match({c}, '" + PATTERNS[f].replace("'", "''") + "')"
        consistent = _STANDARD_FORM.get(f, "TRUE").format(c=c)
        accurate = (f"AVG(CAST({_SAME[f].format(c='s.' + c)} = {_SAME[f].format(c='r.' + c)} AS DOUBLE))"
                    if has_reference else "NULL")
        parts.append(
            f"SELECT '{f}' AS field, AVG(CAST(s.{c} IS NOT NULL AS DOUBLE)) AS completeness, "
            f"AVG(CAST({valid.replace(c, 's.' + c)} AS DOUBLE)) AS validity, "
            f"AVG(CAST({consistent.replace(c, 's.' + c)} AS DOUBLE)) AS consistency, "
            f"{accurate} AS accuracy FROM {table} AS s"
            + (" LEFT JOIN reference_truth AS t USING (record_id) LEFT JOIN reference_people AS r "
               "ON r.customer_id = t.customer_id" if has_reference else ""))
    return "\nUNION ALL\n".join(parts)


def _record_sql(table, fields, as_of):
    key = ("COALESCE(lower(trim(email)), " + _DIGITS.format(c="phone") + ")") if "email" in fields else \
        _DIGITS.format(c="phone")
    return (f"SELECT COUNT(*) AS records, "
            f"COUNT(DISTINCT {key}) / NULLIF(COUNT({key}), 0) AS uniqueness, "
            f"AVG(CAST(date_diff('day', CAST(last_updated AS DATE), DATE '{as_of}') <= 365 AS DOUBLE)) "
            f"AS timeliness FROM {table}")


def quality_scorecard(records, *, truth=None, reference=None, as_of="2024-12-30"):
    """Score each source on the six data-quality dimensions, in SQL.

    Parameters
    ----------
    records : dict of str to pandas.DataFrame, or Extracts
        One extract per source: ``record_id``, any of the person fields, ``last_updated``.
    truth : pandas.DataFrame, optional
        ``record_id, customer_id``: which real customer each record describes.
    reference : pandas.DataFrame, optional
        The reference value of each field per ``customer_id`` (e.g. ``Extracts.people``); with ``truth``
        it gives the accuracy dimension.
    as_of : date-like
        The day the extracts were taken (timeliness counts the twelve months before it).

    Returns
    -------
    Scorecard
    """
    if hasattr(records, "records"):
        truth = records.truth if truth is None else truth
        reference = records.people if reference is None else reference
        records = records.records
    if not isinstance(records, dict) or not records:
        raise DataValidationError("quality_scorecard needs a dict of source name -> extract (DataFrame).")
    as_of = pd.Timestamp(as_of).strftime("%Y-%m-%d")
    has_reference = truth is not None and reference is not None
    con = duckdb.connect()
    try:
        if has_reference:
            con.register("reference_truth", truth[["record_id", "customer_id"]])
            con.register("reference_people", reference.astype({"date_of_birth": "string"}))
        rows, by_field, sql = [], [], {}
        for name, frame in records.items():
            _check_extract(name, frame)
            table = f"source_{name}"
            con.register(table, frame.astype("string"))
            fields = _fields_of(frame)
            sql[name] = {"fields": _field_sql(table, fields, as_of, has_reference),
                         "records": _record_sql(table, fields, as_of)}
            per_field = con.execute(sql[name]["fields"]).df().assign(source=name)
            record = con.execute(sql[name]["records"]).df().iloc[0]
            rows.append({"source": name, "records": int(record["records"]),
                         "completeness": per_field["completeness"].mean(),
                         "uniqueness": record["uniqueness"], "validity": per_field["validity"].mean(),
                         "consistency": per_field["consistency"].mean(), "timeliness": record["timeliness"],
                         "accuracy": per_field["accuracy"].mean() if has_reference else np.nan})
            by_field.append(per_field)
    finally:
        con.close()
    scores = pd.DataFrame(rows).set_index("source")[["records", *DIMENSIONS]]
    table = pd.concat(by_field, ignore_index=True)[["source", "field", "completeness", "validity", "consistency",
                                                    "accuracy"]]
    return Scorecard(scores=scores, by_field=table, sql=sql)


def _check_extract(name, frame):
    if not isinstance(frame, pd.DataFrame) or len(frame) == 0:
        raise DataValidationError(f"The extract of {name!r} is empty or not a table: there is nothing to score. "
                                  f"Fix: check the export of that system.")
    missing = [c for c in ("record_id", "last_updated") if c not in frame.columns]
    if missing or not _fields_of(frame):
        need = missing[0] if missing else "a person field (" + ", ".join(_FIELDS) + ")"
        raise DataValidationError(f"The extract of {name!r} has no column {need}; its columns are "
                                  f"{', '.join(map(repr, map(str, frame.columns)))}. Fix: rename the columns "
                                  f"to the standard names.", column=missing[0] if missing else None)


def quality_index(scores, weights=None):
    """Weighted data-quality index per source, from 0 to 100.

    Parameters
    ----------
    scores : pandas.DataFrame
        ``Scorecard.scores``.
    weights : dict, optional
        Dimension -> weight (non-negative); :data:`DEFAULT_WEIGHTS` by default. Dimensions that were not
        measured for a source (accuracy without a reference) are left out and the other weights scaled
        up, so they still sum to one.

    Returns
    -------
    pandas.Series
    """
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = set(weights) - set(DIMENSIONS)
    if unknown:
        raise DataValidationError(f"Unknown dimension(s) {sorted(unknown)} in weights; the dimensions are "
                                  f"{', '.join(DIMENSIONS)}.")
    w = pd.Series({d: weights.get(d, 0.0) for d in DIMENSIONS}, dtype=float)
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise DataValidationError("Weights must be non-negative numbers and not all zero. Fix: e.g. give "
                                  "every dimension 1.")
    values = scores[list(DIMENSIONS)].astype(float)
    present = values.notna().astype(float) * w
    total = present.sum(axis=1)
    if (total <= 0).any():
        raise DataValidationError("Every weighted dimension is unmeasured for some source. Fix: weight a "
                                  "measured dimension.")
    return (100 * (values.fillna(0) * w).sum(axis=1) / total).rename("quality_index")


def cost_of_bad_data(scorecard, *, mailings_per_year=4, cost_per_mailing=2.75, calls_per_year=2,
                     cost_per_call=6.40, emails_per_year=24, cost_per_email=0.60):
    """What a year of contacts wastes on duplicate and unusable records, per source.

    Duplicates get every mailing, call and e-mail twice; contact details that are missing or invalid make
    the contact fail. Defaults use the sample company's unit costs per contact (catalogue $2.75, call
    centre $6.40, e-mail $0.60; ``docs/sample-company.md``).

    Returns
    -------
    pandas.DataFrame
        Index = source: ``duplicate_records``, ``wasted_on_duplicates``, ``unreachable_email``,
        ``unreachable_phone``, ``wasted_on_bad_contact_data``, ``total`` (currency a year).
    """
    for name, value in dict(mailings_per_year=mailings_per_year, cost_per_mailing=cost_per_mailing,
                            calls_per_year=calls_per_year, cost_per_call=cost_per_call,
                            emails_per_year=emails_per_year, cost_per_email=cost_per_email).items():
        if not np.isfinite(value) or value < 0:
            raise DataValidationError(f"{name} = {value!r} must be a non-negative number.")
    scores, fields = scorecard.scores, scorecard.by_field.set_index(["source", "field"])
    rows = {}
    for source, row in scores.iterrows():
        records = row["records"]
        duplicates = records * (1 - row["uniqueness"])
        per_record = mailings_per_year * cost_per_mailing
        usable = {f: fields.loc[(source, f), "completeness"] * fields.loc[(source, f), "validity"]
                  if (source, f) in fields.index else np.nan for f in ("email", "phone")}
        bad_email = records * (1 - usable["email"]) if np.isfinite(usable["email"]) else 0.0
        bad_phone = records * (1 - usable["phone"]) if np.isfinite(usable["phone"]) else 0.0
        duplicate_cost = duplicates * (per_record + calls_per_year * cost_per_call
                                       + emails_per_year * cost_per_email)
        contact_cost = bad_email * emails_per_year * cost_per_email + bad_phone * calls_per_year * cost_per_call
        rows[source] = {"duplicate_records": duplicates, "wasted_on_duplicates": duplicate_cost,
                        "unreachable_email": bad_email, "unreachable_phone": bad_phone,
                        "wasted_on_bad_contact_data": contact_cost, "total": duplicate_cost + contact_cost}
    return pd.DataFrame.from_dict(rows, orient="index")
