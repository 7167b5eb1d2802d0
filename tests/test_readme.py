"""The README's promises: the two commands come first, and its own-data example runs as printed."""
import re
from pathlib import Path


README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_the_first_lines_give_the_two_commands():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    assert README.index("make demo") < 200


def test_own_data_example_runs_on_a_real_file(tmp_path, monkeypatch):
    from paynecrm_kernel.data import load_cdnow_sample

    sample = load_cdnow_sample()
    sample[["customer_id", "date", "dollar_value"]].to_csv(tmp_path / "sales.csv", index=False)
    block = next(b for b in re.findall(r"```python\n(.*?)```", README, re.S) if "read_transactions(" in b)
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(block, "README.md", "exec"), namespace)
    value = namespace["value"]
    assert len(value) == sample["customer_id"].nunique()
    assert value["clv"].notna().all() and (value["clv"] >= 0).all()
    assert "month" in value.attrs["convention"]
