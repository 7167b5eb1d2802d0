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

#: Body text of tools and charts.
NEUTRAL = "#4d4d4d"
#: Headings, the figure a reader is asked about, dark marks (observed points) in charts.
INK = "#222222"
#: Light background of toggles, panels and the lightest fills.
LIGHT = "#f3f5f8"
#: Thin rules between table rows and around boxes.
RULE = "#e3e7ed"
#: Border of cards and panels (a tool's box, the map's detail pane).
BORDER = "#d9dee6"
#: Secondary text (notes, captions).
MUTED = "#666666"
#: Marks that stay in the background: reference lines in charts (targets, diagonals), arrows between boxes.
FAINT = "#999999"
#: A series shown for comparison in a chart (actual beside fitted, a baseline, a KPI not measured).
BASELINE = "#9e9e9e"
#: The one point a chart asks the reader to look at (their own position, an optimum, a target).
HIGHLIGHT = "#c62828"
#: Message boxes: kind -> (background, text and border colour); "caution" marks a note to read with care.
MESSAGE_COLOURS = {"error": ("#fdecea", "#b71c1c"), "info": ("#eef3fb", "#1f4e79"), "ok": ("#edf7ee", "#2e7d32"),
                   "caution": ("#fff8e1", "#8a4b00")}
#: Red, amber, green: bad, watch, good (ratings, heatmaps, status).
RAG = {"red": "#c62828", "amber": "#f9a825", "green": "#2e7d32"}
#: Plotly colour scale for 1-5 ratings: red (bad) through pale yellow to green (good).
RATING_SCALE = [[0, RAG["red"]], [0.5, "#fff3c4"], [1, RAG["green"]]]
#: Row backgrounds for a five-step scale from harmless (1, green) to blocking (5, red).
SEVERITY_TINTS = ("#e8f5e9", "#f1f8e9", "#fff8e1", "#ffe0b2", "#ffcdd2")
#: Blue-greys from light to dark, for categories that are not the point of a chart (rules of thumb, stages).
GREYS = ("#eceff1", "#cfd8dc", "#b0bec5", "#90a4ae", "#78909c", "#607d8b")
#: The customer pyramid's tiers from the top: platinum, gold, iron, lead.
TIER_COLOURS = ("#7f8c9a", "#c9a227", "#6b7b8c", "#3b3b3b")
FONT_FAMILY = "Helvetica Neue, Arial, sans-serif"
#: Qualitative sequence for categories that are not processes (segments, tiers, channels).
SEQUENCE = ["#1f4e79", "#e07b00", "#2e7d32", "#b71c1c", "#6a3d9a", "#00838f", "#8d6e63", "#c2185b",
            "#7cb342", "#5c6bc0"]
#: Gridlines and zero lines of charts.
GRID = "#e6e6e6"
#: Zero lines of charts.
ZERO_LINE = "#cccccc"


def tint(colour, amount):
    """Mix a ``#rrggbb`` colour with white.

    Parameters
    ----------
    colour : str
        A colour as ``#rrggbb``.
    amount : float
        Share of white, from 0 (the colour itself) to 1 (white).

    Returns
    -------
    str
        The mixed colour as ``#rrggbb``.
    """
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


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
        "xaxis": {"gridcolor": GRID, "zerolinecolor": ZERO_LINE},
        "yaxis": {"gridcolor": GRID, "zerolinecolor": ZERO_LINE},
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
