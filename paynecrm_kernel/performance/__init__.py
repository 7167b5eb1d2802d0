"""Performance assessment: shareholder results (service-profit chain, customer equity and firm value) and
performance monitoring (NPS and satisfaction, KPIs, standards, scorecard and diagnostics)."""
from .chain_sem import GOOD_FIT, ChainSEMResult, fit_chain_sem
from .decisions import (EARLIER_KEYS, EarlierDecisions, PerformanceDecisions, earlier_decisions,
                        save_performance_decisions, saved_standards, saved_typed_values, yearly_cost_saving)
from .equity_interval import customer_equity_interval, draw_parameters
from .growth_link import compare_growth_predictors, unit_scores, williams_test
from .kpi_history import DATE_COLUMNS, MIN_ROWS, kpi_history, slice_inputs
from .kpi import BLOCKS, KPI, KPI_CATALOGUE, PERSPECTIVES, kpi_catalogue_table, kpi_tree, kpi_values
from .nps import NPS_METHODS, NPSResult, classify_scores, nps, nps_by, nps_change
from .satisfaction import satisfaction_summary, wilson_interval
from .scorecard import (STEADY_SHARE, Standard, kpi_trend, process_diagnostics, rag_status, scorecard, shortfall,
                        strategy_feedback)
from .service_profit_chain import (CHAIN_METRICS, HESKETT_LINKS, ServiceProfitChainResult, estimate_chain,
                                   validate_links)
from .summaries import (chain_link_table, diagnostics_table, growth_predictor_table, satisfaction_table,
                        valuation_table)
from .shareholder_value import (GUPTA_LEHMANN_STUART_2004, SCHULZE_SKIERA_WIESEL_2012_LEVERAGE,
                                customer_based_valuation, customer_equity_elasticities, present_value_of_savings)

__all__ = [
    "GOOD_FIT", "ChainSEMResult", "fit_chain_sem",
    "EARLIER_KEYS", "EarlierDecisions", "PerformanceDecisions", "earlier_decisions", "save_performance_decisions",
    "saved_standards", "saved_typed_values", "yearly_cost_saving",
    "customer_equity_interval", "draw_parameters",
    "compare_growth_predictors", "unit_scores", "williams_test",
    "DATE_COLUMNS", "MIN_ROWS", "kpi_history", "slice_inputs",
    "BLOCKS", "KPI", "KPI_CATALOGUE", "PERSPECTIVES", "kpi_catalogue_table", "kpi_tree", "kpi_values",
    "NPS_METHODS", "NPSResult", "classify_scores", "nps", "nps_by", "nps_change",
    "satisfaction_summary", "wilson_interval",
    "STEADY_SHARE", "Standard", "kpi_trend", "process_diagnostics", "rag_status", "scorecard", "shortfall",
    "strategy_feedback",
    "CHAIN_METRICS", "HESKETT_LINKS", "ServiceProfitChainResult", "estimate_chain", "validate_links",
    "chain_link_table", "diagnostics_table", "growth_predictor_table", "satisfaction_table", "valuation_table",
    "GUPTA_LEHMANN_STUART_2004", "SCHULZE_SKIERA_WIESEL_2012_LEVERAGE", "customer_based_valuation",
    "customer_equity_elasticities", "present_value_of_savings",
]
