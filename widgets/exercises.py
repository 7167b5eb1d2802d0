"""Exercises: a question, the learner's answer saved in the workbook, and a model answer kept hidden.

:class:`ExerciseBox` takes a written answer; :class:`ClassificationExercise` asks the learner to sort items
into categories and checks them. Both are generic: any notebook can use them.
"""
import html

import ipywidgets as W
import traitlets

from ..framework.exercises import get_exercise
from ..theme import PROCESS_COLOURS, RULE
from ._base import ToolPanel, message_html
from ._on_demand import on_demand
from ._lean import Button, Dropdown, HBox, HTML, HTMLMath, Textarea, VBox, shared_layout
from ._styles import CARD, callout

#: Colour of an exercise's title.
_HEADING = PROCESS_COLOURS["strategy"]


def _md(text):
    return ToolPanel._markdown_to_html(text)


class _Persisted:
    """Small helper shared by the exercises: load/save under a key prefix of a workbook (or nowhere)."""

    def _load(self, name, default=None):
        if self.workbook is None or not self.key:
            return default
        return self.workbook.get(f"{self.key}.{name}", default)

    def _save(self, name, value):
        if self.workbook is None or not self.key:
            return
        try:
            self.workbook.set(f"{self.key}.{name}", value)
        except Exception as exc:  # noqa: BLE001 - the learner is told; the box keeps working
            self._status.value = message_html(f"Your answer could not be saved: {exc}", "error")


class ExerciseBox(_Persisted, W.VBox):
    """A written exercise with a model answer hidden until the learner asks for it.

    Parameters
    ----------
    question : str
        The task, in Markdown (paragraphs, lists, bold).
    model_answer : str
        The model answer, in Markdown; hidden until "Show model answer" is clicked.
    workbook : paynecrm_kernel.workbook.Workbook, optional
        Where the answer is saved (``None``: kept in memory only).
    key : str, optional
        Workbook key prefix, e.g. ``"overview.exercise.mission"``; the answer is saved under
        ``<key>.answer`` on every change.
    title : str
        Heading of the box.
    placeholder : str
        Hint shown in the empty text area.
    """

    #: The learner's answer (restored from the workbook when the box is built).
    answer = traitlets.Unicode("")
    #: Whether the model answer is shown.
    revealed = traitlets.Bool(False)

    def __init__(self, question, model_answer, *, workbook=None, key=None, title="Exercise",
                 placeholder="Write your answer here; it is saved as you type.", rows=5):
        super().__init__()
        self.workbook, self.key = workbook, key
        self._status = HTML()
        heading = HTMLMath(f"<div style='font-weight:600;color:{_HEADING};margin-bottom:4px'>"
                           f"\u270e {html.escape(title)}</div><div>{_md(question)}</div>")
        self.text = Textarea(value=self._load("answer", "") or "", placeholder=placeholder, rows=rows,
                               layout=shared_layout(width="100%"))
        self.text.add_class("pcrm-exercise-answer")
        self.answer = self.text.value
        self.button = Button(description="Show model answer", icon="eye",
                               layout=shared_layout(width="auto"))
        self.button.add_class("pcrm-exercise-show")
        self._model = HTMLMath(callout(f"<b>Model answer.</b> {_md(model_answer)}", "ok"),
                               layout=W.Layout(display="none"))
        self._model.add_class("pcrm-exercise-model")
        self.text.observe(self._on_text, names="value")
        self.button.on_click(self._toggle)
        self.observe(self._on_revealed, names="revealed")
        self.children = [heading, self.text, HBox([self.button, self._status]), self._model]
        self.layout = shared_layout(**CARD)
        self.add_class("pcrm-exercise")

    def _on_text(self, change):
        self.answer = change["new"]
        self._save("answer", change["new"])

    def _toggle(self, _button=None):
        self.revealed = not self.revealed

    def _on_revealed(self, change):
        self._model.layout.display = None if change["new"] else "none"
        self.button.description = "Hide model answer" if change["new"] else "Show model answer"

    def __repr__(self):
        return f"ExerciseBox(key={self.key!r}, answered={bool(self.answer.strip())})"


