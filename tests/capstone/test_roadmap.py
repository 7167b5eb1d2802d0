"""The roadmap: phases by readiness, an owner and a KPI for each process."""
import pytest

from paynecrm_kernel.capstone import DEFAULT_KPIS, kpi_choices, roadmap_assignments, roadmap_of_record, roadmap_table
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.framework import PROCESSES
from paynecrm_kernel.performance.kpi import KPI_CATALOGUE
from paynecrm_kernel.workbook import Workbook

GRID = [[3, 2, 4, 4, 5], [3, 3, 3, 1, 3], [4, 4, 4, 4, 4], [2, 3, 3, 3, 3]]


def test_the_register_names_a_kpi_of_each_process_in_the_catalogue():
    catalogue = {k.key: k.process for k in KPI_CATALOGUE}
    assert set(DEFAULT_KPIS) == set(PROCESSES)
    assert all(catalogue[kpi] == process for process, kpi in DEFAULT_KPIS.items())


def test_phases_go_least_ready_first_with_defaults_where_nothing_was_chosen():
    table = roadmap_table(GRID)
    # column means: strategy 3.0, value 3.0, channels 3.5, information 3.0, performance 3.75
    assert table.index.tolist() == ["strategy", "value", "information", "channels", "performance"]
    assert table["readiness"].tolist() == [3.0, 3.0, 3.0, 3.5, 3.75]
    assert table["phase"].iloc[0] == "Phase 1 (months 0-6)" and table["phase"].iloc[-1] == "Phase 3 (months 12-24)"
    assert table.at["information", "owner"] == "IT" and table.at["value", "kpi"] == "mean_clv"
    assert table.attrs["priorities"][0] == ("CRM change management", "information", 1)


def test_choices_are_kept_when_valid_and_replaced_by_the_default_when_not():
    scorecard = {"nps": {}, "cost_to_serve": {}}
    assert kpi_choices("channels", scorecard) == ["cost_to_serve"]
    assert kpi_choices("value", scorecard) == ["mean_clv", "cac", "contract_retention"]    # none saved: catalogue
    assigned = roadmap_assignments({"value": "Finance", "channels": "Nobody"}, {"performance": "nps",
                                                                                "channels": "nps"}, scorecard)
    assert assigned.at["value", "owner"] == "Finance" and assigned.at["channels", "owner"] == "Sales"
    assert assigned.at["performance", "kpi"] == "nps" and assigned.at["channels", "kpi"] == "cost_to_serve"
    assert assigned.at["performance", "kpi_name"] == "Net Promoter Score"
    with pytest.raises(DataValidationError, match="not a process"):
        kpi_choices("sales")


def test_the_roadmap_of_record_reads_the_workbook(tmp_path):
    wb = Workbook.open(tmp_path / "team.json")
    assert roadmap_of_record(wb) is None
    wb.update({"overview.implementation.grid": GRID, "capstone.roadmap.owners": {"strategy": "Marketing"},
               "capstone.roadmap.kpis": {"strategy": "segment_penetration"}})
    table = roadmap_of_record(wb)
    assert table.at["strategy", "owner"] == "Marketing"
    assert table.at["strategy", "kpi_name"] == "Penetration of target segments"
