"""The live exercises of a workshop: one question per screen, at least one per chapter of the workbook.

Every question comes from the framework content the chapters teach (the CRM continuum, the strategy matrix,
the maturity checklist and barriers, Porter's five forces, the conjoint design, Payne & Frow's six channel
categories, DAMA's six data-quality dimensions, the KPI table of the performance chapter, the NPS question).
A question knows how to check an answer (:meth:`Question.validate`); what the group's answers add up to is
computed in :mod:`.summaries`.

Kinds of question
-----------------
``ratings``    every item rated on a whole-number scale (``scale``): a dict item -> rating
``sliders``    every item scored from 0 to 1 in steps of 0.1: a dict item -> score
``checklist``  the items that apply: a list of item keys (possibly empty)
``choice``     one option: its key
``nps``        a whole number from 0 to 10
``ideas``      one to five short texts
``conjoint``   profiles of the live conjoint design rated 0-10: a dict profile id -> rating (at least one)
"""
from dataclasses import dataclass

from ..errors import DataValidationError
from ..framework import BARRIERS, CRITERIA, MATRIX_ITEMS, STAGES, STATEMENTS, continuum_position
from ..strategy.five_forces import FORCES
from ..theme import NEUTRAL, PROCESS_COLOURS, PROCESS_NAMES

__all__ = ["CHAPTERS", "QUESTIONS", "Question", "chapter_questions", "get_question", "MAX_IDEAS", "MAX_IDEA_LENGTH"]

MAX_IDEAS = 5
MAX_IDEA_LENGTH = 200

#: Chapters in workshop order: key -> (display name, colour). The overview has no process colour.
CHAPTERS = {"overview": ("Overview: what CRM means to us", NEUTRAL),
            **{key: (PROCESS_NAMES[key], PROCESS_COLOURS[key]) for key in PROCESS_NAMES}}

#: Payne & Frow's six channel categories, from physical to virtual contact.
CHANNEL_CATEGORIES = (("sales_force", "Sales force"), ("outlets", "Outlets (branches, stores, kiosks)"),
                      ("telephony", "Telephony (call centre)"), ("direct_marketing", "Direct marketing"),
                      ("e_commerce", "E-commerce (web, e-mail)"), ("m_commerce", "M-commerce (mobile, app, SMS)"))

#: DAMA UK's (2013) six data-quality dimensions.
DATA_QUALITY_DIMENSIONS = (("completeness", "Completeness: fields or records missing"),
                           ("uniqueness", "Uniqueness: the same customer recorded twice"),
                           ("timeliness", "Timeliness: data out of date when used"),
                           ("validity", "Validity: values in the wrong format or range"),
                           ("accuracy", "Accuracy: values that do not match reality"),
                           ("consistency", "Consistency: systems that disagree about a customer"))

#: One KPI per process, from the performance chapter's KPI table.
KPIS = (("target_segment_revenue", "Strategy: revenue share from target segments"),
        ("segment_clv", "Value creation: customer lifetime value by segment"),
        ("retention", "Value creation: customer retention rate"),
        ("cost_to_serve", "Multichannel: cost to serve by channel"),
        ("first_contact_resolution", "Multichannel: first-contact resolution"),
        ("single_view", "Information: single-customer-view coverage"),
        ("nps", "Performance: Net Promoter Score"),
        ("customer_equity", "Performance: customer equity"))

SEGMENT_GRANULARITY = (("macro", "Macro: a few broad segments"), ("micro", "Micro: many fine segments"),
                       ("one_to_one", "One-to-one: each customer individually"))


@dataclass(frozen=True)
class Question:
    """One live exercise.

    Attributes
    ----------
    id : str
        Dotted identifier, ``<chapter>.<name>``; answers and exports are keyed by it.
    chapter : str
        Key of :data:`CHAPTERS`.
    kind : str
        One of the kinds listed in the module docstring.
    title : str
        The question the screen answers, in plain words.
    prompt : str
        What the participant is asked to do.
    items : tuple of (str, str)
        ``(key, label)`` of the rated, scored or ticked items (``ratings``, ``sliders``, ``checklist``).
    options : tuple of (str, str)
        ``(key, label)`` of the options of a ``choice``.
    scale : tuple of int
        Lowest and highest rating of a ``ratings`` question.
    scale_labels : tuple of str
        What the lowest and highest rating mean.
    """

    id: str
    chapter: str
    kind: str
    title: str
    prompt: str
    items: tuple = ()
    options: tuple = ()
    scale: tuple = (1, 5)
    scale_labels: tuple = ("", "")

    def validate(self, answer, profile_ids=()):
        """Return ``answer`` in its stored form, or raise :class:`DataValidationError` naming what to fix.

        Parameters
        ----------
        answer : object
            The answer as decoded from the participant's form (JSON data).
        profile_ids : iterable of int
            For ``conjoint`` questions, the profiles of the current design.
        """
        check = _CHECKS[self.kind]
        value = check(self, answer, tuple(profile_ids))
        if self.id == "overview.continuum":
            try:
                continuum_position([value[key] for key, _label in self.items])
            except DataValidationError as exc:                                 # every rating 1: no position
                _fail(self, str(exc))
        return value


