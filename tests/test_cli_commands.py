"""The commands that live in their own modules are reached through ``paynecrm``."""
import pytest

from paynecrm_kernel.cli import build_parser, main
from paynecrm_kernel.workbook import Workbook


def test_report_writes_the_pdf_of_a_workbook(tmp_path, capsys):
    wb = Workbook.open(tmp_path / "team.json")
    wb.set("strategy.decisions.granularity", "micro")
    assert main(["report", "--workbook", str(wb.path), "-o", str(tmp_path / "report.pdf")]) == 0
    assert (tmp_path / "report.pdf").read_bytes()[:4] == b"%PDF"
    assert "Wrote" in capsys.readouterr().out


def test_serve_offers_workshop_mode_and_clv_its_engines():
    parser = build_parser()
    serve = parser.parse_args(["serve", "--workshop", "--workshop-port", "8871"])
    assert serve.workshop and serve.workshop_port == 8871 and serve.ip == "127.0.0.1"
    assert parser.parse_args(["clv", "log.parquet", "-o", "out.parquet", "--engine", "dask"]).engine == "dask"
    with pytest.raises(SystemExit):
        parser.parse_args(["clv", "log.parquet", "-o", "out.parquet", "--engine", "spark"])
