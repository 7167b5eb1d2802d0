"""Time to build the CRM strategy report from a full workbook, once the kernel is warm (goal: under 5 s).

Fills a workbook with what the chapters save on the sample company (the decisions of chapters 01 and 02, a
plan in the capstone), builds the report once to warm the kernel (imports, fonts), then times ``build_report``,
``report_html`` and ``report_pdf`` over ``--repeat`` runs and prints the medians::

    .venv/bin/python benchmarks/strategy_report.py --repeat 5
"""
import argparse
import statistics
import tempfile
import time
from pathlib import Path

from paynecrm_kernel.capstone import Scenario, save_scenario
from paynecrm_kernel.data import sample_company
from paynecrm_kernel.report import build_report, report_html, report_pdf
from paynecrm_kernel.segmentation import customer_base
from paynecrm_kernel.strategy import save_strategy_decisions
from paynecrm_kernel.value import segment_lifetime_value
from paynecrm_kernel.workbook import Workbook

GOAL_SECONDS = 5.0


def full_workbook(path):
    """A workbook holding what chapters 00-02 and the capstone save on the sample company."""
    company = sample_company()
    wb = Workbook.open(path)
    base = customer_base(company.transactions, interactions=company.interactions, channels=company.channels)
    save_strategy_decisions(wb, base.profit)
    segments = company.customers.set_index("customer_id")["segment"]
    values = segment_lifetime_value(company.transactions, segments, calibration_end="2024-06-30")
    wb.update({"value.decisions.clv_by_segment": values.segments["total_clv"].round(2).to_dict(),
               "value.decisions.clv_convention": values.convention,
               "overview.implementation.grid": [[3, 2, 4, 4, 5], [3, 3, 3, 1, 3], [4, 4, 4, 4, 4],
                                                [2, 3, 3, 3, 3]]})
    save_scenario(wb, Scenario("plan", retention=0.66, margin=64, acquisition_cost=40, cohort_size=2500,
                               discount=0.1, cost_to_serve_saving=20_000, investment=250_000, running_cost=30_000))
    return wb


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wb = full_workbook(Path(tmp) / "team.json")
        report_pdf(build_report(wb))                       # warm: imports, chart and font machinery
        timings = {"build_report": [], "report_html": [], "report_pdf": [], "all three": []}
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            report = build_report(wb)
            t1 = time.perf_counter()
            report_html(report)
            t2 = time.perf_counter()
            report_pdf(report)
            t3 = time.perf_counter()
            for name, seconds in zip(timings, (t1 - t0, t2 - t1, t3 - t2, t3 - t0)):
                timings[name].append(seconds)
    print("| step | median (s) | goal |\n|---|---|---|")
    for name, values in timings.items():
        goal = f"≤ {GOAL_SECONDS:.0f} s: {'PASS' if statistics.median(values) <= GOAL_SECONDS else 'FAIL'}" \
            if name == "all three" else ""
        print(f"| {name} | {statistics.median(values):.2f} | {goal} |")


if __name__ == "__main__":
    main()
