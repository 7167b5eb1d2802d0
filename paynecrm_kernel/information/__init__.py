"""Information management: the customer repository, data quality, the single customer view, analysis tools."""
from .contracts import CONTRACTS, PATTERNS, check_contract, contract_for
from .febrl_style import FEBRL_BLOCKING, FEBRL_COMPARE, febrl_style_people
from .holdout import HoldoutValidation, cdnow_holdout_validation, holdout_validation
from .landscape import (APPLICATIONS, INTEGRATION_MAP, SCALABILITY_CHECKLIST, Application, classify_applications,
                        integration_map, scalability_score)
from .linkage import LinkageResult, link_records
from .linkage_metrics import linkage_metrics, threshold_errors, threshold_tradeoff
from .propensity import PropensityModel, customer_features, fit_propensity, gains_table, profit_cutoff
from .quality import DEFAULT_WEIGHTS, DIMENSIONS, Scorecard, cost_of_bad_data, quality_index, quality_scorecard
from .repository import QueryResult, Repository, build_repository
from .repository_sql import MARTS, QUERIES, SCHEMA
from .single_view import SCV_BLOCKING, SCV_COMPARE, merge_effect, single_customer_view
from .standardise import KINDS, standardise

__all__ = ["CONTRACTS", "DEFAULT_WEIGHTS", "DIMENSIONS", "PATTERNS", "Scorecard", "check_contract", "contract_for",
           "cost_of_bad_data", "quality_index", "quality_scorecard", "HoldoutValidation", "cdnow_holdout_validation",
           "holdout_validation", "PropensityModel", "customer_features", "fit_propensity", "gains_table",
           "profit_cutoff", "APPLICATIONS", "INTEGRATION_MAP", "SCALABILITY_CHECKLIST", "Application",
           "classify_applications", "integration_map", "scalability_score", "FEBRL_BLOCKING", "FEBRL_COMPARE",
           "febrl_style_people", "KINDS", "LinkageResult", "MARTS", "QUERIES", "QueryResult", "Repository", "SCHEMA", "SCV_BLOCKING",
           "SCV_COMPARE", "build_repository", "link_records", "linkage_metrics", "merge_effect",
           "single_customer_view", "standardise", "threshold_errors", "threshold_tradeoff"]
