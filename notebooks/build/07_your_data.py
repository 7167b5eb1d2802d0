"""Build ``notebooks/07_your_data.ipynb`` (cells only; outputs are stored by executing it).

Run from the repository root::

    .venv/bin/python notebooks/build/07_your_data.py --execute
"""
from pathlib import Path

from nbbuild import code, main, md

OUT = Path(__file__).resolve().parents[1] / "07_your_data.ipynb"

CELLS = [
    md("""
# 7 · Your own data: what each customer is worth

The value chapter valued Hearth & Home's segments. This page does the same for **your** customers, from a file
of your own transactions: upload it, check that its columns are read as you mean them, see which rows were left
out and why, and get every customer's expected purchases and value over a horizon you choose, with a check of the
forecast against a period the models did not see and a report you can publish. In Payne & Frow's (2005) terms it
is an analysis tool of the information management process, feeding the value creation process with the value
the firm receives from each customer.

**Learning objectives.** After this page you can

* bring a transaction file of your own into the workbook and check how its columns and rows were read;
* fit the purchase (BG/NBD, Pareto/NBD) and spend (Gamma-Gamma) models to it and judge the fit against a
  holdout period the models did not see;
* read each customer's expected purchases and value, and publish them as a report and a table of scores.

**What you need:** one row per purchase with three columns, a **customer id**, a **date** and an **amount**
(CSV, Excel .xlsx or Parquet; other columns are ignored). Column names are guessed from their names and values,
and you can change every guess. Amounts are in your file's currency. A file of a few hundred thousand rows
uploads in seconds; larger logs go through the command line (section 3).
"""),
    code("""
from paynecrm_kernel.data import data_path
from paynecrm_kernel.scale.upload import analyse_upload, check_upload, read_upload
from paynecrm_kernel.widgets import YourDataTool
from paynecrm_kernel.workbook import Workbook

# the page's three steps on the bundled CDNOW sample (section 4 reads the result)
raw = read_upload(data_path("CDNOW_sample.txt").read_bytes(), "CDNOW_sample.txt")   # columns guessed
clean, report = check_upload(raw, raw.mapping)                                       # rows checked
sample = analyse_upload(clean, report, "CDNOW_sample.txt", calibration_end="1997-09-30", time_unit="W")

wb = Workbook.current()             # your column mapping and settings are kept here
"""),
    md("""
## 1. What the models assume

The analysis fits two models, as in the value chapter, to the purchases up to a **calibration end**:

* **Purchases, BG/NBD** (Fader, Hardie & Lee 2005). While active, each customer buys at their own steady rate;
  after each purchase they may stop for good, with their own chance. Rates and chances vary across customers
  (gamma and beta distributions). Nobody tells you when a customer leaves: the model infers from the gap since
  the last purchase how likely it is that they are still active. It suits **non-contractual** businesses (retail,
  e-commerce, donations), not subscriptions, where you see customers cancel. The **Pareto/NBD** (Schmittlein,
  Morrison & Colombo 1987) lets customers leave at any moment rather than only after a purchase, and the
  **MBG/NBD** also lets them leave before their first repeat purchase; choose them under *Model* to compare.
* **Spend, Gamma-Gamma** (Fader & Hardie 2013). Each customer's mean spend per purchase is pulled towards the
  mean of all customers, the more so the fewer purchases they made. It assumes that how much a customer spends
  does not depend on how often they buy.

Each customer enters the fit only through three numbers, in the **time unit** you choose: repeat purchases
(*frequency*, purchases on days after the first), the time of the last one (*recency*) and the time since the
first (*T*). Purchases on one day count as one. The value is the discounted expected margin of the repeat
purchases over the **horizon** (in months, discounted monthly), never a lifetime without end.

## 2. Bring your file

Upload the file, or press *Or try the CDNOW sample* to see the page at work on the public CDNOW data (2,357
customers of an online music store, 1997-1998). Then:

1. check the three **columns**: the dropdowns show the guesses; change one and the rows are checked again;
2. read the **data check**: how many rows were kept, which were left out, why, and on which lines of the file
   (a missing id, an unreadable date, a negative amount: refunds are not purchases), and what was kept but is
   worth knowing (zero amounts, repeated rows);
3. set the **calibration end** (halfway through your dates by default: clear it to fit on everything and skip
   the check), the time unit, the horizon, the monthly discount rate and the **margin**, the share of spend
   you keep as profit (100 % values revenue);
4. press **Run the analysis** and follow the progress bar.
"""),
    code("YourDataTool(workbook=wb)          # shows the inputs saved in the workbook", widget=True),
    md("""
## 3. How to read the results

* **Fit**: the parameters with 95 % intervals, and what they say in words (how often an active customer buys,
  how likely they are to stop after a purchase, what a purchase is worth). Wide intervals mean few customers or
  a short period; a fit that did not converge is flagged.
* **Holdout check**: for customers grouped by their repeat purchases in the calibration period, the purchases
  the model predicted for the rest of the period against those they made. Trust the values only as far as this
  check holds: an error of 10-15 % in total is usual on real data (the CDNOW sample: 1,653 predicted, 1,882 made);
  a large error in the busiest groups says the model does not describe your customers (a season, a campaign, a
  change of range in the holdout period).
* **Value**: how many customers have each value, the percentiles, and the share of the total held by the top
  1 %, 10 % and 20 % of customers: value is usually concentrated in a few.
* **Top customers**: the customers worth most, with their purchases so far, the probability that they are still
  active, and their expected purchases and spend.
* **Downloads**: the report (one HTML page, no scripts, charts drawn in the page, ready to publish or attach) and
  every customer's scores as CSV, with your own customer ids, to load into your CRM system.

## 4. The same from the command line and from Python

For logs too large to upload, or to run every month, the `paynecrm` command does the whole analysis on files of
any size, out of memory with DuckDB (or on a Dask cluster with `--engine dask`), with the same column guessing,
checks and report:

```bash
paynecrm clv sales.csv -o scores.parquet --calibration-end 1997-09-30 --time-unit W \\
    --horizon 12 --discount-rate 0.01 --margin 0.3 --report clv.html
```

In Python the page's steps are three functions, `read_upload`, `check_upload` and `analyse_upload` (in
`paynecrm_kernel.scale.upload`); the first code cell of this notebook runs them on the CDNOW sample. Fitted on
the first 39 weeks as in the papers, they give the published BG/NBD estimates (Fader, Hardie & Lee 2005:
$r$ = 0.243, $\\alpha$ = 4.414, $a$ = 0.793, $b$ = 2.426) and Gamma-Gamma estimates ($p$ = 6.25, $q$ = 3.74,
$\\gamma$ = 15.44, named `v` below):
"""),
    code("""
print(report.summary().splitlines()[0])
print(sample.purchases.params.round(3).to_string())
print(sample.spend.params.round(2).to_string())
"""),
    md("""
## References

* Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and comparison of models for
  customer base analysis. *International Journal of Research in Marketing*, 24(3), 201–209.
* Fader, P. S. & Hardie, B. G. S. (2013). *The Gamma-Gamma model of monetary value*. Note, brucehardie.com.
* Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an alternative to
  the Pareto/NBD model. *Marketing Science*, 24(2), 275–284.
* Payne, A. & Frow, P. (2005). A strategic framework for customer relationship management. *Journal of
  Marketing*, 69(4), 167–176.
* Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers: who are they and what will
  they do next? *Management Science*, 33(1), 1–24.
"""),
]

if __name__ == "__main__":
    main(CELLS, OUT, "your_data", "Your own data")
