"""Every executor yields results in job order; Dask runs on a real local cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from accord.errors import InputError
from accord.parallel import executor


def _slow_square(x: int) -> int:
    import time

    time.sleep(0.01 * (5 - x % 5))     # later jobs finish first
    return x * x


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c.scheduler_address


@pytest.mark.parametrize("how", [{}, {"threads": 1}, {"threads": 3}, {"workers": 2}])
def test_results_come_back_in_order(how: dict[str, int]) -> None:
    with executor(**how) as run:
        assert list(run.map(_slow_square, list(range(12)))) == [x * x for x in range(12)]


def test_dask_cluster_results_in_order(cluster: str) -> None:
    with executor(cluster=cluster) as run:
        assert run.workers == 2
        assert list(run.map(_slow_square, list(range(12)))) == [x * x for x in range(12)]


def test_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"), \
            executor(cluster="tcp://127.0.0.1:1", timeout=2):
        pass


def test_stopping_early_cancels_the_rest() -> None:
    with executor(workers=2) as run:
        results = run.map(_slow_square, list(range(50)))
        assert next(results) == 0
        results.close()      # what an interrupted consumer does
