"""Bad files through every engine: a DataValidationError naming the file or partition, the column and the rows."""
import pandas as pd
import pytest

from paynecrm_kernel.errors import DataValidationError
from paynecrm_kernel.scale import summarize

ENGINES = ["duckdb", "dask", "pandas"]

GOOD = {"customer_id": ["1", "2", "1", "3"], "date": ["2024-01-01", "2024-01-02", "2024-01-05", "2024-01-06"],
        "amount": ["10", "20", "5", "7"]}


def bad_log(column, row, value):
    frame = pd.DataFrame(GOOD)
    frame.loc[row, column] = value
    return frame


CASES = [
    ("customer_id", 2, None, "missing id"),
    ("date", 1, "2024-02-31", "unreadable date"),
    ("amount", 3, "abc", "non-numeric"),
    ("amount", 2, "-5", "negative amount"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("column, row, value, words", CASES)
def test_bad_values_name_column_and_rows(tmp_path, engine, column, row, value, words):
    path = tmp_path / "log.parquet"
    bad_log(column, row, value).to_parquet(path, index=False)
    with pytest.raises(DataValidationError, match=words) as info:
        summarize(str(path), amount="amount", engine=engine)
    message = str(info.value)
    assert f"'{column}'" in message and info.value.column == column
    if engine == "duckdb":
        assert f"row {row + 1} of {path}" in message and info.value.rows == [row + 1]
    elif engine == "dask":
        assert f"row {row + 1} of partition 0" in message
    else:
        assert message.startswith(f"{path}: ") and info.value.rows == [row + 1]


def test_csv_errors_name_the_line(tmp_path):
    path = tmp_path / "log.csv"
    bad_log("date", 2, "yesterday").to_csv(path, index=False)
    with pytest.raises(DataValidationError, match=r"line 4 of .*log.csv.*'yesterday'"):
        summarize(str(path), amount="amount")


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_column(tmp_path, engine):
    path = tmp_path / "log.parquet"
    pd.DataFrame(GOOD).to_parquet(path, index=False)
    with pytest.raises(DataValidationError, match="revenue"):
        summarize(str(path), amount="revenue", engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_empty_log(tmp_path, engine):
    path = tmp_path / "log.parquet"
    pd.DataFrame(GOOD).iloc[:0].to_parquet(path, index=False)
    with pytest.raises(DataValidationError, match="empty"):
        summarize(str(path), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_observation_end_before_the_last_purchase(tmp_path, engine):
    path = tmp_path / "log.parquet"
    pd.DataFrame(GOOD).to_parquet(path, index=False)
    with pytest.raises(DataValidationError, match="observation_end"):
        summarize(str(path), observation_end="2024-01-03", engine=engine)


def test_not_a_log_and_corrupt_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="No transaction log"):
        summarize(str(tmp_path / "missing.parquet"))
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    with pytest.raises(DataValidationError, match="could not be read as PARQUET"):
        summarize(str(broken))
    with pytest.raises(DataValidationError, match="path, a folder"):
        summarize(42)
    with pytest.raises(ValueError, match="engine"):
        summarize(str(broken), engine="spark")
