"""Build ``notebooks/01_strategy_development.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/01_strategy_development.py --execute

``--execute`` runs the notebook against a fresh temporary workbook and stores the outputs without the saved
widget state (neither Voilà nor nbval uses it).
"""
from pathlib import Path

from nbbuild import code, facilitator_note, main, md

from paynecrm_kernel.framework import references_section

OUT = Path(__file__).resolve().parents[1] / "01_strategy_development.ipynb"


CELLS = [
    md("""
# 1 · Strategy development

Payne & Frow (2005) open their strategic framework for CRM with the **strategy development process**. It has
a dual focus: the **business strategy** (where the company is going, and the industry it competes in) and the
**customer strategy** (which customers it wants, and how finely to segment them). How well the two fit is what
they present as decisive for CRM success; the output of the process is a clear platform for everything CRM
does afterwards.

**The two key questions of the process** (Payne 2005, p. 32): *Where are we, and what do we want to achieve in
our business?* and *Which customers do we want, and how should we segment them?*

**After this chapter you can**
* state a vision that CRM can serve, and review the industry with Porter's five forces and a disruption scenario;
* widen the view to the six markets a relationship strategy must manage;
* measure customer profitability after the cost to serve, and place customers in the customer pyramid;
* describe customers with RFM and behavioural segments, and know where those measures mislead;
* choose a segment granularity, and the **segments of record** every later chapter uses, with evidence.

The chapter works through both halves on the sample company, *Hearth & Home*, a home-furnishing retailer with
stores, a web shop, an app, a catalogue, a call centre and trade account managers.
"""),
    code("""
from paynecrm_kernel.data import sample_company
from paynecrm_kernel.segmentation import customer_base
from paynecrm_kernel.widgets import process_banner

company = sample_company()          # Hearth & Home's data, generated from a fixed seed
process_banner("strategy")
""", widget=True),
    md("""
## Business strategy

### The vision, and the role of CRM in it

The process starts by reviewing, or stating, the company vision, especially as it bears on CRM; business
strategy is owned by top management. A vision that never mentions customers gives CRM nothing to serve; one that
names the customers the company wants, the value it will give them and how relationships help deliver it makes
the rest of this chapter a matter of execution. Fill the six fields of the canvas and the statement on the right
assembles itself.
"""),
    code("""
from paynecrm_kernel.widgets import FiveForcesTool, SixMarketsTool, VisionCanvas, exercise
from paynecrm_kernel.workbook import Workbook, keys
wb = Workbook.current()             # your inputs: the tools below show and save them
VisionCanvas.lazy(workbook=wb)
""", widget=True),
    code('exercise("strategy.exercise.vision", workbook=wb)', widget=True),
    facilitator_note("strategy.vision"),
    md("""
### Industry and competitive characteristics

Payne & Frow say that traditional competitive analysis (Porter) should be augmented by newer approaches, citing
Christensen's work on disruptive innovation and Slater & Olson's on marketing strategy. The tool runs the Porter
part with the five forces (Porter 1979, 2008) and the Christensen part with a scenario: rate each force now,
then again imagining that a disruptive entrant, one that starts with a simpler, cheaper offer for customers the
incumbents neglect and moves up (Christensen 1997), had succeeded. For Hearth & Home, think of a subscription
furniture platform, or a marketplace that lets trade buyers compare suppliers in one click. The 1-5 scale and
the attractiveness words are aids to discussion, not measurements.
"""),
    code("FiveForcesTool.lazy(workbook=wb)", widget=True),
    code('exercise("strategy.exercise.disruption", workbook=wb)', widget=True),
    facilitator_note("strategy.five_forces"),
    md("""
**What Hearth & Home should conclude.** The forces a marketplace or a subscription entrant would raise are buyer
power and substitutes: the customers most exposed are the trade buyers and the price-led households, so the
customer strategy below must say which of them the firm wants to defend.

### Relationships beyond customers: the six markets model

Cranfield's relationship-marketing work (Christopher, Payne & Ballantyne 1991) widens the view from customers to
the other markets a firm must build relationships with; in the later Cranfield version used here (Payne,
Ballantyne & Christopher 2005) they are the customer, referral, supplier and alliance, influence, employee and
recruitment, and internal markets, with customer markets split into new and existing customers. Each
participant rates the current and desired emphasis on each (0-10); the facilitator discusses the markets with
the largest gaps and the largest disagreement.
"""),
    code("SixMarketsTool.lazy(workbook=wb)", widget=True),
    code('exercise("strategy.exercise.six_markets", workbook=wb)', widget=True),
    facilitator_note("strategy.six_markets"),
    md("""
## Customer strategy

Customer strategy examines current and potential customers, decides which form of segmentation suits best and
chooses the **segment granularity**: macro, micro or one-to-one. It answers the second key question.

The analysis uses Hearth & Home's transactions. The first 18 months (to 30 June 2024) describe the customers;
the last six months are kept aside as *future* spend, to test whether a segmentation predicts anything.
**Profit per customer** is revenue times the gross margin minus the **cost to serve** (each contact priced at its
channel's unit cost). The gross margin is one assumption for the whole workbook, kept in it: every later chapter
values customers at the same margin.

*Your own data:* replace `transactions` (and `interactions`, `channels`, or set them to `None`) with your own
tables, for example read with `paynecrm_kernel.data.read_transactions`; the columns needed are `customer_id`,
`date` and `amount`.
"""),
    code("""
margin = wb.get(keys.strategy.GROSS_MARGIN)
transactions, interactions, channels = company.transactions, company.interactions, company.channels
base = customer_base(transactions, calibration_end="2024-06-30", interactions=interactions, channels=channels,
                     gross_margin=margin)
print(f"{len(base):,} customers; gross margin {margin:.0%}; time unit: {base.attrs['time_unit']}; "
      f"{(base.profit < 0).mean():.1%} made a loss in the first 18 months")
"""),
    md("""
### Customer choice: the customer pyramid and concentration

Zeithaml, Rust & Lemon (2001) sort customers by profitability into **platinum**, **gold**, **iron** and
**lead** tiers and serve each differently; lead customers cost the firm money, and the aim is to move customers
up the pyramid. So the tool draws lead as the loss-making customers; among the others the top 20 % are platinum
and the next 30 % gold, a common convention (the article fixes no percentages). The alternative rule, lead = the
bottom 20 %, is there to compare. When some customers lose money, the chart on the right is the **whale curve**
of customer profitability analysis.
"""),
    code("""
from paynecrm_kernel.widgets import PyramidTool
attributes = base[["revenue", "cost_to_serve", "frequency", "main_channel"]]
PyramidTool.lazy(base.profit, attributes=attributes, value_label="profit", workbook=wb)
""", widget=True),
    code('exercise("strategy.exercise.pyramid", workbook=wb)', widget=True),
    facilitator_note("strategy.pyramid"),
    md("""
**What Hearth & Home should conclude.** A third of its customers lost money in their first 18 months, mostly
because contacts in costly channels ate a small first order's margin, while a small platinum tier earns most of
the profit: the whale curve rises above 100 % of total profit before the loss-makers give part of it back. Choosing which
customers to want is therefore also choosing how to serve the others more cheaply.

### Customer characteristics: RFM

Hughes's RFM coding (Hughes, *Strategic Database Marketing*) ranks customers by how **r**ecently they bought, how **f**requently and for how
much **m**oney, and cuts each ranking into equal groups scored 1 to 5. Mind the two meanings of recency: the
summary's `recency` is the customer's age at the last purchase; the R score is about the time *since* it, so a
recent buyer scores high. The heatmap shows where customers (or profit) sit on R and F; the table names
segments from a rule table whose boundaries are the workbook's convention.

**Where RFM misleads here.** Almost half of Hearth & Home's customers bought only once: they all have the same
frequency (0 repeat purchases) and no repeat spend, so equal-sized groups split identical customers into F and
M scores 1, 2 or 3 by their order in the data. And M counts repeat purchases only: a customer whose one purchase
was a $2,000 sofa scores M = 1. Hughes also advises about 1,000 customers per cell before reading results by
cell: with fewer than 4,000 customers that means about four cells, so even 2 bins (8 cells of about 470) are
small. Read the named RFM segments rather than the cells.
"""),
    code("""
from paynecrm_kernel.widgets import RFMExplorer
RFMExplorer.lazy(base, value=base.profit, workbook=wb)
""", widget=True),
    code('exercise("strategy.exercise.rfm", workbook=wb)', widget=True),
    facilitator_note("strategy.rfm"),
    md("""
### Behavioural segments and the segments of record

RFM cells are a fixed grid. k-means (scikit-learn) lets the data find groups of customers who behave alike on
the features you choose; the silhouette and the share of variance captured (R²) help choose how many. A high
silhouette with a small k and a rising R² with a larger k is the usual tension: few segments are clear, many
segments are precise.
"""),
    code("""
from paynecrm_kernel.segmentation import rfm_scores
from paynecrm_kernel.widgets import SegmentExplorer
features = rfm_scores(base).join(base[["revenue", "cost_to_serve", "profit"]])
SegmentExplorer.lazy(features, ["time_since_last", "frequency", "monetary_value", "revenue", "cost_to_serve"],
                     workbook=wb)
""", widget=True),
    md("""
Hearth & Home knows one characteristic of its customers before any analysis: whether they hold a **trade
account**. Trade accounts buy differently and are won and served by different channels, so the **segments of
record** keep them apart and divide the other customers into the k-means segments chosen above (the features and
k the explorer saved), each named from its profile. These are the segments the value chapter prices and every
later chapter uses.
"""),
    code("""
from paynecrm_kernel.segmentation import segment_profile
from paynecrm_kernel.value import strategy_segments
from paynecrm_kernel.widgets import result_table
trade_accounts = company.customers.set_index("customer_id")["customer_type"].eq("business")
record = strategy_segments(wb, transactions, calibration_end="2024-06-30", interactions=interactions,
                           channels=channels, trade_accounts=trade_accounts).labels.reindex(base.index)
profile = segment_profile(base, record)
result_table(profile[
    ["customers", "share_customers", "one_time_share", "mean_frequency", "time_since_last", "mean_revenue",
     "mean_cost_to_serve", "mean_profit"]].set_axis(
    ["Customers", "Share of customers (%)", "One-time buyers (%)", "Repeat purchases", "Weeks since last purchase",
     "Revenue per customer ($)", "Cost to serve per customer ($)", "Profit per customer ($)"], axis=1
    ).rename_axis("Segment of record"), process="strategy", css_class="pcrm-segments-of-record",
    note="First 18 months, to 30 June 2024; profit at the workbook's gross margin, after the cost to serve.")
""", widget=True),
    facilitator_note("strategy.segments"),
    md("""
**What Hearth & Home should conclude.** The trade accounts are few but the most profitable customers each, and
the most expensive to serve. Among the others, frequent high spenders are the core of the consumer business;
almost half of all customers are one-time buyers, recent or lapsed, whose first order barely covers the contacts
it caused.

### Segment granularity: macro, micro or one-to-one

Payne & Frow name three levels: **macro** segments (a few broad groups), **micro** segments (many narrow ones)
and **one-to-one** (each customer treated individually), and note that the Internet makes fine segmentation
affordable. The trade-off panel measures, for each level, how much of the variation in customers' *future*
spend it explains, and what it costs to manage. Here macro is the segments of record, micro the RFM cells, and
one-to-one an individual score: each customer's predicted spend over the next 26 weeks, from a BG/NBD purchase
model and a Gamma-Gamma spend model fitted on the first 18 months (Fader, Hardie & Lee 2005a, 2005b; the value
chapter explains both). Set what a segment costs to run and what it costs to treat one customer individually:
near zero in digital channels, high where a person tailors every contact. Choose a level and justify it.
"""),
    code("""
from paynecrm_kernel.segmentation import predicted_value
from paynecrm_kernel.strategy import information_score
from paynecrm_kernel.widgets import GranularityChooser
clv = predicted_value(base, horizon=26)          # expected spend over the holdout's 26 weeks, per customer
levels = {"macro": record, "micro": features.rfm_cell, "one-to-one": clv}
GranularityChooser.lazy(base.holdout_value, levels, information=information_score(wb), workbook=wb)
""", widget=True),
    code('exercise("strategy.exercise.granularity", workbook=wb)', widget=True),
    facilitator_note("strategy.granularity"),
    md("""
**What Hearth & Home should conclude.** The individual scores explain much more of next half-year's spend than
any set of segments, which is the case for one-to-one treatment where contacts are digital and cheap; the
segments of record explain less but are few enough to write propositions for. A firm of Hearth & Home's size
sensibly runs its propositions and budgets on the segments of record and uses the individual scores in its
digital channels and for the trade accounts, which account managers already serve one to one.

## What the choices imply: the CRM strategy matrix

The CRM strategy matrix (Payne 2005; Frow & Payne 2009) places a firm by how individualised its approach is and
how much customer information it uses: product-based selling, managed service and support, customer-based
marketing or individualized CRM. Customer-based marketing means detailed segmentation and analysis (the
Handbook's example is supermarket loyalty-card data), so a few macro segments keep the firm in product-based
selling whatever data it holds; micro segments with rich information make it customer-based marketing, and
individualized CRM needs one-to-one treatment as well. The information level starts where the overview's
strategy-matrix scores placed the firm, so the two chapters agree unless you change it.

## What Hearth & Home has decided

*Where are we, and what do we want to achieve?* The vision, the five forces and the six markets above state it
for your team; for Hearth & Home the threat is a platform entrant that raises buyer power, and the aim is to
keep the customers worth keeping by giving them more than a price comparison can.

*Which customers do we want, and how should we segment them?* The cell below records the answer: the segments
of record, the granularity and the place on the strategy matrix it implies, and the customer pyramid with the
rule you chose. The value chapter prices these segments.
"""),
    code("""
from paynecrm_kernel.strategy import save_strategy_decisions
save_strategy_decisions(wb, base.profit, record)
"""),
    facilitator_note("strategy.decisions"),
    md("""
**Next:** chapter 2, *Value creation* (`02_value_creation.ipynb`), writes a value proposition for each segment of
record, measures what customers value, and prices each segment: what it costs to win and what it is worth.
"""),
    md(references_section("strategy")),
]


if __name__ == "__main__":
    main(CELLS, OUT, "strategy", "Strategy development")
