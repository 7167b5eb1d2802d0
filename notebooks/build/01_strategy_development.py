"""Build ``notebooks/01_strategy_development.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/01_strategy_development.py --execute

``--execute`` runs the notebook against a fresh temporary workbook and stores the outputs without the saved
widget state (neither Voilà nor nbval uses it).
"""
from pathlib import Path

from nbbuild import code, main, md


OUT = Path(__file__).resolve().parents[1] / "01_strategy_development.ipynb"




CELLS = [
    md("""
# 1 · Strategy development

Payne & Frow (2005) open their strategic framework for CRM with the **strategy development process**. It has
a dual focus: the **business strategy** (where the company is going, and the industry it competes in) and the
**customer strategy** (which customers it wants, and how finely to segment them). How well the two fit is what
they present as decisive for CRM success; the output of the process is a clearer platform for everything CRM
does afterwards.

This chapter works through both halves on the sample company, *Hearth & Home*, a home-furnishing retailer with
stores, a web shop, an app, a catalogue, a call centre and trade account managers. Every input you give is
saved in the workbook as you type, and later chapters and the final report read it back.
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

The process starts by reviewing, or stating, the company vision, especially as it bears on CRM. A vision that
never mentions customers gives CRM nothing to serve; one that names the customers the company wants, the value
it will give them and how relationships help deliver it makes the rest of this chapter a matter of execution.
The canvas below is the workbook's own template: fill the six fields and the statement on the right assembles
itself.
"""),
    code("""
from paynecrm_kernel.widgets import FiveForcesTool, SixMarketsTool, VisionCanvas, exercise
from paynecrm_kernel.workbook import Workbook
wb = Workbook.current()             # your inputs: the tools below show and save them
VisionCanvas.lazy(workbook=wb)
""", widget=True),
    md("""
### Industry and competitive characteristics

Payne & Frow base the review of the industry on Porter's five forces (Porter 1979) and extend it with newer
thinking, notably Christensen's *disruptive innovation*: an entrant that starts with a simpler, cheaper offer
for customers the incumbents neglect, and moves up. Rate each force now, then rate it again imagining such an
entrant had succeeded (for Hearth & Home, think of a subscription furniture platform, or a marketplace that
lets trade buyers compare suppliers in one click). The 1-5 scale and the attractiveness words are the
workbook's conventions, aids to discussion rather than measurements.
"""),
    code("FiveForcesTool.lazy(workbook=wb)", widget=True),
    code("""
exercise("strategy.exercise.disruption", workbook=wb)
""", widget=True),
    md("""
### Relationships beyond customers: the six markets model

Cranfield's relationship-marketing work (Christopher, Payne & Ballantyne 1991) widens the view from customers
to six market domains: customer, referral, supplier and alliance, influence, employee and recruitment, and
internal markets. Customer markets are split into new and existing customers. Each participant rates the
current and desired emphasis on each domain (0-10); in a workshop, each adds their ratings to the group and the
facilitator discusses the markets with the largest gaps and the largest disagreement.
"""),
    code("SixMarketsTool.lazy(workbook=wb)", widget=True),
    md("""
## Customer strategy

Customer strategy examines current and potential customers, decides which form of segmentation suits best and
chooses the **segment granularity**: macro, micro or one-to-one. It answers the second key question of the
process: *which customers do we want, and how should we segment them?*

The analysis below uses Hearth & Home's transactions. The first 18 months (to 30 June 2024) describe the
customers; the last six months are kept aside as *future* spend, to test whether a segmentation actually
predicts anything. Profit per customer is revenue times an assumed 40 % gross margin minus the cost to serve
(each contact priced at its channel's unit cost).

*Your own data:* replace `transactions` (and `interactions`, `channels`, or set them to `None`) with your own
tables, for example read with `paynecrm_kernel.data.read_transactions`; the columns needed are `customer_id`,
`date` and `amount`.
"""),
    code("""
transactions, interactions, channels = company.transactions, company.interactions, company.channels
base = customer_base(transactions, calibration_end="2024-06-30", interactions=interactions, channels=channels)
print(f"{len(base):,} customers; time unit: {base.attrs['time_unit']}; "
      f"{(base.profit < 0).mean():.1%} made a loss in the first 18 months")
"""),
    md("""
### Customer characteristics: RFM

Hughes's RFM coding ranks customers by how **r**ecently they bought, how **f**requently and for how much
**m**oney, and cuts each ranking into five equal groups scored 1 to 5. Mind the two meanings of recency: the
summary's `recency` is the customer's age at the last purchase; the R score is about the time *since* it,
so a recent buyer scores high. The heatmap shows where customers (or value) sit on R and F; the table
names segments from a rule table whose boundaries are the workbook's convention. Try 3 bins: with a few
thousand customers, Hughes's advice of roughly 1,000 customers per cell argues for fewer, larger cells.
"""),
    code("""
from paynecrm_kernel.widgets import RFMExplorer
RFMExplorer.lazy(base, value=base.profit, workbook=wb)
""", widget=True),
    code("""
exercise("strategy.exercise.rfm", workbook=wb)
""", widget=True),
    md("""
### Customer choice: the customer pyramid and concentration

Zeithaml, Rust & Lemon (2001) sort customers by profitability into **platinum**, **gold**, **iron** and
**lead** tiers and serve each differently; lead customers cost the firm money, and the aim is to move customers
up the pyramid. The article fixes no percentages: 20 / 50 / 80 % is a common convention (the workbook's
default), and the profit-sign rule, lead = loss-making customers, is closer to the article. When some customers
lose money, the chart on the right is the **whale curve** of customer profitability analysis.
"""),
    code("""
from paynecrm_kernel.widgets import PyramidTool
attributes = base[["revenue", "cost_to_serve", "frequency", "main_channel"]]
PyramidTool.lazy(base.profit, attributes=attributes, value_label="profit", workbook=wb)
""", widget=True),
    md("""
### Behavioural segments

RFM cells are a fixed grid. k-means (scikit-learn) lets the data find groups of customers who behave alike
on the features you choose; the silhouette and the share of variance captured (R²) help choose how many.
A high silhouette with a small k and a rising R² with a larger k is the usual tension: few segments are clear,
many segments are precise.
"""),
    code("""
from paynecrm_kernel.segmentation import rfm_scores
from paynecrm_kernel.widgets import SegmentExplorer
features = rfm_scores(base).join(base[["revenue", "cost_to_serve", "profit"]])
SegmentExplorer.lazy(features, ["time_since_last", "frequency", "monetary_value", "revenue", "cost_to_serve"],
          workbook=wb)
""", widget=True),
    md("""
### Segment granularity: macro, micro or one-to-one

Payne & Frow name three levels: **macro** segments (a few broad groups), **micro** segments (many narrow ones)
and **one-to-one** (each customer treated individually), and note that the Internet makes fine segmentation
affordable. The trade-off panel measures, for each level, how much of the variation in customers' *future*
spend it explains, and how many segments the firm would have to manage. Here macro is four k-means segments,
micro the RFM cells, and one-to-one an individual score: each customer's predicted value over the next 26 weeks,
from a BG/NBD purchase model and a Gamma-Gamma spend model fitted on the first 18 months (the value-creation
chapter explains both). Choose a level and justify it: the choice is saved for the report.
"""),
    code("""
from paynecrm_kernel.segmentation import kmeans_segments, predicted_value
from paynecrm_kernel.widgets import GranularityChooser
macro = kmeans_segments(features, ["time_since_last", "frequency", "monetary_value"], k=4).labels
clv = predicted_value(base, horizon=26)          # expected spend over the holdout's 26 weeks, per customer
levels = {"macro": macro, "micro": features.rfm_cell, "one-to-one": clv}
GranularityChooser.lazy(base.holdout_value, levels, workbook=wb)
""", widget=True),
    code("""
exercise("strategy.exercise.granularity", workbook=wb)
""", widget=True),
    md("""
## What the choices imply: the CRM strategy matrix

The CRM strategy matrix (Payne 2005; Frow & Payne 2009) places a firm by how individualised its approach is
and how much customer information it uses: product-based selling, managed service and support,
customer-based marketing or individualized CRM. The granularity chosen above sets the first; the information
slider in the trade-off panel the second. A firm choosing micro segments with rich information is doing
customer-based marketing; moving to individualized CRM needs one-to-one treatment as well.

The last cell saves this chapter's decisions in one place in the workbook (they are already saved as you
work; this records the summary the final report uses) and answers the process's two key questions.
"""),
    code("""
from paynecrm_kernel.strategy import save_strategy_decisions
print(save_strategy_decisions(wb, base.profit))
"""),
]


if __name__ == "__main__":
    main(CELLS, OUT, "strategy", "Strategy development")
