"""A transaction file handed over as bytes (an upload in a page): read it, check it, analyse it.

The steps an analyst takes on the page, each a function:

1. :func:`read_upload` reads the bytes (CSV, Excel or Parquet, recognised by their first bytes and the file
   name) and guesses which columns hold the customer id, the date and the amount;
2. :func:`check_upload` applies the analyst's mapping and validates the rows, leaving out the unusable ones and
   listing them (:func:`excluded_by_reason` groups them for a manager);
3. :func:`analyse_upload` runs :func:`~paynecrm_kernel.scale.analysis.analyse_log` on the clean rows, with the
   analyst's settings checked first, and names the result after the file and its own columns.

Progress is reported as ``progress(stage, fraction)`` over :data:`UPLOAD_STAGES`; :func:`overall_percent` turns
it into one number for a single progress bar.
"""
from __future__ import annotations

import dataclasses
import html
import io
import math

import pandas as pd

from ..data.mapping import FIELDS
from ..data.readers import read_transactions
from ..data.validation import validate_transactions
from ..errors import DataValidationError
from .analysis import STAGES, analyse_log
from .fits import PURCHASE_MODELS
from .progress import report as report_progress

__all__ = ["TIME_UNITS", "UPLOAD_STAGES", "analyse_upload", "check_upload", "excluded_by_reason",
           "fit_in_words", "overall_percent", "read_upload", "scores_csv", "suggest_calibration_end",
           "upload_report"]

#: Stages of :func:`check_upload` and :func:`analyse_upload`, in order (the last one is the caller's).
UPLOAD_STAGES = ("checking the file",) + STAGES
#: Time units of the fits, in words.
TIME_UNITS = {"D": "days", "W": "weeks", "M": "months"}
#: Rows of a group listed by :func:`excluded_by_reason`.
_SHOWN_LINES = 5


def read_upload(content, name):
    """Read an uploaded transaction file.

    Parameters
    ----------
    content : bytes or memoryview
        The file's bytes, as a browser sends them.
    name : str
        The file's name (its extension helps to tell CSV, Excel and Parquet apart).

    Returns
    -------
    RawTransactions
        The columns as read, the guessed mapping and which fields were guessed (see
        :func:`~paynecrm_kernel.data.read_transactions`).

    Raises
    ------
    DataValidationError
        An empty, damaged or unrecognised file, naming the file and the fix.
    """
    data = bytes(content or b"")
    if not data.strip():
        raise DataValidationError(f"The file {name or 'uploaded'} is empty. Fix: export the transactions again, "
                                  "with a header row and one row per purchase.")
    buffer = io.BytesIO(data)
    buffer.name = str(name or "<upload>")
    return read_transactions(buffer)


def check_upload(raw, mapping, today=None):
    """Apply ``mapping`` to a read file and validate its rows, leaving out the unusable ones.

    Parameters
    ----------
    raw : RawTransactions
        From :func:`read_upload`.
    mapping : dict
        ``{"customer_id": column, "date": column, "amount": column}``, columns of ``raw.frame``.
    today : date-like, optional
        Dates after it are in the future (default: today).

    Returns
    -------
    clean : pandas.DataFrame
        ``customer_id``, ``date``, ``amount`` typed, the other columns after them.
    report : ValidationReport
        What was left out and why, line by line, and what was kept but worth knowing.

    Raises
    ------
    DataValidationError
        A field without a column, a column that is not in the file or serves two fields, or a file in which
        every row is unusable.
    """
    columns = [str(c) for c in raw.frame.columns]
    listing = ", ".join(repr(c) for c in columns)
    for field in FIELDS:
        column = mapping.get(field)
        if not column:
            raise DataValidationError(
                f"No column is chosen for the {field.replace('_', ' ')}. The file {raw.source} has the columns "
                f"{listing}. Fix: choose the column that holds it.", column=field)
        if column not in columns:
            raise DataValidationError(
                f"Column {column!r} (chosen for the {field.replace('_', ' ')}) is not in {raw.source}, whose columns "
                f"are {listing}. Fix: choose one of these.", column=column)
    return validate_transactions(raw.frame, **{f: mapping[f] for f in FIELDS}, on_error="exclude", today=today)


