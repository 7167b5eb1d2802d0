"""Manager tables of the information chapter: the library's results as text a manager reads.

Each function takes a result of :mod:`paynecrm_kernel.information` and returns a DataFrame of formatted
text (currency with separators, shares as percentages with one decimal, the time unit in the heading), which
the tools and the notebook show as they are.
"""
from __future__ import annotations

import pandas as pd

from ..data.sample_company.extracts import SOURCES
from ..theme import format_currency, format_number, format_percent
from .quality import DIMENSIONS

__all__ = ["SOURCE_LABELS", "holdout_table", "linkage_table", "merge_effect_table", "query_table",
           "scorecard_table", "staying_power_table"]

#: Display names of the sample company's source systems.
SOURCE_LABELS = {name: spec["label"] for name, spec in SOURCES.items()}

_UNIT_NAMES = {"D": "days", "W": "weeks", "M": "months"}
_MONEY_WORDS = ("revenue", "cost", "amount", "monetary", "clv", "spend", "profit")


def _format_column(name, values):
    name = str(name).lower()
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values.astype(str)
    if "share" in name or name.endswith("_rate"):
        return values.map(lambda v: "" if pd.isna(v) else format_percent(v))
    if any(word in name for word in _MONEY_WORDS):
        return values.map(lambda v: "" if pd.isna(v) else format_currency(v, decimals=0 if abs(v) >= 100 else 2))
    if pd.api.types.is_integer_dtype(values) or name in ("year", "month"):
        return values.map(lambda v: "" if pd.isna(v) else (str(int(v)) if name in ("year", "month")
                                                             else format_number(v)))
    return values.map(lambda v: "" if pd.isna(v) else format_number(v, 2))


def query_table(answer, max_rows=20):
    """The first ``max_rows`` rows of a :class:`~.repository.QueryResult`, formatted by column meaning."""
    frame = answer.frame.head(max_rows)
    out = pd.DataFrame({str(c).replace("_", " "): _format_column(c, frame[c]) for c in frame.columns})
    return out.set_index(out.columns[0])


def scorecard_table(scorecard, weights=None, labels=None):
    """The six dimensions and the weighted index per source, as percentages.

    Parameters
    ----------
    scorecard : Scorecard
    weights : dict, optional
        Passed to :func:`~.quality.quality_index`.
    labels : dict, optional
        Display names of the sources (:data:`SOURCE_LABELS` by default).
    """
    labels = SOURCE_LABELS if labels is None else labels
    scores = scorecard.scores
    index = scorecard.index(weights)
    rows = {}
    for source, row in scores.iterrows():
        cells = {"records": format_number(row["records"])}
        cells.update({d: "not measured" if pd.isna(row[d]) else format_percent(row[d]) for d in DIMENSIONS})
        cells["quality index"] = f"{index[source]:.1f}"
        rows[labels.get(source, source)] = cells
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "source"
    return table


def linkage_table(metrics):
    """Pairwise and cluster-level quality of a linkage (:func:`~.linkage_metrics.linkage_metrics`)."""
    m = metrics
    rows = [("Precision (links that are right)", format_percent(m["precision"], 2)),
            ("Recall (true matches found)", format_percent(m["recall"], 2)),
            ("F1", f"{m['f1']:.4f}"),
            ("False merges (pairs wrongly joined)", format_number(m["false_merges"])),
            ("Missed matches (pairs wrongly apart)", format_number(m["missed_matches"])),
            ("Records", format_number(m["records"])),
            ("Customers found", format_number(m["clusters"])),
            ("Real customers", format_number(m["entities"])),
            ("Customers reproduced exactly", format_percent(m["exact_clusters"])),
            ("Clusters merging different customers", format_number(m["merged_clusters"])),
            ("Customers split over several clusters", format_number(m["split_entities"]))]
    return pd.DataFrame(rows, columns=["measure", "value"]).set_index("measure")


def merge_effect_table(effect):
    """Customers and CLV by account, by linked and by true customer (:func:`~.single_view.merge_effect`)."""
    money = {"mean CLV", "total CLV"}
    out = effect.copy().astype(object)
    for row in effect.index:
        for column in effect.columns:
            v = effect.loc[row, column]
            out.loc[row, column] = (format_currency(v, decimals=2 if row == "mean CLV" else 0) if row in money
                                    else f"{v:.2f}" if row.startswith("mean") else format_number(v))
    out.index.name = "counted by"
    return out


def holdout_table(validation):
    """Mean holdout repeat purchases, actual and predicted, by calibration repeat purchases."""
    t = validation.table
    unit = _UNIT_NAMES.get(validation.time_unit, validation.time_unit)
    return pd.DataFrame({"customers": t["customers"].map(format_number),
                         f"actual (per customer, holdout in {unit})": t["actual"].map(lambda v: f"{v:.2f}"),
                         "predicted": t["predicted"].map(lambda v: f"{v:.2f}")},
                        index=pd.Index(t.index.astype(str), name="repeat purchases in calibration"))


def staying_power_table(table):
    """The propensity model's measures now and on a later period (``PropensityModel.staying_power``)."""
    names = {"customers": "Customers", "base_rate": "Share who bought", "top_decile_lift": "Top-decile lift",
             "gini": "Gini coefficient", "brier": "Brier score"}
    out = pd.DataFrame(index=[names[k] for k in table.index])
    for column in table.columns:
        out[column] = [format_number(v) if k == "customers" else format_percent(v) if k == "base_rate"
                       else f"{v:.3f}" for k, v in table[column].items()]
    out.index.name = "measure"
    return out
