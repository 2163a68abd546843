"""The Celery executor on the real engines: jobs go from the API through RabbitMQ or Redis to
`replicast worker` processes, and their results land in S3 (moto) once."""

from __future__ import annotations

from pathlib import Path

import pytest

from .cluster import Cluster
from .engines import RABBITMQ_URL, REDIS_URL, require
from .videos import distinct_copies, recording

pytestmark = pytest.mark.scale


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return recording(tmp_path_factory.mktemp("videos"))


@pytest.mark.parametrize("broker", ["rabbitmq", "redis"])
def test_jobs_run_on_workers_and_their_results_land_in_s3_once(
    broker: str, tmp_path: Path, s3_endpoint: str, video: Path
) -> None:
    require(broker)
    with Cluster.start(
        tmp_path, s3_endpoint, broker=RABBITMQ_URL if broker == "rabbitmq" else REDIS_URL
    ) as cluster:
        cluster.start_worker(concurrency=2)
        with cluster.api() as api:
            ids = [api.submit(api.upload(data)) for data in distinct_copies(video, 3)]
            jobs = cluster.wait_for(ids)
            assert {j.state for j in jobs.values()} == {"succeeded"}, [
                (j.error_type, j.error) for j in jobs.values()
            ]
            spec = api.client.get(f"/v1/jobs/{ids[0]}/spec")
            assert spec.status_code == 200 and spec.json()["screens"]
        versions = cluster.versions()
        assert len({k.split("/")[2] for k in versions}) == 3  # three results
        assert set(versions.values()) == {1}, versions  # every object written once
        assert len(cluster.computations()) == 3
