"""The thread-count rule shared by every compiled CLV kernel."""
import numpy as np

from paynecrm_kernel.clv import BetaGeoModel
from paynecrm_kernel._threads import PARALLEL_MIN_ROWS, threads_for


def test_small_work_runs_on_one_thread_unless_asked():
    assert threads_for(10, 0) == 1
    assert threads_for(PARALLEL_MIN_ROWS - 1, 0) == 1
    assert threads_for(PARALLEL_MIN_ROWS, 0) == 0          # 0 = all available, decided by the kernel
    assert threads_for(10, 2) == 2                          # the user's choice wins
    assert threads_for(10 * PARALLEL_MIN_ROWS, 1) == 1


def test_automatic_and_explicit_threads_give_the_same_fit(cdnow_summary):
    auto = BetaGeoModel().fit(cdnow_summary)
    two = BetaGeoModel(n_threads=2).fit(cdnow_summary)
    np.testing.assert_allclose(auto.params, two.params, rtol=1e-6)
    np.testing.assert_allclose(auto.expected_purchases(10, cdnow_summary),
                               two.expected_purchases(10, cdnow_summary), rtol=1e-12)


def test_searches_and_small_scikit_learn_work_run_their_pools_on_one_thread():
    import threadpoolctl

    from paynecrm_kernel._threads import blas_on_one_thread, pools_for

    def blas_threads():
        return {info["num_threads"] for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"}

    before = blas_threads()
    with blas_on_one_thread():
        assert blas_threads() <= {1}
    with pools_for(10):
        assert {info["num_threads"] for info in threadpoolctl.threadpool_info()} <= {1}
    with pools_for(10 * PARALLEL_MIN_ROWS):
        assert blas_threads() == before
    assert blas_threads() == before
