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
