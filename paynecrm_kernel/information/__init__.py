"""Information management: the customer repository, data quality, the single customer view, analysis tools."""
from .decisions import (InformationDecisions, checklist_answers, information_requirements,
                        save_information_decisions)
from .contracts import PATTERNS, check_contract, contract_for, source_contracts
from .febrl_style import FEBRL_BLOCKING, FEBRL_COMPARE, febrl_style_people
from .holdout import HoldoutValidation, cdnow_holdout_validation, holdout_validation
from .landscape import (APPLICATIONS, INTEGRATION_MAP, SCALABILITY_CHECKLIST, Application, classify_applications,
                        integration_map, scalability_score)
from .linkage import LinkageResult, link_records
from .linkage_metrics import linkage_metrics, threshold_errors, threshold_trade, threshold_tradeoff
from .propensity import PropensityModel, customer_features, fit_propensity, gains_table, profit_cutoff
from .quality import DEFAULT_WEIGHTS, DIMENSIONS, Scorecard, cost_of_bad_data, quality_index, quality_scorecard
from .repository import QueryResult, Repository, build_repository
from .repository_sql import MARTS, QUERIES, SCHEMA
from .sample_views import SingleView, cached_repository, sample_single_view
from .single_view import SCV_BLOCKING, SCV_COMPARE, merge_effect, single_customer_view
from .standardise import KINDS, standardise
from .summaries import (SOURCE_LABELS, holdout_table, linkage_table, merge_effect_table, query_table,
                        scorecard_table, staying_power_table)

__all__ = [
    "QueryResult", "Repository", "build_repository", "MARTS", "QUERIES", "SCHEMA",
    "PATTERNS", "check_contract", "contract_for", "source_contracts",
    "DEFAULT_WEIGHTS", "DIMENSIONS", "Scorecard", "cost_of_bad_data", "quality_index", "quality_scorecard",
    "KINDS", "LinkageResult", "link_records", "standardise",
    "linkage_metrics", "threshold_errors", "threshold_trade", "threshold_tradeoff",
    "SCV_BLOCKING", "SCV_COMPARE", "merge_effect", "single_customer_view",
    "FEBRL_BLOCKING", "FEBRL_COMPARE", "febrl_style_people",
    "HoldoutValidation", "cdnow_holdout_validation", "holdout_validation",
    "PropensityModel", "customer_features", "fit_propensity", "gains_table", "profit_cutoff",
    "APPLICATIONS", "INTEGRATION_MAP", "SCALABILITY_CHECKLIST", "Application", "classify_applications",
    "integration_map", "scalability_score",
    "InformationDecisions", "checklist_answers", "information_requirements", "save_information_decisions",
    "SingleView", "cached_repository", "sample_single_view",
    "SOURCE_LABELS", "holdout_table", "linkage_table", "merge_effect_table", "query_table", "scorecard_table",
    "staying_power_table",
]
