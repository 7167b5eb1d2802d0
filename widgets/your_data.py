"""Your own data: upload a transaction file, map its columns, see what was left out, get every customer's value."""
import base64
import contextlib
import datetime
import html

import ipywidgets as W
import pandas as pd
import plotly.graph_objects as go

from ..data import data_path
from ..scale.upload import (TIME_UNITS, analyse_upload, check_upload, excluded_by_reason, fit_in_words, overall_percent,
                            read_upload, scores_csv, suggest_calibration_end, upload_report)
from ..theme import BASELINE, MESSAGE_COLOURS, format_number, format_percent
from ._base import ToolPanel
from ._lean import HTML, Button, Dropdown, FloatSlider, IntSlider, ToggleButtons, VBox, shared_layout
from ._styles import fine_print, note
from ._tables import rows_table
from ._value_common import VALUE_COLOUR, big_number, full_width, replace_traces, run_quietly, themed_figure

__all__ = ["YourDataTool"]

SAMPLE_FILE = "CDNOW_sample.txt"
_FIELDS = {"customer_id": "Customer id", "date": "Date", "amount": "Amount"}
_NO_HOLDOUT = "none"
_LABEL_STYLE = {"description_width": "110px"}
_HELP = """
**Purchases.** The purchase model (BG/NBD by default; Fader, Hardie & Lee 2005) assumes that while a customer is
active they buy at their own steady rate $\\lambda$, and that after any purchase they may stop for good, with their
own chance $p$; across customers $\\lambda \\sim Gamma(r, \\alpha)$ and $p \\sim Beta(a, b)$. The Pareto/NBD
(Schmittlein, Morrison & Colombo 1987) lets customers stop at any time instead. Each customer's history enters
only through three numbers: repeat purchases (frequency), the time of the last one (recency) and the time since
the first (T), in the time unit chosen.

**Spend.** The Gamma-Gamma model (Fader & Hardie 2013) shrinks each customer's mean spend towards the mean of all
customers: the fewer purchases, the stronger the pull.

**Value** over the horizon is the discounted expected margin of the repeat purchases in each month,
$\\sum_k (E[Y(t_k)] - E[Y(t_{k-1})]) \\cdot E[M] \\cdot margin / (1+d)^k$: a value over a finite horizon.

**Holdout check.** The models are fitted on the purchases up to the calibration end; the chart compares the
purchases they predict for the rest of the period with what customers actually did.
"""


def _data_uri(payload, mime):
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


