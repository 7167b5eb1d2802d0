"""One look for the whole workbook: the process palette, the plotly theme and number formats.

Every screen uses the same colour for the same process (framework map, section headers, charts), and
numbers are shown as a manager reads them.
"""
import math

#: One colour per process of Payne & Frow's framework, used everywhere the process appears.
PROCESS_COLOURS = {
    "strategy": "#1f4e79",      # strategy development: deep blue
    "value": "#2e7d32",         # value creation: green
    "channels": "#e07b00",      # multichannel integration: amber
    "information": "#6a3d9a",   # information management: purple
    "performance": "#b71c1c",   # performance assessment: red
}

#: Display names of the processes, keyed like :data:`PROCESS_COLOURS`.
PROCESS_NAMES = {
    "strategy": "Strategy development",
    "value": "Value creation",
    "channels": "Multichannel integration",
    "information": "Information management",
    "performance": "Performance assessment",
}

NEUTRAL = "#4d4d4d"
LIGHT = "#f3f5f8"
#: Thin rules between table rows and around boxes.
RULE = "#e3e7ed"
#: Secondary text (notes, captions).
MUTED = "#666666"
#: Message boxes: kind -> (background, text and border colour).
MESSAGE_COLOURS = {"error": ("#fdecea", "#b71c1c"), "info": ("#eef3fb", "#1f4e79"), "ok": ("#edf7ee", "#2e7d32")}
#: Red, amber, green: bad, watch, good (ratings, heatmaps, status).
RAG = {"red": "#c62828", "amber": "#f9a825", "green": "#2e7d32"}
FONT_FAMILY = "Helvetica Neue, Arial, sans-serif"
#: Qualitative sequence for categories that are not processes (segments, tiers, channels).
SEQUENCE = ["#1f4e79", "#e07b00", "#2e7d32", "#b71c1c", "#6a3d9a", "#00838f", "#8d6e63", "#c2185b",
            "#7cb342", "#5c6bc0"]


def plotly_layout(title=None, **overrides):
    """Return layout settings (a dict for ``go.Layout``/``update_layout``) in the workbook's theme.

    Parameters
    ----------
    title : str, optional
        Chart title, stated as the question the chart answers.
    **overrides
        Any further layout properties; they win over the theme.
    """
    layout = {
        "font": {"family": FONT_FAMILY, "size": 13, "color": NEUTRAL},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": SEQUENCE,
        "margin": {"l": 60, "r": 20, "t": 50 if title else 20, "b": 50},
        "xaxis": {"gridcolor": "#e6e6e6", "zerolinecolor": "#cccccc"},
        "yaxis": {"gridcolor": "#e6e6e6", "zerolinecolor": "#cccccc"},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
    }
    if title:
        layout["title"] = {"text": title, "x": 0.0, "xanchor": "left", "font": {"size": 16}}
    layout.update(overrides)
    return layout


def _is_missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_currency(value, symbol="$", decimals=0):
    """Format money with a currency symbol and thousands separators (``-$1,234``); ``—`` when missing."""
    if _is_missing(value):
        return "—"
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.{decimals}f}"


def format_percent(share, decimals=1):
    """Format a share (0.123) as a percentage with one decimal (``12.3 %``); ``—`` when missing."""
    if _is_missing(share):
        return "—"
    return f"{100 * share:,.{decimals}f} %"


def format_number(value, decimals=0):
    """Format a count or measure with thousands separators; ``—`` when missing."""
    if _is_missing(value):
        return "—"
    return f"{value:,.{decimals}f}"
