import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from paynecrm_kernel import cli, serving


def test_info_names_versions_and_openmp(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("paynecrm-workbook ")
    assert "OpenMP: yes" in out or "OpenMP: no" in out
    assert "threads used by default" in out
    assert "pandas" in out and "voila" in out


def test_serve_help_documents_the_limits(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in ("--max-pages N", "'server is full' page", "--kernel-memory MB", "--idle-timeout SECONDS",
                  "open pages are never stopped", "--host NAME", "SIGTERM or Ctrl-C stops Voilà and every kernel",
                  "docs/serving.md"):
        assert words in text


@pytest.mark.parametrize("options, words", [(["--max-pages", "-1"], "--max-pages must be 0 or more"),
                                            (["--idle-timeout", "0"], "--idle-timeout must be 1 or more"),
                                            (["--kernel-memory", "50"], "too little for a kernel"),
                                            (["--pool", "-2"], "--pool must be 0 or more")])
def test_absurd_limits_are_refused(options, words):
    with pytest.raises(SystemExit, match=words):
        cli.main(["serve", *options])


def test_serve_passes_the_options_on_as_limits(monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "serve", lambda **kwargs: calls.append(kwargs) or 0)
    assert cli.main(["serve", "--port", "9001", "--ip", "0.0.0.0", "--host", "workshop.local", "--pool", "3",
                     "--max-pages", "7", "--kernel-memory", "900", "--idle-timeout", "120"]) == 0
    (call,) = calls
    assert call["limits"] == serving.Limits(max_pages=7, kernel_memory_mb=900, idle_timeout=120,
                                            hosts=("workshop.local",))
    assert (call["port"], call["ip"], call["pool"], call["workbook"], call["notebooks"]) == (9001, "0.0.0.0", 3,
                                                                                           None, None)


def test_parser_rejects_unknown_commands():
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["dance"])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_voila_over_the_notebooks(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello")])
    nbformat.write(nb, tmp_path / "hello.ipynb")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "paynecrm_kernel.cli", "serve", "--port", str(port),
                             "--notebooks", str(tmp_path), "--workbook", str(tmp_path / "wb.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/hello.ipynb", timeout=30) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("voila did not answer within 90 s")
        assert "Hello" in page
    finally:
        import os
        import signal

        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)
