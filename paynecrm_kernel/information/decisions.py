"""The information chapter's decisions: data quality, single-customer-view coverage, model accuracy, and the
data and IT requirements that follow from them.

:func:`information_requirements` writes the requirement list from the chapter's findings (sources below a
quality standard, the linkage's error rates against the Census 2021 targets, channels that lose the customer
id, IT checks not met); :func:`save_information_decisions` records everything under the declared keys.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

from ..errors import DataValidationError
from ..theme import format_percent
from ..workbook.keys import information as keys
from .landscape import SCALABILITY_CHECKLIST
from .summaries import SOURCE_LABELS

__all__ = ["InformationDecisions", "checklist_answers", "information_requirements", "save_information_decisions"]

#: ONS's Census 2021 linkage targets, used as the workbook's standard for the single customer view.
PRECISION_TARGET, RECALL_TARGET = 0.999, 0.9975
#: Data-quality index below which a source needs an improvement plan.
QUALITY_STANDARD = 90.0


def information_requirements(quality_index, linkage, integration=None, checklist=None):
    """The data and IT requirements implied by the chapter's findings.

    Parameters
    ----------
    quality_index : pandas.Series
        Quality index (0-100) per source.
    linkage : pandas.Series
        :func:`~.linkage_metrics.linkage_metrics` at the chosen threshold.
    integration : pandas.DataFrame, optional
        :func:`~.landscape.integration_map` with ``identified_share``.
    checklist : dict, optional
        Checklist question -> met (bool).

    Returns
    -------
    list of str
    """
    needs = []
    for source, value in quality_index.sort_values().items():
        if value < QUALITY_STANDARD:
            needs.append(f"Data quality: raise {SOURCE_LABELS.get(source, source)} from {value:.1f} to "
                         f"{QUALITY_STANDARD:.0f} with a contract and an owner for the source.")
    if linkage["precision"] < PRECISION_TARGET or linkage["recall"] < RECALL_TARGET:
        needs.append(f"Single customer view: precision {format_percent(linkage['precision'], 2)} and recall "
                     f"{format_percent(linkage['recall'], 2)} miss the Census 2021 targets (99.90 %, 99.75 %); "
                     f"capture a shared customer id at source and review the uncertain pairs by hand.")
    if integration is not None and "identified_share" in integration:
        for row in integration.dropna(subset=["identified_share"]).itertuples():
            if row.identified_share < 0.9:
                needs.append(f"Integration: {row.system} links only {format_percent(row.identified_share)} of "
                             f"its contacts to a customer (lost at: {row.where_lost}).")
    for question, met in (checklist or {}).items():
        if not met:
            needs.append(f"IT systems: {question}")
    return needs


@dataclass(frozen=True)
class InformationDecisions:
    """What the chapter saved, for people."""

    quality: dict
    coverage: dict
    accuracy: dict
    requirements: list

    def rows(self):
        """The decisions as (item, value) pairs."""
        rows = [("Data-quality index, all sources", f"{self.quality['overall']:.1f} of 100"),
                ("Customers in one view (clusters)", f"{self.coverage['customers']:,.0f}"),
                ("Linkage precision / recall", f"{format_percent(self.coverage['precision'], 2)} / "
                                               f"{format_percent(self.coverage['recall'], 2)}"),
                ("Contacts linked to a known customer", format_percent(self.coverage['contacts_identified'])),
                ("Holdout error of the purchase model", format_percent(self.accuracy['holdout_error'])),
                ("Top-decile lift of the propensity model", f"{self.accuracy['top_decile_lift']:.2f}"),
                ("Requirements", f"{len(self.requirements)}")]
        return rows + [("", r) for r in self.requirements]

    def _repr_html_(self):
        body = "".join(f"<tr><td style='text-align:left'>{html.escape(a)}</td>"
                       f"<td style='text-align:left'>{html.escape(b)}</td></tr>" for a, b in self.rows())
        return (f"<table class='pcrm-decisions tex2jax_ignore mathjax_ignore'><thead><tr><th>Decision</th>"
                f"<th>Value</th></tr></thead><tbody>{body}</tbody></table>")

    def __str__(self):
        return "\n".join(f"{a}: {b}" if a else f"  - {b}" for a, b in self.rows())


def _finite(name, value):
    value = float(value)
    if not math.isfinite(value):
        raise DataValidationError(f"{name} is {value}; give a finite number.")
    return value


def save_information_decisions(workbook, *, quality_index, weights, linkage, threshold, contacts_identified,
                               holdout, propensity, requirements):
    """Save the chapter's decisions under its declared keys.

    Parameters
    ----------
    workbook : Workbook
    quality_index : pandas.Series
        Index (0-100) per source.
    weights : dict
        The dimension weights used.
    linkage : pandas.Series
        :func:`~.linkage_metrics.linkage_metrics` of the single customer view.
    threshold : float
        Its match threshold.
    contacts_identified : float
        Share of contacts linked to a known customer.
    holdout : HoldoutValidation
    propensity : dict
        :meth:`~.propensity.PropensityModel.evaluate`.
    requirements : list of str

    Returns
    -------
    InformationDecisions
    """
    if not isinstance(quality_index, pd.Series) or quality_index.empty:
        raise DataValidationError("quality_index must be the index per source (Scorecard.index()).")
    quality = {str(k): round(_finite(f"quality index of {k}", v), 2) for k, v in quality_index.items()}
    quality["overall"] = round(float(quality_index.mean()), 2)
    quality.update({f"weight_{k}": round(100 * _finite(f"weight {k}", v) / sum(weights.values()), 2)
                    for k, v in weights.items()})
    coverage = {k: _finite(k, linkage[k]) for k in ("precision", "recall", "f1", "false_merges",
                                                     "missed_matches", "records")}
    coverage.update(customers=_finite("clusters", linkage["clusters"]), threshold=_finite("threshold", threshold),
                    contacts_identified=_finite("contacts_identified", contacts_identified))
    totals, per_customer = holdout.totals, holdout.accuracy
    accuracy = {"holdout_error": _finite("holdout error", totals["error"]),
                "holdout_mae": _finite("holdout MAE", per_customer["mae"]),
                "holdout_correlation": _finite("holdout correlation", per_customer["correlation"]),
                **{k: _finite(k, propensity[k]) for k in ("top_decile_lift", "gini", "brier", "base_rate")}}
    requirements = [str(r)[:200] for r in requirements][:40]
    workbook.update({keys.DECISION_QUALITY_INDEX: quality, keys.DECISION_SCV_COVERAGE: coverage,
                     keys.DECISION_MODEL_ACCURACY: accuracy, keys.DECISION_REQUIREMENTS: requirements})
    return InformationDecisions(quality, coverage, accuracy, requirements)


def checklist_answers(saved):
    """The checklist as saved (item number ``"1"``, ``"2"`` ... -> met) as question -> met; an unanswered item is
    not met."""
    saved = saved or {}
    return {question: bool(saved.get(str(i), False)) for i, (_area, question) in enumerate(SCALABILITY_CHECKLIST, 1)}
