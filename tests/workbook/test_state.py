import json
import multiprocessing as mp

import numpy as np
import pytest

from paynecrm_kernel.errors import WorkbookError
from paynecrm_kernel.workbook import FORMAT_VERSION, Workbook


@pytest.fixture
def path(tmp_path):
    return tmp_path / "team.json"


def test_new_workbook_is_created_with_format_and_version(path):
    Workbook.open(path)
    document = json.loads(path.read_text())
    assert document["format"] == "paynecrm-workbook"
    assert document["version"] == FORMAT_VERSION
    assert document["entries"] == {}


def test_values_survive_reopening(path):
    wb = Workbook.open(path)
    wb.set("overview.matrix.target", "Individualized CRM")
    wb.update({"overview.maturity.met": ["s1_vision"], "strategy.vision.vision": "Be the home of home-makers"})
    again = Workbook.open(path)
    assert again.get("overview.matrix.target") == "Individualized CRM"
    assert again.section("overview") == {"maturity.met": ["s1_vision"], "matrix.target": "Individualized CRM"}
    assert again.get("value.retention.customers", default=7) == 7
    assert again.revision == 2


def test_two_pages_keep_each_others_input(path):
    page_a, page_b = Workbook.open(path), Workbook.open(path)
    page_a.set("overview.continuum.rating_1", 1)
    page_b.set("overview.continuum.rating_2", 2)  # page_b never re-read the file explicitly
    page_a.set("overview.continuum.rating_3", 3)
    final = Workbook.open(path)
    assert final.section("overview.continuum") == {"rating_1": 1, "rating_2": 2, "rating_3": 3}
    assert page_b.get("overview.continuum.rating_3") == 3  # a page sees what the other saved


def _writer(path, worker, n):
    wb = Workbook.open(path)
    for i in range(n):
        wb.set(f"strategy.vision.w{worker}_{i}", str(i))


def test_concurrent_processes_lose_nothing(path):
    Workbook.open(path)
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 15)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    assert len(Workbook.open(path).section("strategy.vision")) == 45


def test_none_deletes_a_key(path):
    wb = Workbook.open(path)
    wb.set("strategy.vision.vision", "Be the home of home-makers")
    wb.set("strategy.vision.vision", None)
    assert "strategy.vision.vision" not in Workbook.open(path)


def test_numpy_values_are_stored_as_plain_json(path):
    wb = Workbook.open(path)
    wb.set("overview.implementation.grid", np.array([[1, 2]], dtype=np.int64))
    wb.set("value.simulator.share", np.float64(0.25))
    assert Workbook.open(path).get("overview.implementation.grid") == [[1, 2]]
    assert isinstance(Workbook.open(path).get("value.simulator.share"), float)


@pytest.mark.parametrize("key, bad", [("value.simulator.share", float("nan")), ("value.simulator.share", object()),
                                      ("value.clv.by_segment", {"a": float("inf")})])
def test_unstorable_values_are_refused_with_the_key(path, key, bad):
    wb = Workbook.open(path)
    with pytest.raises(WorkbookError, match=key):
        wb.set(key, bad)
    assert key not in Workbook.open(path)


@pytest.mark.parametrize("key", ["", "a..b", "a b", ".a", 3])
def test_invalid_keys_are_refused(path, key):
    with pytest.raises(WorkbookError, match="Invalid workbook key"):
        Workbook.open(path).set(key, 1)


@pytest.mark.parametrize("content, message", [
    ("{not json", "corrupt"),
    ("", "empty"),
    ('{"a": 1}', "not a PayneCRM workbook"),
    (json.dumps({"format": "paynecrm-workbook", "version": FORMAT_VERSION + 1, "entries": {}}), "newer"),
])
def test_bad_files_give_a_clear_error_and_are_never_overwritten(path, content, message):
    path.write_text(content)
    with pytest.raises(WorkbookError, match=message):
        Workbook.open(path)
    assert path.read_text() == content


def test_a_file_corrupted_while_open_is_not_overwritten(path):
    wb = Workbook.open(path)
    wb.set("strategy.vision.vision", "Be the home of home-makers")
    path.write_text("{broken")
    with pytest.raises(WorkbookError, match="corrupt"):
        wb.set("strategy.vision.customers", "2")
    assert path.read_text() == "{broken"


def test_no_temporary_files_are_left_behind(path):
    wb = Workbook.open(path)
    for i in range(5):
        wb.set("value.retention.customers", i)
    assert sorted(p.name for p in path.parent.iterdir()) == ["team.json", "team.json.lock"]


def test_current_uses_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYNECRM_WORKBOOK", str(tmp_path / "env.json"))
    wb = Workbook.current()
    assert wb.path == (tmp_path / "env.json").resolve()
    assert Workbook.current() is wb


def test_html_summary_counts_inputs_per_section(path):
    wb = Workbook.open(path)
    wb.update({"overview.continuum.rating_1": 1, "overview.continuum.rating_2": 2, "strategy.rfm.bins": 3})
    html = wb._repr_html_()
    assert "3 saved inputs" in html and "overview" in html and "strategy" in html
