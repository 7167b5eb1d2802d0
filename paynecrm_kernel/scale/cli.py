"""``paynecrm clv LOG -o OUT.parquet``: the whole CLV analysis of a transaction log from the command line.

Examples
--------
``paynecrm clv sales.csv -o scores.parquet``
``paynecrm clv logs/ -o scores.parquet --calibration-end 2026-06-30 --report clv.html``
``paynecrm clv 'logs/*.parquet' -o s.parquet --engine dask --customer-id client --date day --amount total``

The columns are guessed as ``%crm data`` guesses them (names, then values) unless given; every long step shows
a progress bar (on standard error); the end prints a short summary of the fit. Bad files end with a message
naming the file, the column, the rows and the fix, and exit status 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import PayneCRMError
from .analysis import analyse_log
from .fits import PURCHASE_MODELS
from .summary import ENGINES

__all__ = ["add_arguments", "main", "run"]


def add_arguments(parser):
    """Add the arguments of ``paynecrm clv`` to ``parser`` (an ``argparse`` parser or sub-parser)."""
    parser.add_argument("log", help="transaction log: a Parquet or CSV file, a folder of them, or a glob (quoted)")
    parser.add_argument("-o", "--output", required=True, help="Parquet file for every customer's scores")
    parser.add_argument("--engine", choices=ENGINES, default="duckdb",
                        help="duckdb: out of core on this machine (default); dask: on the active Dask scheduler "
                             "(--scheduler to connect); pandas: in memory")
    parser.add_argument("--scheduler", help="address of a Dask scheduler (tcp://host:8786), for --engine dask")
    columns = parser.add_argument_group("columns (guessed from names and values when not given)")
    columns.add_argument("--customer-id", help="column of the customer id")
    columns.add_argument("--date", help="column of the transaction date")
    columns.add_argument("--amount", help="column of the transaction value (without it: purchases only)")
    periods = parser.add_argument_group("periods")
    periods.add_argument("--time-unit", default="W", choices=["D", "W", "M"],
                         help="unit of recency and T for the fits (default W, weeks)")
    periods.add_argument("--calibration-end", help="fit on purchases up to this date (YYYY-MM-DD) and check the "
                                                   "forecast on the rest")
    periods.add_argument("--observation-end", help="last day observed (default: the last transaction)")
    value = parser.add_argument_group("customer lifetime value")
    value.add_argument("--model", choices=list(PURCHASE_MODELS), default="bgnbd", help="purchase model")
    value.add_argument("--horizon", type=float, default=12.0, help="horizon, in --horizon-unit (default 12)")
    value.add_argument("--horizon-unit", default="M", choices=["D", "W", "M"],
                       help="unit of the horizon and of the discounting period (default M, months)")
    value.add_argument("--discount-rate", type=float, default=0.01, help="per period of --horizon-unit (default 0.01)")
    value.add_argument("--margin", type=float, default=1.0, help="share of spend that is profit (default 1.0)")
    parser.add_argument("--report", help="also write a self-contained HTML report to this file")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    return parser


class _Bars:
    """tqdm bars, one per stage of the analysis, driven by the library's progress callback."""

    def __init__(self, enabled):
        self.enabled = enabled
        self.bars = {}

    def __call__(self, stage, fraction):
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            for other in self.bars.values():
                other.close()
            bar = self.bars[stage] = tqdm(total=100, desc=f"{stage:<28}", file=sys.stderr, leave=True,
                                          bar_format="{desc} {percentage:3.0f}%|{bar}| {elapsed}")
        bar.update(max(round(100 * fraction) - bar.n, 0))

    def close(self):
        for bar in self.bars.values():
            bar.close()


def _check_numbers(args):
    if not (args.horizon > 0):
        raise SystemExit(f"paynecrm clv: --horizon must be a positive number of periods, got {args.horizon}.")
    if not (args.discount_rate > -1):
        raise SystemExit(f"paynecrm clv: --discount-rate must be above -1 (e.g. 0.01), got {args.discount_rate}.")


def run(args):
    """Run ``paynecrm clv`` with parsed ``args``; return the exit status (0 done, 2 bad input)."""
    _check_numbers(args)
    bars = _Bars(not args.quiet)
    client = None
    try:
        if args.scheduler:
            from distributed import Client

            client = Client(args.scheduler)
        analysis = analyse_log(args.log, customer_id=args.customer_id, date=args.date, amount=args.amount,
                               time_unit=args.time_unit, calibration_end=args.calibration_end,
                               observation_end=args.observation_end, model=args.model, horizon=args.horizon,
                               horizon_unit=args.horizon_unit, discount_rate=args.discount_rate, margin=args.margin,
                               engine=args.engine, scores_path=args.output, progress=bars)
        if args.report:
            bars("writing the report", 0.0)
            Path(args.report).write_text(analysis.report_html, encoding="utf-8")
            bars("writing the report", 1.0)
    except (PayneCRMError, FileNotFoundError, ValueError) as exc:
        bars.close()
        print(f"paynecrm clv: {exc}", file=sys.stderr)
        return 2
    finally:
        bars.close()
        if client is not None:
            client.close()
    guessed = ", ".join(f"{f} = {analysis.mapping[f]!r}" for f in analysis.guessed)
    if guessed:
        print(f"columns guessed: {guessed} (override with --customer-id/--date/--amount)")
    print(analysis.summary_text())
    if args.report:
        print(f"report: {args.report}")
    return 0


def main(argv=None):
    """``python -m paynecrm_kernel.scale.cli LOG -o OUT.parquet ...``: the command on its own."""
    parser = add_arguments(argparse.ArgumentParser(
        prog="paynecrm clv", description="Customer lifetime value of a transaction log of any size: summary, "
                                         "fits, scores for every customer, optional HTML report."))
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
