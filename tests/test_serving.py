"""Voilà as ``paynecrm serve`` runs it: the command line, the limits, the addresses, the template."""
from pathlib import Path

import pytest

from paynecrm_kernel import serving


def test_voila_command_strips_sources_and_binds_loopback(tmp_path):
    command = serving.voila_command(tmp_path, 9123)
    assert "--strip_sources=True" in command
    assert "--Voila.ip=127.0.0.1" in command
    assert "--port=9123" in command
    assert "--Voila.port_retries=0" in command
    assert "--preheat_kernel=True" in command and command[-1] == str(tmp_path)
    assert f"--VoilaKernelManager.fill_delay={serving.REFILL_DELAY}" in command
    assert "--VoilaConfiguration.default_pool_size=4" in serving.voila_command(tmp_path, 9123, pool=4)


def test_voila_command_frees_kernels_and_keeps_tracebacks_in_the_log(tmp_path):
    limits = serving.Limits(max_pages=7, kernel_memory_mb=900, idle_timeout=120, hosts=("workshop.local", "10.0.0.5"))
    command = serving.voila_command(tmp_path, 9123, limits=limits)
    assert "--MappingKernelManager.cull_idle_timeout=120" in command
    assert "--MappingKernelManager.cull_interval=30" in command
    assert "--MappingKernelManager.cull_connected=False" in command        # an open page is never culled
    assert "--VoilaConfiguration.show_tracebacks=False" in command
    assert "--MappingKernelManager.allow_tracebacks=False" in command
    assert "--GuardedVoila.max_pages=7" in command and "--GuardedVoila.kernel_memory_mb=900" in command
    assert "--GuardedVoila.extra_hosts=workshop.local,10.0.0.5" in command
    assert serving.Limits(idle_timeout=2).cull_interval == 1 and serving.Limits(idle_timeout=3600).cull_interval == 60


def test_other_devices_are_told_the_addresses_to_use():
    assert serving._urls("127.0.0.1", 8866) == ["http://127.0.0.1:8866/"]
    urls = serving._urls("0.0.0.0", 8866)
    assert urls[-1] == "http://127.0.0.1:8866/" and not any("0.0.0.0" in u for u in urls)


def test_serve_refuses_a_folder_without_notebooks(tmp_path):
    with pytest.raises(SystemExit, match="no notebooks"):
        serving.serve(notebooks=tmp_path)


def test_voila_finds_the_workbook_template(monkeypatch):
    from voila.paths import collect_template_paths

    monkeypatch.setenv("JUPYTER_PATH", serving.voila_env()["JUPYTER_PATH"])
    assert "--template=paynecrm" in serving.voila_command(".", 9123)
    paths = collect_template_paths(["voila", "nbconvert"], "paynecrm", prune=True)
    assert (Path(paths[0]) / "index.html.j2").is_file() and Path(paths[0]).name == "paynecrm"
    assert any(Path(p).name == "lab" for p in paths)             # it extends Voilà's "lab" template