def _fail(question, message, rows=None):
    raise DataValidationError(f"{question.title} {message}", column=question.id, rows=rows)


def _whole(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _numbers(question, keys):
    order = [key for key, _label in question.items]
    return ", ".join(str(order.index(k) + 1) for k in keys)


def _check_mapping(question, answer):
    if not isinstance(answer, dict):
        _fail(question, "Send one value per item, keyed by item.")
    keys = [key for key, _label in question.items]
    missing = [k for k in keys if k not in answer or answer[k] in (None, "")]
    unknown = [str(k)[:20] for k in answer if k not in keys]
    if missing or unknown:
        _fail(question, "Answer every item"
              + (f"; still to answer: number {_numbers(question, missing)}" if missing else "")
              + (f"; not items of this question: {', '.join(unknown[:10])}" if unknown else "") + ".",
              missing + unknown)
    return keys


def _check_ratings(question, answer, _profiles):
    keys = _check_mapping(question, answer)
    lo, hi = question.scale
    values = {k: _whole(answer[k]) for k in keys}
    bad = [k for k, v in values.items() if v is None or not lo <= v <= hi]
    if bad:
        _fail(question, f"Ratings must be whole numbers from {lo} to {hi}; check number {_numbers(question, bad)}.",
              bad)
    return values


def _check_sliders(question, answer, _profiles):
    keys = _check_mapping(question, answer)
    values = {}
    for key in keys:
        try:
            values[key] = round(float(answer[key]), 2)
        except (TypeError, ValueError):
            values[key] = float("nan")
    bad = [k for k, v in values.items() if not 0 <= v <= 1]
    if bad:
        _fail(question, f"Scores must be from 0 (not at all) to 1 (fully); check number {_numbers(question, bad)}.",
              bad)
    return values


def _check_checklist(question, answer, _profiles):
    if not isinstance(answer, (list, tuple)):
        _fail(question, "Send the list of the items that apply (an empty list if none does).")
    keys = [key for key, _label in question.items]
    unknown = [str(a) for a in answer if a not in keys]
    if unknown:
        _fail(question, f"Unknown items: {', '.join(unknown[:10])}; tick items of this checklist only.", unknown)
    return [k for k in keys if k in set(answer)]


def _check_choice(question, answer, _profiles):
    keys = [key for key, _label in question.options]
    if answer not in keys:
        _fail(question, f"Choose one of: {', '.join(keys)} (got {str(answer)[:40]!r}).")
    return answer


def _check_nps(question, answer, _profiles):
    value = _whole(answer)
    if value is None or not 0 <= value <= 10:
        _fail(question, f"Give a whole number from 0 to 10 (got {str(answer)[:40]!r}).")
    return value


def _check_ideas(question, answer, _profiles):
    if isinstance(answer, str):
        answer = answer.splitlines()
    if not isinstance(answer, (list, tuple)) or not all(isinstance(a, str) for a in answer):
        _fail(question, "Send your ideas as text, one per line.")
    ideas = [" ".join(a.split()) for a in answer if a.strip()]
    if not ideas:
        _fail(question, "Write at least one idea.")
    if len(ideas) > MAX_IDEAS:
        _fail(question, f"Give at most {MAX_IDEAS} ideas (got {len(ideas)}); keep your strongest ones.")
    long = [i for i, idea in enumerate(ideas) if len(idea) > MAX_IDEA_LENGTH]
    if long:
        _fail(question, f"Keep each idea under {MAX_IDEA_LENGTH} characters; ideas {[i + 1 for i in long]} are "
                        "longer.", long)
    return ideas


def _check_conjoint(question, answer, profiles):
    if not isinstance(answer, dict):
        _fail(question, "Send one rating per profile, keyed by profile number.")
    values, bad = {}, []
    for pid, rating in answer.items():
        if rating in (None, ""):
            continue
        key, value = _whole(pid), _whole(rating)
        if key is None or key not in profiles or value is None or not 0 <= value <= 10:
            bad.append(str(pid))
        else:
            values[str(key)] = value
    if bad:
        _fail(question, f"Rate profiles of the current design from 0 to 10; check profiles {', '.join(bad[:10])}.",
              bad)
    if not values:
        _fail(question, "Rate at least one profile from 0 (would never buy) to 10 (would certainly buy).")
    return values


_CHECKS = {"ratings": _check_ratings, "sliders": _check_sliders, "checklist": _check_checklist,
           "choice": _check_choice, "nps": _check_nps, "ideas": _check_ideas, "conjoint": _check_conjoint}

QUESTIONS = (
    Question("overview.continuum", "overview", "ratings", "Where does our idea of CRM sit on the continuum?",
             "How much do you agree that each statement describes how your organisation sees CRM?",
             items=tuple((f"s{i + 1}", text) for i, (_p, text) in enumerate(STATEMENTS)),
             scale=(1, 5), scale_labels=("strongly disagree", "strongly agree")),
    Question("overview.matrix", "overview", "sliders", "Where are we on the CRM strategy matrix?",
             "Score each capability of your organisation from 0 (not at all) to 1 (fully).",
             items=tuple((key, label) for key, (_axis, label) in MATRIX_ITEMS.items())),
    Question("overview.maturity", "overview", "checklist", "How mature is our CRM?",
             "Tick every statement that is true of your organisation today.",
             items=tuple((cid, f"Stage {stage} ({STAGES[stage - 1]}): {text}")
                         for stage in sorted(CRITERIA) for cid, _area, text in CRITERIA[stage])),
    Question("overview.readiness", "overview", "ratings", "Which barriers hold our CRM back?",
             "Rate how much each barrier holds your organisation back.",
             items=tuple((f"b{i + 1}", barrier) for i, barrier in enumerate(BARRIERS)),
             scale=(1, 5), scale_labels=("no barrier", "blocking")),
    Question("strategy.five_forces", "strategy", "ratings", "How intense are the competitive forces in our industry?",
             "Rate each of Porter's five forces for your industry today.",
             items=tuple((key, f"{label}: {question}") for key, label, question in FORCES),
             scale=(1, 5), scale_labels=("weak", "intense")),
    Question("strategy.granularity", "strategy", "choice", "How finely should we segment our customers?",
             "Choose the segment granularity your customer strategy should aim for.",
             options=SEGMENT_GRANULARITY),
    Question("strategy.ideas", "strategy", "ideas", "What would make our CRM more strategic?",
             f"Write up to {MAX_IDEAS} ideas, one per line, each in a sentence."),
    Question("value.conjoint", "value", "conjoint", "Which offer would you buy?",
             "Rate each offer from 0 (would never buy) to 10 (would certainly buy), as a customer would."),
    Question("channels.migration", "channels", "choice", "Where should after-sales service for our mass-market "
             "customers move?", "Choose the channel you would move this segment's after-sales contacts to, "
             "keeping the experience outstanding at an affordable cost.", options=CHANNEL_CATEGORIES),
    Question("information.data_quality", "information", "choice", "Which data-quality problem hurts us most?",
             "Choose the data-quality dimension that most harms what you do for customers.",
             options=DATA_QUALITY_DIMENSIONS),
    Question("performance.kpi", "performance", "choice", "Which KPI should the board watch first?",
             "Choose the one measure that would tell you soonest whether the CRM strategy works.", options=KPIS),
    Question("performance.nps", "performance", "nps", "Would our customers recommend us?",
             "Put yourself in a typical customer's place: how likely is it that they would recommend us to a "
             "friend or colleague? (0 = not at all likely, 10 = extremely likely)"),
)

_BY_ID = {q.id: q for q in QUESTIONS}


def get_question(question_id):
    """Return the question with this id, or raise :class:`DataValidationError` listing the known ids."""
    try:
        return _BY_ID[question_id]
    except (KeyError, TypeError):
        raise DataValidationError(f"Unknown workshop question {str(question_id)[:60]!r}; use one of: "
                                  f"{', '.join(_BY_ID)}.", column="question_id") from None


def chapter_questions(chapter):
    """Return the questions of one chapter (a key of :data:`CHAPTERS`), in order."""
    if chapter not in CHAPTERS:
        raise DataValidationError(f"Unknown chapter {str(chapter)[:40]!r}; use one of: {', '.join(CHAPTERS)}.",
                                  column="chapter")
    return tuple(q for q in QUESTIONS if q.chapter == chapter)
