"""The chapter's analyses of the sample company, computed once and reused by the notebook and its tools.

* :func:`sample_single_view` writes the four systems' extracts of one tier and links them; it is memoised by
  the content of its inputs, in memory and on disk, so choosing a tier again in a tool, the notebook and a tool
  asking for the same tier, or a new page's kernel asking for a tier an earlier one linked, never links twice.
  (A user's own extracts are not memoised here: :func:`~.linkage.link_records` estimates their model on them.)
  A threshold is then applied to the scored pairs (:meth:`~.linkage.LinkageResult.clusters_at`) without linking
  again. To follow a linkage that does run, wrap the call in
  :func:`~.linkage_progress.reporting_progress`.
* :func:`cached_repository` builds the sample repository once per content into a cache folder (atomically, by
  :func:`~.repository.build_repository`) and returns its path; every page then opens it read-only.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .._memo import cache_folder, fingerprint, memoized
from ..data.sample_company.extracts import TIERS, Extracts, generate_extracts
from ..errors import DataValidationError
from .linkage import LinkageResult
from .linkage_metrics import linkage_metrics
from .repository import build_repository
from .single_view import single_customer_view

__all__ = ["SingleView", "cached_repository", "sample_single_view"]


@dataclass(frozen=True)
class SingleView:
    """One tier's extracts and their linkage.

    Attributes
    ----------
    extracts : Extracts
    result : LinkageResult
        Scored pairs and clusters at the linkage's threshold.
    """

    extracts: Extracts
    result: LinkageResult

    @property
    def records(self):
        """All records of the four systems in one frame (``Extracts.combined``)."""
        return self.extracts.combined()

    def clusters(self, threshold):
        """``record_id, cluster_id`` at ``threshold``, re-read from the scored pairs (no new linkage)."""
        return self.result.clusters.assign(cluster_id=self.result.clusters_at(threshold))

    def metrics(self, threshold):
        """:func:`~.linkage_metrics.linkage_metrics` against the planted truth at ``threshold``."""
        return linkage_metrics(self.clusters(threshold), self.extracts.truth)


@memoized(maxsize=3, persist=True)
def sample_single_view(customers, transactions, tier="easy", seed=0):
    """Write the extracts of ``tier`` and link them into customers (memoised, in memory and on disk).

    Parameters
    ----------
    customers : pandas.DataFrame
        ``customer_id`` (and ``region``): the company's customers.
    transactions : pandas.DataFrame
        ``customer_id, date, amount``: billed to the accounts of the billing extract.
    tier : {"easy", "medium", "hard"}
    seed : int

    Returns
    -------
    SingleView
    """
    if tier not in TIERS:
        raise DataValidationError(f"tier must be one of {', '.join(map(repr, TIERS))}, got {tier!r}.")
    extracts = generate_extracts(customers, tier, seed=seed, transactions=transactions)
    return SingleView(extracts=extracts, result=single_customer_view(extracts))


def cached_repository(company, extracts=None, folder=None):
    """The sample repository file, built once for this content.

    Parameters
    ----------
    company : SampleCompany
    extracts : Extracts, optional
        Loaded as the ``source_*`` tables.
    folder : path, optional
        Where the file is kept; ``$PAYNECRM_CACHE`` or the system's temporary folder by default.

    Returns
    -------
    pathlib.Path
        A complete repository: it is built under a temporary name and renamed in one step, so a file at this
        path is never half written and any number of pages may open it read-only.
    """
    folder = Path(folder or cache_folder())
    content = fingerprint((company.customers, company.transactions, company.interactions,
                           None if extracts is None else (extracts.tier, extracts.seed, len(extracts.truth))))
    path = folder / f"repository-{hashlib.blake2b(repr(content).encode(), digest_size=8).hexdigest()}.duckdb"
    if not path.exists():
        build_repository(path, company=company, extracts=extracts)
    return path
