"""Build ``notebooks/00_overview.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/00_overview.py --execute

``--execute`` runs the notebook against a fresh temporary workbook (as ``jupyter nbconvert --execute``
would) and stores the outputs, without the saved widget state: it would hold the chart library's
JavaScript once per chart, and neither Voilà nor nbval uses it.

Tables of criteria and key questions are generated from ``paynecrm_kernel.framework``, so the text and the
tools share one source.
"""
from pathlib import Path

from nbbuild import code, facilitator_note, main, md


from paynecrm_kernel.framework import FIELDWORK, PROCESSES, SELECTION_CRITERIA, cite, references_section

OUT = Path(__file__).resolve().parents[1] / "00_overview.ipynb"




def criteria_list():
    lines = []
    for i, (text, origin) in enumerate(SELECTION_CRITERIA, 1):
        by = "Srivastava, Shervani & Fahey" if origin == "SSF" else "added by practitioners"
        lines.append(f"{i}. {text} *({by})*")
    return "\n".join(lines)


def fieldwork_list():
    return "\n".join(f"* **{what}**: {detail}." for what, detail in FIELDWORK)


def key_question_table():
    rows = ["| Process | Key question 1 | Key question 2 |", "|---|---|---|"]
    for p in PROCESSES.values():
        q = [k.text + (" ¹" if k.confidence == "R" else "") for k in p.key_questions]
        rows.append(f"| **{p.name}** | {q[0]} | {q[1]} |")
    return "\n".join(rows)


