"""Exact Markov removal effects: hand-solved chains, brute force, flow conservation, simulation agreement."""
import functools

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.channels import (as_path_table, markov_attribution, removal_effects, select_markov_order,
                                      simulate_removal_effects)
from paynecrm_kernel.channels._chain import PathChain


def test_hand_solved_chain(three_paths):
    # start -> web 2/3, catalogue 1/3; web -> stores 1/2, conv 1/20; stores -> conv 1/4; catalogue -> stores 1
    out = removal_effects(three_paths).set_index("channel")
    assert out.attrs["conversion_probability"] == pytest.approx(0.2)
    assert out["removal_effect"].to_dict() == pytest.approx({"web": 7 / 12, "stores": 5 / 6, "catalogue": 5 / 12})
    credit = markov_attribution(three_paths).set_index("channel")
    total = 7 / 12 + 5 / 6 + 5 / 12
    assert credit["conversions"].to_dict() == pytest.approx(
        {"web": 60 * 7 / 12 / total, "stores": 60 * 5 / 6 / total, "catalogue": 60 * 5 / 12 / total})


def test_value_credit_hand_solved(three_paths):
    # mean value per conversion ending in stores = 700/50 = 14, in web = 5; E[value] = 750/300 = 2.5
    credit = markov_attribution(three_paths).set_index("channel")
    # without web: 1/3 * 1/4 * 14 = 7/6; without stores: 2/3 * 1/20 * 5 = 1/6; without catalogue: 2/3*(1/8*14+1/4)
    effects = {"web": 1 - (7 / 6) / 2.5, "stores": 1 - (1 / 6) / 2.5, "catalogue": 1 - (2 / 3 * (14 / 8 + 1 / 4)) / 2.5}
    assert credit["value_removal_effect"].to_dict() == pytest.approx(effects)
    assert credit["value"].sum() == pytest.approx(750.0)


def _brute_force_conversion(table, removed, depth=40):
    """Sum the probability of every walk of the fitted order-1 chain that converts, by enumeration."""
    chain = PathChain(table, 1).fit()
    q = chain.q.toarray()
    states = chain.structure.states
    frontier = {0: 1.0}
    total = 0.0
    for _ in range(depth):
        nxt = {}
        for s, p in frontier.items():
            total += p * chain.conv[s]
            for t in np.flatnonzero(q[s]):
                if removed is not None and removed in states[t]:
                    continue
                nxt[t] = nxt.get(t, 0.0) + p * q[s, t]
        frontier = nxt
    return total


def test_against_brute_force_enumeration():
    paths = pd.DataFrame({"path": ["a > b > c", "b > a", "c > c > a", "a", "b > c > b"],
                          "total_conversions": [5, 3, 2, 4, 1], "total_null": [10, 6, 9, 20, 3]})
    table = as_path_table(paths)
    out = removal_effects(paths)
    base = _brute_force_conversion(table, None)
    assert out.attrs["conversion_probability"] == pytest.approx(base, rel=1e-9)
    for c, effect in enumerate(out["removal_effect"]):
        assert effect == pytest.approx(1 - _brute_force_conversion(table, (c,)[0]) / base, rel=1e-9)


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_chain_reproduces_observed_conversion_rate(planted_journeys, order):
    table = planted_journeys.path_table()
    out = markov_attribution(table, order=order)
    assert out.attrs["conversion_probability"] == pytest.approx(table.total_conversions / table.total_journeys)
    assert out["conversions"].sum() == pytest.approx(table.total_conversions)
    assert out["value"].sum() == pytest.approx(table.values.sum())
    assert (out["conversions"] >= 0).all() and np.isfinite(out["conversions"]).all()


def test_results_never_move_between_runs(planted_journeys):
    first = markov_attribution(planted_journeys, order=2)
    second = markov_attribution(planted_journeys, order=2)
    pd.testing.assert_frame_equal(first, second)


@pytest.mark.parametrize("order", [1, 2])
def test_agrees_with_simulation_within_its_standard_error(planted_journeys, order):
    exact = removal_effects(planted_journeys, order=order)
    simulated = simulate_removal_effects(planted_journeys, n_walks=400_000, order=order, seed=7)
    z = (simulated["removal_effect"] - exact["removal_effect"]) / simulated["standard_error"]
    assert (np.abs(z) < 4).all(), z.tolist()
    # a different seed moves the simulation, never the exact answer
    other = simulate_removal_effects(planted_journeys, n_walks=400_000, order=order, seed=8)
    assert not np.allclose(other["removal_effect"], simulated["removal_effect"], rtol=0, atol=1e-12)


def test_planted_channel_effects_recovered(planted_journeys):
    from paynecrm_kernel.data.sample_company.journeys import planted_attribution

    truth = planted_attribution().set_index("channel")
    estimate = removal_effects(planted_journeys).set_index("channel")
    assert np.abs(estimate["removal_effect"] - truth["removal_effect"]).max() < 0.03
    shares = markov_attribution(planted_journeys).set_index("channel")["share"]
    assert np.abs(shares - truth["share"]).max() < 0.02
    assert shares.idxmax() == "stores"


def test_planted_effects_by_segment(planted_journeys):
    from paynecrm_kernel.data.sample_company.journeys import planted_attribution

    for segment in ("everyday", "trade"):
        truth = planted_attribution(segment).set_index("channel")["removal_effect"]
        estimate = removal_effects(planted_journeys.path_table(segment)).set_index("channel")["removal_effect"]
        assert np.abs(estimate - truth).max() < 0.06, segment


@functools.lru_cache(maxsize=1)
def _second_order_paths(n=20_000, seed=3):
    """Journeys where a touch closes only when the previous touch was in another channel."""
    rng = np.random.default_rng(seed)
    rows = {}
    for _ in range(n):
        path = [rng.choice(["a", "b"])]
        while True:
            switched = len(path) > 1 and path[-1] != path[-2]
            u = rng.random()
            if u < (0.45 if switched else 0.02):
                outcome = "c"
                break
            if u > 0.75:
                outcome = "n"
                break
            path.append(rng.choice(["a", "b"]))
        key = " > ".join(path)
        c, m = rows.get(key, (0, 0))
        rows[key] = (c + (outcome == "c"), m + (outcome == "n"))
    return pd.DataFrame([(k, c, m) for k, (c, m) in rows.items()],
                        columns=["path", "total_conversions", "total_null"])


def test_order_selection_finds_planted_order(planted_journeys):
    assert select_markov_order(planted_journeys).attrs["chosen_order"] == 1
    second = select_markov_order(_second_order_paths())
    assert second.attrs["chosen_order"] == 2
    assert markov_attribution(_second_order_paths(), order="auto").attrs["order"] == 2


def test_removed_channel_only_on_failed_paths_gets_nothing():
    # (in an order-1 chain "display > web" would let display reach a sale through web: keep it a dead end)
    paths = pd.DataFrame({"path": ["web > stores", "display > display", "display"],
                          "total_conversions": [10, 0, 0], "total_null": [5, 8, 20]})
    out = markov_attribution(paths).set_index("channel")
    assert out.loc["display", "conversions"] == 0.0
    assert out["conversions"].sum() == pytest.approx(10)


def test_channels_order_and_unused_channels(three_paths):
    out = markov_attribution(three_paths, channels=["stores", "web", "catalogue", "app"])
    assert out["channel"].tolist() == ["stores", "web", "catalogue", "app"]
    assert out.loc[3, "conversions"] == 0.0
