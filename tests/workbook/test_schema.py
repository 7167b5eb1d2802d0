"""The workbook's schema: every key declared once; undeclared keys and wrong values refused; old files migrated."""
import json

import numpy as np
import pytest

from paynecrm_kernel.errors import WorkbookError
from paynecrm_kernel.workbook import FORMAT_VERSION, SCHEMA, Workbook
from paynecrm_kernel.workbook.schema import Choice, Field, ListOf, Number, Record, Schema, Text


@pytest.fixture
def wb(tmp_path):
    return Workbook.open(tmp_path / "team.json")


def test_an_undeclared_key_is_refused_and_the_error_says_where_to_declare_it(wb):
    with pytest.raises(WorkbookError, match="not a declared workbook key.*keys/<chapter>.py"):
        wb.set("value.simulator.colour", "red")
    with pytest.raises(WorkbookError, match="not a declared workbook key"):
        wb.get("strategy.made_up")
    assert "value.simulator.colour" not in wb.to_dict()


@pytest.mark.parametrize("key, value, message", [
    ("overview.continuum.rating_3", 7, "from 1 to 5"),
    ("overview.continuum.rating_3", 2.5, "whole number"),
    ("overview.continuum.rating_3", "4", "whole number"),
    ("overview.matrix.target", "World domination", "one of"),
    ("value.simulator.share", float("nan"), "finite"),
    ("value.simulator.share", True, "a number"),
    ("strategy.vision.vision", "x" * 8_000_000, "characters"),
    ("strategy.segments.features", ["recency"] * 5_000, "items"),
    ("value.conjoint.ratings.p-1", {"design": "ab", "ratings": {"1": 11}}, "from 0 to 10"),
    ("value.conjoint.ratings.p-1", {"design": "ab"}, "missing field"),
    ("value.conjoint.ratings.p-1", {"design": "ab", "ratings": {}, "extra": 1}, "unexpected field"),
])
def test_a_value_of_the_wrong_kind_size_or_range_is_refused_with_the_key(wb, key, value, message):
    with pytest.raises(WorkbookError, match=message) as error:
        wb.set(key, value)
    assert key in str(error.value)
    assert key not in wb.to_dict()


def test_one_refused_value_saves_nothing_of_the_update(wb):
    with pytest.raises(WorkbookError):
        wb.update({"overview.continuum.rating_1": 4, "overview.continuum.rating_2": 9})
    assert wb.to_dict() == {}


def test_values_are_normalised_to_plain_json(wb):
    wb.set("overview.continuum.rating_1", np.int64(4))
    wb.set("strategy.segments.features", ("frequency", "recency"))
    assert wb.path.read_text().count('"frequency"') == 1
    again = Workbook.open(wb.path)
    assert again.get("overview.continuum.rating_1") == 4 and type(again.get("overview.continuum.rating_1")) is int
    assert again.get("strategy.segments.features") == ["frequency", "recency"]


def test_a_key_nobody_saved_reads_as_its_declared_default(wb):
    assert wb.get("strategy.granularity.choice") == "macro"
    assert wb.get("strategy.rfm.bins") == 5
    assert wb.get("strategy.rfm.bins", 7) == 7


def test_families_of_keys_match_one_segment_per_placeholder():
    assert SCHEMA.field("value.conjoint.ratings.p-7").key == "value.conjoint.ratings.<respondent>"
    assert SCHEMA.field("value.conjoint.ratings.p.7") is None
    assert SCHEMA.field("overview.continuum.rating_") is None


def test_every_declaration_is_complete_and_unique():
    from paynecrm_kernel.workbook.keys import CHAPTERS

    chapters = {module.__name__.rsplit(".", 1)[1] for module in CHAPTERS}
    assert len({f.key for f in SCHEMA.fields}) == len(SCHEMA.fields)
    for f in SCHEMA.fields:
        assert f.meaning.strip() and f.chapter in chapters
        if f.default is not None:
            assert f.kind.check(f.key, f.default) == f.default, f.key
    with pytest.raises(ValueError, match="declared twice"):
        Schema([Field("a.b", Text(), "x", "one"), Field("a.b", Text(), "x", "two")])


def test_describe_lists_everything_the_workbook_knows(wb):
    wb.update({"overview.continuum.rating_1": 4, "overview.continuum.rating_2": 2, "value.simulator.rule": "logit"})
    rows = {row["key"]: row for row in wb.describe()}
    assert len(rows) == len(SCHEMA.fields)
    assert rows["overview.continuum.rating_<item>"]["saved"] == {"overview.continuum.rating_1": 4,
                                                                  "overview.continuum.rating_2": 2}
    assert rows["strategy.granularity.choice"]["saved"] == {}
    assert {row["chapter"] for row in wb.describe("value")} == {"value"}


def test_an_old_file_opens_and_keeps_every_entry_it_cannot_place(tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"format": "paynecrm-workbook", "version": 1, "revision": 4, "entries": {
        "overview.matrix.target": "Individualized CRM",
        "overview.continuum.rating_1": 9,                      # out of range today
        "notes.from.an.old.tool": "typed by a participant"}}))
    wb = Workbook.open(path)
    assert wb.get("overview.matrix.target") == "Individualized CRM"
    assert set(wb.unrecognised()) == {"overview.continuum.rating_1", "notes.from.an.old.tool"}
    assert wb.unrecognised()["notes.from.an.old.tool"]["value"] == "typed by a participant"
    wb.set("overview.matrix.route", 1)                        # the next save writes the new format ...
    saved = json.loads(path.read_text())
    assert saved["version"] == FORMAT_VERSION
    assert saved["unrecognised"]["notes.from.an.old.tool"]["value"] == "typed by a participant"   # ... and keeps it


def test_kinds_describe_themselves_for_people():
    assert Number(1, 5, integer=True).describe() == "a whole number from 1 to 5"
    assert "one of 'a', 'b'" == Choice(("a", "b")).describe()
    assert ListOf(Text(10)).describe().startswith("a list of text")
    assert Record({"a": Text()}).describe() == "a record with fields a"
