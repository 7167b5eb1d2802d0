import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from paynecrm_kernel import cli


def test_info_names_versions_and_openmp(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("paynecrm-workbook ")
    assert "OpenMP: yes" in out or "OpenMP: no" in out
    assert "threads used by default" in out
    assert "pandas" in out and "voila" in out


def test_voila_command_strips_sources_and_binds_loopback(tmp_path):
    command = cli.voila_command(tmp_path, 9123)
    assert "--strip_sources=True" in command
    assert "--Voila.ip=127.0.0.1" in command
    assert "--port=9123" in command
    assert "--Voila.port_retries=0" in command
    assert "--preheat_kernel=True" in command and command[-1] == str(tmp_path)
    assert f"--VoilaKernelManager.fill_delay={cli.REFILL_DELAY}" in command
    assert "--VoilaConfiguration.default_pool_size=4" in cli.voila_command(tmp_path, 9123, pool=4)


def test_voila_command_frees_kernels_and_keeps_tracebacks_in_the_log(tmp_path):
    limits = cli.Limits(max_pages=7, kernel_memory_mb=900, idle_timeout=120, hosts=("workshop.local", "10.0.0.5"))
    command = cli.voila_command(tmp_path, 9123, limits=limits)
    assert "--MappingKernelManager.cull_idle_timeout=120" in command
    assert "--MappingKernelManager.cull_interval=30" in command
    assert "--MappingKernelManager.cull_connected=False" in command        # an open page is never culled
    assert "--VoilaConfiguration.show_tracebacks=False" in command
    assert "--MappingKernelManager.allow_tracebacks=False" in command
    assert "--GuardedVoila.max_pages=7" in command and "--GuardedVoila.kernel_memory_mb=900" in command
    assert "--GuardedVoila.extra_hosts=workshop.local,10.0.0.5" in command
    assert cli.Limits(idle_timeout=2).cull_interval == 1 and cli.Limits(idle_timeout=3600).cull_interval == 60


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


def test_other_devices_are_told_the_addresses_to_use():
    assert cli._urls("127.0.0.1", 8866) == ["http://127.0.0.1:8866/"]
    urls = cli._urls("0.0.0.0", 8866)
    assert urls[-1] == "http://127.0.0.1:8866/" and not any("0.0.0.0" in u for u in urls)


def test_serve_refuses_a_folder_without_notebooks(tmp_path):
    with pytest.raises(SystemExit, match="no notebooks"):
        cli.serve(notebooks=tmp_path)


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


def test_voila_finds_the_workbook_template(monkeypatch):
    from voila.paths import collect_template_paths

    monkeypatch.setenv("JUPYTER_PATH", cli.voila_env()["JUPYTER_PATH"])
    assert "--template=paynecrm" in cli.voila_command(".", 9123)
    paths = collect_template_paths(["voila", "nbconvert"], "paynecrm", prune=True)
    assert (Path(paths[0]) / "index.html.j2").is_file() and Path(paths[0]).name == "paynecrm"
    assert any(Path(p).name == "lab" for p in paths)             # it extends Voilà's "lab" template
