"""Fixtures for the scale tests: the CDNOW 1/10 sample log as files of every kind, and random logs."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import paynecrm_kernel

FILES = Path(paynecrm_kernel.__file__).parent / "data" / "files"
CALIBRATION_END, OBSERVATION_END = "1997-09-30", "1998-06-30"


def read_cdnow_sample():
    """The CDNOW 1/10 sample transaction log: ``customer_id``, ``date`` (YYYYMMDD integers), ``cds``, ``amount``."""
    return pd.read_csv(FILES / "CDNOW_sample.txt", sep=r"\s+", header=None,
                       names=["master_id", "customer_id", "date", "cds", "amount"]).drop(columns="master_id")


def random_log(seed, n_rows=400, n_customers=60, string_ids=False, order="random"):
    """A small log with repeat, same-day and late purchases; amounts in quarters (sums are exact)."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n_customers, n_rows)
    log = pd.DataFrame({
        "customer_id": [f"c{i:03d}" for i in ids] if string_ids else ids,
        "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 120, n_rows), unit="D")
        + pd.to_timedelta(rng.integers(0, 86_400, n_rows), unit="s"),
        "amount": rng.integers(0, 400, n_rows) / 4})
    if order == "date":
        log = log.sort_values("date", kind="stable")
    elif order == "customer":
        log = log.sort_values(["customer_id", "date"], kind="stable")
    return log.reset_index(drop=True)


@pytest.fixture(scope="session")
def cdnow_log():
    return read_cdnow_sample()


@pytest.fixture(scope="session")
def cdnow_files(tmp_path_factory, cdnow_log):
    """The CDNOW sample as one Parquet file, a partitioned Parquet folder (4 parts, rows shuffled) and a CSV."""
    root = tmp_path_factory.mktemp("cdnow")
    log = cdnow_log.assign(date=pd.to_datetime(cdnow_log["date"].astype(str), format="%Y%m%d"))
    log.to_parquet(root / "cdnow.parquet", index=False)
    shuffled = log.sample(frac=1.0, random_state=7).reset_index(drop=True)
    (root / "parts").mkdir()
    for k, rows in enumerate(np.array_split(np.arange(len(shuffled)), 4)):
        shuffled.iloc[rows].to_parquet(root / "parts" / f"part-{k}.parquet", index=False)
    cdnow_log.to_csv(root / "cdnow.csv", index=False)
    return {"parquet": root / "cdnow.parquet", "folder": root / "parts", "csv": root / "cdnow.csv", "frame": log}
