"""Customer segmentation: RFM scores and segments, the customer pyramid, concentration, k-means segments and
the granularity trade-off."""
from .clusters import KMeansResult, cluster_diagnostics, describe_level, kmeans_segments, prepare_features
from .customer_base import customer_base
from .customer_value import predicted_value
from .concentration import gini, lorenz_curve, top_share, whale_curve
from .granularity import explained_variance, granularity_tradeoff
from .naming import name_segments, segment_profile
from .of_record import TRADE_ACCOUNTS, segments_of_record
from .pyramid import TIERS, PyramidResult, customer_pyramid
from .rfm import quantile_scores, rank_cutoffs, rfm_cell_labels, rfm_scores
from .rfm_profile import customer_value, rfm_grid, rfm_segment_profile
from .rules import DEFAULT_RULES, RULE_COLUMNS, default_rules, rfm_segments, validate_rules

__all__ = ["DEFAULT_RULES", "KMeansResult", "PyramidResult", "RULE_COLUMNS", "TIERS", "cluster_diagnostics",
           "customer_base", "customer_pyramid", "customer_value", "default_rules", "describe_level",
           "explained_variance", "gini", "granularity_tradeoff", "kmeans_segments", "lorenz_curve", "name_segments",
           "predicted_value", "prepare_features", "quantile_scores", "rank_cutoffs", "rfm_cell_labels", "rfm_grid",
           "rfm_scores", "rfm_segment_profile", "rfm_segments", "segment_profile", "segments_of_record",
           "TRADE_ACCOUNTS", "top_share", "validate_rules", "whale_curve"]
