"""How good is a linkage? Precision, recall and F1 against a known truth, and what a threshold trades.

A linkage puts records into clusters (one per customer it believes in). Against the truth (one entity per
real customer) it is judged on **pairs of records**: a pair in one cluster is a predicted match, a pair of
one entity a true match (the standard of the Census 2021 quality targets and of the record-linkage
literature; Christen 2012, *Data Matching*, ch. 7). Pairs are counted from the contingency table of
cluster by entity, so no list of pairs is ever built. Cluster-level figures say how many customers come out
exactly right, how many clusters merge different customers and how many customers are split.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataValidationError

__all__ = ["linkage_metrics", "threshold_errors", "threshold_trade", "threshold_tradeoff"]


def _pairs(sizes):
    sizes = np.asarray(sizes, dtype=np.int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _aligned(clusters, truth, unique_id, entity):
    for name, frame, column in (("clusters", clusters, unique_id), ("truth", truth, unique_id),
                                ("truth", truth, entity)):
        if column not in frame.columns:
            raise DataValidationError(f"The {name} table has no column {column!r}; its columns are "
                                      f"{', '.join(map(repr, map(str, frame.columns)))}.", column=column)
    joined = clusters[[unique_id, "cluster_id"]].merge(truth[[unique_id, entity]], on=unique_id, how="left")
    unknown = joined[entity].isna()
    if unknown.any():
        rows = np.flatnonzero(unknown.to_numpy())
        raise DataValidationError(f"{int(unknown.sum()):,} clustered records have no entry in the truth (e.g. "
                                  f"{joined[unique_id].iloc[rows[0]]!r}). Fix: pass the truth of the same records.",
                                  column=unique_id, rows=rows[:20])
    return joined


def linkage_metrics(clusters, truth, *, unique_id="record_id", entity="customer_id"):
    """Pairwise and cluster-level quality of a clustering against the truth.

    Parameters
    ----------
    clusters : pandas.DataFrame
        ``unique_id`` and ``cluster_id`` per record (e.g. ``LinkageResult.clusters``).
    truth : pandas.DataFrame
        ``unique_id`` and ``entity`` per record.

    Returns
    -------
    pandas.Series
        ``precision, recall, f1`` (pairs), ``true_pairs, predicted_pairs, correct_pairs, false_merges``
        (pairs wrongly joined), ``missed_matches`` (pairs wrongly apart), ``records, entities, clusters``,
        ``exact_clusters`` (share of entities reproduced exactly), ``merged_clusters`` (clusters holding more
        than one entity), ``split_entities`` (entities spread over several clusters).
    """
    joined = _aligned(clusters, truth, unique_id, entity)
    cells = joined.groupby(["cluster_id", entity], sort=False).size()
    by_cluster = joined.groupby("cluster_id", sort=False).size()
    by_entity = joined.groupby(entity, sort=False).size()
    correct, predicted, true = _pairs(cells), _pairs(by_cluster), _pairs(by_entity)
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    entities_per_cluster = cells.groupby(level=0).size()
    clusters_per_entity = cells.groupby(level=1).size()
    whole = cells[(cells.index.get_level_values(0).map(by_cluster).to_numpy() == cells.to_numpy())
                  & (cells.index.get_level_values(1).map(by_entity).to_numpy() == cells.to_numpy())]
    return pd.Series({
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "true_pairs": true, "predicted_pairs": predicted, "correct_pairs": correct,
        "false_merges": predicted - correct, "missed_matches": true - correct,
        "records": len(joined), "entities": len(by_entity), "clusters": len(by_cluster),
        "exact_clusters": len(whole) / len(by_entity),
        "merged_clusters": int((entities_per_cluster > 1).sum()),
        "split_entities": int((clusters_per_entity > 1).sum())}, dtype=object)


def threshold_tradeoff(result, truth, thresholds=None, *, entity="customer_id"):
    """Quality of the clustering at each threshold: the trade of false merges against missed matches.

    Parameters
    ----------
    result : LinkageResult
    truth : pandas.DataFrame
        The result's ``unique_id`` column and ``entity``.
    thresholds : sequence of float, optional
        Match probabilities; by default 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``precision, recall, f1, false_merges, missed_matches, clusters``.
    """
    thresholds = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999] if thresholds is None else list(thresholds)
    rows = []
    for t in thresholds:
        clusters = result.clusters.assign(cluster_id=result.clusters_at(t))
        m = linkage_metrics(clusters, truth, unique_id=result.unique_id, entity=entity)
        rows.append({"threshold": t, **{k: m[k] for k in ("precision", "recall", "f1", "false_merges",
                                                          "missed_matches", "clusters")}})
    return pd.DataFrame(rows).set_index("threshold")


def threshold_errors(result, truth, threshold, *, entity="customer_id", records=None):
    """The links that merge different customers and the true matches left apart, at one threshold.

    Parameters
    ----------
    result : LinkageResult
    truth : pandas.DataFrame
    threshold : float
    records : pandas.DataFrame, optional
        The linked records (with the ``unique_id`` column); when given their fields are shown side by side.

    Returns
    -------
    false_merges : pandas.DataFrame
        Scored pairs at or above the threshold whose records belong to different customers:
        ``unique_id_l, unique_id_r, match_probability`` (and the fields with suffixes ``_l``/``_r``).
    missed_matches : pandas.DataFrame
        Pairs of one customer's records that end in different clusters, with their score (missing when the
        pair shared no blocking key and was never compared).
    """
    uid = result.unique_id
    owner = truth.set_index(uid)[entity]
    pairs = result.pairs[result.pairs["match_probability"] >= threshold]
    wrong = pairs["unique_id_l"].map(owner).to_numpy() != pairs["unique_id_r"].map(owner).to_numpy()
    false_merges = pairs.loc[wrong, ["unique_id_l", "unique_id_r", "match_probability"]].reset_index(drop=True)

    cluster = pd.Series(result.clusters_at(threshold).to_numpy(), index=result.clusters[uid].to_numpy())
    members = truth[[uid, entity]].assign(cluster_id=truth[uid].map(cluster))
    both = members.merge(members, on=entity, suffixes=("_l", "_r"))
    both = both[(both[f"{uid}_l"] < both[f"{uid}_r"]) & (both["cluster_id_l"] != both["cluster_id_r"])]
    missed = both.rename(columns={f"{uid}_l": "unique_id_l", f"{uid}_r": "unique_id_r"})[
        ["unique_id_l", "unique_id_r", entity]]
    scores = result.pairs[["unique_id_l", "unique_id_r", "match_probability"]]
    flipped = scores.rename(columns={"unique_id_l": "unique_id_r", "unique_id_r": "unique_id_l"})
    missed = missed.merge(pd.concat([scores, flipped]).drop_duplicates(["unique_id_l", "unique_id_r"]),
                          on=["unique_id_l", "unique_id_r"], how="left").reset_index(drop=True)
    if records is not None:
        fields = records.set_index(uid)
        false_merges, missed = (_with_fields(f, fields) for f in (false_merges, missed))
    return false_merges, missed


def threshold_trade(result, truth, lower, higher, *, entity="customer_id", records=None):
    """What raising the threshold from ``lower`` to ``higher`` buys and costs, pair by pair.

    Returns
    -------
    false_merges_avoided : pandas.DataFrame
        Links between different customers made at ``lower`` and not at ``higher``.
    matches_lost : pandas.DataFrame
        Pairs of one customer's records together at ``lower`` and apart at ``higher``.
    """
    if not lower < higher:
        raise DataValidationError(f"lower ({lower!r}) must be below higher ({higher!r}).")
    merges_low, missed_low = threshold_errors(result, truth, lower, entity=entity, records=records)
    merges_high, missed_high = threshold_errors(result, truth, higher, entity=entity, records=records)
    return _difference(merges_low, merges_high), _difference(missed_high, missed_low)


def _difference(pairs, other):
    key = ["unique_id_l", "unique_id_r"]
    marked = pairs.merge(other[key].drop_duplicates(), on=key, how="left", indicator=True)
    return marked[marked["_merge"] == "left_only"].drop(columns="_merge").reset_index(drop=True)


def _with_fields(pairs, fields):
    left = fields.reindex(pairs["unique_id_l"]).add_suffix("_l").reset_index(drop=True)
    right = fields.reindex(pairs["unique_id_r"]).add_suffix("_r").reset_index(drop=True)
    return pd.concat([pairs.reset_index(drop=True), left, right], axis=1)
