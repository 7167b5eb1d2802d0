"""Facilitator notes: how long each major step of a chapter takes in a workshop, what to ask the room, and
which steps to leave out for an audience of executives or for a one-day workshop.

The chapters show a note with ``facilitator(step)`` (:mod:`paynecrm_kernel.widgets`), collapsed under "For the
facilitator", so the notes live here and not in a cell a participant reads. ``docs/facilitator-guide.md``
builds its one-day and two-day agendas from the same minutes.
"""
from dataclasses import dataclass

from ..errors import DataValidationError

__all__ = ["FACILITATOR_NOTES", "FacilitatorNote", "chapter_minutes", "facilitator_note", "notes_of"]


@dataclass(frozen=True)
class FacilitatorNote:
    """What a facilitator needs for one major step of a chapter.

    Parameters
    ----------
    chapter : str
        The chapter's key (``"overview"``, ``"strategy"``, ``"value"``).
    title : str
        The step, as its section calls it.
    minutes : int
        Suggested time in the room in a two-day workshop (teaching, the tool and the discussion).
    prompt : str
        The question to put to the room (Markdown).
    run : str
        How to run the step: who drives, what to show, what to leave out (Markdown).
    skip_for_executives : bool
        Whether to leave the step out, or show only its conclusion, with an audience of executives.
    one_day_minutes : int
        Suggested time in a one-day workshop; 0 leaves the step out of it (for the two-day version, or for
        reading afterwards).
    tools : tuple of str
        The tools and exercises the step covers (class names or exercise keys).
    """

    chapter: str
    title: str
    minutes: int
    prompt: str
    run: str
    skip_for_executives: bool = False
    one_day_minutes: int = 0
    tools: tuple = ()


_N = FacilitatorNote

