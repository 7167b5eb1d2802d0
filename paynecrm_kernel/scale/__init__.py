"""From a laptop to a cluster: customer summaries, fits and scores for transaction logs of any size."""
from .analysis import ClvAnalysis, analyse_log
from .customers import CustomerTable
from .fits import PURCHASE_MODELS, fit_purchases, fit_spend
from .scoring import ValueDistribution, score_customers, value_distribution
from .sources import LogSource, connect, open_log, resolve_mapping
from .summary import ENGINES, customer_table, summarize

__all__ = ["ClvAnalysis", "CustomerTable", "ENGINES", "LogSource", "PURCHASE_MODELS", "ValueDistribution",
           "analyse_log", "connect", "customer_table", "fit_purchases", "fit_spend", "open_log", "resolve_mapping",
           "score_customers", "summarize", "value_distribution"]