class ClassificationExercise(_Persisted, W.VBox):
    """Sort items into categories, check the result, and see the model answer with reasons.

    Parameters
    ----------
    question : str
        The task, in Markdown.
    items : sequence of (str, str, str)
        ``(text, correct_category, reason)`` for each item.
    categories : sequence of str
        The categories to choose from.
    workbook, key : optional
        Where the choices are saved (``<key>.choices``, a list with one category or ``""`` per item).
    title : str
        Heading of the box.
    """

    #: The learner's choice per item ("" when not yet chosen).
    choices = traitlets.List(traitlets.Unicode())
    #: Number of items classified as in the model answer (updated by "Check my answers").
    score = traitlets.Int(0)
    revealed = traitlets.Bool(False)

    def __init__(self, question, items, categories, *, workbook=None, key=None, title="Exercise"):
        super().__init__()
        self.workbook, self.key = workbook, key
        self.items, self.categories = list(items), list(categories)
        self._status = HTML()
        saved = self._load("choices") or []
        options = [("Choose\u2026", "")] + [(c, c) for c in self.categories]
        self.dropdowns, rows = [], []
        for i, (text, _correct, _reason) in enumerate(self.items):
            value = saved[i] if i < len(saved) and saved[i] in self.categories else ""
            dd = Dropdown(options=options, value=value, layout=shared_layout(width="200px"))
            dd.add_class("pcrm-classify-choice")
            dd.observe(self._on_choice, names="value")
            self.dropdowns.append(dd)
            rows.append(HBox([HTML(f"<div style='padding-right:10px'>{i + 1}. {html.escape(text)}</div>",
                                       layout=shared_layout(flex="1 1 auto")), dd],
                               layout=shared_layout(align_items="center", border_bottom=f"1px solid {RULE}")))
        self.choices = [d.value for d in self.dropdowns]
        self.check = Button(description="Check my answers", icon="check", layout=shared_layout(width="auto"))
        self.check.add_class("pcrm-classify-check")
        self.button = Button(description="Show model answer", icon="eye", layout=shared_layout(width="auto"))
        self.button.add_class("pcrm-exercise-show")
        answers = "".join(f"<li><b>{html.escape(c)}</b>: {html.escape(t)} <i>{html.escape(r)}</i></li>"
                          for t, c, r in self.items)
        self._model = HTML(callout(f"<b>Model answer.</b><ol>{answers}</ol>", "ok"), layout=W.Layout(display="none"))
        self._model.add_class("pcrm-exercise-model")
        self.check.on_click(self._check)
        self.button.on_click(lambda _b: setattr(self, "revealed", not self.revealed))
        self.observe(self._on_revealed, names="revealed")
        heading = HTML(f"<div style='font-weight:600;color:{_HEADING};margin-bottom:4px'>"
                         f"\u270e {html.escape(title)}</div><div>{_md(question)}</div>")
        self.children = [heading, VBox(rows), HBox([self.check, self.button]), self._status, self._model]
        self.layout = shared_layout(**CARD)
        self.add_class("pcrm-exercise")
        self.add_class("pcrm-classify")

    def _on_choice(self, _change):
        self.choices = [d.value for d in self.dropdowns]
        self._save("choices", self.choices)

    def _check(self, _button=None):
        """Count the items classified as in the model answer and say which ones differ."""
        wrong = [i + 1 for i, ((_t, c, _r), d) in enumerate(zip(self.items, self.dropdowns)) if d.value != c]
        self.score = len(self.items) - len(wrong)
        if not wrong:
            self._status.value = message_html(f"All {len(self.items)} right.", "ok")
        else:
            self._status.value = message_html(
                f"{self.score} of {len(self.items)} as in the model answer; look again at "
                f"{', '.join(map(str, wrong))}.", "info")

    def _on_revealed(self, change):
        self._model.layout.display = None if change["new"] else "none"
        self.button.description = "Hide model answer" if change["new"] else "Show model answer"

    def __repr__(self):
        return f"ClassificationExercise(key={self.key!r}, items={len(self.items)})"


def _exercise_tool(key):
    """The tool class of exercise ``key`` and the arguments that build it (without the workbook)."""
    spec = get_exercise(key)
    if spec.is_classification:
        return ClassificationExercise, (spec.question, spec.items, spec.categories), {"key": key, "title": spec.title}
    return ExerciseBox, (spec.question, spec.model_answer), {"key": key, "title": spec.title}


def _exercise_height(key):
    spec = get_exercise(key)
    return 120 + 40 * len(spec.items) if spec.is_classification else 200 + 20 * (len(spec.question) // 110)


def exercise_column(keys, workbook=None):
    """Build the exercises ``keys`` one below the other in a ``VBox`` (what :func:`exercise` shows for several)."""
    boxes = []
    for key in keys:
        tool, args, kwargs = _exercise_tool(key)
        boxes.append(tool(*args, workbook=workbook, **kwargs))
    return VBox(boxes)


def exercise(*keys, workbook=None):
    """Return the chapter's exercises ``keys``, one below the other, as a box built when it comes into view.

    The questions and the model answers come from :data:`paynecrm_kernel.framework.exercises.EXERCISES`; the
    learner's answers are saved in ``workbook`` under their keys. The placeholder's ``tool`` is the exercise
    itself for one key, a ``VBox`` of them for several.

    Raises
    ------
    KeyError
        For a key that is not an exercise of the workbook, at once rather than when the box is seen.
    """
    if not keys:
        raise TypeError("exercise() needs the key of at least one exercise.")
    height = sum(map(_exercise_height, keys))
    if len(keys) > 1:
        return on_demand(exercise_column, keys, workbook=workbook, height=height)
    tool, args, kwargs = _exercise_tool(keys[0])
    return on_demand(tool, *args, workbook=workbook, height=height, **kwargs)
