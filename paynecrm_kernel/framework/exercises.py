"""The exercises of the chapters: each question and its model answer, addressed by the exercise's key.

The notebooks show an exercise with ``exercise(key, workbook=wb)`` (:mod:`paynecrm_kernel.widgets`), so the
model answer lives here, not in a code cell a student can read before trying: it is hidden until asked for, in
Voilà and in JupyterLab alike. The key is also where the learner's answer is saved in the workbook
(``<key>.answer`` or ``<key>.choices``). Questions and answers are Markdown (paragraphs, lists, bold) with
``$...$`` mathematics.
"""
from dataclasses import dataclass

from .definitions import CATEGORIES as DEFINITION_CATEGORIES
from .definitions import DEFINITIONS

__all__ = ["EXERCISES", "Exercise", "get_exercise"]


@dataclass(frozen=True)
class Exercise:
    """One exercise.

    Parameters
    ----------
    title : str
        Heading of the exercise box.
    question : str
        The task (Markdown).
    model_answer : str
        A written exercise's model answer (Markdown); empty for a classification.
    items : tuple of (str, str, str)
        For a classification: ``(text, correct category, reason)`` per item; empty for a written exercise.
    categories : tuple of str
        For a classification: the categories to choose from.
    """

    title: str
    question: str
    model_answer: str = ""
    items: tuple = ()
    categories: tuple = ()

    @property
    def is_classification(self):
        """Whether the learner sorts items into categories (rather than writing an answer)."""
        return bool(self.items)


