"""``paynecrm clv`` end to end on small files, through main([...])."""
import argparse

import pandas as pd

from paynecrm_kernel.scale.cli import add_arguments, main


def test_end_to_end_with_report(cdnow_files, tmp_path, capsys):
    out, page = tmp_path / "scores.parquet", tmp_path / "clv.html"
    status = main([str(cdnow_files["csv"]), "-o", str(out), "--calibration-end", "1997-09-30", "--observation-end",
                   "1998-06-30", "--horizon", "12", "--time-unit", "W", "--discount-rate", "0.01",
                   "--report", str(page)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "columns guessed: customer_id = 'customer_id', date = 'date', amount = 'amount'" in captured.out
    assert "2,357 customers" in captured.out and "BG/NBD: r = 0.2426, alpha = 4.414" in captured.out
    assert "holdout:" in captured.out and "Gamma-Gamma" in captured.out
    assert "scoring customers" in captured.err and "100%" in captured.err        # progress bars
    scores = pd.read_parquet(out)
    assert len(scores) == 2357 and {"clv", "probability_alive", "expected_purchases"} <= set(scores.columns)
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text and "<script" not in text


def test_overrides_engine_and_purchases_only(cdnow_files, tmp_path, capsys):
    log, out = tmp_path / "log.parquet", tmp_path / "s.parquet"
    cdnow_files["frame"].rename(columns={"customer_id": "client", "date": "day"})[["client", "day"]].to_parquet(log)
    status = main([str(log), "-o", str(out), "--engine", "pandas", "--customer-id", "client", "--date", "day",
                   "--model", "paretonbd", "--quiet"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "Pareto/NBD" in captured.out and captured.err == ""
    assert "clv" not in pd.read_parquet(out).columns and "columns guessed" not in captured.out
    assert "expected purchases over 12 months" in captured.out


def test_dask_engine_on_a_folder(cdnow_files, tmp_path, capsys):
    out = tmp_path / "s.parquet"
    assert main([str(cdnow_files["folder"]), "-o", str(out), "--engine", "dask", "--quiet"]) == 0
    assert "2,357 customers" in capsys.readouterr().out and len(pd.read_parquet(out)) == 2357


def test_bad_file_exits_2_with_the_row(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("client,order_date,total\n1,2024-01-01,10\n2,2024-13-45,5\n3,2024-01-03,-2\n")
    status = main([str(path), "-o", str(tmp_path / "s.parquet"), "--quiet"])
    err = capsys.readouterr().err
    assert status == 2
    assert "'order_date'" in err and "line 3 of" in err and "2024-13-45" in err and "YYYY-MM-DD" in err


def test_missing_file_and_unknown_column(tmp_path, capsys, cdnow_files):
    assert main([str(tmp_path / "nope.parquet"), "-o", str(tmp_path / "s.parquet"), "--quiet"]) == 2
    assert "No transaction log at" in capsys.readouterr().err
    assert main([str(cdnow_files["parquet"]), "-o", str(tmp_path / "s.parquet"), "--amount", "revenue",
                 "--quiet"]) == 2
    assert "'revenue'" in capsys.readouterr().err


def test_add_arguments_builds_a_subcommand():
    parser = argparse.ArgumentParser(prog="paynecrm")
    sub = parser.add_subparsers(dest="command")
    add_arguments(sub.add_parser("clv"))
    args = parser.parse_args(["clv", "log.parquet", "-o", "out.parquet", "--engine", "dask"])
    assert args.engine == "dask" and args.horizon == 12 and args.time_unit == "W" and args.report is None
