"""Applications and IT systems: the front-office/back-office classification exercise, and the integration map
with the scalability checklist."""
import html

import ipywidgets as W

from ..information import (APPLICATIONS, SCALABILITY_CHECKLIST, checklist_answers, classify_applications,
                           integration_map, scalability_score)
from ..theme import format_percent
from ._base import ToolPanel
from ._lean import Dropdown, HBox, HTML
from .information_common import headline, note, text_table

__all__ = ["ApplicationClassifier", "IntegrationMap"]

_CLASSIFY_HELP = """
Payne & Frow (2005) divide the applications into **front-office** applications, which support activities that
deal directly with customers (their examples: sales-force automation, call-centre management), and
**back-office** applications, which support internal administration and supplier relationships (human
resources, procurement, warehouse management, logistics and some finance). The two must be integrated: the
examples marked as integration points are where a back-office system holds what a customer sees.
"""

_MAP_HELP = """
Each row is a system that feeds the repository: what it sends (the fact or dimension table), the customer key it
carries, and where that key is lost. The identified share is the sample company's share of contacts in that
channel linked to a known customer. The checklist asks whether the IT systems can grow and change without
disrupting operations; the score is the share of items met, by area.
"""


class ApplicationClassifier(ToolPanel):
    """Which applications are front office, which back office, and where must they meet?"""

    placeholder_height = 760

    def __init__(self, *, workbook=None, key="information.landscape"):
        super().__init__("Which applications are front office and which back office, and where must they meet?",
                         "information", workbook=workbook, key=key, css_class="pcrm-classifier",
                         explanation=_CLASSIFY_HELP)
        saved = self.load("answers") or {}
        self.choices, rows = {}, []
        for application in APPLICATIONS:
            choice = Dropdown(options=[("Choose…", ""), ("Front office", "front"), ("Back office", "back")],
                              value=saved.get(application.name, ""), layout={"width": "150px"})
            choice.add_class("pcrm-classifier-choice")
            choice.observe(self._on_choice, names="value")
            self.choices[application.name] = choice
            rows.append(HBox([HTML(f"<div style='padding-right:8px;width:230px'>{html.escape(application.name)}"
                                   "</div>"), choice]))
        self.summary = HTML()
        self.summary.add_class("pcrm-classifier-summary")
        self.table = HTML()
        self.set_panels(inputs=rows, result=[self.summary, self.table])
        self.refresh()

    def answers(self):
        """The answers given so far, ``{application: "front" | "back"}``."""
        return {name: d.value for name, d in self.choices.items() if d.value}

    def _on_choice(self, _change):
        self.save("answers", self.answers())
        self.refresh()

    def _refresh(self):
        answers = self.answers()
        scored = classify_applications(answers)
        answered = scored[scored["answer"].notna()]
        self.summary.value = headline("Answered correctly", f"{int(answered['correct'].sum())} of {len(answered)}",
                                      f"{len(scored) - len(answered)} still to classify")
        if answered.empty:
            self.table.value = note("Classify an application on the left: each answer is checked here, with the "
                                    "reason.")
            return
        shown = answered.assign(answer=answered["answer"].map({"front": "front office", "back": "back office"}),
                                verdict=answered["correct"].map({True: "right", False: "not quite"}))
        shown = shown[["answer", "verdict", "why"]]
        self.table.value = text_table(shown, "pcrm-classifier-table")


class IntegrationMap(ToolPanel):
    """Which systems feed the repository, where is the customer id lost, and can the IT systems scale?

    Parameters
    ----------
    channels : pandas.DataFrame, optional
        ``channel, identification_rate`` (the sample company's channel table).
    """

    placeholder_height = 900

    def __init__(self, channels=None, *, workbook=None, key="information.landscape"):
        super().__init__("Which systems feed the repository, where is the customer lost, and can IT scale?",
                         "information", workbook=workbook, key=key, css_class="pcrm-integration",
                         explanation=_MAP_HELP)
        self.map = integration_map(channels)
        saved = self.load("checklist") or {}
        self.checks, rows = [], []
        for i, (area, question) in enumerate(SCALABILITY_CHECKLIST, 1):
            box = W.Checkbox(value=bool(saved.get(str(i), False)), indent=False, layout=W.Layout(width="28px"))
            box.add_class("pcrm-integration-check")
            box.observe(self._on_check, names="value")
            self.checks.append(box)
            rows.append(HBox([box, HTML(f"<div style='line-height:1.3;padding-top:4px'><b>{html.escape(area)}</b>: "
                                        f"{html.escape(question)}</div>")]))
        self.summary = HTML()
        self.summary.add_class("pcrm-integration-summary")
        table = self.map.assign(identified_share=self.map["identified_share"].map(
            lambda v: "" if v != v else format_percent(v)) if "identified_share" in self.map else "")
        table = table.set_index("system")[["office", "feeds", "key", "where_lost", "identified_share"]]
        table.columns = ["office", "feeds", "customer key", "where the customer is lost", "contacts identified"]
        self.table = HTML(text_table(table, "pcrm-integration-table"))
        self.set_panels(inputs=[HTML("<b>Does Hearth & Home's IT meet these?</b>"), *rows],
                        result=[self.table, self.summary])
        self.refresh()

    def answers(self):
        """The checklist, ``{question: met}``."""
        return checklist_answers({str(i): box.value for i, box in enumerate(self.checks, 1)})

    def _on_check(self, _change):
        self.save("checklist", {str(i): bool(box.value) for i, box in enumerate(self.checks, 1)})
        self.refresh()

    def _refresh(self):
        score = scalability_score(list(self.answers().values()))
        self.summary.value = (headline("Checklist met", format_percent(score["overall"]), "of the nine items")
                              + "".join(headline(area, format_percent(v)) for area, v in score.drop("overall").items()))