#: Every exercise, by its workbook key prefix.
EXERCISES = {
    'overview.exercise.definitions': Exercise(
        title='Exercise 1: classify the definitions',
        question='Which perspective does each definition of CRM take?',
        items=DEFINITIONS, categories=DEFINITION_CATEGORIES),
    'overview.exercise.criteria': Exercise(
        title='Exercise 2: test your CRM programme',
        question=("Take your organisation's current **CRM programme** (or the one you know best). Which of the "
          'six criteria does it meet, and which not? Is it a small set of critical, cross-functional '
          'processes, or a list of projects run by one department?'),
        model_answer=('A typical answer: the programme is a system implementation owned by IT or sales (not '
          'cross-functional, criterion 5), with no stated link to value creation (criterion 2) and no '
          'connection to how channels or performance measures are run (criterion 4). It meets criterion '
          '1 only in the sense that it is small. The fix is to restate it as work on the processes of '
          'the framework, each with an owner from the business and a measurable link to customer and '
          'shareholder value.')),
    'overview.exercise.target': Exercise(
        title='Exercise 3: choose a target and a path',
        question=('Which quadrant should your organisation aim for in the next three years, and by which route? '
          'Justify both with the value of your customers and what your competitors do.'),
        model_answer=('Not every firm should aim for individualized CRM. A firm with many low-value customers and '
          'thin margins usually gains most by moving up first, to customer-based marketing: better data '
          'and analysis make segmentation, retention and cross-selling pay before expensive personal '
          'service does. A firm with few, large accounts may move right first, to managed service and '
          'support. The justification should name the customer economics (value per customer, cost to '
          'serve) and the capabilities the tool lists as missing, with a first step for each.')),
    'overview.exercise.mission': Exercise(
        title='Exercise 4: your CRM mission',
        question=("Rewrite your organisation's CRM mission (or its working definition of CRM) at **Perspective "
          '3**: name the customers it is for, the value it creates for them and for shareholders, and '
          'the functions that must work together. Technology may appear only as an enabler.'),
        model_answer=('For example: "Our CRM aims to grow shareholder value by winning and keeping the households '
          'and trade customers who value expert advice, by giving them a consistent, personal '
          'experience in every channel, and by using what we learn about them to improve our offers. '
          'Marketing, sales, service, operations and IT share its goals; our systems exist to support '
          'it." A good answer names chosen customers, value on both sides, and cross-functional '
          'ownership.')),
    'strategy.exercise.disruption': Exercise(
        title='Exercise: disruption watch',
        question=('Which force would a successful platform entrant change most for Hearth & Home, and what '
          'would the firm need to know about its customers to respond?'),
        model_answer=('Mostly **buyer power** and **substitutes**: a marketplace makes comparison and switching '
          'cheap for trade buyers, and a subscription offer substitutes renting for owning. To respond, '
          'the firm needs to know which customers are most exposed (frequent trade buyers, '
          'price-sensitive households), what they value beyond price (design advice, delivery, '
          'after-sales), and their lifetime value, so it defends the customers worth defending rather '
          'than matching every price.')),
    'strategy.exercise.rfm': Exercise(
        title='Exercise: reading the RFM segments',
        question=("Look at the 'Can't lose them' and 'At risk' segments. Why might they deserve more attention "
          "than 'Champions', and what would you check before spending on them?"),
        model_answer=("Champions are already buying; the marginal return of more attention is small. 'Can't lose "
          "them' and 'At risk' customers were valuable and are drifting away, so a successful win-back "
          'recovers a lot of value. Before spending, check that they are still *alive* (a '
          'probability-alive model from the value-creation chapter), what their margin and cost to '
          'serve are, and whether the break-even response rate of a campaign (cost per contact / margin '
          'per response) is realistic for them.')),
    'strategy.exercise.granularity': Exercise(
        title='Exercise: defending the granularity',
        question=('One-to-one explains the most future spend in this data. Why might Hearth & Home still choose '
          'micro segments, and what would make one-to-one worth it?'),
        model_answer=('Explaining variance is not the same as earning it back: one-to-one means managing thousands '
          "of 'segments', which needs individual data, automated decisions and channels that can "
          'deliver individual offers at low cost (web, app, e-mail). Micro segments capture much of the '
          'useful variation with tens of segments that people can design offers for. One-to-one pays '
          'when the extra value explained, turned into better targeting, exceeds the cost of the '
          'systems and content, typically for high-value trade accounts (already served one-to-one by '
          'account managers) or in digital channels where the marginal cost is near zero.')),
    'value.exercise.target_offer': Exercise(
        title='Exercise 1: which segment does the offer serve?',
        question=('The pooled importances say price matters most. Which benefit segment would you target with a '
          'next-day, five-year-warranty offer at $999, and what would its co-creation activities be?'),
        model_answer=('The **convenience seekers** (about a third of respondents) give delivery speed and warranty '
          'the largest importances; their part-worths for next-day delivery exceed the loss from the '
          'higher price. Co-creation: the customer books a delivery slot and plans the room layout with '
          'a designer online; the firm commits to the slot. Check with the simulator: choose their '
          'segment and compare the offer with the budget rival.')),
    'value.exercise.retention': Exercise(
        title='Exercise 2: why retention dominates',
        question=('The sensitivity chart ranks retention far above acquisition cost. Using the Reichheld & '
          'Sasser critique, explain why a 1 % retention gain is worth so much, and name one reason the '
          'real effect could be smaller.'),
        model_answer=('With a constant retention rate, value grows with the expected tenure $1/(1-r)$, which rises '
          'steeply as $r$ approaches 1, so every point of retention is worth more than the last. Gupta, '
          'Lehmann & Stuart found a 1 % retention gain worth about 5 % of firm value against 0.1 % for '
          'acquisition cost. The real effect can be smaller because retention is heterogeneous (the sBG '
          'model: the loyal stay anyway, so programmes mostly reach customers who are hard to keep), '
          'and because retention spending itself costs money.')),
    'performance.exercise.chain': Exercise(
        title='Exercise 1: what does the chain allow us to promise?',
        question=('The what-if says that stores one standard deviation higher on employee satisfaction have a higher '
          'profit. The operations director proposes a staff-satisfaction programme and wants to book that profit '
          'in next year\'s plan. What do you tell her, and how could Hearth & Home find out what the programme '
          'would really deliver?'),
        model_answer=('The chain describes how the metrics **go together across stores**, not what changing one '
          'would do. Stores differ in ways the data do not record (location, size, the store manager), and the '
          'arrows may run backwards: profitable stores can afford better internal service and happier staff. '
          'The implied profit difference is also the product of several modest coefficients, each estimated '
          'on only 60 stores, so its interval is wide. To learn the effect, run the programme as a **pilot in '
          'stores chosen at random** and compare them with the others over the following quarters (or at least '
          'follow the same stores over time, which removes what is fixed about each store). Book the profit '
          'only once the pilot shows it.')),
    'performance.exercise.nps': Exercise(
        title='Exercise 2: one number for the bonus?',
        question=('The board wants to pay store managers\' bonuses on the Net Promoter Score alone, because "it is '
          'the one number you need to grow". Use the store data above to answer the board.'),
        model_answer=('Across Hearth & Home\'s 60 stores the NPS and mean satisfaction track next year\'s growth '
          'about equally well (correlations of about 0.43 and 0.44; Williams\' test finds no difference, '
          'p = 0.83), which is what Keiningham, Cooil, Andreassen & Aksoy (2007) found across 21 firms and more '
          'than 15,500 interviews: the NPS is not clearly better than other measures. It also throws information '
          'away (a 0 and a 6 count the same) and is noisy: with 40 respondents a store\'s NPS has an interval of '
          'roughly ±25 points, so most differences between managers are chance. Use a few measures (satisfaction, '
          'NPS, retention), report them with their intervals, and reward only changes larger than the interval, '
          'over more than one wave.')),
    'performance.exercise.scorecard': Exercise(
        title='Exercise 3: from the scorecard to the strategy review',
        question=('Which process is furthest from its standards on your scorecard? Name the KPI that drives it, '
          'say whether the target or the performance should change, and what you would ask the owning chapter '
          '(strategy, value, channels, information) to do.'),
        model_answer=('With the example standards, **performance assessment** is furthest from standard: the NPS '
          '(-5.5 against a target of +10) and customer equity are red, satisfaction, employee satisfaction and '
          'turnover amber. **Multichannel integration** (cost to serve and first-contact resolution amber) and '
          '**information management** follow, the latter with its single-customer-view coverage red (87 % of '
          'contacts linked to a customer against 95 %). A target should change only when it was set without evidence (e.g. the NPS '
          'target ignores that bargain hunters score far lower than enthusiasts, so the mix of segments matters); '
          'otherwise the performance must. Ask information management for a plan to identify customers in the '
          'call centre and catalogue channels, and the channel chapter to fix the call centre, whose NPS is the '
          'lowest; check in the next wave whether the NPS moved by more than its interval.')),
    "capstone.exercise.business_case": Exercise(
        title="Exercise: defend the business case",
        question=("Set the plan you would put to the board. Which single assumption decides whether it pays, how "
                  "far could it fall before the return drops below 0 %, and what evidence from the earlier "
                  "chapters supports it?"),
        model_answer=("For Hearth & Home the **retention rate** decides it: it heads the sensitivity chart, because "
                      "it lengthens the life of today's customers and of every future cohort at once. Find the "
                      "break-even by lowering the plan's retention until the return reaches 0 %; if that is within "
                      "a point or two of the base, the plan rests on an optimistic retention gain and the report "
                      "should say so. The evidence comes from the value chapter (the retention economics and the "
                      "sBG projection of care-plan renewals) and from the performance chapter's estimated "
                      "link between satisfaction and growth. Savings in cost to serve rarely decide a CRM case on "
                      "their own: they are small beside customer equity, as the chart shows.")),
}


def get_exercise(key):
    """Return the exercise saved under ``key``; a clear error names the known keys otherwise."""
    try:
        return EXERCISES[key]
    except KeyError:
        raise KeyError(f"No exercise {key!r}; known: {', '.join(sorted(EXERCISES))}.") from None
