"""In a pre-heated Voilà kernel the workbook is opened only once a reader has asked for the page."""
import voila.utils

from paynecrm_kernel.workbook import state


def test_waits_for_the_reader_once_in_a_preheated_kernel(monkeypatch):
    calls = []
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: calls.append("request"))
    monkeypatch.setattr(state, "_READER_ARRIVED", state.threading.Event())
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    state.wait_for_reader()
    state.wait_for_reader()
    assert calls == ["request"]


def test_returns_at_once_elsewhere(monkeypatch):
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: (_ for _ in ()).throw(AssertionError("waited")))
    monkeypatch.setattr(state, "_READER_ARRIVED", state.threading.Event())
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    state.wait_for_reader()
    monkeypatch.setenv("VOILA_PREHEAT", "False")          # what Voilà sets in kernels started for a request
    state.wait_for_reader()


def test_warm_ups_run_before_the_wait(monkeypatch):
    order = []
    monkeypatch.setattr(voila.utils, "wait_for_request", lambda: order.append("request"))
    monkeypatch.setattr(state, "_READER_ARRIVED", state.threading.Event())
    monkeypatch.setattr(state, "_WARM_UPS", [])
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    state.before_reader(lambda: order.append("warm-up"))
    state.wait_for_reader()
    assert order == ["warm-up", "request"]


def test_the_widgets_register_their_warm_up():
    from paynecrm_kernel import widgets

    assert widgets._load_tools in state._WARM_UPS
    widgets._load_tools()                                   # imports every tool and draws one figure
