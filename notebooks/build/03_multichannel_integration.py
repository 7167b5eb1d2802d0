"""Build ``notebooks/03_multichannel_integration.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/03_multichannel_integration.py --execute

``--execute`` runs the notebook against a fresh temporary workbook and stores the outputs without the saved
widget state (neither Voilà nor nbval uses it).
"""
from pathlib import Path

from nbbuild import code, main, md


OUT = Path(__file__).resolve().parents[1] / "03_multichannel_integration.ipynb"


CELLS = [
    md("""
# 3 · Multichannel integration

*Notebook 03 of the PayneCRM Workbook · the multichannel integration process*

Payne and Frow call multichannel integration arguably the most important process of CRM: it turns the business
strategy and the value proposition into value-adding contact with customers, before the sale, at the sale and
after it. Customers use many channels, often several on one purchase, so the firm must choose the best
combination of channels, make every contact highly positive *within* each channel, and assemble one view of the
customer *across* them.

**Learning objectives.** After this chapter you can

1. place a firm's channels in Payne & Frow's six categories, from physical to virtual, and compare their cost,
   reach and richness;
2. map channel chains: which channels customers use at each buying stage, and how their journeys run;
3. credit purchases to channels with exact Markov removal effects and Shapley values, with intervals, and say
   why the old rule-based models mislead;
4. define a "perfect customer experience" standard per channel and measure the gap to it;
5. quantify the cost to serve, customer profitability and the economics of channel migration;
6. check how well the channels are integrated: is the customer recognised in every channel?

The examples use *Hearth & Home*, the workbook's sample home-furnishing retailer, with six channels: trade
account managers, stores and showrooms, a call centre, a catalogue, a web shop and a mobile app. Its interaction
log (52,273 contacts of 5,000 customers over two years, by buying stage), its channel survey and its touch log
of shopping journeys (which end in a purchase or not) were generated with known ("planted") values, so you can
check the estimates against the truth.
"""),
    code("""
import pandas as pd

from paynecrm_kernel import channels
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.data.sample_company.journeys import planted_attribution
from paynecrm_kernel.widgets import exercise, process_banner

company = sample_company()                          # Hearth & Home's data, generated from a fixed seed
interactions, customers = company.interactions, company.customers
labels = dict(company.channels[["channel", "label"]].to_numpy())               # display names of the channels
segment_labels = dict(customers[["segment", "segment_label"]].drop_duplicates().to_numpy())
segment_of = customers.set_index("customer_id")["segment"]
pd.set_option("display.max_colwidth", None)        # show channel chains in full

# Shopping journeys from the touch log (30-minute sessions, 30-day time-out), and their attribution
journeys = channels.build_journeys(company.touch_log, value_column="amount", segments=segment_of)
order_selection = channels.select_markov_order(journeys)
intervals = {method: channels.attribution_intervals(journeys, method) for method in channels.METHODS}

# Cost to serve at the planted unit costs, customer profit at a 40 % gross margin, channel satisfaction (1-7)
unit_costs = company.channels.set_index("channel")["unit_cost"]
profitability = channels.customer_profitability(
    company.transactions, channels.cost_to_serve(interactions, unit_costs=unit_costs,
                                                 customers=customers[["customer_id", "segment"]]))
satisfaction = company.surveys.groupby("rated_channel")["channel_satisfaction"].mean()
standards_template = channels.standards_template(company.channels)
observed = channels.observed_experience(interactions, company.surveys)
chains = channels.channel_chains(interactions.merge(customers[["customer_id", "segment"]]), unit_costs=unit_costs)
inventory = channels.channel_inventory(company.channels, interactions)               # reach and volume measured

# The tables the chapter shows, computed ahead of the reader
stage_mix = channels.stage_mix_table(channels.stage_channel_matrix(interactions, normalize="stage"), labels)
common_chains = channels.chain_table(chains.groupby("segment").head(2), labels, segment_labels)
credit_check = channels.credit_check_table(channels.markov_attribution(journeys), planted_attribution(), labels)
integration, integration_summary = channels.integration_check(interactions)

from paynecrm_kernel.workbook import Workbook
wb = Workbook.current()                             # your inputs: the tools below show and save them
process_banner("channels")
""", widget=True),
    md("""
## 1. The channel inventory

Payne and Frow group the many channel options into **six categories**, arranged by how far the contact is
physical or virtual: the sales force (field account management, service), outlets (branches, stores, kiosks),
telephony (call centres), direct marketing (direct mail, catalogues, TV), e-commerce (e-mail, the web) and
m-commerce (mobile, SMS, apps). Physical channels are rich, able to carry a complex conversation and build trust,
but dear; virtual channels are cheap and always open, but thin. Most firms run a hybrid of several.

Rate each channel's **richness** with your team: the tool places the channels on the physical-to-virtual axis
with their cost per interaction and their measured reach (the share of customers who used them).
"""),
    code("""
from paynecrm_kernel.widgets import ChannelInventoryGrid

ChannelInventoryGrid.lazy(inventory, labels=labels, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** The cost of a contact falls by a factor of more than 250 from a trade
account manager (92 dollars) to the app (35 cents). The web shop reaches the most customers (87 %) and carries a third
of all contacts; the stores reach 79 % and are the last physical channel most customers use. The account
managers reach under 8 % of customers: a rich but exclusive channel, right for trade accounts only.

## 2. Channel chains and journeys

A **channel chain** (McDonald & Wilson 2002) shows which channel a customer uses at each stage of buying. The
workbook uses five stages, grouped into Payne and Frow's three phases: pre-sale (awareness, evaluation), sale
(purchase) and after-sale (delivery, after-sales service). The share of each stage's contacts in each channel:
"""),
    code("""
stage_mix
"""),
    md("""
Each segment's most common chains, the channel used most in each phase of a purchase ("none" when the phase had
no contact), with the mean cost of the purchase's contacts:
"""),
    code("""
common_chains
"""),
    md("""
The Sankey follows the **journeys** of the touch log: from the first touch to the second and on, to a purchase or
to nothing. Choose a segment to compare how differently the segments shop.
"""),
    code("""
from paynecrm_kernel.widgets import JourneySankey

JourneySankey.lazy(journeys, labels=labels, segment_labels=segment_labels, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** Customers research on the web and in stores and buy mostly in the
same two; the catalogue opens many journeys but never closes one, and after the sale the web, the app and the
call centre take over. The trade accounts run through their account manager from first contact to after-sales service,
and convert almost 30 % of their journeys against 17 to 20 % for the other segments.

Most customers use several channels (94 % of Hearth & Home's customers contacted it through two or more).
Kumar and Venkatesan (2005) found that multichannel shoppers are worth more, and Kushwaha and Shankar (2013) that
this holds mainly in hedonic categories; Ansari, Mela and Neslin (2008) found that customers who moved to the
web bought less afterwards unless marketing kept in touch. These are **associations, not causes**: customers who
already buy more use more channels, so pushing a customer into a second channel need not make them buy more.

## 3. Which channels earn the purchases? Attribution

A purchase usually follows several touches. **Attribution** shares the credit for it among the channels. Web
analytics long used fixed rules (first touch, last touch, linear, position-based, time decay); Google retired all
but last click from Google Ads and Analytics in 2023, so treat them as history and as a baseline. Two
data-driven methods replace them:

* **Markov removal effects** (Anderl, Becker, von Wangenheim & Schumann 2016): the journeys are a chain of
  channels ending in a purchase or not; a channel's removal effect is the share of purchases lost when it is
  taken out of the chain. The workbook solves the chain exactly, so the credit never changes from one run to the
  next (the widely used ChannelAttribution package simulates it, and its credit moves by a few per cent between
  runs).
* **Shapley values** (Zhao, Mahboobi & Bagheri 2018): each channel's average marginal contribution over every
  order in which the channels could join a journey.

The intervals come from 200 bootstrap resamples of the journeys with a fixed seed.
"""),
    code("""
from paynecrm_kernel.widgets import AttributionComparison

AttributionComparison.lazy(journeys, intervals=intervals, order_selection=order_selection, labels=labels,
                           workbook=wb)
""", widget=True),
    md("""
Because the touch log was drawn from a planted chain, the true share of each channel is known. The order-1 Markov
credit against it:
"""),
    code("""
credit_check
"""),
    md("""
**What Hearth & Home should conclude.** Last click gives the catalogue nothing and the stores 60 % of the
purchases; the Markov chain gives the catalogue 12 % and the stores 37 %, within a point of the planted truth.
The catalogue, the web shop and the call centre feed journeys that the stores close. Budgets set by last click
would starve the channels that start journeys. Held-out likelihood prefers a chain of order 1: longer memory
fits the past better but predicts new journeys worse.
"""),
    code("""
exercise("channels.exercise.attribution", workbook=wb)
""", widget=True),
    md("""
## 4. The perfect customer experience, channel by channel

Payne and Frow's second key question asks what an outstanding customer experience would look like, one the firm
can deliver at an affordable cost. Integrated channel management starts by defining that experience **in each
channel**, so the same high standard holds however the customer chooses to reach the firm. The workbook measures
five dimensions: speed (handling minutes), consistency (first-contact resolution), personalisation (contacts
linked to the customer's record), information (a rating to collect) and ease (channel satisfaction). Edit each
channel's standards and the importance of each dimension (from the value chapter's conjoint study or a survey);
the heatmap shows the gaps.
"""),
    code("""
from paynecrm_kernel.widgets import StandardsEditor

StandardsEditor.lazy(standards_template, observed, labels=labels, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** With the starting standards the call centre is furthest from standard:
slow calls, the lowest first-contact resolution (83 %) and the lowest satisfaction (4.6 of 7). The stores come
next, because only 74 % of store contacts are linked to the customer's record. No channel is measured on
information yet: add the question to the next survey.
"""),
    code("""
exercise("channels.exercise.standards", workbook=wb)
""", widget=True),
    md("""
## 5. Cost to serve and the whale curve

**Activity-based costing** gives every customer their cost to serve: their contacts in each channel times the
channel's cost per contact. Customer profit is the gross margin on their purchases minus that cost. Cooper and
Kaplan (1991) found that ranking customers by profit gives a **whale curve**: the profitable customers can earn
well over 100 % of the total profit, and the loss-makers sink it back. Edit the unit costs and the gross margin
(your unit costs are used by the migration simulator too).
"""),
    code("""
from paynecrm_kernel.widgets import CostToServeTool

CostToServeTool.lazy(interactions, customers, company.transactions, company.channels, labels=labels,
                     segment_labels=segment_labels, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** Serving customers costs about a quarter of revenue. A third of the customers
lose money after their cost to serve, and the profitable two-thirds earn about 120 % of the total profit. Trade
accounts bring the most revenue but cost almost 900 dollars each to serve, through their account managers; customers
whose main channel is the store lose money more often than those who mostly use the web or the app.
"""),
    md("""
## 6. Channel migration: cost saved against value at risk

Moving contacts to cheaper channels lowers the cost to serve, but customers may like the new channel less and
leave sooner. The simulator moves a share of one segment's contacts at one stage from one channel to another and
shows the cost saved a year, the lifetime value put at risk through lower retention (an assumption you set: the
points of retention lost per point of channel satisfaction) and the customers pushed below break-even.
"""),
    code("""
from paynecrm_kernel.widgets import MigrationSimulator

MigrationSimulator.lazy(interactions, profitability, company.channels, satisfaction, labels=labels,
                        segment_labels=segment_labels, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** Moving half of the after-sales calls to the web saves little (about
1,200 dollars a year), because there are few such calls and a call costs only 6.40 dollars. The money is in the expensive
channels: half of the trade accounts' after-sales visits moved to the call centre save about 6,700 dollars a year, and
30 % of everyday shoppers' store contacts moved to the web about 10,000 dollars. Whether a move pays depends on the
retention assumption: vary it before deciding, and pilot the move on a random part of the segment.
"""),
    code("""
exercise("channels.exercise.migration", workbook=wb)
""", widget=True),
    md("""
## 7. The integration check: one view of the customer

Integrated channels need every contact linked to the customer, whatever the channel: this is where multichannel
integration meets information management. The check measures the share of contacts linked to a known customer,
the share of multichannel customers whose every contact is linked (a complete cross-channel view), and how
consistent service is across channels.
"""),
    code("""
print(f"Contacts linked to a known customer: {integration_summary['identified_share']:.1%}")
print(f"Customers using two or more channels: {integration_summary['multichannel_customers']:.1%}, "
      f"of whom {integration_summary['complete_view_share']:.1%} have every contact linked")
print(f"First-contact resolution, best channel minus worst: "
      f"{100 * integration_summary['resolution_spread']:.1f} points")
channels.integration_table(integration, labels)
"""),
    md("""
**What Hearth & Home should conclude.** Only about 38 % of multichannel customers can be seen whole: a
contact somewhere, most often in a store, is not linked to them. Until the stores identify customers at the
till, no channel can see a customer's full history, and the experience standards on personalisation cannot be
met. This is the first task for information management (chapter 04).

### Your own interaction log

The functions of this chapter work on any interaction log with one row per contact. Columns: `customer_id`,
`timestamp` (a date and time) and `channel` are required; `stage` (awareness, evaluation, purchase, delivery,
after-sales, or your own stages mapped with `stage_phases`), `outcome` ("completed" counts as resolved at the
first contact), `handling_minutes` and `identified` (True/False) are used where present. Pass
`columns={"customer": "client", ...}` when your names differ. For example:

```python
my_log = pd.read_csv("contacts.csv")
my_journeys = channels.build_journeys(my_log, value_column="order_value", segments=my_segments)
channels.attribution_intervals(my_journeys, "markov")          # credit per channel, with intervals
CostToServeTool(my_log, my_customers, my_transactions, my_channels)
```

Conversion paths exported from an attribution tool (one row per path, channels joined by `" > "`) work too:
"""),
    code("""
exported = pd.DataFrame({"path": ["web > stores", "web", "catalogue > stores"],
                         "total_conversions": [30, 10, 20], "total_null": [70, 90, 80]})
channels.attribution_table(channels.compare_attribution(exported))
"""),
    md("""
A log with a problem is refused with a message that names the column, the rows and the fix:
"""),
    code("""
from paynecrm_kernel.errors import DataValidationError

bad_log = pd.DataFrame({"customer_id": [1, 1, 2], "timestamp": ["2024-03-01 10:00", "yesterday", "2024-03-02"],
                        "channel": ["web", "stores", "web"], "stage": ["awareness", "purchase", "purchase"]})
try:
    channels.build_journeys(bad_log)
except DataValidationError as error:
    print(error)
"""),
    md("""
## Decisions

The tools saved your inputs as you worked. The last cell records the chapter's decisions for the performance
chapter and the capstone report: the target channel chain of each segment (today's most common chain, with your
migration applied where it moves at least half of a phase's contacts), the experience standards, the migration
plan, the projected cost to serve by segment and the projected change in cost and value.
"""),
    code("""
plan = channels.saved_moves(wb)
migration = channels.simulate_migration(interactions, profitability, plan, unit_costs, satisfaction,
                                        retention=wb.get("channels.migration.retention"),
                                        retention_per_point=wb.get("channels.migration.retention_per_point"))
decisions = channels.save_channel_decisions(wb, channels.target_chains(chains, plan),
                                            channels.saved_standards(wb, standards_template), plan, migration,
                                            labels={**labels, **segment_labels})
decisions
""", widget=True),
    md("""
## The two key questions, answered for Hearth & Home

**What are the best ways for us to reach customers, and for them to reach us?** Different chains for different
segments: the account managers from first contact to after-sales service for the trade, whose purchases justify
a 92-dollar visit; the web and the stores for everyday shoppers and enthusiasts, with the app and the web, not the
call centre, after the sale; the web for bargain hunters. Credit the catalogue and the web for the journeys they
start, not only for the sales they close: the Markov chain shows both matter.

**What would an outstanding customer experience look like, one we can deliver at an affordable cost?** The same
standard in every channel on speed, resolution, personalisation, information and ease, with the call centre and
the stores brought up to it first. It is affordable when costly contacts move to cheaper channels that customers
rate as highly, and only where the value put at risk is smaller than the saving. It needs one view of the
customer: today only 38 % of multichannel customers are seen whole.

**Next:** chapter 04, information management, builds that single customer view: matching the records of the
channels, the data quality behind them, and the analytics that use them.

## References

* Anderl, E., Becker, I., von Wangenheim, F. & Schumann, J. H. (2016). Mapping the customer journey: lessons
  learned from graph-based online attribution modeling. *International Journal of Research in Marketing*,
  33(3), 457-474.
* Ansari, A., Mela, C. F. & Neslin, S. A. (2008). Customer channel migration. *Journal of Marketing Research*,
  45(1), 60-76.
* Cooper, R. & Kaplan, R. S. (1991). Profit priorities from activity-based costing. *Harvard Business Review*,
  69(3), 130-135.
* Kaplan, R. S. & Anderson, S. R. (2004). Time-driven activity-based costing. *Harvard Business Review*, 82(11),
  131-138.
* Kumar, V. & Venkatesan, R. (2005). Who are the multichannel shoppers and how do they perform? Correlates of
  multichannel shopping behavior. *Journal of Interactive Marketing*, 19(2), 44-62.
* Kushwaha, T. & Shankar, V. (2013). Are multichannel customers really more valuable? The moderating role of
  product category characteristics. *Journal of Marketing*, 77(4), 67-85.
* McDonald, M. & Wilson, H. (2002). *The New Marketing: Transforming the Corporate Future*. Oxford:
  Butterworth-Heinemann.
* Neslin, S. A. & Shankar, V. (2009). Key issues in multichannel customer management: current knowledge and
  future directions. *Journal of Interactive Marketing*, 23(1), 70-81.
* Payne, A. & Frow, P. (2004). The role of multichannel integration in customer relationship management.
  *Industrial Marketing Management*, 33(6), 527-538.
* Payne, A. & Frow, P. (2005). A strategic framework for customer relationship management. *Journal of
  Marketing*, 69(4), 167-176.
* Zhao, K., Mahboobi, S. H. & Bagheri, S. R. (2018). Shapley value methods for attribution modeling in online
  advertising. arXiv:1804.05327.
"""),
]


if __name__ == "__main__":
    main(CELLS, OUT, "channels", "Multichannel integration")
