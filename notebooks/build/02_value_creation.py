"""Build ``notebooks/02_value_creation.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/02_value_creation.py --execute

``--execute`` runs the notebook against a fresh temporary workbook and stores the outputs without the saved
widget state (neither Voilà nor nbval uses it).
"""
from pathlib import Path

from nbbuild import code, facilitator_note, main, md

from paynecrm_kernel.framework import references_section

OUT = Path(__file__).resolve().parents[1] / "02_value_creation.ipynb"


CELLS = [
    md("""
# 2 · Value creation: the value customers receive and the value the firm receives

In Payne and Frow's (2005) framework the value creation process turns the outcome of strategy development
into programmes that **deliver value to customers** and **take value for the firm**. It has three elements:
deciding what value the firm can offer its customers, deciding what value the firm receives from them, and
managing that exchange, a process of **co-creation**, so as to maximise the lifetime value of the segments the
firm wants. This chapter follows that order and ends where the two sides meet, in **customer segment lifetime
value analysis** and customer equity.

**The two key questions of the process** (Payne 2005, p. 32): *How should we deliver value to our customers?*
and *How should we maximise the lifetime value of the customers we want?*

**After this chapter you can**
* write a value proposition for each segment of record and price what it costs the customer over the relationship;
* measure what customers value with conjoint analysis, find benefit segments and choose an offer that is good
  for the customer *and* for the firm;
* value the customers each acquisition channel wins, and judge whether they repay their acquisition cost;
* state a customer value with its convention and horizon, and read retention economics critically;
* value each segment with purchase models, check the forecast on a holdout period, and know when not to trust it;
* add today's and tomorrow's customers into customer equity over one horizon.

The examples use *Hearth & Home*, the workbook's sample home-furnishing retailer, with the segments of record
chosen in the strategy chapter and its gross margin. Its data were generated with known ("planted") values, so
some estimates can be checked against the truth.
"""),
    code("""
import pandas as pd
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.segmentation import customer_base
from paynecrm_kernel.workbook import Workbook, keys
from paynecrm_kernel import value
from paynecrm_kernel.widgets import exercise, process_banner, result_table

company = sample_company()          # Hearth & Home's data, generated from a fixed seed
attributes = company.truth["conjoint"]["attributes"]
customers = company.customers.set_index("customer_id")
trade_accounts = customers["customer_type"].eq("business")
group_names = customers.drop_duplicates("segment").set_index("segment")["segment_label"]   # the planted groups
fit = value.fit_part_worths(company.conjoint, attributes)      # the survey's part-worths (section 1.3)
planted_value = value.segment_lifetime_value(company.transactions, customers["segment"],
                                             calibration_end="2024-06-30", margin=0.4)   # the truth check

wb = Workbook.current()             # your inputs: everything below shows and saves them
margin = wb.get(keys.strategy.GROSS_MARGIN)
chosen = value.strategy_segments(wb, company.transactions, calibration_end="2024-06-30",
                                 interactions=company.interactions, channels=company.channels,
                                 trade_accounts=trade_accounts)
process_banner("value")
chosen
""", widget=True),
    md("""
These are the **segments of record**: the segmentation chosen in the strategy chapter, named from the profiles
of their customers. Every section below works with them, at the gross margin the strategy chapter set.

## 1. The value the customer receives

### 1.1 The value proposition

A value proposition is more than a list of features. Payne and Frow, drawing on Lanning and Michaels (1988),
describe it as the link between how the offer performs, how it meets the customer's needs and **what it costs
the customer over the whole relationship**: the price, but also fees, time and effort, paid not once but for as
long as the customer stays. They add that customers are increasingly **co-creators and co-producers** of value
(Bendapudi & Leone 2003; Prahalad & Ramaswamy 2004; Vargo & Lusch 2004): a trade customer who plans deliveries
with Hearth & Home, or a shopper who designs a sofa with a store designer, creates part of the value they
receive. Managing that exchange is the third element of the process.

Write a proposition for each segment of record. The builder saves as you type. The total cost to the customer
adds one-off costs to the recurring ones over the relationship, a year at a time: a monthly fee counts twelve
times a year, at the customer's yearly retention rate (section 2.2 explains the formula). Once section 3 has
valued the segments, the builder also shows what the offer you choose would do to the segment's retention.
"""),
    code("""
from paynecrm_kernel.widgets import PropositionBuilder

builder = PropositionBuilder.lazy(sorted(chosen.labels.unique()), attributes, workbook=wb)
builder
""", widget=True),
    facilitator_note("value.proposition"),
    md("""
### 1.2 Value assessment with conjoint analysis

*Value assessment* quantifies how much customers care about each attribute of the offer, so the firm can judge
whether its proposition will give a superior experience. Payne and Frow name **conjoint analysis** as the
tool. Customers rate whole offers ("profiles") that combine levels of several attributes; a regression then
splits each rating into **part-worths**, the value of each level. Because respondents judge complete offers,
they reveal trade-offs they could not state directly ("how much faster delivery is worth $200?").

The model here is the rating-based one Green & Srinivasan (1990) review: the first level of each attribute is
the reference, worth 0, and the rating of a profile is an intercept plus the part-worths of its levels,
estimated by ordinary least squares (the convention of Sawtooth Software's CVA). An attribute's **importance** is
the range of its part-worths as a share of all ranges. Rating profiles is value assessment, not co-creation:
it measures what customers want; co-creation is what they then do with the firm.

**Running it live.** The facilitator edits the attributes below and publishes the design; participants open
the same page on their own devices (the facilitator starts the server with `paynecrm serve --ip 0.0.0.0` and
gives them its address) and rate the offers with the form that follows; the analysis pools everyone's ratings as
they arrive. One workbook serves the whole room, so the other tools of a served chapter are best driven from
the facilitator's screen.
"""),
    code("""
from paynecrm_kernel.widgets import AttributeEditor, ConjointAnalysis, RatingForm, PreferenceSimulator

starting_design = value.generate_design(attributes, 18)
AttributeEditor.lazy(attributes, workbook=wb, max_profiles=18)
""", widget=True),
    md("""
**Participants:** rate each offer from 0 (would never buy) to 10 (would certainly buy) by moving its slider;
only the offers you rate are counted.
"""),
    code("RatingForm.lazy(starting_design, workbook=wb)", widget=True),
    md("""
**Facilitator:** press *Pool the latest ratings* to see the part-worths of everyone who has rated so far.
"""),
    code("ConjointAnalysis.lazy(workbook=wb, design=starting_design)", widget=True),
    facilitator_note("value.conjoint_live"),
    md("""
### 1.3 The sample company's survey

Hearth & Home asked 300 of its customers to rate all 18 sofa offers on a 0–100 purchase-likelihood scale. The
estimates carry standard errors clustered by respondent; the planted means show how close they come.
"""),
    code("""
analysis = ConjointAnalysis.lazy(company.conjoint, attributes, workbook=wb, key="value.conjoint_sample")
display(analysis)
planted = company.conjoint_part_worths.drop(columns=["respondent_id", "benefit_segment", "intercept"]).mean()
result_table(value.part_worth_report(fit, planted),
             note="Part-worths in points of the 0-100 rating scale; a reference level is worth 0 by definition.")
""", widget=True),
    md("""
Averages hide disagreement. Clustering the respondents' own part-worths (k-means) finds **benefit segments**,
groups that value the same things, named here by what matters most to them. Payne and Frow point out that
conjoint analysis can reveal segments whose needs no current offer meets. Because every respondent is a
customer, the benefit segments can be laid over the segments of record: the second table shows where each
benefit segment's respondents sit, so a proposition written for a segment of record knows which benefits to
stress.
"""),
    code("""
benefit = value.benefit_segments(fit)
importance = benefit.importances.rename(index=benefit.names).rename(columns=lambda a: f"{a} (%)") / 100
respondents = company.conjoint.groupby("respondent_id")["customer_id"].first().map(chosen.labels)
display(result_table(importance.assign(Respondents=benefit.sizes.rename(benefit.names).to_numpy())
                     .rename_axis("Benefit segment"),
                     note="Importance: each attribute's share of the range of part-worths, for the average respondent."))
result_table(benefit.crosstab(respondents).rename(columns=lambda s: f"{s} (%)").rename_axis("Benefit segment"),
             note="Share of each benefit segment's respondents in each segment of record (rows add up to 100 %).")
""", widget=True),
    facilitator_note("value.conjoint_sample"),
    md("""
**What Hearth & Home should conclude.** Price matters most on average, but a third of the respondents are
delivery-led and a quarter design-led; every segment of record contains all three benefit segments, so the
segments of record differ in *how many* of each they hold rather than in kind. An offer built on fast delivery
and a long warranty speaks to the delivery-led buyers wherever they sit.

### 1.4 Will our offer win, and will it pay? The share-of-preference simulator

Choose our offer's level on each attribute and compare it with two competitors. The logit rule turns each
respondent's utilities into probabilities. The firm's side counts too: every level has a cost, so the tool
shows the margin per sale and the contribution per 100 buyers, and the best offers once those costs count.
The costs are Hearth & Home's estimates: a sofa costs \\$480 to make and deliver in three weeks; delivery in
a week adds \\$30 and next-day delivery \\$110; a five-year warranty adds \\$80 in expected repairs; the
Scandinavian and Industrial designs add \\$40 and \\$60.
"""),
    code("""
competitors = {
    "Budget rival": {"price": "$799", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"},
    "Premium rival": {"price": "$1,299", "delivery": "next day", "warranty": "5 years", "design": "Scandinavian"},
}
unit_costs = {"delivery": {"1 week": 30, "next day": 110}, "warranty": {"5 years": 80},
              "design": {"Scandinavian": 40, "Industrial": 60}}
PreferenceSimulator.lazy(analysis, competitors, unit_costs=unit_costs, base_cost=480, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** The offer that wins most preference, the cheapest one with every
benefit, earns the thinnest margin; the best offers for the firm keep next-day delivery and the long warranty
but charge for them. Preference shares ignore awareness and the option to buy nothing, so the best offers are
a shortlist for a market test, not a forecast of sales.
"""),
    code('exercise("value.exercise.target_offer", "value.exercise.offer_economics", workbook=wb)', widget=True),
    facilitator_note("value.simulator"),
    md("""
## 2. The value the organisation receives

Payne and Frow's second element asks what the firm gets back: how profitable customers are across segments,
what it costs to win them (**acquisition economics**) and what keeping them is worth (**retention
economics**), including the room to sell them more (cross-selling and up-selling) and their advocacy.

### 2.1 Acquisition economics

**Customer acquisition cost** (CAC) is campaign spend divided by the customers won. Channels win different
customers, so each channel's customers are valued by the segments of record they belong to: the value of the
segment, net of its cost to serve, weighted by the channel's mix. The **payback period** is the time until the
value of a channel's customers covers its CAC.
"""),
    code("""
from paynecrm_kernel.widgets import AcquisitionTool

history = customer_base(company.transactions, interactions=company.interactions, channels=company.channels,
                        gross_margin=margin)
settings = dict(calibration_end="2024-06-30", horizon=12, horizon_unit="M", discount_rate=0.01, margin=margin,
                cost_to_serve=value.cost_per_purchase(history))
own_fit = value.segment_lifetime_value(company.transactions, chosen.labels, models="per_segment", **settings)
record = value.segment_lifetime_value(company.transactions, chosen.labels, models="pooled", **settings)
by_horizon = record.value_by_horizon([6, 12, 24, 36, 60, 120])
costs = value.acquisition_costs(company.campaigns, spend="cost", acquired="customers_acquired")
channels = value.channel_value(customers["acquisition_channel"], chosen.labels, by_horizon, costs, horizon=12)
AcquisitionTool.lazy(company.campaigns, channel_value=channels, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude** (with the default segments of record). The trade account managers cost
by far the most per customer won, but they win trade accounts, worth several times any other segment per customer; valued as if every channel won
the same customers, they would look like the first channel to cut. Over twelve months no channel's customers
repay much more than their cost; the digital channels pay back within about a year, the account managers only
over several years, and only if the accounts stay. Their case is a retention case.
"""),
    code('exercise("value.exercise.acquisition", workbook=wb)', widget=True),
    facilitator_note("value.acquisition"),
    md("""
### 2.2 Retention economics: what is a customer worth?

With a constant margin $m$ per period, retention rate $r$ and discount rate $d$, the customer lifetime value
has a closed form, but **three** textbook versions differ in when the first margin arrives (Fader & Hardie
2012):

| Convention | Formula | First margin | $m=100$, $r=0.8$, $d=0.1$ |
|---|---|---|---|
| A | $m\\,r/(1+d-r)$ | end of period 1, only if retained | 266.67 |
| B | $m\\,(1+d)/(1+d-r)$ | now, at $t=0$ | 366.67 |
| C | $m/(1+d-r)$ | end of period 1, for certain | 333.33 |

None is wrong, but a value without its convention is ambiguous, so the workbook states it every time. These
are *lifetime* values (an unlimited horizon); cut off after a number of periods, the same formula gives a
truncated value, which the workbook names by its horizon, such as a 12-month value (Fader & Hardie 2014).
"""),
    code("""
from paynecrm_kernel.widgets import SimpleCLVTool

conventions = pd.DataFrame({"Lifetime value ($)": {c: value.simple_clv(100, 0.8, 0.1, c) for c in "ABC"}})
display(result_table(conventions.rename_axis("Convention"), note="m = 100 a period, r = 0.8, d = 0.1."))
SimpleCLVTool.lazy(workbook=wb)
""", widget=True),
    code('exercise("value.exercise.conventions", workbook=wb)', widget=True),
    facilitator_note("value.conventions"),
    md("""
### 2.3 The profit effect of keeping customers longer

Reichheld and Sasser (1990) argued that profit per customer grows with tenure (more purchases, lower cost to
serve, referrals, a price premium), so that cutting defections raises profits sharply. Their examples: cutting
defections by 5 % (usually read as 5 percentage points) would raise the net present value of a customer's
profits by about 85 % in a bank's branch system, 50 % in an insurance brokerage and 30 % in an auto-service
chain; MBNA's profits rose 125 % when it halved a 10 % defection rate.

**Read this with care.** Sharp (2005) shows that the headline is a thought experiment rather than a measured
effect: with a constant retention rate the expected tenure is $1/\\delta$ for a defection rate $\\delta$, so
halving defections doubles the tenure and the gain follows mechanically. Switch the profile to *flat* to see how
much of the uplift remains. Payne and Frow also point to work on the return on satisfaction and quality (Rust
& Zahorik 1993): retention is worth what it costs to earn.
"""),
    code("""
from paynecrm_kernel.widgets import RetentionWhatIf

RetentionWhatIf.lazy(workbook=wb)
""", widget=True),
    facilitator_note("value.retention_profit"),
    md("""
A constant retention rate is itself an assumption. In a real cohort the customers who would leave soon leave
first, so the retention rate of the survivors *rises* over time. The shifted-beta-geometric (sBG) model of
Fader and Hardie (2007) captures this; fitted on the first seven years of their "regular" cohort it projects
the next five years closely:
"""),
    code("""
from paynecrm_kernel.clv import ShiftedBetaGeoModel
from paynecrm_kernel.data.datasets import load_retention_cohorts

cohort = load_retention_cohorts()["regular"]
sbg = ShiftedBetaGeoModel().fit(cohort.iloc[:8].tolist())
result_table(value.projection_report(sbg.project(13).iloc[8:], cohort.iloc[8:], first_year=8),
             note=f"sBG fitted on years 0-7: alpha = {float(sbg.params['alpha']):.3f}, "
                  f"beta = {float(sbg.params['beta']):.3f}.")
""", widget=True),
    md("""
### 2.4 Retention by segment: Hearth & Home's care plans

Hearth & Home sells a monthly **care plan** (cleaning, repairs, fabric protection), a contractual business in
which every cancellation is seen. Its care-plan records are kept by the four customer groups the plan was sold
to (trade, enthusiasts, everyday shoppers, bargain hunters). Each group's monthly cohorts of new contracts are
pooled into one survivor curve (cohorts observed for at least 12 months, added up month by month) and an sBG
model is fitted per group. A new subscriber is worth the fee times the **discounted expected lifetime** (in
months, the first fee paid at sign-up).

Move **Periods used to fit** and watch the straight line and the constant-rate curve, fitted to the first
months, fall below what actually happened, while the sBG curve, which lets the loyal stay, follows it.
"""),
    code("""
from paynecrm_kernel.widgets import SBGProjectionTool

survivors = value.segment_survivors(company.subscription_cohorts, periods=12)    # subscribers left, by month
fees = company.subscriptions.groupby("segment")["monthly_fee"].mean()
display(SBGProjectionTool.lazy(survivors, fees, discount_rate=0.01, time_unit="months", workbook=wb))

retention = value.segment_retention_economics(survivors, fees, discount_rate=0.01)
planted_churn = {s: v["care_plan"]["alpha"] / (v["care_plan"]["alpha"] + v["care_plan"]["beta"])
                 for s, v in company.truth["segments"].items()}
result_table(value.retention_report(retention, planted_churn).rename(index=group_names).rename_axis("Customer group"),
             note="Months, discounted at 1 % a month; the first fee is paid at sign-up.")
""", widget=True),
    facilitator_note("value.sbg"),
    md("""
**What Hearth & Home should conclude.** The estimated churn is close to the planted one in every group, even
for the few dozen bargain-hunter contracts. Trade care plans are worth the most: they churn least and pay the
highest fee.

## 3. Customer segment lifetime value

Here the two sides meet: the value of each segment under the current proposition and the current acquisition
and retention economics, the analysis Payne and Frow place at the centre of value creation and the bridge to
performance assessment. For the segments of record the workbook fits two models on the purchases up to 30 June
2024: the **BG/NBD** model of how often customers buy and when they silently stop (Fader, Hardie & Lee 2005a)
and the **Gamma-Gamma** model of how much they spend (Fader, Hardie & Lee 2005b). It checks the forecasts
against the purchases of the following six months (the *holdout*), refits on the whole history and values each
customer's next 12 months of repeat purchases at the gross margin, discounted at 1 % a month, net of the cost to
serve those purchases: a **12-month value**, not a lifetime value.

**Why the way of fitting matters.** BG/NBD assumes that purchase rates and dropout probabilities vary across
customers following gamma and beta distributions. Segments cut on past purchasing (how often, how recently)
hold only a slice of those distributions, so a model fitted *within* such a segment is fitted to a truncated
sample, and segments of one-time buyers cannot be fitted at all. The table shows the consequence: the holdout
forecasts of the models fitted within the behavioural segments miss by up to two thirds. The remedy used for
the values of record is to **fit once on all customers and add each customer's value up by segment**, which
keeps the full heterogeneity; the trade accounts, cut on a characteristic rather than on behaviour, are fitted
well either way.
"""),
    code("""
from paynecrm_kernel.widgets import CLVExplorer

display(result_table(value.segment_value_report(own_fit, record), css_class="pcrm-segment-value",
                     note="Values of record: one fit on all customers. Errors: predicted minus actual holdout "
                          "purchases, relative to actual.",
                     how=f"<p>{record.convention}.</p><p>Forecast error = (predicted - actual) / actual repeat "
                         "purchases per customer in the six months after 30 June 2024. Customers acquired after "
                         "that date have no holdout.</p>"))
CLVExplorer.lazy(record, workbook=wb)
""", widget=True),
    md("""
The **customer pyramid** of Zeithaml, Rust & Lemon (2001) is drawn on the same net value: lead customers are
those expected to cost more to serve than they earn over the next 12 months, the definition the strategy
chapter used for past profit. Open *Pyramid tiers* above.

**What Hearth & Home should conclude** (with the default segments of record). Trade accounts, fewer than one
customer in ten, hold about as much
12-month value as all the customers acquired since July 2024, and each is worth about three times a frequent
high spender. The newly acquired customers are valuable as a group but have no holdout check yet. One-time buyers are worth little each, and many customers are expected to cost more to
serve than they bring: the lead tier. The segment values answer the map's question "how would a change of
proposition change a segment's lifetime value?" by the route the acquisition table takes: a proposition that
wins more of a segment's prospects, or keeps more of its customers, changes the number of customers the
segment's value per customer is multiplied by. The table below follows that route for the offer in the
simulator and the best offer for the firm: each segment's respondents give the offer's share of preference among
them, the segment's acquisitions of the last year are taken to move in proportion to that share, and each extra
customer is worth the segment's 12-month value.
"""),
    code("""
current, rule, scale = value.saved_simulation(wb, attributes)
best = value.best_offers(fit, competitors, unit_costs, base_cost=480, rule=rule, scale=scale).iloc[0]
proposed = {a: best[a] for a in attributes}
first_purchase = company.transactions.groupby("customer_id")["date"].min()
last_year = first_purchase.between("2023-07-01", "2024-06-30")
acquired = chosen.labels[last_year.reindex(chosen.labels.index, fill_value=False)].value_counts()
effect = value.proposition_effect(fit, current, proposed, competitors, respondents, acquired,
                                  record.segments["mean_net_value"], rule=rule, scale=scale)
result_table(effect.round({"extra_customers": 0}).set_axis(["Preference now (%)", "Preference, proposed offer (%)", "Acquired last year",
                              "Extra customers a year", "12-month value per customer ($)", "Change in value ($)"],
                             axis=1).rename_axis("Segment"),
             note="Proposed: " + ", ".join(f"{a} {lv}" for a, lv in proposed.items()) + "; now: "
                  + ", ".join(f"{a} {lv}" for a, lv in current.items()) + ".")
""", widget=True),
    md("""
**Reading the table.** The value column counts only the customers an offer wins or loses, at today's value per
customer; the margin per sale (section 1.4) is the other half of the exchange. An offer that earns more per sale
but wins fewer customers changes each segment differently: the segments with the most valuable customers,
the trade accounts above all, are where a change of proposition gains or loses most. Try another offer in the
simulator and run the cell again.

**The other route: the customers who stay.** A proposition also changes how many of a segment's *existing*
customers choose Hearth & Home again at their next purchase. The table below treats that renewal as the same
logit choice between our offer and the two rivals, with a constant for each segment that stands for habit and
switching costs, calibrated so that today's offer (the one in the simulator) keeps each segment's retention
exactly as it is. Each segment's yearly margin and retention are backed out of its one- and two-year values, as
for the new customers in customer equity (section 4), and a customer is valued over five years. With the default
offers, the best offer for the firm wins 42 % of the trade accounts' respondents against 72 % for today's offer;
if renewals followed preference, the trade accounts' yearly retention would fall from 79 % to 51 % and a trade
account's five-year value from \\$406 to \\$169. Treat that as an assumption for the team to test, with a renewal
offer to a sample of accounts, not as a finding: the survey measured preferences between sofas, not loyalty. The
proposition builder in section 1.1 shows the same route for the offer written for each segment.
"""),
    code("""
yearly_discount = 1.01 ** 12 - 1
route = value.retention_route(fit, current, competitors, respondents, by_horizon[12.0], by_horizon[24.0],
                              record.segments["customers"], discount=yearly_discount, horizon=5, rule=rule, scale=scale)
builder.tool.retention_route = route          # the proposition builder (section 1.1) shows the route too
renewal = route.table(proposed)[["share_now", "share_proposed", "retention_now", "retention_proposed", "value_now",
                                 "value_proposed", "value_change"]]
result_table(renewal.set_axis(["Preference now (%)", "Preference, proposed offer (%)", "Kept a year now (%)",
                               "Kept a year, proposed offer (%)", "5-year value per customer now ($)",
                               "5-year value per customer, proposed ($)", "Change for the segment ($)"],
                              axis=1).rename_axis("Segment"),
             note="If renewals follow preference: an assumption to test, not a forecast. Value at today's margin "
                  "per customer, discounted at 12.7 % a year.",
             how=f"<p>{route.convention}.</p><p>Kept a year: odds of staying = today's odds x the odds ratio of the "
                 "two offers' preference shares among the segment's respondents.</p>")
""", widget=True),
    code('exercise("value.exercise.segment_value", workbook=wb)', widget=True),
    facilitator_note("value.segment_value"),
    md("""
**Checking against the truth.** On Hearth & Home's four planted customer groups the true purchase rates are
known, so the models can be checked: the fitted mean purchase rate $r/\\alpha$ per week should be near the planted
one, and the predicted holdout purchases near the actual ones.
"""),
    code("""
check = planted_value.segments
truth = pd.Series({s: v["bgnbd"]["r"] / v["bgnbd"]["alpha"] for s, v in company.truth["segments"].items()})
result_table(pd.DataFrame({"Fitted purchases a week": check["bgnbd_r"] / check["bgnbd_alpha"],
                           "Planted purchases a week": truth,
                           "Holdout purchases, actual": check["holdout_actual"],
                           "Holdout purchases, predicted": check["holdout_predicted"]}
                          ).rename(index=group_names).rename_axis("Planted group"))
""", widget=True),
    md("""
## 4. Customer equity

Customer equity is the value of today's customers **plus** the customers the firm will acquire, net of what
acquiring them costs (Blattberg & Deighton 1996; Rust, Lemon & Zeithaml 2004; Gupta, Lehmann & Stuart 2004).
It turns CRM decisions into a balance-sheet question: is the next dollar better spent winning or keeping
customers? Both parts are valued over the same horizon, five years, with inputs from the chapter's own data:
today's customers with the segment models; each yearly cohort of new customers with the simple model, its
margin and retention backed out of the models' value of a newly acquired customer over one and two years, its
size and acquisition cost from the campaigns.
"""),
    code("""
from paynecrm_kernel.widgets import BlattbergDeightonTool, CustomerEquityTool

newest = record.segments.index[record.segments.index.str.startswith("New")][0]
cohort = value.cohort_economics(by_horizon.loc[newest, 12.0], by_horizon.loc[newest, 24.0], yearly_discount)
today = float((by_horizon[60.0] * record.segments["customers"]).sum())
CustomerEquityTool.lazy(today, len(record.customers), workbook=wb, horizon=5, discount=round(yearly_discount, 3),
                        cohort_size=int(costs["acquired"].sum() / 2), acquisition_cost=round(costs["spend"].sum()
                        / costs["acquired"].sum()), margin=round(cohort["margin"]), retention=round(cohort["retention"], 2),
                        current_convention="5-year value from the segment models (one fit), net of the cost to serve")
""", widget=True),
    md("""
Blattberg and Deighton's tool asks the budget question directly: how should spending be split between
acquiring and retaining customers? Its response curves are illustrative; set the margin to what a customer
earns Hearth & Home in a year.
"""),
    code("BlattbergDeightonTool.lazy(workbook=wb, margin=round(cohort['margin']))", widget=True),
    code('exercise("value.exercise.equity", "value.exercise.retention", workbook=wb)', widget=True),
    facilitator_note("value.equity"),
    md("""
### Your own data

Analysts can run section 3 on their own transactions: any table with a customer id, a date and an amount, plus
a segment label per customer, e.g.

```python
my_value = value.segment_lifetime_value(my_transactions, my_segments, calibration_end="2024-06-30",
                                        models="pooled")
CLVExplorer(my_value)
```

The CDNOW data set (`paynecrm_kernel.data.datasets.load_cdnow_master()`) works the same way.

## What Hearth & Home has decided

*How should we deliver value to our customers?* With a proposition per segment of record that stresses what
its customers value (delivery and warranty for the delivery-led buyers, design for the design-led), at an offer
that earns a margin once its costs are counted, and with the customer taking part in the exchange (delivery
slots, room planning).

*How should we maximise the lifetime value of the customers we want?* By valuing customers net of what they
cost to serve, by segment: keep investing in the channels that win the valuable segments even when they pay back
slowly, and spend on keeping the trade accounts and frequent buyers, whose retention carries most of customer
equity. The cell below saves these decisions for the later chapters.
"""),
    code("""
offer, rule, scale = value.saved_simulation(wb, attributes)        # your choices in the simulator (section 1.4)
offer_share = value.share_of_preference(fit, {"Our offer": offer, **competitors}, rule=rule, scale=scale)["Our offer"]
value.save_value_decisions(wb, record, chosen.source, offer, offer_share, fit.importances(), channels,
                           retention["clv"])
"""),
    md("""
**Next:** chapter 3, *Multichannel integration* (`03_multichannel_integration.ipynb`), takes these segments and
propositions to the channels: which channels reach each segment, what each contact costs, and how to give the
customer one experience across them.
"""),
    md(references_section("value")),
]


if __name__ == "__main__":
    main(CELLS, OUT, "value", "Value creation")
