"""The Dask engine on a dask.distributed cluster of two workers on loopback gives the in-memory result."""
import pytest

from paynecrm_kernel.clv import summarize_transactions
from paynecrm_kernel.scale import analyse_log, summarize

from conftest import CALIBRATION_END, OBSERVATION_END
from test_engines import assert_same_summary


@pytest.mark.slow
def test_two_worker_local_cluster(cdnow_files, cdnow_log, tmp_path):
    distributed = pytest.importorskip("distributed")
    import dask.dataframe as dd

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        frame = dd.read_parquet(str(cdnow_files["folder"]))
        assert frame.npartitions == 4
        options = dict(amount="amount", calibration_end=CALIBRATION_END, observation_end=OBSERVATION_END)
        got = summarize(frame, engine="dask", **options)
        analysis = analyse_log(frame, engine="dask", scores_path=tmp_path / "scores.parquet",
                               calibration_end=CALIBRATION_END, observation_end=OBSERVATION_END)
        workers = client.scheduler_info()["workers"]
        assert len(workers) == 2 and all(address.startswith("tcp://127.0.0.1:") for address in workers)
    assert_same_summary(got, summarize_transactions(cdnow_log, **options), exact_money=False)
    assert analysis.guessed == ("customer_id", "date", "amount") and analysis.customers == 2357
    assert analysis.purchases.params["r"] == pytest.approx(0.243, abs=1e-3)
