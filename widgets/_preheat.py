"""Pre-heated Voilà kernels: the work done before a reader arrives, and the wait for that reader.

Voilà can start a notebook's kernel and run its first cells (imports, sample data) before anyone opens the
page ("pre-heated" kernels, ``--preheat_kernel=True``), which then appears at once. When a reader asks for
the page, the Voilà server sends the kernel the request's details (``SERVER_NAME``, ``QUERY_STRING`` ...) on
a websocket, ``<server>/voila/query/<kernel id>``; the kernel learns the server's address and its own id from
the environment variables that Voilà sets for it.

Importing the widgets installs :func:`wait_for_reader` as a workbook access hook
(:func:`paynecrm_kernel.workbook.add_access_hook`): the workbook waits for the reader at its first read or
write (:meth:`Workbook.current <paynecrm_kernel.workbook.Workbook.current>` returns at once), so that every
cell before the first one that shows saved input is computed, and its output rendered, before anyone asks for
the page. The workbook itself knows nothing of Voilà. Work that must see
the reader's workbook but should be ready when the page appears (the tools on the first screen) is registered
with :func:`after_reader`: it runs the moment the reader arrives, while the browser is still loading the app.

Voilà's own ``voila.utils.wait_for_request`` does the same wait, but importing it loads the whole Jupyter
server (about 2 s of CPU in every kernel), at a moment when the machine is busy serving the previous reader.
Here only the ``websockets`` client is needed.
"""
import json
import os
import threading
import warnings

from ..errors import PayneCRMWarning

_READER_ARRIVED = threading.Event()
_WARM_UPS = []
_ON_ARRIVAL = []
#: Seconds to wait for the Voilà server to accept the websocket before giving up (as Voilà does).
OPEN_TIMEOUT = 5.0


def before_reader(warm_up):
    """Register ``warm_up()`` to run in a pre-heated kernel before it waits for its reader.

    Packages that a page will certainly use (the widgets) register the loading of their libraries here,
    so that it happens while nobody is waiting. Returns ``warm_up``.
    """
    if warm_up not in _WARM_UPS:
        _WARM_UPS.append(warm_up)
    return warm_up


def after_reader(callback):
    """Call ``callback()`` as soon as the reader has arrived (at once if they have, or outside Voilà's pre-heat).

    The callbacks run in the order they were registered, inside the first call to :func:`wait_for_reader`
    that returns after the reader's request, so before any later cell of the page.
    """
    if reader_has_arrived():
        callback()
    else:
        _ON_ARRIVAL.append(callback)


def reader_has_arrived():
    """Whether this kernel serves a reader already: always outside a pre-heated Voilà kernel."""
    return _READER_ARRIVED.is_set() or os.environ.get("VOILA_PREHEAT") != "True"


def wait_for_reader():
    """In a pre-heated Voilà kernel, wait until a reader asks for the page.

    Whatever a page shows from the workbook must be read when the reader arrives, not when the kernel was
    started, so the workbook calls this before every read and write.
    It first runs the warm-ups registered with :func:`before_reader`, then puts the request's details
    into ``os.environ``, then runs the callbacks registered with :func:`after_reader`. Outside a pre-heated
    kernel, and after the first call, it returns at once.
    """
    if reader_has_arrived():
        return
    for warm_up in _WARM_UPS:
        warm_up()
    os.environ.update(receive_request_info(request_info_url(os.environ)))
    _READER_ARRIVED.set()
    while _ON_ARRIVAL:
        _ON_ARRIVAL.pop(0)()


def reset():
    """Forget the reader and every registered warm-up and callback (a fresh kernel's state; for tests)."""
    _READER_ARRIVED.clear()
    _WARM_UPS.clear()
    _ON_ARRIVAL.clear()


def request_info_url(env):
    """Return the websocket URL on which the Voilà server sends this kernel its reader's request.

    Parameters
    ----------
    env : Mapping[str, str]
        The kernel's environment: ``VOILA_KERNEL_ID`` and ``VOILA_APP_PORT`` (set by Voilà), optionally
        ``VOILA_APP_IP``, ``VOILA_WS_PROTOCOL`` and ``VOILA_WS_BASE_URL`` or ``VOILA_SERVER_URL``.
    """
    protocol = env.get("VOILA_WS_PROTOCOL", "ws")
    host = env.get("VOILA_APP_IP", "127.0.0.1")
    port = env.get("VOILA_APP_PORT", "8866")
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{host}:{port}{base}voila/query/{env.get('VOILA_KERNEL_ID', '')}"


def receive_request_info(url, open_timeout=OPEN_TIMEOUT):
    """Block until the Voilà server sends the request's details on ``url``; return them as a dict.

    If the server cannot be reached, warn and return ``{}``: the page is then shown without them.
    """
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    try:
        with connect(url, open_timeout=open_timeout) as websocket:
            message = websocket.recv()
    except (OSError, TimeoutError, WebSocketException) as exc:
        warnings.warn(f"could not receive the reader's request from {url}: {exc}", PayneCRMWarning, stacklevel=2)
        return {}
    return {str(k): str(v) for k, v in json.loads(message).items()}