CELLS = [
    md("""
# What CRM is, and is not: Payne & Frow's strategic framework

*Notebook 00 of the PayneCRM Workbook · overview and framework map*

Customer relationship management is often taken to mean a piece of software. Payne and Frow (2005) argue
for a much broader view: CRM is a **strategic, cross-functional approach** to creating value for customers
and shareholders, built from five processes that work together. This notebook introduces that view and
helps you place your own organisation on it.

**After this notebook you can**
* explain CRM as a strategic, cross-functional approach rather than a technology project;
* name the five processes of the framework and the elements inside each;
* place your organisation on the CRM continuum, the CRM strategy matrix and the maturity scale.

Everything you enter (ratings, ticks, answers) is saved in your workbook as you go: the later chapters and the
capstone report (chapter 6) build on it.
"""),
    code("""
from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel import widgets as crm
from paynecrm_kernel.framework import save_overview_profile

wb = Workbook.current()
"""),
    md(f"""
## 1. The CRM continuum: three ways of seeing CRM

Payne and Frow begin from a problem: academics and managers do not agree on what CRM is. They collect
published definitions and arrange them along a **continuum** with three perspectives ({cite("S1")}):

* **Perspective 1, narrow and tactical**: CRM is the implementation of one particular technology
  solution, such as sales-force automation.
* **Perspective 2, in the middle**: CRM is a wide-ranging set of customer-oriented IT and Internet
  applications.
* **Perspective 3, broad and strategic**: CRM is a holistic, customer-centric approach to managing
  relationships in order to create shareholder value. Technology is an enabler, not the point.

Payne and Frow take the third perspective. In their words, paraphrased: CRM is a strategic approach that
aims to create shareholder value by developing the right relationships with key customers and segments;
it unites relationship marketing with information technology, uses data to understand customers and to
co-create value with them, and needs processes, people, operations and marketing to be integrated across
functions.

Why does the perspective matter? A firm at Perspective 1 measures success by whether the system went live;
a firm at Perspective 3 measures it by whether the right customers stay, buy more and recommend it. A
Perspective 1 project judged against Perspective 3 hopes is bound to disappoint.

**Where does your organisation stand?** Rate the nine statements below as your organisation behaves, not
as you wish it did. The marker shows where that puts you on the continuum.
"""),
    code('crm.ContinuumTool.lazy(workbook=wb)'),
    md("""
**Exercise 1.** Test your eye for the three perspectives: each definition below is a paraphrase of the kind
of definition Payne and Frow place on their continuum (the wording is the workbook's own).
"""),
    code("""
crm.exercise("overview.exercise.definitions", workbook=wb)
"""),
    facilitator_note("overview.continuum"),
    md(f"""
## 2. The framework map

The framework is drawn as five processes. Four sit side by side and are read from left to right:
**strategy development** sets the direction, **value creation** turns it into value for customers and for
the firm, **multichannel integration** delivers that value through the channels customers use, and
**performance assessment** checks that the result creates shareholder value and feeds back into strategy.
**Information management** runs underneath all four: each of them depends on it. The processes are
interdependent and iterative, not a checklist to be worked through once. In the article's version, circular
arrows inside value creation stand for the co-creation of value with customers.

**Click any box** to see what it means, the questions to ask about it and the notebook that treats it.
The map is redrawn for this workbook after {cite("S1")} and {cite("S3")}; the published versions of the
figure label a few boxes differently, and the notes under the map say where.
"""),
    code("crm.FrameworkMap.lazy(workbook=wb)"),
    facilitator_note("overview.map"),
    md(f"""
## 3. How the framework was built

The framework came out of a structured piece of research. Payne and Frow chose their processes with four criteria taken from Srivastava, Shervani and Fahey's work on marketing
processes and shareholder value, and added two that practitioners asked for ({cite("S1")}):

{criteria_list()}

They then refined the framework through **interaction research**, combining the literature with
fieldwork over several iterations:

{fieldwork_list()}

This is why the framework has so few processes: each had to pass all six tests.
"""),
    code("""
crm.exercise("overview.exercise.criteria", workbook=wb)
"""),
    facilitator_note("overview.criteria"),
    md(f"""
## 4. Two key questions for each process

The Handbook gives each process two key questions ({cite("S3")}, p. 32). Every later notebook opens with its
pair and ends by asking you to answer them for your organisation.

{key_question_table()}

¹ A close paraphrase of the Handbook's wording.
"""),
    facilitator_note("overview.key_questions"),
    md(f"""
## 5. The CRM strategy matrix: where are we, and where should we go?

The Handbook and a later article describe **four strategic approaches** to building customer relationships,
laid out as a two-by-two matrix, and the **migration paths** between them ({cite("S3", "S6")}):

* **Product-based selling**: little customer information, a standard offer for everyone.
* **Customer-based marketing**: detailed segmentation and analysis of profitability and churn, without
  highly individualised service. The Handbook's example is the supermarket that uses loyalty-card data.
* **Managed service and support**: individual service and support, with less use of customer analysis.
* **Individualized CRM**: rich customer information used to tailor offers and service to each customer.

The Handbook places highly individualised service on the right-hand side of the matrix, so the horizontal
axis is the degree of individualisation and the vertical axis the extent of customer information and its
analysis; the capability items and the scoring below are the workbook's own.

Score your capabilities, choose the quadrant you want to reach, and choose the route: a diagonal move can
build information first or individualisation first.
"""),
    code("crm.StrategyMatrixTool.lazy(workbook=wb)"),
    code("""
crm.exercise("overview.exercise.target", workbook=wb)
"""),
    facilitator_note("overview.matrix"),
    md(f"""
## 6. CRM maturity and the barriers to success

The Handbook's readiness assessment has two parts: a **maturity assessment**, which finds the current
stage and the barriers to success, and a **readiness audit** ({cite("S3")}). The five stages are
pre-CRM planning, building a data repository, moderately developed CRM, well-developed CRM and highly
advanced CRM. The barriers it names are a lack of skills, of investment, of data quality, of understanding
of the benefits, functional boundaries, and shortcomings of leadership and of measurement systems.

Tick what is in place in your organisation. A stage counts only when most of its checklist is met **and**
every stage below it is met too (the checklist and the 70 % rule are the workbook's own). Then rate how
severe each barrier is.
"""),
    code("crm.MaturityAudit.lazy(workbook=wb)"),
    facilitator_note("overview.maturity"),
    md(f"""
## 7. Implementing CRM: four components across five processes

Payne and Frow examine **four critical implementation components** in the context of the five processes
({cite("S5")}): CRM readiness assessment, CRM change management, CRM project management and employee
engagement (also reported as "employee management").

Rate how ready each component is for each process. The weakest cells are where the next 90 days of work
should go; the capstone turns them into a roadmap.
"""),
    code("crm.ImplementationGrid.lazy(workbook=wb)"),
    facilitator_note("overview.implementation"),
    md("""
## 8. Optional: another author's model

Payne and Frow's framework is not the only map of CRM. Francis Buttle's **CRM value chain** is often
taught beside it, and sometimes confused with it. The box sets the two side by side.
"""),
    code("crm.buttle_comparison()"),
    facilitator_note("overview.buttle"),
    md("""
## 9. Your CRM mission at Perspective 3

Bring the notebook together: restate what CRM means for your organisation in the strategic terms of
Perspective 3.
"""),
    code("""
crm.exercise("overview.exercise.mission", workbook=wb)
"""),
    facilitator_note("overview.mission"),
    md("""
## What you decided

The profile below is computed from your inputs above and saved in your workbook, where the process chapters
and the capstone report pick it up. Whatever you have not rated yet says so: the profile reports your ratings,
not the tools' starting values.
"""),
    code("save_overview_profile(wb)"),
    md("""
**Next:** chapter 1, *Strategy development* (`01_strategy_development.ipynb`), answers the first process's two
key questions for the sample company, Hearth & Home, and chooses the customers and segments every later chapter
works with.
"""),
    md(references_section("overview")),
]


if __name__ == "__main__":
    main(CELLS, OUT, "overview", "What CRM is, and is not")