#: Every facilitator note, by step key (``<chapter>.<step>``), in reading order.
FACILITATOR_NOTES = {
    # -- chapter 00, the overview --------------------------------------------------------------------------
    "overview.continuum": _N(
        "overview", "The CRM continuum", 20,
        "Where does CRM sit in our organisation **today**: one technology, a set of customer-facing applications, "
        "or a strategic approach to creating value? What would a board member point to as evidence?",
        "Let everyone rate the nine statements alone first (on the phones in workshop mode), then show the room's "
        "spread before the definitions exercise. Disagreement between functions is the finding: ask marketing and "
        "IT to explain their scores to each other.",
        one_day_minutes=20, tools=("ContinuumTool", "overview.exercise.definitions")),
    "overview.map": _N(
        "overview", "The framework map", 15,
        "Which of the five processes has **no owner** in our organisation today, and who would have to own it?",
        "Drive the map from the front: open one box per process and read its two questions aloud. Keep the "
        "label notes under the map for questions afterwards.",
        one_day_minutes=10, tools=("FrameworkMap",)),
    "overview.criteria": _N(
        "overview", "How the framework was built", 10,
        "Does our current CRM programme pass the six criteria, or is it a list of projects run by one department?",
        "Summarise the criteria in two minutes and go straight to the exercise; the research method is reading "
        "for afterwards.",
        skip_for_executives=True, one_day_minutes=0, tools=("overview.exercise.criteria",)),
    "overview.key_questions": _N(
        "overview", "Two key questions for each process", 10,
        "Which of the ten questions could we answer **with numbers** today, and which only with opinions?",
        "Use the table as the day's agenda: each later chapter opens with its pair of questions and closes by "
        "answering them.",
        one_day_minutes=5, tools=()),
    "overview.matrix": _N(
        "overview", "The CRM strategy matrix", 20,
        "Where are we, where should we be in three years, and do we build customer information first or "
        "individual service first?",
        "Score the five capabilities as the room agrees (one screen drives: the served workbook is shared). The "
        "target is a choice, not a score: ask for the reason before anyone picks Individualized CRM.",
        one_day_minutes=20, tools=("StrategyMatrixTool", "overview.exercise.target")),
    "overview.maturity": _N(
        "overview", "CRM maturity and the barriers", 20,
        "Which barrier would our chief executive name first, and which would our front line name? Why do they "
        "differ?",
        "Tick the checklist honestly: a stage counts only when every stage below it is met. Rate the barriers on "
        "the phones and discuss the top two.",
        one_day_minutes=20, tools=("MaturityAudit",)),
    "overview.implementation": _N(
        "overview", "Implementation components across the processes", 15,
        "Where are the three weakest cells of the grid, and what would the next 90 days of work on them be?",
        "Fill the grid from the maturity discussion rather than cell by cell; in a one-day workshop the capstone "
        "picks the weakest cells up.",
        one_day_minutes=0, tools=("ImplementationGrid",)),
    "overview.buttle": _N(
        "overview", "Another author's model (optional)", 5,
        "Which of Buttle's value-chain stages does Payne & Frow's framework spread over several processes?",
        "Optional: show it only if participants know Buttle's CRM value chain.",
        skip_for_executives=True, one_day_minutes=0, tools=("buttle_comparison",)),
    "overview.mission": _N(
        "overview", "Our CRM mission and the profile", 15,
        "Say our CRM mission in one sentence at Perspective 3: whose value, which customers, what relationship?",
        "Have teams write the mission, read two aloud, then show the profile: it reports only what the room rated, "
        "and says so where nothing was rated.",
        one_day_minutes=0, tools=("overview.exercise.mission",)),
    # -- chapter 01, strategy development ------------------------------------------------------------------
    "strategy.vision": _N(
        "strategy", "The vision and the role of CRM in it", 20,
        "Does our business strategy say which customers we serve and why they stay? Would CRM change it, or only "
        "serve it?",
        "Fill the canvas for the room's own organisation, not Hearth & Home. Business strategy is top "
        "management's: with executives, this is the step to spend time on.",
        one_day_minutes=10, tools=("VisionCanvas", "strategy.exercise.vision")),
    "strategy.five_forces": _N(
        "strategy", "Industry and competitive characteristics", 25,
        "Which force will change most in five years, and which new entrant could serve our best customers "
        "'good enough' for less?",
        "Rate the forces on the phones, then switch on the disruptive entrant and discuss which customers it "
        "would take first.",
        one_day_minutes=20, tools=("FiveForcesTool", "strategy.exercise.disruption")),
    "strategy.six_markets": _N(
        "strategy", "The six markets model", 15,
        "Which stakeholder market other than customers most limits our CRM strategy: referral, supplier and "
        "alliance, influence, recruitment or internal?",
        "Let each team score one market; compare the spidergrams.",
        one_day_minutes=0, tools=("SixMarketsTool", "strategy.exercise.six_markets")),
    "strategy.pyramid": _N(
        "strategy", "Customer choice: the customer pyramid", 20,
        "Which customers do we **not** want, and what would it cost us to serve them more cheaply rather than "
        "lose them?",
        "Use the profit-sign rule so the lead tier holds the loss-makers, then show the whale curve: the gain "
        "above 100 % of profit is the point.",
        one_day_minutes=15, tools=("PyramidTool", "strategy.exercise.pyramid")),
    "strategy.rfm": _N(
        "strategy", "Customer characteristics: RFM", 15,
        "What does an RFM score tell a store manager that a segment name does not, and where does it mislead "
        "here?",
        "Analysts' step: show the named segments, not the cells. With executives, state the conclusion in a "
        "sentence and move on.",
        skip_for_executives=True, one_day_minutes=0, tools=("RFMExplorer", "strategy.exercise.rfm")),
    "strategy.segments": _N(
        "strategy", "Behavioural segments and the segments of record", 20,
        "Would our sales and service people recognise these segments by their names? Which would they serve "
        "differently?",
        "The segments chosen here are used by every later chapter: agree them as a room before moving on.",
        one_day_minutes=10, tools=("SegmentExplorer",)),
    "strategy.granularity": _N(
        "strategy", "Segment granularity", 20,
        "Macro, micro or one-to-one: where does finer treatment pay for itself in our business, and in which "
        "channels is its cost near zero?",
        "Vote on the phones first, then compare the room's choice with the tool's value and cost.",
        one_day_minutes=15, tools=("GranularityChooser", "strategy.exercise.granularity")),
    "strategy.decisions": _N(
        "strategy", "What the choices imply, and the decisions", 10,
        "Answer the chapter's two key questions for our own organisation, in two sentences each.",
        "Close on the two key questions; the saved decisions feed the value chapter.",
        one_day_minutes=5, tools=()),
    # -- chapter 02, value creation ------------------------------------------------------------------------
    "value.proposition": _N(
        "value", "The value proposition", 25,
        "For our most valuable segment: what do we promise, what does it cost the customer over the whole "
        "relationship, and what does the customer do with us to create the value?",
        "Give each team one segment of record. The total cost counts fees over the relationship, not the price: "
        "ask for the time and effort too.",
        one_day_minutes=15, tools=("PropositionBuilder",)),
    "value.conjoint_live": _N(
        "value", "Value assessment: the live conjoint", 40,
        "Before the results: which attribute do you expect to matter most to our customers? After: what "
        "surprised you?",
        "Publish the design from the attribute editor before anyone rates; participants rate on the phones in "
        "workshop mode. Ask for predictions before pooling the ratings. The raters are the room, not customers: "
        "say so when the part-worths appear.",
        one_day_minutes=30, tools=("AttributeEditor", "RatingForm", "ConjointAnalysis")),
    "value.conjoint_sample": _N(
        "value", "The sample survey and benefit segments", 15,
        "Do the benefit segments cut across our segments of record, or line up with them? What would each "
        "imply for the proposition?",
        "Skip the part-worth table with standard errors for executives; show the benefit segments and the "
        "cross-tabulation only.",
        skip_for_executives=True, one_day_minutes=0, tools=("ConjointAnalysis",)),
    "value.simulator": _N(
        "value", "The share-of-preference simulator", 25,
        "Which offer would we take to market: the one that wins the most preference, or the one that earns the "
        "most once its costs count? What would we test first?",
        "Start from the cheapest offer with every benefit, then sort by contribution. The shares ignore "
        "awareness and the option to buy nothing: they rank offers, they do not forecast sales.",
        one_day_minutes=15,
        tools=("PreferenceSimulator", "value.exercise.target_offer", "value.exercise.offer_economics")),
    "value.acquisition": _N(
        "value", "Acquisition economics", 20,
        "Which channel looks worst per customer won, and would we still cut it knowing which customers it wins?",
        "Show the sales force first as if every customer were worth the same, then with the segment mix: the "
        "reversal is the lesson.",
        one_day_minutes=10, tools=("AcquisitionTool", "value.exercise.acquisition")),
    "value.conventions": _N(
        "value", "Retention economics: the CLV conventions", 15,
        "Our finance team and our agency quote different customer values: which convention and horizon does "
        "each use?",
        "Analysts' step. For executives, one sentence: a customer value means nothing without its horizon and "
        "timing convention.",
        skip_for_executives=True, one_day_minutes=0, tools=("SimpleCLVTool", "value.exercise.conventions")),
    "value.retention_profit": _N(
        "value", "The profit effect of keeping customers longer", 15,
        "How much of the retention uplift remains when profit per customer does not grow with tenure, and what "
        "would keeping customers longer cost us?",
        "Show the headline, then switch the profile to flat: the critique is the part executives remember.",
        one_day_minutes=10, tools=("RetentionWhatIf",)),
    "value.sbg": _N(
        "value", "Retention by segment: the sBG projection", 15,
        "Why does the retention rate of the customers who remain rise over time, and what does that do to a "
        "forecast made from the first months?",
        "Analysts' step, with the planted-truth check: skip both for executives and quote the care plans' value "
        "by segment only.",
        skip_for_executives=True, one_day_minutes=0, tools=("SBGProjectionTool",)),
    "value.segment_value": _N(
        "value", "Customer segment lifetime value", 30,
        "Which segment would a better proposition gain most from, through the customers it wins and the "
        "customers who stay, and how would we test that before committing?",
        "Show the segment values and their holdout errors, then the two routes from the proposition (customers "
        "won, customers kept), stated as assumptions to test. Skip the BG/NBD truth check for executives.",
        one_day_minutes=15, tools=("CLVExplorer", "value.exercise.segment_value")),
    "value.equity": _N(
        "value", "Customer equity and the budget split", 20,
        "Is our next dollar better spent winning customers or keeping them, and what would change our answer?",
        "Move the retention and acquisition-cost sliders while the room calls the direction; the Blattberg & "
        "Deighton curves are illustrative, so quote the direction, not the optimum.",
        one_day_minutes=10,
        tools=("CustomerEquityTool", "BlattbergDeightonTool", "value.exercise.equity", "value.exercise.retention")),
}


def facilitator_note(step):
    """The note of ``step`` (e.g. ``"value.simulator"``).

    Raises
    ------
    DataValidationError
        Naming the step and the steps that exist.
    """
    try:
        return FACILITATOR_NOTES[step]
    except KeyError:
        raise DataValidationError(f"No facilitator note for step {step!r}; the steps are "
                                  f"{', '.join(FACILITATOR_NOTES)}.") from None


def notes_of(chapter):
    """The notes of one chapter, by step key, in reading order."""
    return {key: note for key, note in FACILITATOR_NOTES.items() if note.chapter == chapter}


def chapter_minutes(chapter, *, one_day=False, executives=False):
    """Minutes of a chapter's steps in a two-day (or, with ``one_day``, a one-day) workshop; with
    ``executives``, without the steps to skip for them."""
    return sum(note.one_day_minutes if one_day else note.minutes for note in notes_of(chapter).values()
               if not (executives and note.skip_for_executives))
