"""Data contracts of the four source systems, written as pandera schemas.

A contract states what a system promises to deliver: which columns, which may be empty, what a valid
value looks like. :func:`check_contract` checks an extract against its system's contract and lists every
broken promise with its column, rule, row and value, so the owner of the system knows what to fix. The
same rules, written in SQL, give the validity dimension of the scorecard (:mod:`.quality`).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ..errors import DataValidationError

__all__ = ["PATTERNS", "check_contract", "contract_for", "source_contracts"]

#: What a valid value looks like, field by field (regular expressions on the value as delivered).
PATTERNS = {
    "record_id": r"^[A-Z]{3}-\d{7}$",
    "first_name": r"^[A-Za-z][A-Za-z' -]*$",
    "surname": r"^[A-Za-z][A-Za-z' -]*$",
    "date_of_birth": r"^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
    "email": r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$",
    "phone": r"^(\+\d{1,3} )?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}$|^\+\d{1,3} \d{3} \d{3} \d{4}$",
    "street": r"^\d+ [A-Za-z][A-Za-z ]*$",
    "postcode": r"^\d{5}$",
    "town": r"^[A-Za-z][A-Za-z -]*$",
    "last_updated": r"^\d{4}-\d{2}-\d{2}$",
}
_REQUIRED = ("record_id", "first_name", "surname", "last_updated")
_RULES = {"str_matches": "value in the expected format", "not_nullable": "value missing",
          "field_uniqueness": "value repeated", "column_in_dataframe": "column missing"}


def contract_for(fields, name="source"):
    """The pandera schema for a system that records ``fields``.

    Parameters
    ----------
    fields : sequence of str
        The system's fields (``record_id`` and ``last_updated`` are always part of the contract).
    name : str

    Returns
    -------
    pandera.DataFrameSchema
    """
    import pandera.pandas as pa                  # imported on first use: pandera takes a while to load

    columns = {}
    for field in dict.fromkeys(["record_id", *fields, "last_updated"]):
        checks = [pa.Check.str_matches(PATTERNS[field])] if field in PATTERNS else []
        columns[field] = pa.Column(None, checks=checks, nullable=field not in _REQUIRED,
                                   unique=field == "record_id", required=True)
    return pa.DataFrameSchema(columns, name=name, strict=False)


@lru_cache(maxsize=1)
def _contracts():
    from ..data.sample_company.extracts import SOURCES
    return {name: contract_for(spec["fields"], name) for name, spec in SOURCES.items()}


def source_contracts():
    """The contract (pandera schema) of each of the sample company's four systems, by system name."""
    return dict(_contracts())


def check_contract(frame, source):
    """List every value of an extract that breaks its system's contract.

    Parameters
    ----------
    frame : pandas.DataFrame
        The extract as delivered.
    source : str or pandera.DataFrameSchema
        A system of :func:`source_contracts` or a schema from :func:`contract_for`.

    Returns
    -------
    pandas.DataFrame
        One row per broken promise: ``column, rule, row, value`` (empty when the extract keeps its
        contract).
    """
    from pandera.errors import SchemaErrors

    schema = _contracts().get(source) if isinstance(source, str) else source
    if schema is None:
        raise DataValidationError(f"There is no contract for {source!r}; contracts exist for "
                                  f"{', '.join(map(repr, _contracts()))}. Fix: pass contract_for(fields).")
    if not isinstance(frame, pd.DataFrame):
        raise DataValidationError(f"check_contract needs a pandas DataFrame, got {type(frame).__name__}.")
    try:
        schema.validate(frame.astype("string"), lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        out = pd.DataFrame({"column": cases["column"].fillna(cases["failure_case"]).astype("string"),
                            "rule": cases["check"].astype(str).map(lambda c: _RULES.get(c.split("(")[0], c)),
                            "row": cases["index"], "value": cases["failure_case"].astype("string")})
        return out.reset_index(drop=True)
    return pd.DataFrame({"column": pd.Series(dtype="string"), "rule": pd.Series(dtype=object),
                         "row": pd.Series(dtype=object), "value": pd.Series(dtype="string")})
