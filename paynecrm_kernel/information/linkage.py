"""Probabilistic record linkage with Splink on DuckDB: which records describe the same customer?

:func:`link_records` standardises the compared fields (:mod:`.standardise`), builds a Fellegi-Sunter model
in Splink (Fellegi & Sunter 1969, *JASA* 64(328)) with one comparison per field kind, estimates it without
labels (u probabilities from random pairs, m probabilities by expectation maximisation on each blocking
rule, the prior match probability from a deterministic rule), scores the candidate pairs that share a
blocking key and clusters the pairs at or above the threshold into customers (connected components). A caller
may follow these stages (:data:`~.linkage_progress.LINKAGE_STAGES`) with a ``progress`` callable.

The result keeps every scored pair above a low floor, so :meth:`LinkageResult.clusters_at` can re-cluster at
another threshold at once, without running the model again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..errors import DataValidationError
from .linkage_progress import Reporter
from .standardise import standardise

__all__ = ["LinkageResult", "link_records"]

_SCORE_FLOOR = 0.01


@dataclass(frozen=True)
class LinkageResult:
    """Scored candidate pairs and the customer cluster of every record.

    Attributes
    ----------
    pairs : pandas.DataFrame
        ``unique_id_l, unique_id_r, match_weight, match_probability`` (and ``source_dataset_l/_r`` when two
        files were linked), every pair scored at or above ``min(threshold, 0.01)``, best first.
    clusters : pandas.DataFrame
        One row per record: its id (the ``unique_id`` column, plus ``source_dataset`` when linking) and
        ``cluster_id``.
    threshold : float
        Match probability at or above which a pair is a match.
    unique_id : str
    mode : {"dedupe", "link"}
    model : dict
        The estimated Splink model (its settings with m and u probabilities), for inspection.
    """

    pairs: pd.DataFrame = field(repr=False)
    clusters: pd.DataFrame = field(repr=False)
    threshold: float
    unique_id: str
    mode: str
    model: dict = field(repr=False, default_factory=dict)

    @property
    def n_records(self):
        return len(self.clusters)

    @property
    def n_clusters(self):
        return int(self.clusters["cluster_id"].nunique())

    def clusters_at(self, threshold):
        """Cluster ids at another threshold (connected components of the pairs at or above it).

        Parameters
        ----------
        threshold : float
            Not below the lowest score kept (``min(self.threshold, 0.01)``).

        Returns
        -------
        pandas.Series
            ``cluster_id`` per record, aligned with :attr:`clusters`.
        """
        threshold = _check_threshold(threshold)
        floor = min(self.threshold, _SCORE_FLOOR)
        if threshold < floor:
            raise DataValidationError(f"Pairs were kept from a match probability of {floor:g}; threshold "
                                      f"{threshold:g} is below it. Fix: run link_records with a lower threshold.")
        keys = self._record_keys(self.clusters, "")
        index = pd.Index(keys)
        kept = self.pairs[self.pairs["match_probability"] >= threshold]
        left = index.get_indexer(self._record_keys(kept, "_l"))
        right = index.get_indexer(self._record_keys(kept, "_r"))
        n = len(index)
        graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        first = pd.Series(keys).groupby(labels).transform("first")
        return pd.Series(first.to_numpy(), index=self.clusters.index, name="cluster_id")

    def _record_keys(self, frame, suffix):
        column = self.unique_id if suffix == "" else f"unique_id{suffix}"
        ids = frame[column].astype("string")
        if self.mode == "link":
            return (frame[f"source_dataset{suffix}"].astype("string") + "|" + ids).to_numpy()
        return ids.to_numpy()

    def __repr__(self):
        return (f"LinkageResult(mode={self.mode!r}, records={self.n_records:,}, clusters={self.n_clusters:,}, "
                f"pairs={len(self.pairs):,}, threshold={self.threshold:g})")


def _check_threshold(threshold):
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise DataValidationError(f"threshold must be a match probability between 0 and 1, got {threshold!r}.") \
            from None
    if not 0 < value < 1:
        raise DataValidationError(f"threshold = {value:g} is not a match probability strictly between 0 and 1. "
                                  f"Fix: pass e.g. threshold=0.9.")
    return value


def _check_frame(frame, name, unique_id, columns):
    if not isinstance(frame, pd.DataFrame):
        raise DataValidationError(f"The {name} records must be a pandas DataFrame, got {type(frame).__name__}.")
    if len(frame) == 0:
        raise DataValidationError(f"The {name} records are empty: there is nothing to link. Fix: check the "
                                  f"extract or the filter that produced it.")
    missing = [c for c in [unique_id, *columns] if c not in frame.columns]
    if missing:
        raise DataValidationError(
            f"The {name} records have no column {missing[0]!r} (needed as "
            f"{'unique_id' if missing[0] == unique_id else 'a compared or blocking column'}); their columns are "
            f"{', '.join(map(repr, map(str, frame.columns)))}. Fix: rename the column or change the arguments.",
            column=missing[0])
    ids = frame[unique_id]
    bad = ids.isna() | ids.duplicated(keep=False)
    if bad.any():
        rows = np.flatnonzero(bad.to_numpy())
        raise DataValidationError(
            f"Column {unique_id!r} of the {name} records must hold one distinct id per record; "
            f"{int(bad.sum()):,} rows are missing or repeated (rows {rows[:5].tolist()}). Fix: give every "
            f"record its own id.", column=unique_id, rows=rows[:20])


def _blocking_rules(blocking, compare):
    from splink import block_on
    if isinstance(blocking, str):
        blocking = [blocking]
    if not blocking:
        raise DataValidationError("blocking needs at least one column (or list of columns) that candidate pairs "
                                  "must share, e.g. blocking=['postcode', ['surname', 'date_of_birth']].")
    groups = [[b] if isinstance(b, str) else list(b) for b in blocking]
    for group in groups:
        if not group or not all(isinstance(c, str) for c in group):
            raise DataValidationError(f"Each blocking entry must be a column name or a list of column names, got "
                                      f"{group!r}.")
    return groups, [block_on(*g) for g in groups]


def _comparison(column, kind):
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import ColumnExpression
    if kind == "name":
        return cl.CustomComparison(
            [cll.NullLevel(column), cll.ExactMatchLevel(column, term_frequency_adjustments=True),
             cll.DamerauLevenshteinLevel(column, 1), cll.JaroWinklerLevel(column, 0.9), cll.ElseLevel()],
            output_column_name=column, comparison_description=f"{column}: name")
    if kind == "text":
        return cl.JaroWinklerAtThresholds(column, [0.9, 0.75])
    if kind == "exact":
        return cl.ExactMatch(column)
    if kind == "date":
        return cl.DateOfBirthComparison(column, input_is_string=True)
    if kind == "email":
        return cl.EmailComparison(column)
    if kind == "phone":
        return cl.DamerauLevenshteinAtThresholds(column, [1, 2])
    if kind == "postcode":
        return cl.CustomComparison(
            [cll.NullLevel(column), cll.ExactMatchLevel(column),
             cll.ExactMatchLevel(ColumnExpression(column).substr(1, 3)).configure(
                 label_for_charts="same area (first three characters)"), cll.ElseLevel()],
            output_column_name=column, comparison_description=f"{column}: postcode")
    return cl.CustomComparison(
        [cll.NullLevel(column), cll.ExactMatchLevel(column), cll.PercentageDifferenceLevel(column, 0.1),
         cll.ElseLevel()], output_column_name=column, comparison_description=f"{column}: number")


def _training_rules(compare, groups):
    """Blocking rules for expectation maximisation: those on personal identifiers (a date or an e-mail).

    Candidate pairs that share an address or a surname are full of relatives, whom EM would learn as
    matches; pairs that share a birth date or an e-mail are mostly the same person or strangers.
    """
    from splink import block_on
    personal = [g for g in groups if any(compare.get(c) in ("date", "email") for c in g)]
    chosen = personal or groups
    return [block_on(*g) for g in chosen if not set(compare) <= set(g)]


def _fill_unseen_levels(linker):
    """Give levels that no training pair reached half the smallest m of their comparison (at least 1e-4).

    A level that expectation maximisation never saw among the matches (in the easy tier nobody changes
    e-mail address, so "e-mails differ" is never seen in a match) is rare among matches; Splink's
    fallback would be a generic default that can be far too large and let relatives through.
    """
    for comparison in linker._settings_obj.comparisons:
        levels = [lv for lv in comparison.comparison_levels if not lv.is_null_level]
        trained = [lv.m_probability for lv in levels if lv._m_is_trained and lv.m_probability > 0]
        for level in levels:
            if not level._m_is_trained:
                level.m_probability = max(min(trained, default=2e-4) / 2, 1e-4)


def _deterministic_rules(compare, groups):
    from splink import block_on
    strong = [c for c, k in compare.items() if k in ("name", "date")]
    rules = [block_on(c) for c, k in compare.items() if k == "email"]
    if len(strong) >= 2:
        rules.append(block_on(*strong))
    return rules or [block_on(*groups[0])]


def link_records(left, right=None, *, unique_id, compare, blocking, threshold=0.9, seed=0, progress=None):
    """Find the records that describe the same customer, in one file or across two.

    Parameters
    ----------
    left : pandas.DataFrame
        Records, one per row.
    right : pandas.DataFrame, optional
        A second file to link with ``left`` (pairs always join one record of each); without it ``left`` is
        de-duplicated.
    unique_id : str
        Column with each record's id (distinct within each file).
    compare : dict of str to str
        Column -> kind, one of :data:`~paynecrm_kernel.information.standardise.KINDS` (``"name"``,
        ``"text"``, ``"exact"``, ``"date"``, ``"email"``, ``"phone"``, ``"postcode"``, ``"number"``).
    blocking : list of str or list of list of str
        Candidate pairs must share at least one of these columns (or column lists) exactly; blocking keeps
        the work near-linear in the number of records.
    threshold : float, default 0.9
        Match probability at or above which two records are the same customer.
    seed : int
        Seed of the random pairs that estimate the u probabilities.
    progress : callable, optional
        Called as ``progress(stage, fraction)`` while the records are linked: each stage of
        :data:`~.linkage_progress.LINKAGE_STAGES` in order ("preparing", "estimating u", "estimating m",
        "scoring pairs", "clustering"), ``fraction`` from 0 to 1 within the stage; the last call is
        ``("clustering", 1.0)``. Without it, the one of an enclosing
        :func:`~.linkage_progress.reporting_progress` block, if any.

    Returns
    -------
    LinkageResult

    Raises
    ------
    DataValidationError
        Empty records, a missing column, ids missing or repeated, an unknown kind, an empty blocking list,
        a threshold outside (0, 1), a ``progress`` that is not callable.
    """
    report = Reporter(progress)
    threshold = _check_threshold(threshold)
    if not isinstance(compare, dict) or not compare:
        raise DataValidationError("compare must map at least one column to its kind, e.g. "
                                  "{'surname': 'name', 'date_of_birth': 'date'}.")
    groups, rules = _blocking_rules(blocking, compare)
    needed = list(dict.fromkeys([*compare, *(c for g in groups for c in g)]))
    frames = {"left": left} if right is None else {"left": left, "right": right}
    for name, frame in frames.items():
        _check_frame(frame, name, unique_id, needed)
    report("preparing", 0.0)
    prepared = {name: standardise(frame[[unique_id, *needed]], compare).rename(columns={unique_id: "unique_id"})
                for name, frame in frames.items()}
    for name, frame in prepared.items():
        frame["unique_id"] = frame["unique_id"].astype("string")
    pairs, clusters, model = _run_splink(prepared, compare, groups, rules, threshold, seed, report)
    mode = "dedupe" if right is None else "link"
    clusters = clusters.rename(columns={"unique_id": unique_id})
    result = LinkageResult(pairs=pairs, clusters=clusters, threshold=threshold, unique_id=unique_id, mode=mode,
                           model=model)
    report("clustering", 1.0)
    return result


def _run_splink(prepared, compare, groups, rules, threshold, seed, report):
    import splink
    from splink import Linker, SettingsCreator
    n = sum(len(f) for f in prepared.values())
    db = splink.DuckDBAPI()
    tables = [db.register(frame, dataset_display_name=f"records_{name}") for name, frame in prepared.items()]
    settings = SettingsCreator(
        link_type="dedupe_only" if len(tables) == 1 else "link_only",
        comparisons=[_comparison(c, k) for c, k in compare.items()],
        blocking_rules_to_generate_predictions=rules, retain_matching_columns=False)
    quiet = logging.getLogger("splink")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        linker = Linker(tables if len(tables) > 1 else tables[0], settings, log_level=logging.ERROR)
        linker.training.estimate_probability_two_random_records_match(_deterministic_rules(compare, groups),
                                                                      recall=0.8)
        report("preparing", 1.0)
        report("estimating u", 0.0)
        with report.following_u_estimation():
            linker.training.estimate_u_using_random_sampling(max_pairs=float(np.clip(50.0 * n, 2e5, 5e6)),
                                                             seed=seed)
        report("estimating u", 1.0)
        blocks = _training_rules(compare, groups)
        report("estimating m", 0.0)
        for done, rule in enumerate(blocks, start=1):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=2e6 if n > 200_000 else None)
            report("estimating m", done / len(blocks))
        if not blocks:
            report("estimating m", 1.0)
        _fill_unseen_levels(linker)
        report("scoring pairs", 0.0)
        scored = linker.inference.predict(threshold_match_probability=min(threshold, _SCORE_FLOOR))
        pairs = scored.as_pandas_dataframe()
        report("scoring pairs", 1.0)
        report("clustering", 0.0)
        clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
            scored, threshold_match_probability=threshold)
        clusters = clustered.as_pandas_dataframe()
        model = linker.misc.save_model_to_json()
    finally:
        quiet.setLevel(level)
    for column in ("source_dataset_l", "source_dataset_r", "source_dataset"):
        for frame in (pairs, clusters):
            if column in frame:
                frame[column] = frame[column].str.removeprefix("records_")
    keep = [c for c in ("source_dataset_l", "unique_id_l", "source_dataset_r", "unique_id_r") if c in pairs]
    pairs = pairs[[*keep, "match_weight", "match_probability"]].sort_values(
        "match_probability", ascending=False, kind="stable").reset_index(drop=True)
    key = ["source_dataset", "unique_id"] if len(prepared) > 1 else ["unique_id"]
    records = pd.concat([f[["unique_id"]].assign(source_dataset=name) for name, f in prepared.items()],
                        ignore_index=True)                   # the input order, for the returned clusters
    clusters = records[key].merge(clusters[[*key, "cluster_id"]], on=key, how="left", validate="one_to_one")
    return pairs, clusters, model
