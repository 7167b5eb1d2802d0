"""Build ``notebooks/05_performance_assessment.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/05_performance_assessment.py --execute

``--execute`` runs the notebook against a fresh temporary workbook and stores the outputs without the saved
widget state (neither Voilà nor nbval uses it).
"""
from pathlib import Path

from nbbuild import code, main, md


OUT = Path(__file__).resolve().parents[1] / "05_performance_assessment.ipynb"


CELLS = [
    md("""
# 5 · Performance assessment

*Notebook 05 of the PayneCRM Workbook · the performance assessment process*

Payne and Frow's last process makes sure that the firm's strategic aims for CRM are being met to an acceptable
standard, and lays the base for improving on them. In the *Handbook of CRM* it has a dual focus:

* **shareholder results**, a macro view of the *drivers* of CRM performance: employee value, customer value,
  shareholder value and cost reduction, linked as a chain (employees build customer value, customers build
  shareholder value, and cost reduction adds to the result);
* **performance monitoring**, a micro view of its *descriptors*: standards, satisfaction measurement, results
  and KPIs.

**Learning objectives.** After this chapter you can

1. link employee value, customer value, shareholder value and cost reduction, and say what unit data can and
   cannot tell you about those links;
2. build a KPI hierarchy from shareholder value down to the five processes, with a standard and a
   red/amber/green status for every KPI;
3. measure the Net Promoter Score and satisfaction properly: with intervals, by segment and channel, and
   between survey waves, knowing the critique of the NPS;
4. connect CRM outcomes to shareholder value through customer equity.

The examples use *Hearth & Home*, the workbook's sample home-furnishing retailer: 60 stores with an employee
survey and store results, a customer survey, two waves of a store survey, and the transactions, contacts and
campaigns of the earlier chapters. Its data were generated with known ("planted") values, so you can check the
estimates against the truth.
"""),
    code("""
from IPython.display import Markdown, display
from paynecrm_kernel import performance, value
from paynecrm_kernel.data.sample_company import sample_company
from paynecrm_kernel.data.sample_company.performance_data import performance_data
from paynecrm_kernel.widgets import exercise, process_banner

company = sample_company()                  # Hearth & Home's data, generated from a fixed seed
stores = performance_data(company)          # two store-survey waves, next-year store growth, balance sheet
segment_names = dict(company.customers[["segment", "segment_label"]].drop_duplicates().to_numpy())
chain = performance.estimate_chain(company.employee_units)          # the service-profit chain, link by link

# Customer equity as the value chapter computes it: today's customers at their 12-month CLV from the segment
# models (months, 1 % a month discount, 30 % margin), plus ten yearly cohorts of 2,500 new customers
segment_of = company.customers.set_index("customer_id")["segment"]
segment_value = value.segment_lifetime_value(company.transactions, segment_of,
                                             calibration_end="2024-06-30", horizon=12, horizon_unit="M",
                                             discount_rate=0.01, margin=0.3)
own_equity = value.customer_equity(segment_value.total_clv, cohort_size=2500, margin=60, retention=0.6,
                                   discount=0.10, acquisition_cost=40, periods=10)
equity_range = performance.customer_equity_interval(segment_value, future_value=own_equity["future"], n_draws=50)

# The KPIs' inputs, their quarterly history, and the latest quarter (October to December 2024)
inputs = {"transactions": company.transactions, "customers": company.customers, "campaigns": company.campaigns,
          "subscriptions": company.subscriptions, "interactions": company.interactions,
          "channels": company.channels, "surveys": company.surveys, "employee_units": company.employee_units,
          "target_segments": ["trade", "enthusiasts"], "segment_value": segment_value}
history = performance.kpi_history(inputs)
latest = performance.slice_inputs(inputs, "2024-10-01", "2025-01-01")

from paynecrm_kernel.workbook import Workbook
wb = Workbook.current()                     # your inputs: the tools below show and save them
process_banner("performance")
""", widget=True),
    md("""
### What this chapter reads from the earlier chapters

Performance assessment closes the loop of the framework: it measures what the other processes decided. The
cell below reads their decisions from the workbook (the segment values of the value chapter, the customer
equity of its tool, the cost to serve of the channel chapter) and says plainly which are missing; where one is
missing, the chapter uses Hearth & Home's own figures, computed above.
"""),
    code("""
earlier = performance.earlier_decisions(wb)
equity_result = earlier.found.get("value.equity.result")
customer_equity = equity_result["total"] if equity_result else own_equity["total"]
latest["customer_equity"] = customer_equity
earlier
""", widget=True),
    md("""
## 1. Shareholder results

### 1.1 The service-profit chain: employee value → customer value → shareholder value

Heskett, Jones, Loveman, Sasser and Schlesinger (1994) proposed a chain of links: internal service quality
goes with satisfied employees, who stay longer and serve better; better service goes with satisfied, loyal
customers; loyalty goes with revenue growth and profit. It is the logic of Payne and Frow's shareholder
results. With data on many units (stores, branches) each link can be estimated: a regression of each metric on
its predecessors, every metric standardised, so a coefficient of 0.5 reads "stores one standard deviation
higher on the predictor are half a standard deviation higher on the outcome". Kamakura, Mittal, de Rosa and
Mazzon (2002) did this on more than 500 bank branches.

Choose a metric and a difference: the tool carries it along every path of the chain (the product of the
coefficients on each path, summed over the paths) and shows what it implies for each later metric, in that
metric's own unit.

**Associations, not causes.** The coefficients say how the metrics go together across Hearth & Home's stores.
They do not show that raising one would move the next: stores differ in ways the data do not record (site,
size, the manager), and some arrows may run backwards (profitable stores can afford better internal service).
"""),
    code("""
from paynecrm_kernel.widgets import ServiceProfitChainTool

ServiceProfitChainTool.lazy(chain, workbook=wb)
""", widget=True),
    md("""
Because the store data were generated with known links, the estimates can be checked against them. With only
60 stores each coefficient has a standard error of about 0.1, so estimates within ±0.2 of the planted values
are what sampling noise gives.
"""),
    code("""
performance.chain_link_table(chain, planted=company.truth["service_profit_chain"])
"""),
    md("""
**What Hearth & Home should conclude.** Every planted link is recovered in sign, and all but one are clearly
away from zero. The chain is real in these data, but it is long: the association between internal service
quality and profit is the product of several coefficients of about 0.5, so a whole standard deviation of
internal service quality goes with only a few thousand dollars of profit per store. The weakest link, between
employee satisfaction and service quality once turnover is held equal, is where the evidence is thinnest.
Before investing in employee value on the strength of this chain, Hearth & Home should test it: a programme
piloted in stores chosen at random, compared with the others.

### 1.2 Customer equity and its drivers

Customer equity, the value of today's customers plus the customers the firm will win net of what winning them
costs, links customer value to shareholder value (Gupta, Lehmann & Stuart 2004; Rust, Lemon & Zeithaml 2004).
Gupta, Lehmann and Stuart valued five firms this way and found that a 1 % improvement in retention raised firm
value by about 5 %, against about 1 % for margin and 0.1 % for acquisition cost; retention mattered almost five
times as much as a 1 % change in the discount rate. The tornado sets Hearth & Home's elasticities (computed in
closed form from the value chapter's customer-equity model) beside those published figures.
"""),
    code("""
from paynecrm_kernel.widgets import EquityDriversTool

EquityDriversTool.lazy(len(segment_value.customers), segment_value.total_clv, workbook=wb,
                       clv_note="12-month CLV from the segment models (months, 30 % margin)")
""", widget=True),
    md("""
**What Hearth & Home should conclude.** At a 60 % yearly retention rate, 1 % better retention raises customer
equity by about 3.8 %, below the published 5 % because Gupta, Lehmann and Stuart's firms kept more of their
customers (the effect grows steeply as retention approaches 1: try 80 %). Retention still matters about twice
as much as margin and five times as much as acquisition cost. Valuing today's customers at their model CLV
instead makes retention act on future cohorts only, and its effect falls: how today's base is valued is part of
the answer, so it must be stated with every figure.

### 1.3 From customer equity to shareholder value

Customer equity values the operating business. Schulze, Skiera and Wiesel (2012) show that it must therefore
be compared with the **enterprise value** (market capitalisation plus debt, less cash and other non-operating
assets), not with the market capitalisation, and that the value to shareholders is customer equity plus
non-operating assets less debt. A 1 % change in customer equity then moves shareholder value by the *leverage
effect*, operating value / shareholder value per cent (1.55 on average over more than 2,000 firms).

Payne and Frow's fourth shareholder result, **cost reduction**, adds the present value of lasting savings. The
channel chapter's migration plan supplies it where saved; otherwise the cell values the saving if Hearth & Home met
its cost-to-serve target, over five years at 10 % a year.
"""),
    code("""
card = performance.scorecard(latest, typed=performance.saved_typed_values(wb),
                             standards=performance.saved_standards(wb), history=history.iloc[:-1])
purchases_per_year = int((company.transactions["date"] >= "2024-01-01").sum())       # purchases in 2024
saving, saving_source = performance.yearly_cost_saving(earlier, card, purchases_per_year)
cost_reduction = performance.present_value_of_savings(saving, 0.10, periods=5)
financials = stores["financials"]
projected = performance.customer_based_valuation(
    customer_equity, debt=financials["debt"], non_operating_assets=financials["non_operating_assets"],
    market_capitalisation=financials["market_capitalisation"], cost_reduction_value=cost_reduction)
display(Markdown(f"Cost reduction: **\\\\${saving:,.0f}** a year, from {saving_source}; valued over five years at "
                 "10 % a year."))
display(Markdown(f"Customer equity: **\\\\${customer_equity:,.0f}**. The uncertainty of the segment models alone puts "
                 f"Hearth & Home's own figure between **\\\\${equity_range['lower']:,.0f}** and "
                 f"**\\\\${equity_range['upper']:,.0f}** (95 %, {equity_range['n_draws']} bootstrap draws)."))
performance.valuation_table(projected, debt=financials["debt"],
                            non_operating_assets=financials["non_operating_assets"])
""", widget=True),
    md("""
**What Hearth & Home should conclude.** The customer-based value of the operating business is well below the
enterprise value the market puts on the firm: either the market expects more growth than ten cohorts of 2,500
customers, or the model values today's customers conservatively (twelve months of repeat purchases only). The
leverage effect above 1 means that every per cent of customer equity moves shareholder value by more than a per
cent: debt amplifies what CRM achieves, in both directions.
"""),
    code("""
exercise("performance.exercise.chain", workbook=wb)
""", widget=True),
    md("""
## 2. Performance monitoring

### 2.1 The KPI tree and the scorecard

The performance-monitoring side turns strategy into **standards**. A KPI tree starts from shareholder value
and reaches down to a few KPIs for each of the five processes; each KPI also belongs to one of Kaplan and
Norton's balanced-scorecard perspectives (financial, customer, internal process, learning and growth). Every
KPI gets a standard: a target, a tolerance and a direction. Its status is **green** when the target is met,
**amber** when it is missed by no more than the tolerance, and **red** otherwise.

Edit the standards: choose a KPI on the left, change its target, tolerance or direction, and the scorecard,
the tree and the diagnosis follow (your standards are saved in the workbook and used by the rest of this
chapter and the capstone report). Two KPIs are not computed from any table: type their values.
"""),
    code("""
from paynecrm_kernel.widgets import ScorecardEditor

ScorecardEditor.lazy(latest, history=history.iloc[:-1], workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** With the example standards, the firm earns well from its target
segments and acquires customers cheaply (green), but its customer and employee measures are all amber or red,
and only 87 % of contacts are linked to a known customer against a target of 95 %. The scorecard points the
strategy review at performance assessment first, then at multichannel integration and information management,
not at acquisition.

### 2.2 Measuring the NPS and satisfaction properly

The Net Promoter Score (Reichheld 2003) is the share of promoters (9-10 on "how likely are you to recommend
us?") minus the share of detractors (0-6), from -100 to +100. It is a difference of two shares, so it is
noisy: report it with its interval. The adjusted-Wald interval (Rocks 2016) keeps its coverage in small groups,
where the plain Wald interval is too narrow. Split the customer survey by segment or by the channel rated, and
look at the change between the two waves of the store survey.
"""),
    code("""
from paynecrm_kernel.widgets import NPSCalculator

NPSCalculator.lazy(company.surveys, waves=stores["store_surveys"], labels=segment_names, workbook=wb)
""", widget=True),
    md("""
Satisfaction (1-7) measured on the same respondents tells much the same story, with a mean and its interval and
the share of the top two boxes:
"""),
    code("""
performance.satisfaction_table(performance.satisfaction_summary(company.surveys, by="segment"), labels=segment_names)
"""),
    md("""
**What Hearth & Home should conclude.** Home enthusiasts recommend the firm (NPS about +27) and bargain hunters
do not (about -34); the trade accounts' NPS of about +8 has an interval from about -4 to +20, so with 149
respondents it cannot be told from zero. By channel, the call centre (about -31) and the catalogue are the
weakest, and the sales force the strongest. The store survey's NPS rose by about 12 points between the two
waves, an interval that excludes zero: a real improvement, not noise.

### 2.3 Is the NPS "the one number you need to grow"?

Reichheld (2003) claimed that the NPS is the single best predictor of growth. Keiningham, Cooil, Andreassen and
Aksoy (2007) tested the claim on 21 Norwegian firms and more than 15,500 interviews and could not replicate it:
the NPS was not clearly better than other measures such as satisfaction. Hearth & Home can ask the same question
of its own stores: does the stores' NPS in the store survey track next year's revenue growth better than their
mean satisfaction does? Williams' test compares two correlations that share a variable (growth).
"""),
    code("""
growth = performance.compare_growth_predictors(stores["store_surveys"], stores["store_growth"])
display(Markdown(growth["verdict"]))
performance.growth_predictor_table(growth)
"""),
    md("""
**What Hearth & Home should conclude.** Across its 60 stores the NPS and satisfaction go with growth about
equally; the NPS adds nothing that satisfaction does not already carry. As Keiningham and colleagues found, no
single number earns the title. Keep the NPS on the scorecard as one customer measure among several, and never
read a difference inside its interval as a change.
"""),
    code("""
exercise("performance.exercise.nps", workbook=wb)
""", widget=True),
    md("""
### 2.4 Trends

A status says where a KPI is; a trend says where it is going. The chart shows each KPI computed quarter by
quarter from the dated tables, against the bands of its standard; the scorecard's trend column uses the same
slope over the last four quarters.
"""),
    code("""
from paynecrm_kernel.widgets import KPITrendChart

KPITrendChart.lazy(history, workbook=wb)
""", widget=True),
    md("""
**What Hearth & Home should conclude.** Cost to serve per purchase is amber but improving, so its standard may
be met without new action; the single-customer-view coverage is red and steady, so it will not fix itself. The
acquisition cost jumps in the second quarter of each year, when the spring campaigns run: a standard for a
seasonal KPI should compare like quarters.

## 3. Diagnostics: which process is furthest from standard?

The shortfall of a KPI is how far it misses its target, in tolerances, so KPIs in different units compare; a
process's distance from standard is the mean shortfall of its measured KPIs. This is the feedback that
performance assessment gives to the strategy development process, closing the loop of the framework.
"""),
    code("""
card = performance.scorecard(latest, typed=performance.saved_typed_values(wb),
                             standards=performance.saved_standards(wb), history=history.iloc[:-1])
display(Markdown("\\n".join(f"* {line}" for line in performance.strategy_feedback(card))))
performance.diagnostics_table(performance.process_diagnostics(card))
""", widget=True),
    code("""
exercise("performance.exercise.scorecard", workbook=wb)
""", widget=True),
    md("""
## Decisions

The tools saved your inputs as you worked. The last cell records the chapter's decisions for the capstone
report: the scorecard with its targets, the current status of every KPI and the projected shareholder results.
"""),
    code("""
decisions = performance.save_performance_decisions(wb, card, projected)
decisions
""", widget=True),
    md("""
## The two key questions, answered for Hearth & Home

**How can we raise profits and shareholder value?** By raising customer equity, and retention above all: a 1 %
better retention rate raises customer equity about five times as much as a 1 % cheaper acquisition, and the
firm's debt amplifies every per cent of it for shareholders. Cutting the cost to serve to its target adds a
further, smaller amount. The service-profit chain suggests that employee and customer satisfaction go with
retention and profit, but these are associations across stores: Hearth & Home should pilot a programme in
randomly chosen stores before counting on it.

**How should we set standards, build metrics, measure results and improve performance?** With a KPI tree from
shareholder value down to each process, a standard (target, tolerance, direction) for every KPI, and
measurements that carry their uncertainty: the NPS with its interval, by segment and channel, next to
satisfaction, not instead of it. Today the customer and employee measures and the single customer view are
furthest from standard; they go back to the strategy review as the first things to improve.

**Next:** the capstone, `06_capstone.ipynb`, reads every chapter's decisions from the workbook and builds the
CRM strategy report, with this chapter's scorecard as its KPI section.

## References

* Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers. *Journal of Marketing Research*, 41(1),
  7-18.
* Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E. & Schlesinger, L. A. (1994). Putting the
  service-profit chain to work. *Harvard Business Review*, 72(2), 164-174.
* Kamakura, W. A., Mittal, V., de Rosa, F. & Mazzon, J. A. (2002). Assessing the service-profit chain.
  *Marketing Science*, 21(3), 294-317.
* Kaplan, R. S. & Norton, D. P. (1992). The balanced scorecard: measures that drive performance. *Harvard
  Business Review*, 70(1), 71-79.
* Keiningham, T. L., Cooil, B., Andreassen, T. W. & Aksoy, L. (2007). A longitudinal examination of Net Promoter
  and firm revenue growth. *Journal of Marketing*, 71(3), 39-51.
* Payne, A. & Frow, P. (2005). A strategic framework for customer relationship management. *Journal of
  Marketing*, 69(4), 167-176.
* Payne, A. (2005). *Handbook of CRM: Achieving Excellence in Customer Management*. Oxford:
  Butterworth-Heinemann (chapter 6, the performance assessment process).
* Reichheld, F. F. (2003). The one number you need to grow. *Harvard Business Review*, 81(12), 46-54.
* Rocks, B. (2016). Interval estimation for the "net promoter score". *The American Statistician*, 70(4),
  365-372.
* Rust, R. T., Lemon, K. N. & Zeithaml, V. A. (2004). Return on marketing: using customer equity to focus
  marketing strategy. *Journal of Marketing*, 68(1), 109-127.
* Schulze, C., Skiera, B. & Wiesel, T. (2012). Linking customer and financial metrics to shareholder value: the
  leverage effect in customer-based valuation. *Journal of Marketing*, 76(2), 17-32.
* Williams, E. J. (1959). The comparison of regression variables. *Journal of the Royal Statistical Society,
  Series B*, 21(2), 396-399; Steiger, J. H. (1980). Tests for comparing elements of a correlation matrix.
  *Psychological Bulletin*, 87(2), 245-251.
"""),
]


if __name__ == "__main__":
    main(CELLS, OUT, "performance", "Performance assessment")