def excluded_by_reason(report):
    """The rows a validation left out, one line per reason, as a manager reads them.

    Parameters
    ----------
    report : ValidationReport

    Returns
    -------
    pandas.DataFrame
        Index ``reason``; ``column`` (the file's column at fault), ``rows`` (how many), ``lines`` (the first
        few lines of the file, ``"and N more"`` after them), ``examples`` (values as written). Empty when
        nothing was left out.
    """
    columns = ["column", "rows", "lines", "examples"]
    excluded = report.excluded
    if excluded.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="reason")).astype({"rows": "int64"})
    rows = []
    for reason, group in excluded.groupby("reason", sort=False):
        lines = [str(int(x)) for x in group["line"].head(_SHOWN_LINES)]
        more = len(group) - len(lines)
        examples = [repr(v) for v in dict.fromkeys(group["value"].astype(str)) if v][:3]
        rows.append((reason, group["column"].iloc[0], len(group),
                     ", ".join(lines) + (f" and {more:,} more" if more else ""), ", ".join(examples)))
    return pd.DataFrame(rows, columns=["reason"] + columns).set_index("reason")


def suggest_calibration_end(dates):
    """The day halfway between the first and the last purchase: fit on the first half, check on the second.

    On the CDNOW sample (1997-01-01 to 1998-06-30) this is 1997-09-30, the 39-week calibration period of
    Fader, Hardie & Lee (2005).

    Parameters
    ----------
    dates : pandas.Series of datetime64

    Returns
    -------
    pandas.Timestamp
    """
    first, last = pd.Timestamp(dates.min()).normalize(), pd.Timestamp(dates.max()).normalize()
    return (first + (last - first) / 2).floor("D")


def _check_settings(clean, time_unit, calibration_end, model, horizon, discount_rate, margin):
    if time_unit not in TIME_UNITS:
        raise DataValidationError(f"The time unit must be one of {', '.join(TIME_UNITS)} (days, weeks, months); got "
                                  f"{time_unit!r}. Fix: choose weeks (W) unless purchases are daily or yearly.")
    if model not in PURCHASE_MODELS:
        raise DataValidationError(f"The purchase model must be one of {', '.join(PURCHASE_MODELS)}; got {model!r}. "
                                  "Fix: choose bgnbd (BG/NBD) unless you compare models.")
    numbers = {"horizon": (horizon, "a positive number of months, e.g. 12", lambda v: 0 < v <= 600),
               "discount rate": (discount_rate, "a monthly rate from 0 to 1, e.g. 0.01", lambda v: 0 <= v < 1),
               "margin": (margin, "the share of spend kept as profit, above 0 and at most 1, e.g. 0.3",
                          lambda v: 0 < v <= 1)}
    for label, (value, expected, valid) in numbers.items():
        if not isinstance(value, (int, float)) or not math.isfinite(value) or not valid(value):
            raise DataValidationError(f"The {label} must be {expected}; got {value!r}. Fix: enter {expected}.")
    if calibration_end is None:
        return None
    end = pd.Timestamp(calibration_end).normalize()
    first, last = clean["date"].min().normalize(), clean["date"].max().normalize()
    if not first < end < last:
        raise DataValidationError(
            f"The calibration end {end:%Y-%m-%d} must fall between the first purchase ({first:%Y-%m-%d}) and the "
            f"last ({last:%Y-%m-%d}), so that there is a period to fit on and a period to check on. Fix: choose a "
            f"date in between (e.g. {suggest_calibration_end(clean['date']):%Y-%m-%d}), or none to skip the "
            f"holdout check.", column="date")
    return f"{end:%Y-%m-%d}"


