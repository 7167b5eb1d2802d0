"""The DuckDB repository: star schema, SQL equal to the pandas path, user files, atomic rebuilds."""
import json
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

from paynecrm_kernel.clv import summarize_transactions
from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.information import QUERIES, SCHEMA, Repository, build_repository


@pytest.fixture(scope="module")
def repository(tmp_path_factory, company, easy_extracts):
    path = build_repository(tmp_path_factory.mktemp("repo") / "customers.duckdb", company=company,
                            extracts=easy_extracts)
    with Repository(path) as repo:
        yield repo


def test_star_schema_tables_and_marts(repository, company):
    tables = repository.tables.set_index("table_name")
    assert set(SCHEMA) <= set(tables.index)
    assert tables.loc["fact_transaction", "rows"] == len(company.transactions)
    assert tables.loc["dim_customer", "rows"] == len(company.customers)
    assert tables.loc["mart_customer_summary", "table_type"] == "VIEW"
    assert {"source_crm", "source_billing", "source_web", "source_call_centre"} <= set(tables.index)
    assert str(repository.metadata["observation_end"].date()) == str(company.transactions["date"].max().date())


def test_customer_summary_in_sql_equals_the_pandas_path(repository, company):
    answer = repository.query("customer_summary")
    assert "mart_customer_summary" in answer.sql
    sql = answer.frame.assign(customer_id=answer.frame["customer_id"].astype(int)).set_index("customer_id")
    reference = summarize_transactions(company.transactions, amount="amount", time_unit="W")
    columns = ["frequency", "recency", "T", "monetary_value"]
    np.testing.assert_allclose(sql.loc[reference.index, columns].to_numpy(float),
                               reference[columns].to_numpy(float), rtol=1e-12, atol=1e-9)


def test_revenue_by_channel_equals_pandas(repository, company):
    frame = repository.query("revenue_by_channel").frame.set_index("channel")
    expected = company.transactions.groupby("channel")["amount"].agg(["sum", "size"])
    np.testing.assert_allclose(frame.loc[expected.index, "revenue"], expected["sum"])
    assert (frame.loc[expected.index, "transactions"] == expected["size"]).all()


def test_identification_share_equals_pandas(repository, company):
    frame = repository.query("identification_by_channel").frame.set_index("channel")
    expected = company.interactions.groupby("channel")["identified"].mean()
    np.testing.assert_allclose(frame.loc[expected.index, "identified_share"], expected)


def test_every_query_runs_and_shows_its_sql(repository):
    for name in QUERIES:
        answer = repository.query(name)
        assert len(answer.frame) > 0 and answer.sql.strip().upper().startswith(("SELECT", "WITH"))
    with pytest.raises(DataValidationError, match="no query"):
        repository.query("everything")
    with pytest.raises(DataValidationError, match="SQL could not run"):
        repository.sql("SELECT nothing FROM nowhere")


def test_readers_cannot_write(repository):
    with pytest.raises(DataValidationError):
        repository.sql("DELETE FROM fact_transaction")


def test_users_files_in_csv_excel_and_parquet(tmp_path):
    frame = pd.DataFrame({"Customer": ["a", "a", "b", "c"], "Order date": ["2024-01-05", "2024-02-01",
                                                                          "2024-01-09", "2024-03-01"],
                          "Value": ["10.00", "20.50", "5", "7.25"], "channel": ["web", "stores", "web", "web"]})
    frame.to_csv(tmp_path / "shop.csv", index=False)
    frame.to_excel(tmp_path / "shop.xlsx", index=False)
    frame.to_parquet(tmp_path / "shop.parquet")
    path = build_repository(tmp_path / "own.duckdb", files=[tmp_path / "shop.csv", tmp_path / "shop.xlsx",
                                                            tmp_path / "shop.parquet"])
    with Repository(path) as repo:
        summary = repo.query("customer_summary").frame
        assert len(summary) == 9 and set(summary["source"]) == {"shop.csv", "shop.xlsx", "shop.parquet"}
        a = summary[summary["customer_id"] == "a"].iloc[0]
        assert a["frequency"] == 1 and a["monetary_value"] == pytest.approx(20.5)
        assert repo.query("revenue_by_channel").frame["revenue"].sum() == pytest.approx(3 * 42.75)


def test_bad_inputs_get_clear_errors(tmp_path):
    with pytest.raises(DataValidationError, match="Nothing to load"):
        build_repository(tmp_path / "x.duckdb")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(DataValidationError, match="empty"):
        build_repository(tmp_path / "x.duckdb", files=[tmp_path / "empty.csv"])
    (tmp_path / "negative.csv").write_text("customer_id,date,amount\n1,2024-01-01,-5\n")
    with pytest.raises(DataValidationError, match="Negative amount"):
        build_repository(tmp_path / "x.duckdb", files=[tmp_path / "negative.csv"])
    assert not list(tmp_path.glob("*.duckdb*")) and not list(tmp_path.glob(".*building*"))
    with pytest.raises(FileNotFoundError, match="build_repository"):
        Repository(tmp_path / "missing.duckdb")


_READER = textwrap.dedent("""
    import json, pathlib, sys
    from paynecrm_kernel.information import Repository
    path, stop = sys.argv[1], pathlib.Path(sys.argv[2])
    reads, errors, builds = 0, [], set()
    while not stop.exists() or reads < 3:
        try:
            with Repository(path) as repo:
                if repo.query("revenue_by_channel").frame["transactions"].sum() <= 0:
                    errors.append("empty answer")
                builds.add(str(repo.metadata["built_at"]))
            reads += 1
        except Exception as exc:
            errors.append(repr(exc))
    print(json.dumps({"reads": reads, "errors": errors[:3], "n_errors": len(errors), "builds": len(builds)}))
""")
_WRITER = textwrap.dedent("""
    import json, sys
    from paynecrm_kernel.data import sample_company
    from paynecrm_kernel.information import build_repository
    for seed in range(int(sys.argv[2])):
        build_repository(sys.argv[1], company=sample_company(seed=seed, n_customers=200, n_units=5,
                                                             n_respondents=5))
    print(json.dumps({"builds": int(sys.argv[2])}))
""")


def test_two_readers_keep_reading_while_one_process_rebuilds(tmp_path):
    from paynecrm_kernel.data import sample_company
    path = build_repository(tmp_path / "shared.duckdb",
                            company=sample_company(seed=99, n_customers=200, n_units=5, n_respondents=5))
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-c", _READER, str(path), str(stop)], stdout=subprocess.PIPE,
                                text=True) for _ in range(2)]
    writer = subprocess.run([sys.executable, "-c", _WRITER, str(path), "3"], capture_output=True, text=True,
                            timeout=300)
    stop.touch()
    assert writer.returncode == 0, writer.stderr
    results = [json.loads(r.communicate(timeout=300)[0]) for r in readers]
    for result in results:
        assert result["n_errors"] == 0, result
        assert result["reads"] > 0
    assert max(r["builds"] for r in results) > 1          # the reads spanned at least one rebuild
    assert not list(tmp_path.glob(".*building*"))
