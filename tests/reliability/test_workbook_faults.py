"""Workbook files that are damaged, foreign, re-encoded, deleted, on a full or read-only disk, or killed mid-save."""
import errno
import hashlib
import json
import os
import random
import select
import signal
import subprocess
import time
import warnings

import pytest

from paynecrm_kernel.errors import DataWarning, WorkbookError
from paynecrm_kernel.workbook import Workbook
from paynecrm_kernel.workbook.storage import STALE_TEMPORARY_SECONDS, WorkbookResetWarning, remove_stale_temporaries


def K(name):
    """A declared workbook key that holds free text: a learner's answer to an overview exercise ``name``."""
    return f"overview.exercise.{name}.answer"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "team.json"


def _valid(entries=None):
    entries = entries or {K(f"k{i}"): f"answer {i} é" for i in range(10)}
    return json.dumps({"format": "paynecrm-workbook", "version": 1, "revision": 3, "entries": entries}, indent=1,
                      ensure_ascii=False)


VARIANTS = {
    "first half": lambda: _valid()[: len(_valid()) // 2].encode(),
    "last 3 bytes cut": lambda: _valid()[:-3].encode(),
    "0 bytes": lambda: b"",
    "whitespace only": lambda: b" \n\t \n",
    "NUL bytes": lambda: b"\x00" * 4096,
    "valid then garbage": lambda: (_valid() + "}}garbage").encode(),
    "a JSON list": lambda: b"[1, 2, 3]",
    "no format": lambda: b'{"version": 1, "entries": {}}',
    "foreign JSON": lambda: b'{"name": "another app", "settings": {"dark": true}}',
    "newer version": lambda: _valid().replace('"version": 1', '"version": 99').encode(),
    "version as text": lambda: _valid().replace('"version": 1', '"version": "1"').encode(),
    "entries not a dict": lambda: b'{"format": "paynecrm-workbook", "version": 1, "entries": [1]}',
    "random binary": lambda: random.Random(7).randbytes(3000),
    "UTF-16": lambda: _valid().encode("utf-16"),
    "Latin-1": lambda: _valid().encode("latin-1"),
    "deeply nested": lambda: b"[" * 100_000 + b"]" * 100_000,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_damaged_file_gives_a_clear_error_and_is_never_overwritten(path, variant):
    Workbook.open(path).set(K("a"), "one")
    stale = Workbook.open(path)
    data = VARIANTS[variant]()
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    for attempt in (lambda: Workbook.open(path), lambda: stale.get(K("a")), lambda: stale.set(K("b"), "two")):
        with pytest.raises(WorkbookError) as info:
            attempt()
        assert str(path) in str(info.value) and "untouched" in str(info.value)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_re_encoded_file_names_the_encoding_and_the_fix(path):
    path.write_bytes(_valid().encode("utf-16"))
    with pytest.raises(WorkbookError, match="UTF-16.*save it as UTF-8"):
        Workbook.open(path)
    path.write_bytes(_valid().encode("latin-1"))
    with pytest.raises(WorkbookError, match=r"byte 0xe9 at position \d+ is not UTF-8"):
        Workbook.open(path)


def test_a_byte_order_mark_from_notepad_is_read(path):
    path.write_bytes(b"\xef\xbb\xbf" + _valid().encode())
    wb = Workbook.open(path)
    assert wb.get(K("k2")) == "answer 2 é"
    wb.set(K("new"), "new")
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_nan_in_the_file_does_not_make_the_workbook_unwritable(path):
    path.write_text(_valid({K("a"): 1.5, K("b"): "kept"}).replace("1.5", "NaN"))
    with pytest.warns(DataWarning, match="NaN"):
        wb = Workbook.open(path)
    assert wb.get(K("b")) == "kept"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        wb.set(K("c"), "saved")
    strict = json.loads(path.read_text(), parse_constant=lambda name: pytest.fail(f"{name} written"))
    assert strict["entries"][K("b")] == "kept" and strict["entries"][K("c")] == "saved"


def test_a_deleted_workbook_starts_again_empty_and_the_page_is_told(path):
    page = Workbook.open(path)
    page.update({K(f"k{i}"): str(i) for i in range(10)})
    other_page = Workbook.open(path)
    path.unlink()
    with pytest.warns(WorkbookResetWarning, match="deleted"):
        assert other_page.keys() == []
    with pytest.warns(WorkbookResetWarning):
        page.set(K("new"), "new")
    assert json.loads(path.read_text())["entries"] == {K("new"): "new"}
    assert other_page.keys() == [K("new")]
    assert page.was_reset and other_page.was_reset                     # what a page's tools can tell the reader
    assert not Workbook.open(path).was_reset


def test_a_new_workbook_follows_the_umask_and_a_saved_one_keeps_its_mode(path):
    old = os.umask(0o022)
    try:
        Workbook.open(path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    path.chmod(0o600)
    Workbook.open(path).set(K("a"), "one")
    assert path.stat().st_mode & 0o777 == 0o600


def _failing(real, errno_):
    def fail(*args, **kwargs):
        raise OSError(errno_, os.strerror(errno_))
    return fail


@pytest.mark.parametrize("errno_, words", [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"),
                                           (errno.EACCES, "read-only")])
def test_a_failing_write_gives_a_clear_error_and_leaves_file_and_folder_clean(path, monkeypatch, errno_, words):
    wb = Workbook.open(path)
    wb.set(K("a"), "one")
    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", _failing(os.fsync, errno_))
    with pytest.raises(WorkbookError, match=words) as info:
        wb.set(K("b"), "x" * 15_000)
    assert str(path) in str(info.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["team.json", "team.json.lock"]
    wb.set(K("b"), "two")                    # space freed: saving works again
    assert Workbook.open(path).get(K("b")) == "two"


def _mount_tmpfs(folder, size="64k"):
    folder.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                            capture_output=True)
    if result.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root; the failing-write test above covers the same code")


@pytest.fixture
def small_disk(tmp_path):
    folder = tmp_path / "disk"
    _mount_tmpfs(folder)
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder):
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with pytest.raises(OSError, match="No space"):
            while True:
                os.write(fd, b"\0" * 1024)
    finally:
        os.close(fd)


def test_a_real_full_disk(small_disk):
    path = small_disk / "team.json"
    wb = Workbook.open(path)
    wb.set(K("a"), "one")
    _fill(small_disk)
    with pytest.raises(WorkbookError, match="disk is full"):
        wb.set(K("b"), "x" * 19_000)
    with pytest.raises(WorkbookError, match="disk is full"):
        Workbook.open(small_disk / "new.json")
    assert Workbook.open(path).get(K("a")) == "one"
    assert not list(small_disk.glob("*.tmp"))


def test_a_read_only_disk_can_be_read_but_not_written(small_disk):
    path = small_disk / "team.json"
    Workbook.open(path).set(K("a"), "one")
    page = Workbook.open(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert Workbook.open(path).get(K("a")) == "one"           # the lock file is locked read-only
    assert page.get(K("a")) == "one"
    with pytest.raises(WorkbookError, match="read-only.*Copy the workbook"):
        page.set(K("b"), "two")
    with pytest.raises(WorkbookError, match="read-only"):
        Workbook.open(small_disk / "new.json")


def test_only_old_temporaries_of_this_workbook_are_removed(path):
    Workbook.open(path)
    ours_old, ours_young = path.parent / "team.json.ab12cd_9.tmp", path.parent / "team.json.zz12cd_9.tmp"
    others = [path.parent / "team.json.notes.tmp", path.parent / "other.json.ab12cd_9.tmp",
              path.parent / "team.json.ab12cd_9.tmp.keep"]
    for p in (ours_old, ours_young, *others):
        p.write_text("{}")
    old = time.time() - STALE_TEMPORARY_SECONDS - 10
    for p in (ours_old, *others):
        os.utime(p, (old, old))
    Workbook.open(path)                                  # opening takes the lock, which cleans up
    assert not ours_old.exists() and ours_young.exists() and all(p.exists() for p in others)
    assert remove_stale_temporaries(path, older_than=-1) == 1 and not ours_young.exists()


def _writer(path, ack_fd):
    """Child process: save new keys in a tight loop and acknowledge each one after the save returned."""
    wb = Workbook.open(path)
    i = 0
    os.write(ack_fd, b"ready\n")
    while True:
        key = K(f"p{os.getpid()}n{i}")
        wb.set(key, "x" * random.randint(10, 3000))
        os.write(ack_fd, f"ack {key}\n".encode())
        i += 1


def test_kill_9_mid_save_loses_no_acknowledged_value_and_leaves_no_growing_debris(path):
    Workbook.open(path).update({K(f"seed{i}"): "y" * 300 for i in range(500)})
    acknowledged, rng = [], random.Random(19)
    for _ in range(30):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(read_fd)
            try:
                _writer(path, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            assert select.select([pipe], [], [], 20)[0], "the writer did not start"
            buffer = pipe.read(6)
            time.sleep(rng.uniform(0, 0.08))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            buffer += pipe.read() or b""
        acknowledged += [line.split()[1] for line in buffer.decode().splitlines() if line.startswith("ack ")]
        document = json.loads(path.read_text())                # never truncated
        assert set(acknowledged) <= set(document["entries"])
    assert len(acknowledged) > 0
    for p in path.parent.glob("team.json.*.tmp"):                 # what kills left behind, aged
        os.utime(p, (time.time() - STALE_TEMPORARY_SECONDS - 1,) * 2)
    wb = Workbook.open(path)
    assert not list(path.parent.glob("team.json.*.tmp"))
    assert all(wb.get(K(f"seed{i}")) == "y" * 300 for i in range(500))


def test_a_folder_at_the_workbook_path_is_explained(path):
    path.mkdir()
    with pytest.raises(WorkbookError, match="is a folder; give the path of a workbook file"):
        Workbook.open(path)
