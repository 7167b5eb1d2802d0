"""Fixtures of the workshop tests: a workshop server in a subprocess, and phones and a facilitator talking to it.

The server is the one ``python -m paynecrm_kernel.workshop`` runs, started through the load benchmark's
:class:`WorkshopServer` (``benchmarks/workshop_load.py``), on 127.0.0.1 only.
"""
import importlib.util
import re
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("workshop_load", ROOT / "benchmarks" / "workshop_load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


workshop_load = _load_benchmark()


class Device:
    """A phone or laptop browser: a cookie jar, the XSRF header, and the workshop's addresses."""

    def __init__(self, server):
        self.server, self.http = server, requests.Session()

    def get(self, path, **kwargs):
        return self.http.get(self.server.base + path, allow_redirects=kwargs.pop("allow_redirects", True),
                             timeout=30, **kwargs)

    def post(self, path, data=None, json=None, **kwargs):
        headers = {"X-XSRFToken": self.http.cookies.get("_xsrf", "")}
        if data is not None:
            data = {**data, "_xsrf": self.http.cookies.get("_xsrf", "")}
        return self.http.post(self.server.base + path, data=data, json=json, headers=headers, timeout=30, **kwargs)

    def join(self, name="", team=""):
        """Open the join link, join, and return the personal code shown."""
        self.get(f"/?code={self.server.code}")
        page = self.post("/join", {"name": name, "team": team})
        assert page.status_code == 200, page.text[:500]
        return re.search(r'class="personal-code">([A-Z0-9-]+)<', page.text).group(1)

    def answer(self, question_id, value):
        return self.post(f"/a/{question_id}", json=value)

    def as_facilitator(self):
        self.get(f"/facilitator?token={self.server.facilitator_token()}")
        return self


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workshop")
    srv = workshop_load.WorkshopServer(folder / "workshop.sqlite", workbook=folder / "workbook.json").start()
    yield srv
    srv.stop()


@pytest.fixture
def device(server):
    return lambda: Device(server)
