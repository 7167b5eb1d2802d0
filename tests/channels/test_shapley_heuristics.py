"""Shapley values (closed form = brute force, the axioms, sampling) and the rule-based models."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from paynecrm_kernel.channels import (HEURISTICS, as_path_table, build_journeys, heuristic_attribution,
                                      markov_attribution, shapley_attribution, shapley_values)
from paynecrm_kernel.channels.shapley import journeys_game


@pytest.fixture
def five_channel_paths():
    return pd.DataFrame({"path": ["a > b", "b > c > b", "c", "d > a > e", "e > d", "a > b > c > d > e", "b"],
                         "total_conversions": [7, 3, 5, 2, 4, 1, 6], "total_null": [20, 10, 30, 5, 9, 2, 40],
                         "total_conversion_value": [70, 36, 40, 30, 44, 25, 48]})


def test_journeys_game_closed_form_equals_brute_force(five_channel_paths):
    table = as_path_table(five_channel_paths)
    brute, errors = shapley_values(journeys_game(table), table.n_channels)
    out = shapley_attribution(five_channel_paths)
    assert out["conversions"].to_numpy() == pytest.approx(brute)
    assert not errors.any()
    # by hand: 'a > b' 7 -> 3.5 each; 'a' also gets 2/3 of 'd > a > e' and 1/5 of the five-channel path
    assert out.set_index("channel").loc["a", "conversions"] == pytest.approx(3.5 + 2 / 3 + 1 / 5)


@pytest.mark.parametrize("game", ["journeys", "markov"])
def test_efficiency(five_channel_paths, game):
    out = shapley_attribution(five_channel_paths, game=game)
    assert out["conversions"].sum() == pytest.approx(28.0)
    assert out["value"].sum() == pytest.approx(293.0)
    assert (out["conversions"] >= 0).all()


@pytest.mark.parametrize("game", ["journeys", "markov"])
def test_symmetry(game):
    paths = pd.DataFrame({"path": ["x > z", "y > z", "x", "y", "z"], "total_conversions": [4, 4, 2, 2, 3],
                          "total_null": [6, 6, 8, 8, 9]})
    out = shapley_attribution(paths, game=game).set_index("channel")["conversions"]
    assert out["x"] == pytest.approx(out["y"])


@pytest.mark.parametrize("game", ["journeys", "markov"])
def test_null_player(game):
    paths = pd.DataFrame({"path": ["x > y", "y", "banner", "banner > banner"], "total_conversions": [5, 3, 0, 0],
                          "total_null": [5, 7, 30, 4]})
    out = shapley_attribution(paths, game=game).set_index("channel")["conversions"]
    assert out["banner"] == pytest.approx(0.0, abs=1e-12)


def test_generic_game_brute_force():
    # glove game: players 0 and 1 hold left gloves, 2 a right glove; known values 1/6, 1/6, 2/3
    def value(mask):
        return float(bool(mask & 0b011) and bool(mask & 0b100))
    phi, _ = shapley_values(value, 3)
    assert phi == pytest.approx([1 / 6, 1 / 6, 2 / 3])


def test_permutation_sampling_within_its_error(five_channel_paths):
    exact = shapley_attribution(five_channel_paths, game="markov")
    sampled = shapley_attribution(five_channel_paths, game="markov", n_permutations=3000)
    assert not sampled.attrs["exact"] and exact.attrs["exact"]
    z = (sampled["conversions"] - exact["conversions"]) / sampled["standard_error"]
    assert (np.abs(z) < 4).all()
    assert sampled["conversions"].sum() == pytest.approx(28.0)
    again = shapley_attribution(five_channel_paths, game="markov", n_permutations=3000)
    pd.testing.assert_frame_equal(sampled, again)


def test_more_channels_than_exact_limit_are_sampled():
    rng = np.random.default_rng(0)
    names = [f"c{i:02d}" for i in range(17)]
    paths = pd.DataFrame({"path": [" > ".join(rng.choice(names, 3)) for _ in range(60)],
                          "total_conversions": rng.integers(0, 5, 60), "total_null": rng.integers(1, 9, 60)})
    paths = paths.groupby("path", as_index=False).sum()
    out = shapley_attribution(paths, game="markov", n_permutations=30)
    assert not out.attrs["exact"] and "permutation" in out.attrs["method"]
    assert out["conversions"].sum() == pytest.approx(paths["total_conversions"].sum())


def test_heuristics_hand_computed():
    paths = pd.DataFrame({"path": ["web > stores", "web", "catalogue > stores > web > app"],
                          "total_conversions": [30, 10, 20], "total_null": [70, 90, 80]})
    out = heuristic_attribution(paths).set_index("channel")
    assert out["first_touch"].to_dict() == pytest.approx({"web": 40, "stores": 0, "catalogue": 20, "app": 0})
    assert out["last_touch"].to_dict() == pytest.approx({"web": 10, "stores": 30, "catalogue": 0, "app": 20})
    assert out["linear"].to_dict() == pytest.approx({"web": 30, "stores": 20, "catalogue": 5, "app": 5})
    assert out["position_based"].to_dict() == pytest.approx({"web": 27, "stores": 17, "catalogue": 8, "app": 8})
    # time decay by touches, half-life 1: weights 1/8, 1/4, 1/2, 1 over 15/8 for the four-touch path
    assert out.loc["app", "time_decay"] == pytest.approx(20 * 8 / 15)
    assert out.loc["web", "time_decay"] == pytest.approx(30 / 3 + 10 + 20 * 4 / 15)
    for name in HEURISTICS:
        assert out[name].sum() == pytest.approx(60)
    assert "2023" in out.attrs["note"]


def test_time_decay_uses_touch_times():
    log = pd.DataFrame({"customer_id": [1, 1, 1], "channel": ["catalogue", "web", "stores"],
                        "timestamp": ["2024-01-01", "2024-01-08", "2024-01-15"],
                        "stage": ["awareness", "evaluation", "purchase"]})
    out = heuristic_attribution(build_journeys(log)).set_index("channel")["time_decay"]
    # 14, 7 and 0 days before the sale with a 7-day half-life: weights 1/4, 1/2, 1
    assert out.to_dict() == pytest.approx({"catalogue": 1 / 7, "web": 2 / 7, "stores": 4 / 7})


_channel = st.sampled_from(["web", "stores", "app", "call_centre", "catalogue"])
_row = st.tuples(st.lists(_channel, min_size=1, max_size=5), st.integers(0, 30), st.integers(0, 30))


@settings(max_examples=25, deadline=None)
@given(st.lists(_row, min_size=1, max_size=12))
def test_every_model_credits_exactly_the_conversions(rows):
    frame = pd.DataFrame([(" > ".join(p), c, n) for p, c, n in rows],
                         columns=["path", "total_conversions", "total_null"])
    total = frame["total_conversions"].sum()
    if total == 0:
        return
    frames = [markov_attribution(frame, order=o)["conversions"] for o in (1, 2)]
    frames += [shapley_attribution(frame, game=g)["conversions"] for g in ("journeys", "markov")]
    frames += [heuristic_attribution(frame)[h] for h in HEURISTICS]
    for credit in frames:
        assert np.isfinite(credit).all() and (credit >= 0).all()
        assert credit.sum() == pytest.approx(total)
