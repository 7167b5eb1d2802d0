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
    'strategy.exercise.vision': Exercise(
        title='Exercise: a vision that CRM can serve',
        question=('Read the statement your canvas assembled. Does it name the customers Hearth & Home wants, the '
          'value it gives them and what the relationship adds? Rewrite one sentence so that a store manager and '
          'an analyst would act on it the same way.'),
        model_answer=('A vision serves CRM when it chooses: "to be the first call of trade buyers and home '
          'enthusiasts for furnishing advice, delivering when promised and remembering every room we have '
          'furnished" names two segments, a benefit and the relationship\'s part in it. "To delight every '
          'customer" chooses nothing. The test is whether the rest of the chapter (which customers, how finely '
          'segmented) follows from it; top management owns the statement, and every function should recognise '
          'its part.')),
    'strategy.exercise.six_markets': Exercise(
        title='Exercise: beyond customers',
        question=('Which of the six markets shows the largest gap between current and desired emphasis for '
          'Hearth & Home, and which one relationship outside the customer market would most help its CRM?'),
        model_answer=('For a furnishing retailer the **referral** market (interior designers and architects who '
          'send trade customers) and the **supplier and alliance** market (delivery partners who make the '
          'promise of a slot credible) usually show the largest gaps. The employee market matters as much: '
          'store staff deliver the proposition. A good answer names the market, the party, what they would '
          'exchange with Hearth & Home, and how the group\'s disagreement (the spread) was resolved.')),
    'strategy.exercise.pyramid': Exercise(
        title='Exercise: who is lead?',
        question=('Switch the lead tier between the loss-making customers and the bottom 20 %. How many '
          'loss-makers does the bottom-share rule call iron, and what would you do with the lead tier?'),
        model_answer=('About a third of Hearth & Home\'s customers lost money in the first 18 months, more than '
          'the bottom 20 %, so the share rule calls hundreds of loss-makers **iron**. Zeithaml, Rust & Lemon '
          'define lead customers as those who cost the firm money; the cut-off between the others is a '
          'convention. For lead customers the options are to raise their value (move them to cheaper channels, '
          'charge for costly services, sell them more) before letting them go; check first that the loss is not '
          'a one-off (a first order with a heavy delivery) and that their future value, from the value chapter, '
          'does not change the verdict.')),
    'value.exercise.target_offer': Exercise(
        title='Exercise: which segment does the offer serve?',
        question=('The pooled importances say price matters most. Which benefit segment would you target with a '
          'next-day, five-year-warranty offer at $999? Which of Hearth & Home\'s segments of record do its '
          'respondents mostly belong to, and what would the firm and the customer each do to create the value?'),
        model_answer=('The **delivery-led buyers** (about a third of respondents) give delivery speed and the '
          'warranty the largest importances; for them the part-worths of next-day delivery and five years exceed '
          'the loss from the higher price. The cross-table shows which segments of record they come from, so the '
          'proposition can be written for those segments and reached through their channels. Co-creation is the '
          'exchange around the offer, not the survey: the customer books a delivery slot and plans the room with '
          'a designer; the firm commits to the slot and learns from every booking. Check with the simulator: '
          'choose their benefit segment, compare the offer with the budget rival, and read the contribution, not '
          'only the share.')),
    'value.exercise.offer_economics': Exercise(
        title='Exercise: the best offer for whom?',
        question=('The cheapest offer with next-day delivery and a five-year warranty wins the most preference. '
          'Why is it not the best offer for Hearth & Home, and what would change the answer?'),
        model_answer=('Preference is only the customer\'s side of the exchange. Each sale of the dominant offer '
          'earns the lowest price minus the most expensive delivery and warranty, so its margin is thin: a large '
          'share of a small margin can earn less than a smaller share of a good one. The contribution per 100 '
          'buyers, $100 \\times P \\times m$, balances the two. The answer changes with the costs (cheaper '
          'next-day logistics), with the competitors\' offers, and with the segment targeted: for delivery-led '
          'buyers the premium offer keeps its share at a higher price. Shares of preference also ignore '
          'awareness and the option to buy nothing, so treat the ranking as a shortlist for a market test.')),
    'value.exercise.acquisition': Exercise(
        title='Exercise: should Hearth & Home cut the trade account managers?',
        question=('The trade account managers cost over ten times as much per customer won as the app. Use the '
          'acquisition table to argue for or against cutting them.'),
        model_answer=('Against, on these figures. The sales force wins almost only **trade accounts**, the most '
          'valuable segment per customer, while the other channels win mostly one-time buyers; so a value '
          'shared by all channels would wrongly make it the worst buy. Over 12 months no channel\'s customers '
          'repay much more than their acquisition cost, and the sales force\'s do not; over several years its '
          'customers repay it, later than the other channels\' and only if the accounts stay. So the case rests on '
          'retention: the decision is to keep the account managers while tracking the accounts they win (their '
          'renewal, their cost to serve) and to cut cost per account won, for instance by qualifying prospects '
          'before a visit. Value per customer must be net of the cost to serve, which is high for trade accounts.')),
    'value.exercise.conventions': Exercise(
        title='Exercise: which CLV did the consultant quote?',
        question=('A consultant quotes a customer lifetime value of 367 dollars for a margin of 100 dollars a '
          'year, retention 80 % and a 10 % discount rate. Which convention is that, and what would the same '
          'customer be worth if the first margin arrived only at the end of the first year, and only if the '
          'customer stayed?'),
        model_answer=('$367 = 100 \\times 1.1 / (1 + 0.1 - 0.8)$ is **convention B**: the first margin is earned '
          'at once, at $t = 0$. If the first margin arrives at the end of year 1 and only if the customer stays '
          '(**convention A**), the value is $100 \\times 0.8 / 0.3 = 266.67$, about 100 dollars less. Both are '
          'infinite-horizon values; over 12 months the same customer is worth far less. Always ask for the '
          'convention, the horizon and whether the margin is net of the cost to serve.')),
    'value.exercise.segment_value': Exercise(
        title='Exercise: can we trust the segment values?',
        question=('Fitted within each segment, the purchase models miss the holdout purchases of some segments by '
          'more than half; fitted once on all customers, they miss by far less. Explain why, and say which '
          'figures you would put in front of the board.'),
        model_answer=('The segments were cut on the very behaviour the BG/NBD model describes (how often and how '
          'recently customers bought). Inside a segment the purchase rates and dropout probabilities no longer '
          'follow the gamma and beta distributions the model assumes: the heterogeneity is **truncated**, so the '
          'fit extrapolates badly and the holdout forecasts err. Fitting once on all customers keeps the full '
          'heterogeneity; each customer\'s value is then added up by segment. Put the one-fit values in front '
          'of the board, with their holdout check, and say which segments are new (no holdout yet) or small. '
          'Segmenting on characteristics the model does not use, such as the trade account, avoids the problem '
          'in the first place.')),
    'value.exercise.equity': Exercise(
        title='Exercise: where does customer equity come from?',
        question=('How much of Hearth & Home\'s customer equity comes from customers it has not acquired yet, and '
          'what does that imply for the weight the board should give to acquisition plans?'),
        model_answer=('With both parts valued over the same horizon, future cohorts net of their acquisition '
          'cost are a large share of the total: the figure depends on assumptions (cohort size, acquisition '
          'cost, the retention backed out of the models) that today\'s customers do not need. So the board '
          'should treat that part as a plan to be earned, test it against the acquisition table (which channels '
          'repay their cost, and when), and watch the sensitivity chart: retention moves customer equity more '
          'than acquisition cost, because it lengthens the life of today\'s customers and of every cohort.')),
    'value.exercise.retention': Exercise(
        title='Exercise: why retention dominates',
        question=('The sensitivity chart ranks retention far above acquisition cost. Using Sharp\'s critique of '
          'Reichheld & Sasser, explain why a 1 % retention gain is worth so much, and name one reason the real '
          'effect could be smaller.'),
        model_answer=('With a constant retention rate $r$, value grows with the expected tenure $1/(1-r)$, which '
          'rises steeply as $r$ approaches 1, so every point of retention is worth more than the last; halving '
          'the defection rate doubles the tenure, which is why the headline gains follow mechanically (Sharp). '
          'Gupta, Lehmann & Stuart found a 1 % retention gain worth about 5 % of firm value against 0.1 % for '
          'acquisition cost. The real effect can be smaller because retention is heterogeneous (the sBG model: '
          'the loyal stay anyway, so programmes mostly reach customers who are hard to keep), and because '
          'retention spending itself costs money.')),
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
    "channels.exercise.attribution": Exercise(
        title="Exercise: should the catalogue go?",
        question=("Last-click reports give the catalogue no purchases at all, and the finance director proposes to "
                  "stop it. Use the attribution comparison to answer her: what does the catalogue contribute, how "
                  "sure are we, and what would you check before cutting it?"),
        model_answer=("Under last click the catalogue earns nothing because it never **closes** a sale; it **starts** "
                      "journeys (it is the first touch of about 845 purchasing journeys) and hands them to the web "
                      "shop and the stores. Its Markov removal effect is about 22 %: without it the chain converts "
                      "about a fifth fewer journeys, so it is credited with about 460 of the 3,768 purchases (95 % "
                      "interval about 440 to 480); the Shapley value gives about 350. Both intervals are far from "
                      "zero. Rule-based models are history (Google dropped all but last click in 2023), and even "
                      "data-driven credit is an association in observed journeys, not an experiment: before cutting "
                      "the catalogue, **hold it back from a random sample of customers** for a season and compare "
                      "their purchases with the others'. On Hearth & Home's planted data the Markov shares are "
                      "within a point of the truth, which is what the test would show.")),
    "channels.exercise.migration": Exercise(
        title="Exercise: move the trade accounts' after-sales service?",
        question=("Set the migration simulator to move half of the trade accounts' after-sales contacts from the "
                  "account managers to the call centre. What is saved, what is put at risk, and would you do it? "
                  "Which assumption decides the answer?"),
        model_answer=("About 155 contacts move over two years, saving about 6,700 dollars of cost to serve a year; the "
                      "call centre's lower satisfaction (about 4.6 against 5.7 on the 1-7 scale) costs some "
                      "retention, and with 3 points of retention per point of satisfaction the value at risk is a "
                      "few hundred dollars, far below the saving, and no account is pushed below break-even. The "
                      "answer rests on the **retention per point** assumption: raise it to 10-15 points and the "
                      "value at risk grows several-fold. Trade accounts are the most valuable segment and the "
                      "call centre is furthest from its experience standard, so the move should wait until the "
                      "call centre meets its standard, and then be piloted on a random half of the accounts.")),
    "channels.exercise.standards": Exercise(
        title="Exercise: one outstanding standard in every channel",
        question=("Payne & Frow ask for the same high standard in every channel. Which channel is furthest from "
                  "its standard, on which dimension, and what would you change first: the channel, or the "
                  "information behind it?"),
        model_answer=("With the starting standards the **call centre** is furthest from standard (weighted gap about "
                      "15 %): its calls take 7.6 minutes against a standard of 6, only 83 % are resolved at the "
                      "first contact against 90 %, and its satisfaction is the lowest (about 4.6 of 7). The "
                      "**stores** come next, for a different reason: only 74 % of store contacts are linked to the "
                      "customer's record, so staff cannot personalise. The first is a process problem (training, "
                      "scripts, access to order status), the second an information problem for chapter 04: "
                      "identify customers at the till (loyalty card, e-receipt). A standard is worth setting only "
                      "where it is measured: add the information rating to the survey, so every channel is judged "
                      "on all five dimensions.")),
    "information.exercise.quality": Exercise(
        title="Exercise: which data-quality problem first?",
        question=("The scorecard puts every Hearth & Home system between 93 and 95. Change the weights to suit two "
                  "uses, a mailing and the CLV models. Which dimension hurts each use most, in which system, and "
                  "what would you fix first?"),
        model_answer=("For a **mailing**, validity and completeness of the contact fields matter, and they are "
                      "high (above 99 %); the waste comes from **duplicates**, which receive every catalogue twice "
                      "(about 430 duplicate records over the four systems, the most of them in billing). For the **CLV "
                      "models**, **uniqueness** matters most: a customer split over two billing accounts is counted "
                      "twice, each half looking less active. **Timeliness** is the weakest dimension everywhere "
                      "(only about 60 % of CRM and billing records updated in the last year), which is why moves "
                      "and new e-mail addresses defeat exact matching. Fix first the billing duplicates (check for "
                      "an existing account before opening one), then give each source an owner who checks its "
                      "contract at every load. An index is a summary: always read the dimension behind it.")),
    "information.exercise.single_view": Exercise(
        title="Exercise: how sure is the single customer view?",
        question=("Link the easy and then the hard extracts. At what threshold does each meet the Census 2021 "
                  "targets (precision 99.90 %, recall 99.75 %)? On the hard tier, what do the false merges and "
                  "missed matches have in common, and what does that mean for Hearth & Home's customer count and "
                  "CLV?"),
        model_answer=("On the **easy** tier the targets are met at any threshold from 0.8 to 0.99 (precision "
                      "about 99.94 %, recall about 99.99 %, 5,001 customers found for 5,000 real ones). On the "
                      "**hard** tier no threshold meets both: at 0.9 precision is about 96 % and recall about 82 %. "
                      "Almost all **false merges** (about 98 %) join members of one household, who share an "
                      "address and usually a surname. The **missed matches** are records whose e-mail address "
                      "differs (a new address or a typo) and often the surname too (a name change); six in ten of "
                      "them were never compared, because they shared no blocking key. Counted by billing account, the hard extracts "
                      "show 5,184 customers with a mean 52-week CLV of about 56.7 dollars; linked, about 5,013 "
                      "customers worth about 60.4 dollars each, close to the truth (5,000 and 60.5). Duplicates "
                      "thus overstate the customer base and understate each customer's value and activity. "
                      "State the error rates with every figure built on the view, and fix identification at source.")),
    "information.exercise.validation": Exercise(
        title="Exercise: can we act on the models?",
        question=("The marketing team wants to mail every customer whose predicted chance of buying in the next 13 "
                  "weeks is above 50 %. Using the validation tool, say whether the purchase and propensity models "
                  "can be trusted, and what cut-off you would use instead, with a margin of 30 dollars a purchase "
                  "and 2.75 dollars a contact."),
        model_answer=("The **BG/NBD** forecast of CDNOW's holdout purchases follows the actual means in every group "
                      "of calibration repeat purchases, and its total is about 12 % below the actual (1,653 against "
                      "1,882), as published: good for planning, with the shortfall stated. The **propensity model** "
                      "ranks well (top-decile lift about 3.1, Gini about 0.59, Brier score about 0.14) and keeps its "
                      "power 13 weeks later (lift about 2.9, Gini about 0.58). A 50 % rule ignores the economics: "
                      "a contact pays when $p \\times 30 > 2.75$, that is when $p$ exceeds about **9.2 %**. On the "
                      "held-out customers profit rises until about the top 80 % are contacted (about 5,300 dollars "
                      "against about 2,200 for the top decile alone). Check the calibration chart before using the "
                      "probabilities as expected revenue.")),
}


def get_exercise(key):
    """Return the exercise saved under ``key``; a clear error names the known keys otherwise."""
    try:
        return EXERCISES[key]
    except KeyError:
        raise KeyError(f"No exercise {key!r}; known: {', '.join(sorted(EXERCISES))}.") from None
