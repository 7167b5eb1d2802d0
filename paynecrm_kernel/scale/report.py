"""A self-contained HTML page of a CLV analysis, for an analyst to publish: no scripts, charts as inline SVG.

The page answers, in order: which data, how well the models fit (parameters with 95 % intervals), whether the
forecast held on the holdout period, how value is spread over the customers, and who the top customers are.
"""
from __future__ import annotations

import html
import math

import numpy as np

from ..clv.units import describe_time_unit
from ..theme import GRID, LIGHT, MUTED, NEUTRAL, PROCESS_COLOURS

__all__ = ["bar_chart", "render_report"]

_ACCENT = PROCESS_COLOURS["value"]
_SECOND = PROCESS_COLOURS["channels"]
_STYLE = f"""
body {{ font-family: Helvetica Neue, Arial, sans-serif; color: {NEUTRAL}; max-width: 980px; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; }}
h1 {{ color: {_ACCENT}; margin-bottom: 0.2em; }} h2 {{ color: {_ACCENT}; border-bottom: 2px solid {LIGHT};
       padding-bottom: 0.2em; margin-top: 2em; }}
table {{ border-collapse: collapse; margin: 0.8em 0; font-size: 0.93em; }}
th, td {{ padding: 0.3em 0.8em; border-bottom: 1px solid {GRID}; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }} thead th {{ background: {LIGHT}; }}
.note {{ font-size: 0.9em; color: {MUTED}; }} .warn {{ color: {PROCESS_COLOURS["performance"]}; font-weight: bold; }}
.figures {{ display: flex; gap: 2em; flex-wrap: wrap; }} .figure {{ font-size: 1.6em; color: {_ACCENT}; }}
"""


def _e(text):
    return html.escape(str(text))


