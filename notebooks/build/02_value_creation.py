"""Build ``notebooks/02_value_creation.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/02_value_creation.py --execute

``--execute`` runs the notebook against a fresh temporary workbook and stores the outputs without the saved
widget state (neither Voilà nor nbval uses it).
"""
from pathlib import Path

from nbbuild import code, main, md


OUT = Path(__file__).resolve().parents[1] / "02_value_creation.ipynb"




CELLS = [
    md("""
# Value creation: the value customers receive and the value the firm receives

*Notebook 02 of the PayneCRM Workbook · the value creation process*

In Payne and Frow's (2005) framework the value creation process turns the outcome of strategy development
into programmes that **deliver value to customers** and **take value for the firm**. It has three elements:
deciding what value the firm can offer its customers, deciding what value the firm receives from them, and
managing that exchange, which is a process of **co-creation**, so as to maximise the lifetime value of the
segments the firm wants. This chapter follows that order: first the value the customer receives (the value
proposition and its assessment with conjoint analysis), then the value the organisation receives
(acquisition and retention economics), and finally the two joined in **customer segment lifetime value** and
customer equity.

The examples use *Hearth & Home*, the workbook's sample home-goods retailer, whose data were generated with
known ("planted") values, so you can check every estimate against the truth.
"""),
    code("""
import pandas as pd
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel import value
from paynecrm_kernel.widgets import exercise, process_banner

company = sample_company()          # Hearth & Home's data, generated from a fixed seed
attributes = company.truth["conjoint"]["attributes"]
segment_of = company.customers.set_index("customer_id")["segment"]

# The CLV models fitted on Hearth & Home's own four segments (section 3 checks them against the truth)
planted_value = value.segment_lifetime_value(company.transactions, segment_of, calibration_end="2024-06-30",
                                             horizon=12, horizon_unit="M", discount_rate=0.01, margin=0.3)

wb = Workbook.current()             # your inputs: everything below shows and saves them
process_banner("value")
""", widget=True),
    md("""
## 1. The value the customer receives

### 1.1 The value proposition

A value proposition is more than a list of features. Payne and Frow, drawing on Lanning and Michaels, describe
it as the link between how the offer performs, how it meets the customer's needs, and **what it costs the
customer over the whole relationship**: the price, but also fees, time and effort, paid not once but for as
long as the customer stays. The modern view adds that customers are **co-creators** of value (Vargo & Lusch;
Prahalad & Ramaswamy): a trade customer who plans deliveries with us, or a shopper who designs a sofa in the
showroom, creates part of the value they receive.

Write a proposition for each target segment from the strategy chapter. The builder saves as you type; the
total cost to the customer uses the simple retention formula of section 2.2.
"""),
    code("""
segments = sorted(company.customers["segment_label"].unique())
from paynecrm_kernel.widgets import PropositionBuilder

PropositionBuilder.lazy(segments, attributes, workbook=wb)
""", widget=True),
    md("""
### 1.2 Value assessment with conjoint analysis

*Value assessment* quantifies how much customers care about each attribute of the offer, so the firm can judge
whether its proposition will give a superior experience. Payne and Frow name **conjoint analysis** as the
tool. Customers rate whole offers ("profiles") that combine levels of several attributes; a regression then
splits each rating into **part-worths**, the value of each level. Because respondents judge complete offers,
they reveal trade-offs they could not state directly ("how much faster delivery is worth $200?").

The method (Green & Srinivasan 1990): the first level of each attribute is the reference, worth 0; the
rating of a profile is an intercept plus the part-worths of its levels, estimated by ordinary least squares.
An attribute's **importance** is the range of its part-worths as a share of all ranges.

**Running it live.** In a workshop the facilitator edits the attributes below and publishes the design;
participants open this app on their own devices and rate the offers with the form that follows; the
facilitator's analysis pools everyone's ratings as they arrive. This is co-creation in miniature: the
customers shape the proposition.
"""),
    code("""
from paynecrm_kernel.widgets import AttributeEditor, ConjointAnalysis, RatingForm, PreferenceSimulator

# The study's first design, published by the first live tool opened unless the facilitator publishes another
starting_design = value.generate_design(attributes, 18)
AttributeEditor.lazy(attributes, workbook=wb, max_profiles=18)
""", widget=True),
    md("""
**Participants:** rate every offer from 0 (would never buy) to 10 (would certainly buy), then press *Submit*.
"""),
    code("""
RatingForm.lazy(starting_design, workbook=wb)
""", widget=True),
    md("""
**Facilitator:** press *Pool the latest ratings* to see the part-worths of everyone who has rated so far.
"""),
    code("""
ConjointAnalysis.lazy(workbook=wb, design=starting_design)
""", widget=True),
    md("""
### 1.3 The sample company's survey

Hearth & Home asked 300 customers to rate all 18 sofa offers on a 0–100 purchase-likelihood scale. Each
respondent has their own planted part-worths, drawn around one of three benefit segments. The pooled
estimates below carry standard errors clustered by respondent; compare them with the planted averages.
"""),
    code("""
analysis = ConjointAnalysis.lazy(company.conjoint, attributes, workbook=wb, key="value.conjoint_sample")
analysis
""", widget=True),
    code("""
fit = value.fit_part_worths(company.conjoint, attributes)       # the estimates the tool above shows
planted = company.conjoint_part_worths.drop(columns=["respondent_id", "benefit_segment", "intercept"]).mean()
table = fit.part_worths()
table["planted mean"] = [planted[f"{a}={lv}"] for a, lv in zip(table["attribute"], table["level"])]
table = table[["attribute", "level", "part_worth", "std_err", "planted mean"]].round(2)
table.astype(object).where(table.notna(), "reference")
"""),
    md("""
Averages hide disagreement. Clustering the respondents' own part-worths (k-means) finds **benefit segments**,
groups that value the same things. Payne and Frow point out that conjoint analysis can reveal segments whose
needs no current offer meets. The table uses the number of segments that separates respondents best (the
highest silhouette); the tool above lets you choose another.
"""),
    code("""
benefit = value.benefit_segments(fit)
benefit.importances.round(1).assign(respondents=benefit.sizes)
"""),
    md("""
### 1.4 Will our offer win? The share-of-preference simulator

Choose our offer's level on each attribute and compare it with two competitors. The logit rule turns each
respondent's utilities into probabilities; choose a benefit segment to see where the offer is strong.
"""),
    code("""
competitors = {
    "Budget rival": {"price": "$799", "delivery": "3 weeks", "warranty": "1 year", "design": "Classic"},
    "Premium rival": {"price": "$1,299", "delivery": "next day", "warranty": "5 years", "design": "Scandinavian"},
}
PreferenceSimulator.lazy(analysis, competitors, workbook=wb)
""", widget=True),
    code("""

exercise("value.exercise.target_offer", workbook=wb)
""", widget=True),
    md("""
## 2. The value the organisation receives

### 2.1 Acquisition economics

What does it cost to win a customer, and does the customer repay it? **Customer acquisition cost** (CAC) is
campaign spend divided by the customers won. The **payback period** is the time until the customer's
expected, discounted margin covers the CAC, and **CLV : CAC** compares lifetime value with that cost.
"""),
    code("""
from paynecrm_kernel.widgets import AcquisitionTool

AcquisitionTool.lazy(company.campaigns, spend="cost", acquired="customers_acquired",
          groupings=("channel", "name"), workbook=wb)
""", widget=True),
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

None is wrong, but a CLV figure without its convention is ambiguous, so the workbook states it every time.
"""),
    code("""
pd.DataFrame({"CLV ($), m = 100, r = 0.8, d = 0.1": {c: round(value.simple_clv(100, 0.8, 0.1, c), 2)
                                                     for c in "ABC"}}).rename_axis("convention")
"""),
    code("""
from paynecrm_kernel.widgets import SimpleCLVTool

SimpleCLVTool.lazy(workbook=wb)
""", widget=True),
    md("""
### 2.3 The profit effect of keeping customers longer

Reichheld and Sasser (1990) argued that profit per customer grows with tenure (more purchases, lower cost to
serve, referrals, a price premium) so that cutting defections raises profits sharply. Their own examples: a 5
point cut in the defection rate raised profits by about 85 % in a bank's branch system, 50 % in an insurance
brokerage and 30 % in an auto-service chain; MBNA's profits rose 125 % when it halved a 10 % defection rate.

**Read this with care.** The headline is a thought experiment, not a measured effect: with a constant retention
rate the expected tenure is $1/\\delta$, so halving defections doubles the tenure and the gain follows
mechanically (Sharp's critique). Switch the profile to *flat* to see how much of the uplift remains.
"""),
    code("""
from paynecrm_kernel.widgets import RetentionWhatIf

RetentionWhatIf.lazy(workbook=wb)
""", widget=True),
    md("""
A constant retention rate is itself an assumption. In a real cohort the customers who would leave soon leave
first, so the retention rate of the survivors *rises* over time. The shifted-beta-geometric (sBG) model of
Fader and Hardie (2007) captures this; fitted on the first seven years of their "regular" cohort it projects
the next five years closely:
"""),
    code("""
from paynecrm_kernel.clv import ShiftedBetaGeoModel
from paynecrm_kernel.data.datasets import load_retention_cohorts

cohort = load_retention_cohorts()
sbg = ShiftedBetaGeoModel().fit(cohort["regular"].iloc[:8].tolist())
projection = sbg.project(13).round(0)
{"alpha": round(float(sbg.params["alpha"]), 3), "beta": round(float(sbg.params["beta"]), 3),
 "projected years 8-12": projection.iloc[8:].tolist(), "actual years 8-12": cohort["regular"].iloc[8:].tolist()}
"""),
    md("""
### 2.4 Retention by segment: Hearth & Home's care plans

Hearth & Home sells a monthly **care plan** (cleaning, repairs, fabric protection), a contractual business in
which every cancellation is seen. Each segment's monthly cohorts of new contracts are pooled into one survivor
curve (the cohorts observed for at least 12 months, added up month by month: `survivors` below), and an sBG
model is fitted per segment. The table values a new subscriber as the fee times the **expected discounted
lifetime** (DEL, in months), the first fee paid at sign-up.

Then try the teaching tool of Fader & Hardie (2007): move **Periods used to fit** and watch the straight line and
the constant-rate (exponential) curve, fitted to the first months, fall below what actually happened, while the
sBG curve, which lets the loyal stay, follows it.
"""),
    code("""
from paynecrm_kernel.widgets import SBGProjectionTool

survivors = value.segment_survivors(company.subscription_cohorts, periods=12)    # subscribers left, by month
fees = company.subscriptions.groupby("segment")["monthly_fee"].mean()
SBGProjectionTool.lazy(survivors, fees, discount_rate=0.01, time_unit="months", workbook=wb)
""", widget=True),
    code("""
retention = value.segment_retention_economics(survivors, fees, discount_rate=0.01)
planted = {s: v["care_plan"]["alpha"] / (v["care_plan"]["alpha"] + v["care_plan"]["beta"])
           for s, v in company.truth["segments"].items()}
retention.assign(planted_churn=pd.Series(planted))[
    ["contracts", "mean_churn", "planted_churn", "expected_lifetime", "fee", "clv"]].round(3)
"""),
    md("""
The mean monthly churn is close to the planted one in every segment, although the pooled cohorts are small (a
few dozen contracts for the bargain hunters). The figures are in **months**, discounted at 1 % a month; the
CLV column is the expected value of a *new* subscriber with the first fee paid at sign-up.

## 3. Customer segment lifetime value

Here the two sides meet. For each segment from the strategy chapter we fit two models on the purchase history
up to 30 June 2024: the **BG/NBD** model of how often customers buy and when they silently stop (Fader, Hardie &
Lee 2005a) and the **Gamma-Gamma** model of how much they spend (Fader, Hardie & Lee 2005b). We then check the
forecasts against the purchases of the following six months (the *holdout*), refit on the whole history, and
value each customer's next 12 months of repeat purchases at a 30 % margin, discounted at 1 % a month.
"""),
    md("""
**Which segments?** The segments are the ones you chose in the strategy chapter, rebuilt from the choices it
saved in the workbook (granularity, k-means features and k, RFM bins). If you have not worked through it yet,
the chapter uses Hearth & Home's own four segments; the box below says which.
"""),
    code("""
chosen = value.strategy_segments(wb, company.transactions, segment_of, calibration_end="2024-06-30",
                                 interactions=company.interactions, channels=company.channels,
                                 fallback_name="Hearth & Home's four segments (trade, enthusiasts, everyday, bargain)")
chosen
""", widget=True),
    code("""
segment_value = value.segment_lifetime_value(company.transactions, chosen.labels, calibration_end="2024-06-30",
                                             horizon=12, horizon_unit="M", discount_rate=0.01, margin=0.3)
segment_value.segments[["customers", "mean_clv", "total_clv", "share_of_clv", "holdout_actual",
                        "holdout_predicted"]].round(3)
""", widget=True),

    code("""
from paynecrm_kernel.widgets import CLVExplorer

CLVExplorer.lazy(segment_value, workbook=wb)
""", widget=True),
    md("""
**Checking against the truth.** On Hearth & Home's own four segments the planted purchase rates are known, so
the models can be checked: the fitted mean purchase rate $r/\\alpha$ per week should be near the planted one,
and the predicted holdout purchases near the actual ones.
"""),
    code("""
check = planted_value.segments            # fitted in the set-up cell on the four planted segments
truth = pd.Series({s: v["bgnbd"]["r"] / v["bgnbd"]["alpha"] for s, v in company.truth["segments"].items()})
pd.DataFrame({"fitted purchases/week": check["bgnbd_r"] / check["bgnbd_alpha"], "planted purchases/week": truth,
              "holdout actual": check["holdout_actual"], "holdout predicted": check["holdout_predicted"],
              "mean 12-month CLV ($)": check["mean_clv"]}).round(3)
"""),
    md("""
In Hearth & Home's data the trade accounts are a small share of customers but the largest share of lifetime value, the pattern the
**customer pyramid** of Zeithaml, Rust & Lemon (2001) describes: platinum customers (here the top 20 % by CLV, a
common convention rather than the article's rule) deserve a different proposition and service level from the
lead tier.

## 4. Customer equity

Customer equity is the value of today's customers **plus** the customers the firm will acquire, net of what
acquiring them costs (Blattberg & Deighton 1996; Rust, Lemon & Zeithaml 2004; Gupta, Lehmann & Stuart 2004).
It turns CRM decisions into a balance-sheet question: is the next dollar better spent winning or keeping
customers? The first tool values the base (today's customers at their 12-month CLV from the segment models of
section 3, in months, 1 % a month discount) and future yearly cohorts (simple CLV per year, convention A); the second is Blattberg and Deighton's acquisition/retention trade-off.
"""),
    code("""
from paynecrm_kernel.widgets import BlattbergDeightonTool, CustomerEquityTool

CustomerEquityTool.lazy(segment_value.total_clv, len(segment_value.customers), workbook=wb,
          cohort_size=2500, margin=60, retention=0.6, acquisition_cost=40,
          current_convention="12-month CLV from the segment models (BG/NBD + Gamma-Gamma), in months: "
                             + segment_value.convention)
""", widget=True),
    code("""
BlattbergDeightonTool.lazy(workbook=wb)
""", widget=True),
    code("""
exercise("value.exercise.retention", workbook=wb)
""", widget=True),
    md("""
### Your own data

Analysts can run section 3 on their own transactions: any table with a customer id, a date and an amount, plus
a segment label per customer, e.g.

```python
my_value = value.segment_lifetime_value(my_transactions, my_segments, calibration_end="2024-06-30")
CLVExplorer(my_value)
```

The CDNOW data set (`paynecrm_kernel.data.datasets.load_cdnow_master()`) works the same way.

## Decisions

The tools saved your inputs as you worked. The last cell records this chapter's conclusions for the capstone
report: the segments ranked by lifetime value, our offer's share of preference, and the best split of
acquisition and retention spend.
"""),
    code("""
offer, rule, scale = value.saved_simulation(wb, attributes)        # your choices in the simulator (section 1.4)
offer_share = value.share_of_preference(fit, {"Our offer": offer, **competitors}, rule=rule, scale=scale)["Our offer"]
decisions = {
    "value.decisions.clv_by_segment": segment_value.segments["total_clv"].round(2).to_dict(),
    "value.decisions.clv_convention": segment_value.convention,
    "value.decisions.segment_source": chosen.source,
    "value.decisions.subscriber_clv": retention["clv"].round(2).to_dict(),
    "value.decisions.top_segment": segment_value.segments["total_clv"].idxmax(),
    "value.decisions.offer": offer,
    "value.decisions.offer_share": round(float(offer_share), 4),
    "value.decisions.importances": fit.importances().round(1).to_dict(),
}
wb.update(decisions)
{k.split(".")[-1]: v for k, v in decisions.items() if k != "value.decisions.clv_convention"}
""", widget=True),
]


if __name__ == "__main__":
    main(CELLS, OUT, "value", "Value creation")
