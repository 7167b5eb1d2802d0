"""Build ``notebooks/06_capstone.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/06_capstone.py --execute
"""
from pathlib import Path

from nbbuild import code, main, md

OUT = Path(__file__).resolve().parents[1] / "06_capstone.ipynb"

CELLS = [
    md("""
# 6 · Capstone: the five processes as one plan

Payne & Frow (2005) present strategic CRM as five processes that work together: strategy development sets the
direction and picks the customers; value creation turns it into propositions and into value for the firm;
multichannel integration delivers that value where customers are; performance assessment checks the result and
feeds back into strategy; information management runs under all four. Their claim is that the processes achieve
more together than apart. This chapter puts the claim to work on your workbook: it reads what the earlier
chapters saved, asks whether the plan pays for itself, orders the work, and produces the report a workshop takes
home.

**Learning objectives.** After this chapter you can

* state the CRM plan as a scenario: one lever per process, compared with the business as usual;
* say what each lever does to the figures, and check the plan's choices against the target position;
* compute the return on the CRM investment as the change in customer equity against the extra spend
  (Rust, Lemon & Zeithaml 2004) and say which assumption it depends on most;
* turn the readiness ratings of the overview into a phased implementation roadmap with owners and KPIs;
* produce the CRM strategy report, as PDF and HTML, from the workbook.

**Two questions for the capstone:** *Does our CRM plan create more value than it costs?* and *What do we do first?*
"""),
    code("""
from paynecrm_kernel.widgets import ReportDownload, RoadmapTool, ScenarioBuilder, exercise
from paynecrm_kernel.workbook import Workbook
wb = Workbook.current()             # everything the team saved in chapters 00 to 05
"""),
    md("""
## 1. What the workbook holds

The report and the scenarios are built from the keys the chapters declared and saved, never from the widgets'
state. The table lists, for each chapter, how many of its inputs and decisions the team has saved so far; a
chapter with none is reported as not yet worked through.
"""),
    code("""
from paynecrm_kernel.report import chapter_progress
chapter_progress(wb)
""", widget=True),
    md("""
## 2. Does the plan pay? Base against plan

The **base** is the business as usual, taken from the value chapter: today's customers at the segment values it
computed, and the retention, margin, acquisition cost, cohort size and discount rate of its customer-equity tool.
The **plan** is what the team commits to. It starts from what the earlier chapters decided (the overview's
target position, the strategy chapter's granularity, the channel chapter's saving, the performance chapter's
standards) and is set with one group of levers per process:

* **Strategy.** The *target position* on the CRM strategy matrix and the *granularity*. A position is a choice,
  not a number: it sets no figure, but it says what the plan must do. Individualised CRM needs customers treated
  one to one and rich customer information put to use; customer-based marketing needs detailed (micro) segments
  and information; product-based selling needs neither. Choosing a target sets the granularity it needs, and the
  tool warns where the plan contradicts it, for example a target that needs information rated at least 0.5 when
  the strategy chapter rated it lower and the plan invests nothing in data. The *priority segments* are the
  segments of record the plan aims at.
* **Value.** Retention, margin, acquisition cost, new customers and the discount rate; the proposition launched
  to the priority segments (the offer the value chapter chose in its simulator); the *acquisition and retention
  budgets*. The retention budget is spend each period. The acquisition budget is not counted again, because
  future cohorts are already valued net of what they cost to acquire: it is checked against the new customers
  it buys.
* **Channels.** The saving each year from the channel chapter's migration plan.
* **Information.** The one-off *data and IT investments*.
* **Performance.** The *KPI targets* the plan commits to, starting from the performance chapter's standards.
  They are saved with the plan and listed in the report's scorecard against the values the workbook holds.

Customer equity is the value of today's customers plus the future cohorts net of what it costs to acquire them
(Gupta, Lehmann & Stuart 2004). It is recomputed segment by segment: a segment the plan reaches is worth its
base value times the ratio of the plan's margin and expected lifetime, $m(1+d)/(1+d-r)$, to the base's; a
segment the plan does not reach keeps its value. Choosing no priority segment means the plan reaches them all.
The return on the CRM investment divides the plan's gain in value by its extra spend (Rust, Lemon & Zeithaml
2004): above 0 % the plan pays for itself.
"""),
    code("ScenarioBuilder.lazy(workbook=wb)", widget=True),
    md("""
**What Hearth & Home should conclude.** Move the retention slider first and the investment slider second: a few
points of retention are worth more than any saving on acquisition cost, which is why the sensitivity chart puts
retention at the top (Gupta, Lehmann & Stuart found a 1 % better retention worth about 5 % of firm value, a 1 %
better margin about 1 % and a 1 % cheaper acquisition about 0.1 %). Then choose the priority segments: a
programme aimed at the trade accounts alone moves only their value, so the same retention gain is worth less
than across every segment; the segment table shows where the gain comes from, and whether the spend is
justified by the segments it reaches. Read the warnings last: a plan that aims for individualised
CRM while segmenting at micro granularity, or that keeps more customers without a budget to do it, is not yet
a plan. A plan that only pays under the optimistic end of its widest bar is a risk to name in the report.
"""),
    code('exercise("capstone.exercise.business_case", workbook=wb)', widget=True),
    md("""
## 3. What do we do first? The roadmap

The overview's implementation grid rated four components (readiness assessment, change management, project
management, employee engagement) for each process (Payne & Frow 2006). The least ready processes come first:
the roadmap orders them into three phases and lists the three weakest cells as the first 90 days' work.

A phase without an owner is nobody's job, and one without a measure cannot be seen to succeed. Give each
process's phase an **owner**, the function that answers for it (marketing for value creation, IT for
information management, a steering group for strategy are common starting points), and a **KPI** from the
performance chapter's KPI tree: the KPIs of its saved scorecard, or of its catalogue until the scorecard is
saved. Both are saved in the workbook and appear in the report's roadmap.
"""),
    code("RoadmapTool.lazy(workbook=wb)", widget=True),
    md("""
## 4. The CRM strategy report

Press the button to build the report from the workbook as it is now, then download it as PDF or HTML. Every
section answers its process's two key questions with the team's own inputs and the figures the chapters
computed; a section the team has not worked through says so.
"""),
    code("ReportDownload.lazy(wb)", widget=True),
    md("""
## References

* Blattberg, R. C. & Deighton, J. (1996). Manage marketing by the customer equity test. *Harvard Business
  Review*, 74(4), 136–144.
* Gupta, S., Lehmann, D. R. & Stuart, J. A. (2004). Valuing customers. *Journal of Marketing Research*, 41(1),
  7–18.
* Payne, A. (2005). *Handbook of CRM: Achieving Excellence in Customer Management*. Oxford:
  Elsevier Butterworth-Heinemann.
* Payne, A. & Frow, P. (2005). A strategic framework for customer relationship management. *Journal of
  Marketing*, 69(4), 167–176.
* Payne, A. & Frow, P. (2006). Customer relationship management: from strategy to implementation. *Journal
  of Marketing Management*, 22(1–2), 135–168.
* Rust, R. T., Lemon, K. N. & Zeithaml, V. A. (2004). Return on marketing: using customer equity to focus
  marketing strategy. *Journal of Marketing*, 68(1), 109–127.
"""),
]

if __name__ == "__main__":
    main(CELLS, OUT, "capstone", "Capstone")