def analyse_upload(clean, report, name, guessed=(), time_unit="W", calibration_end=None, model="bgnbd", horizon=12,
                   discount_rate=0.01, margin=1.0, scores_path=None, progress=None):
    """The whole CLV analysis of a checked upload (see :func:`~paynecrm_kernel.scale.analysis.analyse_log`).

    Parameters
    ----------
    clean, report
        From :func:`check_upload`.
    name : str
        The file's name, shown in the report.
    guessed : tuple of str
        Fields whose column was guessed (and left as guessed), marked so in the report.
    time_unit : {"D", "W", "M"}
        Time unit of the fits.
    calibration_end : date-like, optional
        Fit on the purchases up to this day and check the forecast on the rest; ``None`` skips the check.
    model : {"bgnbd", "mbgnbd", "paretonbd"}
    horizon : float
        Horizon of the value, in months.
    discount_rate : float
        Discount rate per month.
    margin : float
        Share of spend kept as profit.
    scores_path : str, optional
        Parquet file for the scores (a temporary file by default).
    progress : callable, optional
        ``progress(stage, fraction)`` over :data:`UPLOAD_STAGES`.

    Returns
    -------
    ClvAnalysis
        Named after the file; its mapping and scores use the file's own column names.
    """
    calibration = _check_settings(clean, time_unit, calibration_end, model, horizon, discount_rate, margin)
    report_progress(progress, "checking the file", 1.0)
    names = {field: report.mapping[field] for field in FIELDS}
    log = clean[list(FIELDS)].rename(columns=names)
    analysis = analyse_log(log, customer_id=names["customer_id"], date=names["date"], amount=names["amount"],
                           time_unit=time_unit, calibration_end=calibration, model=model, horizon=horizon,
                           horizon_unit="M", discount_rate=discount_rate, margin=margin, engine="duckdb",
                           scores_path=scores_path, guess=False, progress=progress)
    return dataclasses.replace(analysis, source=str(name), guessed=tuple(guessed))


def overall_percent(stage, fraction):
    """Progress of the whole run, 0 to 100, from the progress of one stage of :data:`UPLOAD_STAGES`."""
    index = UPLOAD_STAGES.index(stage) if stage in UPLOAD_STAGES else 0
    return int(round(100 * (index + min(max(fraction, 0.0), 1.0)) / len(UPLOAD_STAGES)))


def upload_report(analysis, scores_name):
    """The publishable HTML report of an upload, naming the scores by the file the analyst downloads.

    Parameters
    ----------
    analysis : ClvAnalysis
        From :func:`analyse_upload`.
    scores_name : str
        Name of the scores file the reader of the report receives (e.g. ``"sales-clv-scores.csv"``); it replaces
        the temporary file on the server, which means nothing to them.
    """
    return analysis.report_html.replace(f"<code>{html.escape(analysis.scores_path)}</code>",
                                        f"<code>{html.escape(scores_name)}</code>")


def scores_csv(analysis, decimals=6):
    """Every customer's scores as CSV bytes (UTF-8), the customer id first."""
    scores = analysis.scores().round(decimals)
    return scores.to_csv(index=scores.index.name is not None).encode("utf-8")


_SINGULAR = {"D": "day", "W": "week", "M": "month"}


def fit_in_words(analysis):
    """What the fitted parameters say about the customers, in a few plain sentences.

    Means across customers: the purchase rate while active is Gamma(r, alpha) distributed (mean r/alpha); the
    drop-out chance after a purchase is Beta(a, b) (mean a/(a+b)) in the BG/NBD and MBG/NBD; the drop-out rate
    is Gamma(s, beta) in the Pareto/NBD (mean lifetime beta/(s-1) when s > 1); the mean spend per purchase is
    Gamma-Gamma with mean p v / (q - 1) when q > 1.
    """
    unit = _SINGULAR.get(analysis.summary_attrs.get("time_unit"), "period")
    p = analysis.purchases.params
    lines = [f"While active, a customer buys {p['r'] / p['alpha']:.3g} times a {unit} on average."]
    if {"a", "b"} <= set(p.index):
        lines.append(f"After each purchase, a customer stops buying with a chance of {p['a'] / (p['a'] + p['b']):.1%} "
                     "on average.")
    elif {"s", "beta"} <= set(p.index) and p["s"] > 1:
        lines.append(f"A customer stays active for {p['beta'] / (p['s'] - 1):,.3g} {unit}s on average.")
    if analysis.spend is not None:
        g = analysis.spend.params
        if g["q"] > 1:
            lines.append(f"A purchase is worth {g['p'] * g['v'] / (g['q'] - 1):,.2f} on average across customers.")
    return lines
