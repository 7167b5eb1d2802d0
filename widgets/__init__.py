"""Interactive ipywidgets tools of the workbook (installed as ``paynecrm_kernel.widgets``).

Tools are imported on first use (``from paynecrm_kernel.widgets import FrameworkMap``), so opening a
notebook loads only the tools it shows.
"""
from importlib import import_module

#: Public name -> submodule that defines it.
_LAZY = {
    "process_banner": "framework_map",
    "FrameworkMap": "framework_map",
    "ExerciseBox": "exercises",
    "ClassificationExercise": "exercises",
    "ContinuumTool": "continuum",
    "StrategyMatrixTool": "strategy_matrix",
    "MaturityAudit": "maturity",
    "ImplementationGrid": "implementation",
    "buttle_comparison": "compare",
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
