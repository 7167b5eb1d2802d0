"""Loaders for the public customer-base research data sets bundled with the package.

Every loader returns a fresh, typed :class:`pandas.DataFrame` (the files are parsed once and cached; callers
get copies, so changing a returned frame never changes what the next caller sees). :data:`DATASETS` records
what each data set is, where it comes from and which paper to cite; :func:`attribution` prints the credits.

The files live in ``paynecrm_kernel/data/files/`` and are described, with checksums, in the ``README.md``
beside them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import pandas as pd

__all__ = ["DATASETS", "Dataset", "attribution", "data_path", "load_cdnow_master", "load_cdnow_sample",
           "load_cdnow_summary", "load_donations", "load_retention_cohorts"]

_CDNOW_SOURCE = ("Peter S. Fader and Bruce G. S. Hardie's CDNOW data set (brucehardie.com, \"Datasets\"), "
                 "as distributed in the lifetimes 0.11.3 package (MIT licence)")
_CDNOW_CITATION = ("Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). \"Counting Your Customers\" the Easy "
                   "Way: An Alternative to the Pareto/NBD Model. Marketing Science 24(2), 275-284.")
_GG_CITATION = ("Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: Using Iso-Value Curves for "
                "Customer Base Analysis. Journal of Marketing Research 42(4), 415-430.")


@dataclass(frozen=True)
class Dataset:
    """Description of one bundled data set.

    Attributes
    ----------
    name : str
        Key in :data:`DATASETS`.
    files : tuple of str
        File names in the package's ``data/files`` folder.
    title : str
        One-line description.
    rows : str
        Size, as documented in the files' README.
    time_unit : str
        The time unit of the data (or of its summary statistics).
    source : str
        Who collected and distributes the data.
    citation : str
        The paper to cite when the data are used.
    loader : str
        Name of the function in this module that loads it.
    """

    name: str
    files: tuple
    title: str
    rows: str
    time_unit: str
    source: str
    citation: str
    loader: str


DATASETS = {
    "cdnow_master": Dataset(
        "cdnow_master", ("CDNOW_master.txt",),
        "CDNOW transaction log: all 23,570 customers whose first purchase was in 1997 Q1, to 1998-06-30",
        "69,659 transactions, 23,570 customers", "days (dates 1997-01-01 to 1998-06-30)",
        _CDNOW_SOURCE, _CDNOW_CITATION, "load_cdnow_master"),
    "cdnow_sample": Dataset(
        "cdnow_sample", ("CDNOW_sample.txt",),
        "The 1/10 random sample of CDNOW customers used in the BG/NBD and Gamma-Gamma papers",
        "6,919 transactions, 2,357 customers", "days (dates 1997-01-01 to 1998-06-30)",
        _CDNOW_SOURCE, _CDNOW_CITATION, "load_cdnow_sample"),
    "cdnow_summary": Dataset(
        "cdnow_summary", ("cdnow_customers_summary.csv", "cdnow_customers_summary_with_transactions.csv"),
        "Per-customer frequency, recency, T (and mean repeat spend) of the CDNOW sample, 39-week calibration",
        "2,357 customers (946 with repeat purchases)", "weeks",
        _CDNOW_SOURCE, _CDNOW_CITATION + " " + _GG_CITATION, "load_cdnow_summary"),
    "donations": Dataset(
        "donations", ("donations.csv",),
        "Repeat-donation patterns of a non-profit's 1995 donor cohort over six annual opportunities (1996-2001)",
        "22 patterns, 11,104 donors", "years (discrete opportunities)",
        "Fader, Hardie & Shang's donation data, as distributed in the lifetimes 0.11.3 package (MIT licence)",
        "Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-Base Analysis in a Discrete-Time "
        "Noncontractual Setting. Marketing Science 29(6), 1086-1108.", "load_donations"),
    "retention_cohorts": Dataset(
        "retention_cohorts", ("retention_cohorts_fh2007.csv",),
        "Customers still active per 1,000 acquired, years 0-12, for a 'regular' and a 'high end' cohort",
        "13 years x 2 cohorts", "years",
        "Transcribed from the table in Fader & Hardie (2007)",
        "Fader, P. S. & Hardie, B. G. S. (2007). How to Project Customer Retention. Journal of Interactive "
        "Marketing 21(1), 76-90.", "load_retention_cohorts"),
}


def data_path(filename):
    """Return the path of a bundled data file.

    Parameters
    ----------
    filename : str
        A file name listed in :data:`DATASETS` (for example ``"CDNOW_master.txt"``).

    Returns
    -------
    importlib.resources.abc.Traversable
        The file inside the installed package; ``open()`` and ``pandas.read_csv`` accept it.
    """
    return files("paynecrm_kernel.data").joinpath("files").joinpath(filename)


def _ymd(series):
    return pd.to_datetime(series.astype(str), format="%Y%m%d").astype("datetime64[ns]")


@lru_cache(maxsize=None)
def _cdnow_master():
    with data_path("CDNOW_master.txt").open("rb") as handle:
        raw = pd.read_csv(handle, sep=r"\s+", dtype={"customer_id": "int64", "date": str,
                                                     "number_of_cds": "int64", "dollar_value": "float64"})
    raw["date"] = _ymd(raw["date"])
    return raw


@lru_cache(maxsize=None)
def _cdnow_sample():
    names = ["master_customer_id", "customer_id", "date", "number_of_cds", "dollar_value"]
    with data_path("CDNOW_sample.txt").open("rb") as handle:
        raw = pd.read_csv(handle, sep=r"\s+", header=None, names=names,
                          dtype={"master_customer_id": "int64", "customer_id": "int64", "date": str,
                                 "number_of_cds": "int64", "dollar_value": "float64"})
    raw["date"] = _ymd(raw["date"])
    return raw[["customer_id", "master_customer_id", "date", "number_of_cds", "dollar_value"]]


@lru_cache(maxsize=None)
def _cdnow_summary(with_monetary):
    with data_path("cdnow_customers_summary.csv").open("rb") as handle:
        summary = pd.read_csv(handle).rename(columns={"ID": "customer_id"})
    summary = summary.astype({"customer_id": "int64", "frequency": "int64", "recency": "float64",
                              "T": "float64"})
    if not with_monetary:
        return summary
    with data_path("cdnow_customers_summary_with_transactions.csv").open("rb") as handle:
        spend = pd.read_csv(handle).rename(columns={"ID": "customer_id", "zbar": "monetary_value"})
    return summary.merge(spend[["customer_id", "monetary_value"]].astype({"monetary_value": "float64"}),
                         on="customer_id", how="left", validate="one_to_one")


@lru_cache(maxsize=None)
def _csv(filename):
    with data_path(filename).open("rb") as handle:
        return pd.read_csv(handle).astype("int64")


def load_cdnow_master():
    """Load the full CDNOW transaction log (Fader & Hardie).

    Returns
    -------
    pandas.DataFrame
        69,659 rows, one per purchase record, with columns ``customer_id`` (int64, 1-23,570), ``date``
        (datetime64[ns], 1997-01-01 to 1998-06-30), ``number_of_cds`` (int64) and ``dollar_value``
        (float64, US dollars; 80 rows are $0.00). A customer can have several rows on one day; the
        CLV papers merge same-day rows into one transaction.

    Notes
    -----
    Cite Fader, Hardie & Lee (2005), *Marketing Science* 24(2):275-284; see :data:`DATASETS`.
    """
    return _cdnow_master().copy()


def load_cdnow_sample():
    """Load the 1/10 sample of CDNOW customers used in the BG/NBD and Gamma-Gamma papers.

    Returns
    -------
    pandas.DataFrame
        6,919 rows with ``customer_id`` (int64, 1-2,357: the ``ID`` of :func:`load_cdnow_summary`),
        ``master_customer_id`` (int64, the id in :func:`load_cdnow_master`), ``date`` (datetime64[ns]),
        ``number_of_cds`` (int64) and ``dollar_value`` (float64).
    """
    return _cdnow_sample().copy()


def load_cdnow_summary(with_monetary=False):
    """Load the per-customer summary of the CDNOW sample for the 39-week calibration period.

    Parameters
    ----------
    with_monetary : bool, default False
        Also return ``monetary_value``, the mean value of the repeat purchases (the ``zbar`` column of
        ``cdnow_customers_summary_with_transactions.csv``; 0 when ``frequency`` is 0).

    Returns
    -------
    pandas.DataFrame
        2,357 rows with ``customer_id`` (the file's ``ID``), ``frequency`` (repeat purchases, x),
        ``recency`` (t_x, weeks from first to last purchase), ``T`` (weeks from first purchase to
        1997-09-30) and, if asked, ``monetary_value`` (US dollars). Time unit: weeks.
    """
    return _cdnow_summary(bool(with_monetary)).copy()


def load_donations():
    """Load the donation patterns of Fader, Hardie & Shang (2010).

    Returns
    -------
    pandas.DataFrame
        22 rows, one per (frequency, recency) pattern over ``periods`` = 6 annual opportunities, with the
        number of donors showing it in ``weights`` (sum 11,104). All columns int64.
    """
    return _csv("donations.csv").copy()


def load_retention_cohorts():
    """Load the retention cohorts of Fader & Hardie (2007).

    Returns
    -------
    pandas.DataFrame
        13 rows, ``year`` 0-12, and the customers still active out of 1,000 acquired in year 0 for the
        ``regular`` and ``high_end`` cohorts (int64). The paper fits years 0-7 and projects 8-12.
    """
    return _csv("retention_cohorts_fh2007.csv").copy()


def attribution(name=None):
    """Return the credits for the bundled data sets, as Markdown.

    Parameters
    ----------
    name : str, optional
        One key of :data:`DATASETS`; all of them when omitted.

    Returns
    -------
    str
        One paragraph per data set: title, size, source and the paper to cite.
    """
    if name is not None and name not in DATASETS:
        raise KeyError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
    chosen = [DATASETS[name]] if name else DATASETS.values()
    return "\n\n".join(f"**{d.name}**: {d.title} ({d.rows}; time unit: {d.time_unit}). "
                       f"Source: {d.source}. Cite: {d.citation}" for d in chosen)
