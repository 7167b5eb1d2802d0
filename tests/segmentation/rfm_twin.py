"""Plain NumPy twin of the compiled RFM quantile scores, for the tests."""
import numpy as np

from paynecrm_kernel.segmentation import rank_cutoffs


def quantile_scores_numpy(column, bins=5):
    """Scores 1..``bins`` of one column by a stable sort: ties go by row order, as in ``quantile_scores``."""
    column = np.asarray(column, dtype=np.float64)
    ranks = np.empty(column.shape[0], dtype=np.int64)
    ranks[np.argsort(column, kind="stable")] = np.arange(1, column.shape[0] + 1)
    return (1 + np.searchsorted(rank_cutoffs(column.shape[0], bins), ranks, side="left")).astype(np.int8)
