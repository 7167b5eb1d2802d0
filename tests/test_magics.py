"""The %crm magics in an in-process IPython shell."""
import pytest

IPython = pytest.importorskip("IPython")
from IPython.core.error import UsageError  # noqa: E402
from IPython.testing.globalipapp import start_ipython  # noqa: E402


@pytest.fixture(scope="module")
def shell():
    ip = start_ipython() or IPython.get_ipython()    # the session's shell, started here or by an earlier test
    ip.run_line_magic("load_ext", "paynecrm_kernel")
    return ip


def test_loading_twice_is_harmless(shell):
    shell.run_line_magic("load_ext", "paynecrm_kernel")
    shell.run_line_magic("reload_ext", "paynecrm_kernel")
    assert "crm" in shell.magics_manager.magics["line"]


@pytest.mark.parametrize("line", ["", "dance", "data", "open", "data x.csv --colour red", 'open "unterminated'])
def test_bad_arguments_raise_usage_error(shell, line):
    with pytest.raises(UsageError):
        shell.run_line_magic("crm", line)


def test_open_creates_and_uses_a_workbook(shell, tmp_path, monkeypatch):
    monkeypatch.setenv("PAYNECRM_WORKBOOK", str(tmp_path / "other.json"))
    shell.run_line_magic("crm", f"open {tmp_path / 'team.json'}")
    assert (tmp_path / "team.json").exists()
    from paynecrm_kernel.workbook import default_workbook_path

    assert default_workbook_path() == (tmp_path / "team.json").resolve()


def test_open_of_a_corrupt_file_is_a_usage_error_and_leaves_it(shell, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(UsageError, match="corrupt"):
        shell.run_line_magic("crm", f"open {bad}")
    assert bad.read_text() == "{"


def test_status_without_data_says_how_to_load_it(shell, monkeypatch, tmp_path):
    from paynecrm_kernel import magics

    shown = []
    monkeypatch.setattr(magics, "display", shown.append)
    crm = next(m for m in shell.magics_manager.registry.values() if isinstance(m, magics.CRMMagics))
    monkeypatch.setattr(crm, "transactions", None)           # whatever an earlier test loaded
    monkeypatch.setenv("PAYNECRM_WORKBOOK", str(tmp_path / "none-yet.json"))
    shell.run_line_magic("crm", "status")
    html = shown[-1].data
    assert "Transactions:</b> none loaded" in html and "%crm data PATH" in html


def test_data_of_a_missing_file_is_a_usage_error(shell, tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        shell.run_line_magic("crm", f"data {tmp_path / 'nope.csv'}")


def test_data_loads_validates_and_returns_clean_transactions(shell, tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text("client;order_date;total\nA;2024-01-03;10.5\nB;2024-01-04;20\nA;2024-02-01;5\n")
    clean = shell.run_line_magic("crm", f"data {path} --customer-id client --date order_date --amount total")
    assert list(clean.columns[:3]) == ["customer_id", "date", "amount"]
    assert len(clean) == 3 and clean["amount"].sum() == pytest.approx(35.5)
    shell.run_line_magic("crm", "status")


def test_data_with_bad_rows_names_the_column_and_rows(shell, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("customer,date,amount\nA,2024-01-03,10\nB,not a date,20\nC,2024-01-05,-3\n")
    with pytest.raises(UsageError, match="date") as info:
        shell.run_line_magic("crm", f"data {path}")
    assert "3" in str(info.value)  # the file line of the bad date
    clean = shell.run_line_magic("crm", f"data {path} --exclude-invalid")
    assert list(clean["customer_id"]) == ["A"]
