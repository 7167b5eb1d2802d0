"""Interactive ipywidgets tools of the workbook (installed as ``paynecrm_kernel.widgets``).

Tools are imported on first use (``from paynecrm_kernel.widgets import FrameworkMap``), so opening a
notebook loads only the tools it shows. Importing this package also installs the app runtime: in a
pre-heated Voilà kernel the workbook waits for the page's reader before it is read
(:mod:`paynecrm_kernel.widgets._preheat`), and the tools and their chart library are loaded while it waits.
``Tool.lazy(...)`` builds a tool when it is seen (:mod:`paynecrm_kernel.widgets._on_demand`).
"""
from importlib import import_module

from .._threads import inspect_pools
from ..workbook import add_access_hook
from ._preheat import before_reader, wait_for_reader

#: Public name -> submodule that defines it.
_LAZY = {
    "on_demand": "_on_demand",
    "process_banner": "framework_map",
    "FrameworkMap": "framework_map",
    "ExerciseBox": "exercises",
    "exercise": "exercises",
    "ClassificationExercise": "exercises",
    "facilitator": "facilitation",
    "ContinuumTool": "continuum",
    "StrategyMatrixTool": "strategy_matrix",
    "MaturityAudit": "maturity",
    "ImplementationGrid": "implementation",
    "buttle_comparison": "compare",
    "result_table": "result_tables",
    "PropositionBuilder": "proposition",
    "AttributeEditor": "conjoint",
    "RatingForm": "conjoint",
    "ConjointAnalysis": "conjoint",
    "PreferenceSimulator": "conjoint",
    "AcquisitionTool": "acquisition",
    "SimpleCLVTool": "retention",
    "RetentionWhatIf": "retention",
    "SBGProjectionTool": "sbg_projection",
    "CustomerEquityTool": "customer_equity",
    "BlattbergDeightonTool": "customer_equity",
    "CLVExplorer": "clv_explorer",
    "RFMExplorer": "rfm",
    "PyramidTool": "pyramid",
    "SegmentExplorer": "segments",
    "GranularityChooser": "granularity",
    "FiveForcesTool": "five_forces",
    "VisionCanvas": "vision",
    "SixMarketsTool": "six_markets",
    "ServiceProfitChainTool": "performance_chain",
    "EquityDriversTool": "performance_equity",
    "ScorecardEditor": "performance_scorecard",
    "NPSCalculator": "performance_nps",
    "KPITrendChart": "performance_trend",
    "ReportDownload": "report_download",
    "ScenarioBuilder": "scenarios",
    "RoadmapTool": "roadmap",
    "ChannelInventoryGrid": "channels_inventory",
    "JourneySankey": "channels_sankey",
    "AttributionComparison": "channels_attribution",
    "CostToServeTool": "channels_cost",
    "MigrationSimulator": "channels_migration",
    "StandardsEditor": "channels_standards",
    "RepositoryExplorer": "information_repository",
    "QualityScorecard": "information_quality",
    "SingleCustomerViewTool": "information_single_view",
    "ModelValidationTool": "information_validation",
    "ApplicationClassifier": "information_landscape",
    "IntegrationMap": "information_landscape",
    "YourDataTool": "your_data",
}

__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


add_access_hook(wait_for_reader)


@before_reader
def _load_tools():
    """Import every tool and draw one throw-away chart, so plotly's figure machinery is loaded too."""
    for module in sorted(set(_LAZY.values())):
        import_module(f"{__name__}.{module}")
    import_module(f"{__name__}._figures").warm_up()


@before_reader
def _inspect_thread_pools():
    """Find the thread pools that model fits limit, which the page's first fit would otherwise do."""
    inspect_pools()
