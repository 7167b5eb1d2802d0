"""In a pre-heated Voilà kernel the workbook is read only once a reader has asked for the page."""
import json
import os
import threading

import pytest
from websockets.sync.server import serve

from paynecrm_kernel.errors import PayneCRMWarning
from paynecrm_kernel.widgets import _preheat as preheat


@pytest.fixture
def fresh_kernel(monkeypatch):
    """A kernel whose reader has not arrived yet and that has no warm-ups registered."""
    preheat.reset()
    yield monkeypatch
    preheat.reset()


@pytest.fixture
def voila_query_server(fresh_kernel):
    """A websocket server that, like Voilà's ``/voila/query/<kernel id>``, sends one request's details."""
    paths = []

    def handler(connection):
        paths.append(connection.request.path)
        connection.send(json.dumps({"QUERY_STRING": "group=blue", "SERVER_NAME": "127.0.0.1"}))

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.socket.getsockname()[1]
        for name, value in {"VOILA_PREHEAT": "True", "VOILA_APP_PORT": str(port), "VOILA_SERVER_URL": "/",
                            "VOILA_KERNEL_ID": "k-123"}.items():
            fresh_kernel.setenv(name, value)
        for name in ("QUERY_STRING", "SERVER_NAME"):
            fresh_kernel.delenv(name, raising=False)
        yield paths
        server.shutdown()


def test_waits_for_the_request_once_and_keeps_its_details(voila_query_server):
    preheat.wait_for_reader()
    preheat.wait_for_reader()
    assert voila_query_server == ["/voila/query/k-123"]
    assert os.environ["QUERY_STRING"] == "group=blue"


def test_warm_ups_run_before_the_wait(voila_query_server):
    order = []
    preheat.before_reader(lambda: order.append(("warm-up", len(voila_query_server))))
    preheat.wait_for_reader()
    assert order == [("warm-up", 0)] and voila_query_server == ["/voila/query/k-123"]


def test_returns_at_once_outside_a_preheated_kernel(fresh_kernel):
    fresh_kernel.setattr(preheat, "receive_request_info", lambda url: pytest.fail("waited"))
    fresh_kernel.delenv("VOILA_PREHEAT", raising=False)
    preheat.wait_for_reader()
    fresh_kernel.setenv("VOILA_PREHEAT", "False")          # what Voilà sets in kernels started for a request
    preheat.wait_for_reader()


def test_an_unreachable_server_is_a_warning_not_a_hang(fresh_kernel):
    with pytest.warns(PayneCRMWarning, match="could not receive the reader's request"):
        assert preheat.receive_request_info("ws://127.0.0.1:9/voila/query/x", open_timeout=1) == {}


def test_the_url_follows_voilas_settings():
    env = {"VOILA_APP_PORT": "9000", "VOILA_SERVER_URL": "/app/", "VOILA_KERNEL_ID": "abc"}
    assert preheat.request_info_url(env) == "ws://127.0.0.1:9000/app/voila/query/abc"
    env |= {"VOILA_WS_PROTOCOL": "wss", "VOILA_APP_IP": "10.0.0.5", "VOILA_WS_BASE_URL": "/ws/"}
    assert preheat.request_info_url(env) == "wss://10.0.0.5:9000/ws/voila/query/abc"


def test_importing_the_widgets_makes_the_workbook_wait_for_the_reader():
    from paynecrm_kernel import widgets
    from paynecrm_kernel.workbook import state

    assert preheat.wait_for_reader in state._ACCESS_HOOKS
    widgets._load_tools()                                   # the warm-up: imports every tool, draws one figure


@pytest.mark.parametrize("first_use", ["read", "write"])
def test_the_workbook_waits_for_the_reader_at_its_first_use_not_when_opened(voila_query_server, tmp_path,
                                                                             monkeypatch, first_use):
    from paynecrm_kernel.workbook import Workbook, state

    monkeypatch.setattr(state, "_CURRENT", {})
    monkeypatch.setenv("PAYNECRM_WORKBOOK", str(tmp_path / "wb.json"))
    wb = Workbook.current()
    assert voila_query_server == []                         # the cells before the first use run ahead
    if first_use == "read":
        assert wb.get("overview.target") is None
    else:
        wb.set("overview.target", "Individualized CRM")
    assert voila_query_server == ["/voila/query/k-123"]


def test_work_after_the_reader_runs_on_arrival_in_order(voila_query_server):
    done = []
    preheat.after_reader(lambda: done.append(("first", len(voila_query_server))))
    preheat.after_reader(lambda: done.append(("second", len(voila_query_server))))
    assert done == []
    preheat.wait_for_reader()
    assert done == [("first", 1), ("second", 1)]
    preheat.after_reader(lambda: done.append("later"))     # once the reader is here: at once
    assert done[-1] == "later"



def test_public_names_stay_the_tools_once_every_tool_module_is_loaded():
    import types

    from paynecrm_kernel import widgets

    widgets._load_tools()                        # what a pre-heated kernel does before its reader arrives
    shadowed = [name for name in widgets._LAZY if isinstance(getattr(widgets, name), types.ModuleType)]
    assert not shadowed, f"a submodule of the same name hides {shadowed}"