def _number(value, digits=2):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _table(frame, digits=2, index=True):
    head = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False)):
        cells = [_e(label)] if index else []
        cells += [_number(v, digits) if isinstance(v, (float, np.floating)) else f"{v:,}"
                  if isinstance(v, (int, np.integer)) else _e(v) for v in values]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ("<table><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _tick(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def bar_chart(labels, series, title, x_title, y_title, width=880, height=300):
    """An SVG bar chart: one or two series (``{name: values}``) over categorical ``labels``."""
    names = list(series)
    values = np.array([np.asarray(series[n], dtype=float) for n in names])
    top = float(np.nanmax(values)) if values.size and np.isfinite(np.nanmax(values)) else 1.0
    top = top if top > 0 else 1.0
    left, right, upper, lower = 70, 20, 30, 60
    plot_w, plot_h = width - left - right, height - upper - lower
    slot = plot_w / max(len(labels), 1)
    bar = slot * 0.8 / len(names)
    colours = [_ACCENT, _SECOND]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="{_e(title)}" font-family="Helvetica Neue, Arial, sans-serif" font-size="11">',
             f'<text x="{left}" y="18" font-size="13" fill="{NEUTRAL}">{_e(title)}</text>']
    for k in range(5):
        y = upper + plot_h * (1 - k / 4)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{NEUTRAL}">'
                     f'{_e(_tick(top * k / 4))}</text>')
    for s, name in enumerate(names):
        for i, value in enumerate(values[s]):
            if not np.isfinite(value):
                continue
            h = plot_h * value / top
            x = left + i * slot + slot * 0.1 + s * bar
            parts.append(f'<rect x="{x:.1f}" y="{upper + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                         f'fill="{colours[s % 2]}"><title>{_e(labels[i])}: {_e(f"{value:,.4g}")}</title></rect>')
    step = max(1, len(labels) // 12)
    for i in range(0, len(labels), step):
        x = left + (i + 0.5) * slot
        parts.append(f'<text x="{x:.1f}" y="{upper + plot_h + 14}" text-anchor="middle" fill="{NEUTRAL}">'
                     f'{_e(labels[i])}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 18}" text-anchor="middle" fill="{NEUTRAL}">'
                 f'{_e(x_title)}</text>')
    parts.append(f'<text transform="translate(14 {upper + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" '
                 f'fill="{NEUTRAL}">{_e(y_title)}</text>')
    if len(names) > 1:
        for s, name in enumerate(names):
            x = width - right - 220 + s * 110
            parts.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{colours[s % 2]}"/>'
                         f'<text x="{x + 14}" y="17" fill="{NEUTRAL}">{_e(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _fit_section(result, title):
    frame = result.params.to_frame("estimate")
    frame["standard error"] = result.standard_errors
    intervals = result.conf_int(0.95)
    frame["95 % lower"], frame["95 % upper"] = intervals["lower"], intervals["upper"]
    frame.index.name = "parameter"
    status = "" if result.converged else ('<p class="warn">The optimiser did not converge: read these estimates '
                                          'with care.</p>')
    return (f"<h3>{_e(title)}</h3>{status}{_table(frame, 4)}<p class='note'>Log-likelihood "
            f"{_number(result.log_likelihood)}; AIC {_number(result.aic)}. Intervals are Wald intervals on the log "
            "scale (they stay positive).</p>")


def _holdout_section(analysis):
    table = analysis.holdout
    if table is None:
        return ("<h2>Does the forecast hold?</h2><p>No holdout period was set. Run with a calibration end "
                "(<code>--calibration-end</code>) to fit on the earlier data and compare the forecast with what "
                "customers did afterwards.</p>")
    unit = describe_time_unit(analysis.summary_attrs["time_unit"])
    actual, predicted = table["actual_total"].sum(), table["predicted_total"].sum()
    chart = bar_chart(list(table.index), {"actual": table["actual"], "predicted": table["predicted"]},
                      "Mean repeat purchases in the holdout period, by purchases in the calibration period",
                      "repeat purchases in the calibration period", "mean purchases per customer")
    shown = table[["customers", "actual", "predicted"]].astype({"customers": np.int64})
    return (f"<h2>Does the forecast hold?</h2><p>Fitted on purchases up to "
            f"{_e(analysis.summary_attrs['calibration_end'])}"
            f", the model predicted {_number(predicted, 0)} repeat purchases up to "
            f"{_e(analysis.summary_attrs['observation_end'])}; customers made {_number(actual, 0)} "
            f"({(predicted / actual - 1) if actual else math.nan:+.1%} difference). Time unit: {unit}.</p>"
            f"{chart}{_table(shown, 3)}")


def _value_section(analysis):
    d = analysis.distribution
    settings = analysis.clv_settings
    label = "customer lifetime value" if d.column == "clv" else "expected purchases"
    h = d.histogram
    labels = [f"{lo:,.0f}+" if not math.isfinite(hi) else f"{lo:,.0f}" for lo, hi in zip(h["lower"], h["upper"])]
    chart = bar_chart(labels, {"customers": h["customers"]}, f"How many customers have each {label}",
                      f"{label} (lower edge of the bin; last bin open)", "customers")
    quantiles = d.quantiles.to_frame(label)
    quantiles.index = [f"{q:.0%}" for q in quantiles.index]
    quantiles.index.name = "percentile"
    shares = d.concentration.to_frame("share of total")
    shares["share of total"] = [f"{v:.1%}" for v in shares["share of total"]]
    shares.index.name = "customers"
    convention = settings.get("convention", "")
    return (f"<h2>How is value spread?</h2><div class='figures'><div>total {_e(label)}<br><span class='figure'>"
            f"{_number(d.total)}</span></div><div>customers<br><span class='figure'>{d.customers:,}</span></div>"
            f"<div>median<br><span class='figure'>{_number(d.quantiles[0.5])}</span></div></div>"
            f"<p class='note'>{_e(convention)}</p>{chart}<div class='figures'>{_table(quantiles)}"
            f"{_table(shares)}</div>")


def _top_section(analysis):
    top = analysis.distribution.top.copy()
    id_column = analysis.mapping["customer_id"]
    if id_column in top.columns:
        top = top.set_index(id_column)
    return (f"<h2>Who are the top customers?</h2><p>The {len(top)} customers with the highest "
            f"{'value' if analysis.distribution.column == 'clv' else 'expected purchases'}; every customer's "
            f"scores are in <code>{_e(analysis.scores_path)}</code>.</p>{_table(top, 2)}")


def render_report(analysis):
    """The HTML page of a :class:`~paynecrm_kernel.scale.analysis.ClvAnalysis` (a string)."""
    attrs = analysis.summary_attrs
    unit = describe_time_unit(attrs["time_unit"])
    mapping = ", ".join(f"{field}: <code>{_e(column)}</code>{' (guessed)' if field in analysis.guessed else ''}"
                        for field, column in analysis.mapping.items() if column is not None)
    excluded = attrs.get("excluded_customers", 0)
    fits = _fit_section(analysis.purchases, f"Purchases: {analysis.purchases.model_name} (time in {unit})")
    if analysis.spend is not None:
        fits += _fit_section(analysis.spend, "Spend per purchase: Gamma-Gamma")
    body = (f"<h1>Customer lifetime value</h1><p class='note'>{_e(analysis.source)}</p>"
            f"<h2>Which data?</h2><p>{analysis.customers:,} customers, observed to {_e(attrs['observation_end'])}"
            f" (calibration to {_e(attrs['calibration_end'])}); {excluded:,} customers first bought after the "
            f"calibration period and are left out. Columns: {mapping}. The models were fitted on "
            f"{analysis.histories:,} distinct purchase histories, which give the same likelihood as all customers."
            f"</p><h2>How well do the models fit?</h2>{fits}{_holdout_section(analysis)}{_value_section(analysis)}"
            f"{_top_section(analysis)}")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Customer lifetime value: "
            f"{_e(analysis.source)}</title><style>{_STYLE}</style></head><body>{body}</body></html>")
