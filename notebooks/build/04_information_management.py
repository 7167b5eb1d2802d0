"""Build ``notebooks/04_information_management.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/04_information_management.py --execute

``--execute`` runs the notebook against a fresh temporary workbook and stores the outputs without the saved
widget state (neither Voilà nor nbval uses it).
"""
from pathlib import Path

from nbbuild import code, main, md


OUT = Path(__file__).resolve().parents[1] / "04_information_management.ipynb"


CELLS = [
    md("""
# 4 · Information management

*Notebook 04 of the PayneCRM Workbook · the information management process*

Payne and Frow's information management process collects customer information from every contact point and
uses it to produce customer insight and fitting marketing responses. It is the firm's corporate memory of
customers, and it has five parts: the **data repository**, the **IT systems** (hardware, software and
middleware), the **analysis tools**, and the **front-office** and **back-office applications**. Together they
must let the firm "replicate the mind of the customer" in every channel.

**Learning objectives.** After this chapter you can

1. describe the data repository (a warehouse and its marts), the IT systems, the analysis tools and the front-
   and back-office applications, and query a star schema with SQL;
2. assess the quality of each source of customer data on the six DAMA dimensions and combine them into an index;
3. build a single customer view by probabilistic record linkage, and state its error rates;
4. validate the predictive models that feed the other processes before anyone acts on them.

The examples use *Hearth & Home*, the workbook's sample home-furnishing retailer (5,000 customers, two years of
purchases and contacts), and four systems' customer extracts made from it: CRM, billing, web shop and call
centre, with the defects real files have. Every record's true owner is known ("planted"), so the linkage can be
checked against the truth. The purchase model is validated on CDNOW, the public data set of Fader, Hardie and
Lee (2005).
"""),
    code("""
from IPython.display import Markdown, display
from paynecrm_kernel import information
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.widgets import exercise, process_banner

company = sample_company()                   # Hearth & Home's data, generated from a fixed seed
easy = information.sample_single_view(company.customers, company.transactions, "easy")   # extracts, linked
repository = information.cached_repository(company, easy.extracts)       # the DuckDB file, built once
scorecard = information.quality_scorecard(easy.extracts)                  # six dimensions per source, in SQL
holdout = information.cdnow_holdout_validation()                          # BG/NBD, 39 + 39 weeks of CDNOW
segments = company.customers.set_index("customer_id")["segment"]
history = information.customer_features(company.transactions, "2024-06-30", interactions=company.interactions,
                                        segments=segments)
later = information.customer_features(company.transactions, "2024-09-29", interactions=company.interactions,
                                      segments=segments)
propensity = information.fit_propensity(history, snapshot="2024-06-30")  # who buys in the next 13 weeks?

from paynecrm_kernel.workbook import Workbook
wb = Workbook.current()                      # your inputs: the tools below show and save them
process_banner("information")
""", widget=True),
    md("""
## 1. The data repository

### Warehouse and marts

Payne and Frow describe the repository as one integrated, enterprise-wide store of customer data; in a large
firm, a **data warehouse** with related **data marts**. The warehouse holds each business event once, in
detail, in the shape of a **star**: a *fact* table per kind of event (a purchase, a contact), with keys to the
*dimensions* that describe it (the customer, the product, the channel, the date). A mart is a view shaped for
one use, such as the customer summary the CLV models read or revenue by channel and month; it is computed from
the warehouse, so the two never disagree.

### What the repository must hold

To replicate the mind of the customer, the repository must hold every customer's transactions *and* contacts
in every channel, keyed to one customer id; the customer's descriptors (segment, region, when and how they were
acquired); and when each record was last updated, since data decay. Hearth & Home's repository is a DuckDB file
built from the sample company: five dimension and fact tables, two marts, and the four systems' raw extracts
beside them. Choose a question: the SQL that answers it runs on the repository, read-only.
"""),
    code("""
from paynecrm_kernel.widgets import RepositoryExplorer

RepositoryExplorer.lazy(repository, workbook=wb)
""", widget=True),
    md("""
SQL and pandas must give the same answer from the same data. Revenue by channel, both ways:
"""),
    code("""
with information.Repository(repository) as repo:
    by_sql = repo.query("revenue_by_channel").frame.set_index("channel")["revenue"]
by_pandas = company.transactions.groupby("channel")["amount"].sum()
display(Markdown(f"Largest difference between the two paths: {(by_sql - by_pandas).abs().max():.2f} dollars "
                 f"over {len(by_pandas)} channels."))
"""),
    md("""
**What Hearth & Home should conclude.** One star schema answers the chapter's questions with a join and a sum:
revenue by channel, segment and month, the customer summary the CLV models need, and how many contacts each
channel links to a known customer. The last query is the warning: the stores and the catalogue identify far
fewer of their contacts than the web shop and the app, so a repository built on today's systems holds an
incomplete memory of exactly the customers who prefer the physical channels.

## 2. Data quality

Bad data cost twice: duplicates inflate the customer count and distort every CLV and retention figure, and bad
contact data waste contacts. DAMA UK (2013) names six dimensions of data quality: **completeness**,
**uniqueness**, **validity**, **consistency**, **timeliness** and **accuracy**. The scorecard measures each per
source system, in SQL on the extract; the format rules are the sources' contracts (`pandera` schemas in
`information.source_contracts()`), and accuracy is measured where a reference exists (here, the planted truth).
Weight the dimensions by what matters to your use: for mailings, validity of the address; for CLV, uniqueness.
"""),
    code("""
from paynecrm_kernel.widgets import QualityScorecard

QualityScorecard.lazy(scorecard, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** No system is clean, and the index hides where. Every source scores
between 93 and 95, yet only about 60 % of the CRM and billing records were updated in the last year
(timeliness), and every system writes names, e-mail addresses and phone numbers in several forms (consistency
82 % to 86 %), which is what makes matching records hard. Duplicate records and unusable contact details waste
about 19,400 dollars a year of contacts, before counting what the duplicates do to the customer figures (section 3).
A data owner for each source, with its contract checked at every load, costs less.
"""),
    code("""
exercise("information.exercise.quality", workbook=wb)
""", widget=True),
    md("""
## 3. The single customer view

### Why one view of the customer is hard

Each system keeps its own customer records, and none shares a customer id with the others. The same person
appears in the CRM as *Robert Smith*, at billing as *Bob Smith* with a second account opened after a move, on the
web shop with a mistyped e-mail address, and at the call centre under the household's landline. Relatives share
an address and a surname, people change their names and e-mail addresses, and typists make mistakes. Exact
matching on any one field either misses these (the same person kept apart) or marries a household (different
people joined).

**Probabilistic record linkage** weighs the evidence of every field (Fellegi and Sunter 1969). The tool runs
Splink, the linkage library that linked the 2021 Census of England and Wales, on DuckDB, without any labels: it
estimates from the data how often each kind of agreement happens between records of one person and of
different people. ONS set the Census's quality targets at 99.90 % precision and 99.75 % recall.

Choose the tier of the extracts (how messy the files are) and the match threshold. Watch what a threshold
trades: the false merges it makes and the matches it misses, record by record, and what merging the duplicates
does to the customer count and the customer lifetime value.
"""),
    code("""
from paynecrm_kernel.widgets import SingleCustomerViewTool

SingleCustomerViewTool.lazy(company.customers, company.transactions, views={"easy": easy}, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** On the easy extracts (typos and a few duplicate records) linkage meets
the Census targets: almost every customer is reproduced exactly. On the hard extracts, where people move, change
names and e-mail addresses and share phones, no threshold reaches both targets: a low one marries members of a
household, a high one leaves apart the records of people who changed their name or e-mail address. The duplicates matter commercially: counted by billing account,
Hearth & Home has more customers than it really does, each apparently buying less and worth less, so retention
looks worse and CLV lower than they are. The cure is upstream: capture one customer id in every channel, and
review the uncertain pairs by hand.
"""),
    code("""
exercise("information.exercise.single_view", workbook=wb)
""", widget=True),
    md("""
## 4. Analysis tools, validated

Payne and Frow expect the analysis tools to measure the business from the customer's point of view, and their
results feed the performance assessment process. A model earns that trust only on data it was not fitted to.
Two checks:

* **the purchase model** (BG/NBD) is fitted on CDNOW's first 39 weeks and forecasts the next 39; actual and
  predicted repeat purchases are compared by the customers' number of repeat purchases in the calibration
  period, as in Fader, Hardie and Lee (2005);
* **a propensity model** (logistic regression) predicts who of Hearth & Home's customers will buy in the 13 weeks
  after a snapshot, and is judged on customers it did not see, by gains and lift, the top-decile lift and the
  Gini coefficient (the measures of the churn-modelling tournament of Neslin, Gupta, Kamakura, Lu and Mason
  2006), calibration and the Brier score, a profit-based cut-off, and its staying power on a later snapshot.

Set the margin a purchase earns and the cost of a contact: the cut-off follows.
"""),
    code("""
from paynecrm_kernel.widgets import ModelValidationTool

ModelValidationTool.lazy(holdout, propensity, later, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** The BG/NBD forecast follows the actual holdout purchases closely for
every group of customers, and its total is about 12 % below the actual, the published result on these data
(the model was fitted on the first 39 weeks only). The propensity model ranks well: its top decile buys at
about three times the average rate, and it keeps that power on the later snapshot, as Neslin and colleagues
found. A model that ranks well is not yet a model to budget with: read the calibration chart before turning
probabilities into expected revenue, and choose the depth of a campaign by profit, not by lift.
"""),
    code("""
exercise("information.exercise.validation", workbook=wb)
""", widget=True),
    md("""
## 5. Applications and IT systems

**Front-office applications** support activities that deal directly with customers (sales-force automation and
call-centre management are Payne and Frow's examples); **back-office applications** support internal
administration and supplier relationships (human resources, procurement, warehouse management, logistics and
some finance). Payne and Frow stress that the two must be integrated: the customer sees the back office when a
delivery date is missed or an invoice is wrong. Classify the applications:
"""),
    code("""
from paynecrm_kernel.widgets import ApplicationClassifier, IntegrationMap

ApplicationClassifier.lazy(workbook=wb)
""", widget=True),
    md("""
The **IT systems** must scale, or migrate to larger systems, without disrupting operations, and the source
systems usually have to be integrated before their data can be merged into a warehouse. The integration map
shows which systems feed Hearth & Home's repository, the customer key each carries, and where that key is lost;
the checklist asks whether the IT can grow and change safely. Tick what Hearth & Home meets today.
"""),
    code("""
IntegrationMap.lazy(company.channels, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** The customer id is lost where the firm meets customers in person (cash
sales without the loyalty card, coupons without a mailing code) and where one person holds two accounts. These
are front-office processes, not IT faults: the fix is a reason for the customer to identify themselves (an
e-receipt, the loyalty card), and a check for an existing account before billing opens a new one.

### Your own extracts

The same functions work on any firm's extracts. Give each system's customer records a `record_id`, any of the
person fields (`first_name`, `surname`, `date_of_birth`, `email`, `phone`, `street`, `postcode`, `town`) and
`last_updated`, and your transaction files the columns the other chapters read:

```python
import pandas as pd

sources = {"crm": pd.read_csv("crm_customers.csv", dtype=str),
           "billing": pd.read_excel("billing_accounts.xlsx", dtype=str)}
card = information.quality_scorecard(sources, as_of="2025-01-31")         # no reference: accuracy not measured
card.index({"uniqueness": 0.4, "validity": 0.3, "completeness": 0.3})

people = pd.concat([f.assign(source=name) for name, f in sources.items()], ignore_index=True)
view = information.link_records(people, unique_id="record_id", compare=information.SCV_COMPARE,
                                blocking=information.SCV_BLOCKING, threshold=0.9)
view.clusters                                                            # one customer id per record

information.build_repository("customers.duckdb", files=["sales_2024.csv", "sales_2025.parquet"])
```

Without a planted truth, estimate the error rates by reviewing a random sample of linked pairs near the
threshold and a sample of unlinked pairs that share a blocking key. A missing column, an empty extract or an
unreadable file is refused with a message that names the column, the rows and the fix:
"""),
    code("""
from paynecrm_kernel.errors import DataValidationError

try:
    information.quality_scorecard({"crm": easy.extracts.records["crm"].drop(columns="last_updated")})
except DataValidationError as problem:
    print(problem)
"""),
    md("""
## Decisions

The tools saved your inputs as you worked. The last cell records the chapter's decisions for the performance
chapter and the capstone report: the data-quality index with your weights, the coverage and error rates of the
single customer view at your tier and threshold, the accuracy of the validated models, and the data and IT
requirements that follow from them.
"""),
    code("""
from paynecrm_kernel.workbook.keys import information as keys

weights = {**information.DEFAULT_WEIGHTS, **(wb.get(keys.QUALITY_WEIGHTS) or {})}
view = information.sample_single_view(company.customers, company.transactions, wb.get(keys.SCV_TIER))
linkage = view.metrics(wb.get(keys.SCV_THRESHOLD))
index = scorecard.index(weights)
needs = information.information_requirements(index, linkage, information.integration_map(company.channels),
                                             information.checklist_answers(wb.get(keys.CHECKLIST)))
decisions = information.save_information_decisions(
    wb, quality_index=index, weights=weights, linkage=linkage, threshold=wb.get(keys.SCV_THRESHOLD),
    contacts_identified=company.interactions["identified"].mean(), holdout=holdout,
    propensity=propensity.evaluate(), requirements=needs)
decisions
""", widget=True),
    md("""
## The two key questions, answered for Hearth & Home

**How should we organise information about customers?** In one repository keyed to one customer id: a star
schema of purchases and contacts in every channel, with marts for each use, built in one step and read by
everyone. Each source keeps a contract for its fields and is scored on the six dimensions of data quality, with
an owner for its weakest one. The single customer view is built by probabilistic linkage, and its error rates
are stated with it; where they miss the standard, the cure is a shared id captured at source, above all in the
stores.

**How can we "replicate the mind" of customers and use that to improve CRM?** By seeing each customer whole
(every purchase and contact, however they reached us) and by analysis validated before it is used: purchase
models checked on a holdout period, propensity models judged by lift, calibration and profit, and re-checked on
later data. The front office acts on that insight, and the back office keeps its promises.

**Next:** chapter 05, `05_performance_assessment.ipynb`, puts the data-quality index, the single-customer-view
coverage and the models' holdout error on the scorecard, beside the other processes' KPIs.

## References

* Christen, P. (2012). *Data Matching: Concepts and Techniques for Record Linkage, Entity Resolution, and
  Duplicate Detection*. Berlin: Springer.
* DAMA UK Working Group (2013). *The Six Primary Dimensions for Data Quality Assessment*. DAMA UK.
* Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an alternative to
  the Pareto/NBD model. *Marketing Science*, 24(2), 275-284.
* Fellegi, I. P. & Sunter, A. B. (1969). A theory for record linkage. *Journal of the American Statistical
  Association*, 64(328), 1183-1210.
* Linacre, R., Lindsay, S., Manassis, T., Slade, Z., Hepworth, T., Kennedy, R. & Bond, A. (2022). Splink: free
  software for probabilistic record linkage at scale. *International Journal of Population Data Science*, 7(3).
* Neslin, S. A., Gupta, S., Kamakura, W., Lu, J. & Mason, C. H. (2006). Defection detection: measuring and
  understanding the predictive accuracy of customer churn models. *Journal of Marketing Research*, 43(2),
  204-211.
* Payne, A. & Frow, P. (2005). A strategic framework for customer relationship management. *Journal of
  Marketing*, 69(4), 167-176.
* Payne, A. (2005). *Handbook of CRM: Achieving Excellence in Customer Management*. Oxford:
  Butterworth-Heinemann (the information management process).
"""),
]


if __name__ == "__main__":
    main(CELLS, OUT, "information", "Information management")
