"""Memoized analyses: reused for equal content, recomputed for anything else, warnings given every time."""
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel._memo import Unfingerprintable, fingerprint, memoized


def counting(maxsize=4):
    calls = []

    @memoized(maxsize)
    def total(frame, column="x", *, scale=1.0):
        calls.append(1)
        if frame[column].isna().any():
            warnings.warn("missing values dropped", UserWarning)
        return frame[column].sum() * scale

    return total, calls


def test_equal_content_is_reused_and_changed_content_is_not():
    total, calls = counting()
    frame = pd.DataFrame({"x": [1.0, 2.0], "y": ["a", "b"]})
    assert total(frame) == 3.0 and total(frame.copy()) == 3.0 and total(frame, scale=1.0) == 3.0
    assert len(calls) == 1
    frame.loc[0, "x"] = 5.0                                # mutated in place: a new key, never a stale hit
    assert total(frame) == 7.0 and len(calls) == 2
    total(frame, scale=2.0)
    assert len(calls) == 3


def test_labels_dtypes_and_index_are_part_of_the_content():
    frame = pd.DataFrame({"x": [1, 2]})
    assert fingerprint(frame) != fingerprint(frame.rename(columns={"x": "z"}))
    assert fingerprint(frame) != fingerprint(frame.astype(float))
    assert fingerprint(frame) != fingerprint(frame.set_axis([5, 6]))
    assert fingerprint(frame["x"]) != fingerprint(frame["x"].rename("w"))
    assert fingerprint({"a": [1, 2]}) != fingerprint({"a": [2, 1]})
    assert fingerprint(np.arange(3)) != fingerprint(np.arange(3.0))


def test_dataclasses_are_fingerprinted_by_their_fields():
    @dataclass(frozen=True)
    class Fit:
        params: pd.Series
        label: str

    assert fingerprint(Fit(pd.Series([1.0]), "a")) == fingerprint(Fit(pd.Series([1.0]), "a"))
    assert fingerprint(Fit(pd.Series([1.0]), "a")) != fingerprint(Fit(pd.Series([1.5]), "a"))


def test_unfingerprintable_arguments_bypass_the_cache():
    with pytest.raises(Unfingerprintable):
        fingerprint(object())
    calls = []

    @memoized()
    def f(thing):
        calls.append(thing)
        return 1

    f(object())
    f(object())
    assert len(calls) == 2


def test_warnings_are_given_on_every_hit_and_errors_are_not_kept():
    total, calls = counting()
    frame = pd.DataFrame({"x": [1.0, np.nan]})
    for _ in range(2):
        with pytest.warns(UserWarning, match="missing values dropped"):
            total(frame)
    assert len(calls) == 1
    with pytest.raises(KeyError):
        total(frame, "nope")
    with pytest.raises(KeyError):
        total(frame, "nope")
    assert len(calls) == 3


def test_only_the_last_results_are_kept():
    total, calls = counting(maxsize=2)
    frames = [pd.DataFrame({"x": [float(i)]}) for i in range(3)]
    for frame in frames:
        total(frame)
    total(frames[2])
    total(frames[0])                                       # evicted by the third frame
    assert len(calls) == 4


def test_the_sample_conjoint_fit_is_reused():
    from paynecrm_kernel.data import sample_company
    from paynecrm_kernel.value import benefit_segments, fit_part_worths

    company = sample_company()
    attributes = company.truth["conjoint"]["attributes"]
    fit = fit_part_worths(company.conjoint, attributes)
    again = fit_part_worths(company.conjoint.copy(), dict(attributes))
    assert again is not fit and again.params.equals(fit.params)
    segments = benefit_segments(fit)
    assert benefit_segments(fit).importances.equals(segments.importances)


def test_a_caller_that_changes_its_result_does_not_change_the_next_callers():
    from paynecrm_kernel.data import sample_company
    from paynecrm_kernel.value import fit_part_worths

    company = sample_company()
    attributes = company.truth["conjoint"]["attributes"]
    first = fit_part_worths(company.conjoint, attributes)
    expected = first.params.iloc[1]
    first.params.iloc[1] = 999.0                              # a careless caller
    assert fit_part_worths(company.conjoint, attributes).params.iloc[1] == expected


def kernel(calls):
    """What one kernel sees: a fresh in-memory cache over the same function kept on disk."""
    @memoized(persist=True)
    def spread(frame):
        calls.append(1)
        warnings.warn("a small sample", UserWarning)
        return {"spread": float(frame["x"].max() - frame["x"].min())}

    return spread


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYNECRM_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_result_kept_on_disk_serves_the_next_kernel_with_its_warnings(cache):
    calls = []
    frame = pd.DataFrame({"x": [1.0, 4.0]})
    with pytest.warns(UserWarning, match="small sample"):
        assert kernel(calls)(frame) == {"spread": 3.0}
    with pytest.warns(UserWarning, match="small sample"):
        assert kernel(calls)(frame.copy()) == {"spread": 3.0}
    assert len(calls) == 1
    assert len(list(cache.rglob("*.pickle"))) == 1
    with pytest.warns(UserWarning):
        kernel(calls)(frame.assign(x=[1.0, 9.0]))              # other content: computed
    assert len(calls) == 2


def test_a_damaged_file_is_recomputed_and_replaced(cache):
    calls = []
    frame = pd.DataFrame({"x": [1.0, 4.0]})
    with pytest.warns(UserWarning):
        kernel(calls)(frame)
    kept, = cache.rglob("*.pickle")
    kept.write_bytes(b"not a pickle")
    with pytest.warns(UserWarning):
        assert kernel(calls)(frame) == {"spread": 3.0}
    assert len(calls) == 2
    with pytest.warns(UserWarning):
        kernel(calls)(frame)
    assert len(calls) == 2                                   # the replacement is read


def test_changed_code_is_a_new_key(cache, monkeypatch):
    from paynecrm_kernel import _memo

    calls = []
    frame = pd.DataFrame({"x": [1.0, 4.0]})
    with pytest.warns(UserWarning):
        kernel(calls)(frame)
    monkeypatch.setattr(_memo, "_code_version", lambda: "another version of the package")
    with pytest.warns(UserWarning):
        kernel(calls)(frame)
    assert len(calls) == 2


def test_a_folder_that_cannot_be_written_is_not_used(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("PAYNECRM_CACHE", str(blocker))         # a file where the folder should be
    calls = []
    with pytest.warns(UserWarning):
        assert kernel(calls)(pd.DataFrame({"x": [2.0, 3.0]})) == {"spread": 1.0}
    assert len(calls) == 1 and not list(tmp_path.rglob("*.part"))


def test_only_the_most_recently_used_files_are_kept(cache, monkeypatch):
    from paynecrm_kernel import _memo

    monkeypatch.setattr(_memo, "DISK_ENTRIES", 3)
    calls = []
    with pytest.warns(UserWarning):
        for i in range(5):
            kernel(calls)(pd.DataFrame({"x": [0.0, float(i)]}))
    assert len(list(cache.rglob("*.pickle"))) == 3
