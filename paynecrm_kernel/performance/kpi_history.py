"""KPI values period by period, computed from the dated tables, for trends on the scorecard.

:func:`slice_inputs` keeps the rows of each dated table that fall in a period (customers: those acquired by
its end); :func:`kpi_history` computes every KPI that uses at least one dated table, period by period. KPIs
computed only from undated inputs (a fitted model, a store table) have no history here: give theirs as
typed past values.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError
from .kpi import KPI_CATALOGUE

__all__ = ["DATE_COLUMNS", "MIN_ROWS", "slice_inputs", "kpi_history"]

#: Date column of each dated input; ``customers`` is cumulative (acquired by the end of the period).
DATE_COLUMNS = {"transactions": "date", "interactions": "timestamp", "campaigns": "start_date",
                "surveys": "survey_date", "customers": "acquisition_date"}
_CUMULATIVE = {"customers"}


def _dates(frame, name, column):
    if column not in frame.columns:
        raise DataValidationError(f"The {name} table has no date column '{column}'; add it or name another in "
                                  "date_columns.", column=column)
    dates = pd.to_datetime(frame[column], errors="coerce")
    bad = np.flatnonzero(dates.isna().to_numpy())
    if len(bad):
        rows = frame.index[bad].tolist()
        raise DataValidationError(f"Column '{column}' of the {name} table has {len(bad):,} missing or unparseable "
                                  f"dates, e.g. rows {rows[:10]}; fix or drop them.", column=column, rows=rows[:50])
    return dates


def slice_inputs(inputs, start, end, date_columns=DATE_COLUMNS):
    """The inputs restricted to the period ``[start, end)``; undated inputs pass through unchanged."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    sliced = {}
    for name, value in inputs.items():
        column = date_columns.get(name)
        if column is None or not isinstance(value, pd.DataFrame):
            sliced[name] = value
            continue
        dates = _dates(value, name, column)
        keep = (dates < end) if name in _CUMULATIVE else (dates >= start) & (dates < end)
        sliced[name] = value[keep.to_numpy()]
    return sliced


#: Fewest rows a dated input needs in a period before a KPI is computed from it (default 30).
MIN_ROWS = {"campaigns": 1}


def kpi_history(inputs, *, freq="QS", catalogue=KPI_CATALOGUE, date_columns=DATE_COLUMNS, min_rows=None):
    """KPI values per period from the dated inputs.

    Parameters
    ----------
    inputs : mapping
        As for :func:`~.kpi.kpi_values`.
    freq : str
        pandas period-start frequency ("QS" quarters, "MS" months).
    catalogue : sequence of KPI
    date_columns : mapping
        Date column of each dated input.
    min_rows : mapping, optional
        ``{input name: rows}``: a KPI is computed for a period only when each of its dated inputs has at least
        this many rows there (default :data:`MIN_ROWS`, else 30; fewer would make a noisy point); otherwise
        the cell is left empty and ``attrs["skipped"]`` says so.

    Returns
    -------
    pandas.DataFrame
        One row per period (labelled by its start), one column per KPI with a dated input. Pass it as
        ``history`` to :func:`~.scorecard.scorecard` (empty cells are skipped there).
    """
    dated = {name for name in inputs if name in date_columns and isinstance(inputs[name], pd.DataFrame)}
    kpis = [k for k in catalogue if not k.typed and set(k.inputs) <= set(inputs)
            and set(k.inputs) & (dated - _CUMULATIVE)]
    if not kpis:
        raise DataValidationError("No KPI uses a dated table among the inputs; give e.g. 'interactions' or "
                                  "'transactions'.")
    spans = [_dates(inputs[name], name, date_columns[name]) for name in dated - _CUMULATIVE]
    first, last = min(s.min() for s in spans), max(s.max() for s in spans)
    starts = pd.date_range(first.to_period(freq.rstrip("S")).start_time, last, freq=freq)
    needed = {**MIN_ROWS, **(min_rows or {})}
    rows, skipped = {}, []
    for start, end in zip(starts, list(starts[1:]) + [starts[-1] + pd.tseries.frequencies.to_offset(freq)]):
        part = slice_inputs(inputs, start, end, date_columns)
        row = {}
        for kpi in kpis:
            thin = [n for n in kpi.inputs if n in dated - _CUMULATIVE and len(part[n]) < needed.get(n, 30)]
            if thin:
                skipped.append((start.date().isoformat(), kpi.key))
                row[kpi.key] = np.nan
            else:
                row[kpi.key] = kpi.value(part)
        rows[start] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "period_start"
    table.attrs["skipped"] = skipped
    return table