class YourDataTool(ToolPanel):
    """Upload a transaction file (CSV, Excel, Parquet), map its columns, check it, and value every customer.

    Parameters
    ----------
    workbook : Workbook, optional
        Where the mapping and the settings are saved (keys ``your_data.*``).
    key : str
        Prefix of the tool's keys.

    Attributes
    ----------
    raw : RawTransactions or None
        The file as read.
    clean, validation
        The checked rows and the validation report.
    analysis : ClvAnalysis or None
        The last analysis run.
    """

    placeholder_height = 880

    def __init__(self, *, workbook=None, key="your_data"):
        super().__init__("What is each of our customers worth, from our own transactions?", "value",
                         workbook=workbook, key=key, css_class="pcrm-your-data", explanation=_HELP)
        self.raw = self.clean = self.validation = self.analysis = None
        self.file_name = None
        self._filling = False
        self._create_inputs()
        self._create_results()
        self.set_panels(inputs=[self.upload, self.sample_button, self.file_note, self.mapping_box, self.settings_box,
                                self.run_button, self.progress, self.stage],
                        result=[self.headline, self.downloads, self.tabs])

    # -- layout ----------------------------------------------------------------------------------------------
    def _create_inputs(self):
        self.upload = W.FileUpload(accept=".csv,.txt,.tsv,.xlsx,.xlsm,.parquet,.pq", multiple=False,
                                   description="Upload transactions", layout=shared_layout(width="100%"))
        self.upload.add_class("pcrm-your-data-upload")
        self.upload.observe(self._on_upload, names="value")
        self.sample_button = Button(description="Or try the CDNOW sample", icon="database",
                                    layout=shared_layout(width="100%"))
        self.sample_button.add_class("pcrm-your-data-sample")
        self.sample_button.on_click(lambda _button: self.use_sample())
        self.file_note = HTML(note("CSV, Excel (.xlsx) or Parquet, one row per purchase: a customer id, a date "
                                   "and an amount."))
        self.mapping = {}
        for field, label in _FIELDS.items():
            dropdown = Dropdown(options=[], description=label, layout=shared_layout(width="100%"), disabled=True)
            dropdown.observe(lambda change, field=field: self._on_mapping(field), names="value")
            dropdown.add_class(f"pcrm-your-data-map-{field}")
            self.mapping[field] = dropdown
        self.mapping_note = HTML()
        self.mapping_box = VBox([HTML("<b>Columns</b>"), *self.mapping.values(), self.mapping_note])
        self.time_unit = self.bound(ToggleButtons(options=[("days", "D"), ("weeks", "W"), ("months", "M")],
                                                  value="W", description="Time unit",
                                                  style={"button_width": "78px"}), "time_unit", refresh=False)
        self.calibration_end = W.DatePicker(description="Calibration end", layout=shared_layout(width="100%"),
                                            style={"description_width": "initial"})
        self.calibration_end.observe(self._on_calibration_end, names="value")
        self.model = self.bound(Dropdown(options=[("BG/NBD", "bgnbd"), ("MBG/NBD", "mbgnbd"),
                                                  ("Pareto/NBD", "paretonbd")], value="bgnbd",
                                         description="Model"), "model", refresh=False)
        self.horizon = self.bound(IntSlider(value=12, min=1, max=60, description="Horizon (months)",
                                            style=_LABEL_STYLE), "horizon", refresh=False)
        self.discount_rate = self.bound(FloatSlider(value=0.01, min=0.0, max=0.05, step=0.001, readout_format=".1%",
                                                    description="Discount / month", style=_LABEL_STYLE),
                                        "discount_rate", refresh=False)
        self.margin = self.bound(FloatSlider(value=1.0, min=0.05, max=1.0, step=0.01, readout_format=".0%",
                                             description="Margin", style=_LABEL_STYLE),
                                 "margin", refresh=False)
        full_width(self.horizon, self.discount_rate, self.margin)
        self.settings_box = VBox([HTML("<b>Settings</b>"), self.time_unit, self.calibration_end, self.model,
                                  self.horizon, self.discount_rate, self.margin])
        self.run_button = Button(description="Run the analysis", icon="play", button_style="primary",
                                 disabled=True, layout=shared_layout(width="100%"))
        self.run_button.add_class("pcrm-your-data-run")
        self.run_button.on_click(lambda _button: self.run())
        self.progress = W.IntProgress(value=0, min=0, max=100, layout=shared_layout(width="100%"),
                                      style={"bar_color": VALUE_COLOUR})
        self.progress.add_class("pcrm-your-data-progress")
        self.stage = HTML()

    def _create_results(self):
        self.headline = HTML()
        self.downloads = HTML()
        self.downloads.add_class("pcrm-your-data-downloads")
        self.check_view = HTML("<p>Upload a file, or try the CDNOW sample, to see how it was read.</p>")
        self.check_view.add_class("pcrm-your-data-check")
        self.fit_view = HTML()
        self.holdout_chart = themed_figure("Holdout check", height=340)
        self.holdout_note = HTML()
        self.value_chart = themed_figure("How value is spread", height=340)
        self.value_note = HTML()
        self.top_view = HTML()
        self.tabs = W.Tab(children=[self.check_view, self.fit_view, VBox([self.holdout_note, self.holdout_chart]),
                                    VBox([self.value_note, self.value_chart]), self.top_view],
                          titles=["Data check", "Fit", "Holdout check", "Value", "Top customers"],
                          layout=shared_layout(width="100%"))

    # -- steps -----------------------------------------------------------------------------------------------
    def _attempt(self, action, *args, **kwargs):
        """Run one step; any failure becomes a short message in the tool (the page keeps working)."""
        try:
            return action(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - an analyst sees a message, never a traceback
            self.progress.bar_style = "danger"
            self.stage.value = ""
            self.show_message(str(exc) or type(exc).__name__, kind="error")
            return None

    def _on_upload(self, change):
        files = change["new"]
        if files:
            self.load_file(files[0]["name"], files[0]["content"])

    def load_file(self, name, content):
        """Read ``content`` (the bytes of file ``name``), guess its columns and check its rows."""
        self._forget_results()
        self.clear_message()
        self.raw = self._attempt(read_upload, content, name)
        if self.raw is None:
            self._fill_mapping([], {})
            self._note_guesses()
            self.check_view.value = ""
            self.run_button.disabled = True
            return False
        self.file_name = name
        columns = [str(c) for c in self.raw.frame.columns]
        saved = {f: self.load(f"mapping.{f}") for f in _FIELDS}
        chosen = {f: saved[f] if saved[f] in columns else self.raw.mapping[f] for f in _FIELDS}
        self._fill_mapping(columns, chosen)
        self.file_note.value = note(f"<b>{html.escape(name)}</b>: {len(self.raw.frame):,} rows, "
                                    f"{len(columns)} columns")
        return self.check()

    def use_sample(self):
        """Load the bundled CDNOW sample (Fader & Hardie's 2,357 customers) and run the analysis on it."""
        if self.load_file(SAMPLE_FILE, data_path(SAMPLE_FILE).read_bytes()):
            self.run()

    @contextlib.contextmanager
    def _filling_in(self):
        """Set controls from the file or the workbook without treating it as the analyst's change."""
        self._filling = True
        try:
            yield
        finally:
            self._filling = False

    def _fill_mapping(self, columns, chosen):
        with self._filling_in():
            for field, dropdown in self.mapping.items():
                dropdown.options = [("(choose a column)", None)] + [(c, c) for c in columns]
                dropdown.value = chosen.get(field)
                dropdown.disabled = not columns

    def _on_mapping(self, field):
        if self._filling or self.raw is None:
            return
        self.save(f"mapping.{field}", self.mapping[field].value or "")
        self._forget_results()
        self.check()

    @property
    def chosen_mapping(self):
        """The column chosen for each field (``None`` where none is)."""
        return {field: dropdown.value for field, dropdown in self.mapping.items()}

    @property
    def guessed(self):
        """The fields whose column is the reader's guess."""
        return tuple(f for f in self.raw.guessed if self.chosen_mapping[f] == self.raw.mapping[f]) if self.raw else ()

    def _note_guesses(self):
        names = [_FIELDS[f] for f in self.guessed]
        self.mapping_note.value = (note(f"Guessed from the names and values: {html.escape(', '.join(names))}. "
                                        "Change any that is wrong.") if names else "")

    def check(self):
        """Validate the rows with the chosen mapping and show what was left out; True when usable rows remain."""
        self.clear_message()
        self._note_guesses()
        checked = self._attempt(check_upload, self.raw, self.chosen_mapping)
        self.clean, self.validation = checked if checked else (None, None)
        self.run_button.disabled = checked is None
        if checked is None:
            self.check_view.value = self._preview()
            return False
        self._propose_calibration_end()
        self.check_view.value = self._validation_html() + self._preview()
        self.tabs.selected_index = 0
        return True

    def _propose_calibration_end(self):
        """The saved calibration end if it lies within the file's dates, none if the analyst chose none, else
        halfway through the dates."""
        saved, dates = self.load("calibration_end", ""), self.clean["date"]
        value = None if saved == _NO_HOLDOUT else suggest_calibration_end(dates).date()
        try:
            day = datetime.date.fromisoformat(saved)
        except ValueError:
            day = None
        if day is not None and dates.min().date() < day < dates.max().date():
            value = day
        with self._filling_in():
            self.calibration_end.value = value

    def _on_calibration_end(self, change):
        if not self._filling:
            self.save("calibration_end", change["new"].isoformat() if change["new"] else _NO_HOLDOUT)

    def run(self):
        """Run the whole analysis with the chosen mapping and settings, the progress bar following it."""
        if self.clean is None:
            self.show_message("Upload a transaction file first, or try the CDNOW sample.", kind="info")
            return None
        self.clear_message()
        self._forget_results()
        for field, column in self.chosen_mapping.items():
            self.save(f"mapping.{field}", column)
        self.run_button.disabled = True
        self.progress.bar_style = ""
        try:
            self.analysis = self._attempt(
                run_quietly, self, analyse_upload, self.clean, self.validation, self.file_name,
                guessed=self.guessed, time_unit=self.time_unit.value, calibration_end=self.calibration_end.value,
                model=self.model.value, horizon=self.horizon.value, discount_rate=self.discount_rate.value,
                margin=self.margin.value, progress=self._on_progress)
            if self.analysis is not None:
                self._attempt(self._show_results)
        finally:
            self.run_button.disabled = False
        return self.analysis

    def _on_progress(self, stage, fraction):
        self.progress.value = overall_percent(stage, fraction)
        self.stage.value = note(html.escape(stage))

    def _forget_results(self):
        self.analysis = None
        self.progress.value = 0
        self.stage.value = self.headline.value = self.downloads.value = ""
        for view in (self.fit_view, self.holdout_note, self.value_note, self.top_view):
            view.value = ""
        for chart in (self.holdout_chart, self.value_chart):
            if chart.data:
                replace_traces(chart, [])

    # -- rendering -------------------------------------------------------------------------------------------
    def _validation_html(self):
        v = self.validation
        parts = [f"<p><b>{v.n_clean:,}</b> of {v.n_input:,} rows kept, <b>{v.n_input - v.n_clean:,}</b> left out.</p>"]
        excluded = excluded_by_reason(v)
        if not excluded.empty:
            rows = [[reason, r["column"], format_number(r["rows"]), r["lines"], r["examples"]]
                    for reason, r in excluded.iterrows()]
            parts.append("<p>Left out, and why:</p>" + rows_table(
                rows, ["Reason", "Column", "Rows", f"{v.row_label.capitalize()}s of the file", "Values"],
                align=["left", "left", "right", "left", "left"], css_class="pcrm-your-data-excluded"))
        if not v.notes.empty:
            rows = [[n["issue"], format_number(n["rows"]), n["lines"], n["action"]] for _, n in v.notes.iterrows()]
            parts.append("<p>Worth knowing:</p>" + rows_table(rows, ["Issue", "Rows", f"{v.row_label.capitalize()}s",
                                                                     "Done"], align=["left", "right", "left", "left"]))
        return "".join(parts)

    def _preview(self):
        if self.raw is None:
            return ""
        head = self.raw.frame.head(3)
        rows = [[str(i)] + ["" if pd.isna(x) else str(x) for x in row] for i, row in zip(head.index, head.to_numpy())]
        header = [head.index.name or ""] + [str(c) for c in head.columns]
        return "<p>The file's first rows:</p>" + rows_table(rows, header, align=["left"] * len(header))

    def _show_results(self):
        a = self.analysis
        d, settings = a.distribution, a.clv_settings
        self.progress.value, self.progress.bar_style = 100, "success"
        self.stage.value = note("done")
        label = "Value" if d.column == "clv" else "Expected purchases"
        horizon = f"over {settings['horizon']:g} months"
        self.headline.value = (big_number("Customers", format_number(a.customers),
                                          f"to {a.summary_attrs['observation_end']}")
                               + big_number(f"{label}, all customers", format_number(d.total, 0), horizon)
                               + big_number("Top 10 % of customers hold", format_percent(d.concentration["top 10%"]),
                                            "of the total"))
        stem = str(self.file_name).rsplit(".", 1)[0]
        scores_name = f"{stem}-clv-scores.csv"
        report = _data_uri(upload_report(a, scores_name).encode("utf-8"), "text/html")
        scores = _data_uri(scores_csv(a), "text/csv")
        background, colour = MESSAGE_COLOURS["ok"]
        self.downloads.value = (
            f"<div style='background:{background};padding:6px 10px;margin:4px 0'>"
            f"<a download='{html.escape(stem)}-clv-report.html' href='{report}' style='color:{colour};font-weight:600;"
            f"margin-right:18px'>Download the report (HTML)</a><a download='{html.escape(scores_name)}' "
            f"href='{scores}' style='color:{colour};font-weight:600'>Download every customer's scores (CSV)</a></div>")
        self.fit_view.value = self._fit_html()
        self._draw_holdout()
        self._draw_value()
        self.top_view.value = self._top_html()
        self.tabs.selected_index = 1

    def _fit_html(self):
        a = self.analysis
        parts = ["<p>" + " ".join(html.escape(s) for s in fit_in_words(a)) + "</p>"]
        for title, result in ((f"Purchases: {a.purchases.model_name}", a.purchases), ("Spend: Gamma-Gamma", a.spend)):
            if result is None:
                continue
            intervals = result.conf_int(0.95)
            rows = [[name, f"{value:.4g}", f"{intervals.loc[name, 'lower']:.4g} to {intervals.loc[name, 'upper']:.4g}"]
                    for name, value in result.params.items()]
            status = "" if result.converged else " (the fit did not converge: read it with care)"
            parts.append(f"<p><b>{html.escape(title)}</b>{status}</p>"
                         + rows_table(rows, ["Parameter", "Estimate", "95 % interval"], css_class="pcrm-your-data-fit")
                         + fine_print(f"log-likelihood {result.log_likelihood:,.2f}"))
        unit = TIME_UNITS[a.summary_attrs["time_unit"]]
        parts.append(fine_print(f"{a.customers:,} customers, {a.histories:,} distinct purchase histories; time in "
                                f"{unit}; calibration to {a.summary_attrs['calibration_end']}."))
        return "".join(parts)

    def _draw_holdout(self):
        table = self.analysis.holdout
        if table is None:
            replace_traces(self.holdout_chart, [], title={"text": "No holdout check"})
            self.holdout_note.value = "<p>No calibration end was set, so the forecast was not checked.</p>"
            return
        actual, predicted = table["actual_total"].sum(), table["predicted_total"].sum()
        error = f" ({predicted / actual - 1:+.1%})" if actual else ""
        self.holdout_note.value = (
            f"<p>Fitted up to {self.analysis.summary_attrs['calibration_end']}, the model predicted "
            f"<b>{predicted:,.0f}</b> repeat purchases to {self.analysis.summary_attrs['observation_end']}; "
            f"customers made <b>{actual:,.0f}</b>{error}.</p>")
        x = table.index.tolist()
        replace_traces(self.holdout_chart, [go.Bar(x=x, y=table["actual"], name="actual", marker_color=BASELINE),
                                            go.Bar(x=x, y=table["predicted"], name="predicted",
                                                   marker_color=VALUE_COLOUR)],
                       title={"text": "Actual against predicted, by purchases in the calibration period"},
                       barmode="group", yaxis={"title": "Holdout purchases per customer"},
                       xaxis={"title": "Repeat purchases in the calibration period", "type": "category"})

    def _draw_value(self):
        a = self.analysis
        d = a.distribution
        label = "value" if d.column == "clv" else "expected purchases"
        h = d.histogram
        x = [f"{lo:,.0f}+" if hi == float("inf") else f"{lo:,.0f}" for lo, hi in zip(h["lower"], h["upper"])]
        replace_traces(self.value_chart, [go.Bar(x=x, y=h["customers"], marker_color=VALUE_COLOUR,
                                                 hovertemplate="%{x}: %{y:,} customers<extra></extra>")],
                       title={"text": f"How many customers have each {label}"},
                       xaxis={"title": f"{label.capitalize()} over {a.clv_settings['horizon']:g} months (from)",
                              "type": "category"},
                       yaxis={"title": "Customers"})
        quantiles = ", ".join(f"{q:.0%}: {format_number(v, 2)}" for q, v in d.quantiles.items()
                              if q in (0.25, 0.5, 0.9))
        shares = ", ".join(f"{k}: {format_percent(v)}" for k, v in d.concentration.items())
        convention = html.escape(a.clv_settings.get("convention", "").rstrip("."))
        self.value_note.value = (f"<p>Percentiles of {label}: {quantiles}. Share of the total held by the {shares}."
                                 "</p>" + fine_print(f"{convention}. Amounts in the file's currency."))

    def _top_html(self):
        a = self.analysis
        top = a.distribution.top.head(10)
        id_column = a.mapping["customer_id"]
        columns = [("frequency", "Repeat purchases", 0), ("probability_alive", "P(active)", 2),
                   ("expected_purchases", "Expected purchases", 2), ("expected_spend", "Spend / purchase", 2),
                   ("clv", "Value", 2)]
        shown = [c for c in columns if c[0] in top.columns]
        rows = [[str(customer)] + [format_number(row[c], digits) for c, _, digits in shown]
                for customer, (_, row) in zip(top[id_column], top.iterrows())]
        return (f"<p>The {len(rows)} customers worth most; every customer's scores are in the CSV download.</p>"
                + rows_table(rows, [id_column] + [label for _, label, _ in shown], css_class="pcrm-your-data-top"))
