"""The Celery executor on the real engines: jobs go from the API through RabbitMQ or Redis to
`replicast worker` processes, and their results land in S3 (moto) once."""

from __future__ import annotations

from pathlib import Path

import pytest

from replicast.jobs.executors.celery import BrokerSettingsError, check_limits, make_celery
from replicast.jobs.executors.celery_worker import backoff
from replicast.settings import Settings

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


def test_a_hard_limit_beyond_the_brokers_redelivery_window_is_refused() -> None:
    settings = Settings.model_validate({"job_timeout_s": 1800, "broker_redelivery_s": 1800})
    with pytest.raises(BrokerSettingsError, match="below the broker's redelivery window"):
        make_celery(settings)
    check_limits(settings.model_copy(update={"broker_redelivery_s": 7200}))


def test_the_celery_settings_that_keep_work_from_being_lost_or_duplicated() -> None:
    conf = make_celery(Settings.model_validate({"broker_url": REDIS_URL, "broker_redelivery_s": 7200})).conf
    assert (conf.task_acks_late, conf.task_reject_on_worker_lost, conf.worker_prefetch_multiplier) == (
        True,
        True,
        1,
    )
    assert conf.task_time_limit == 1800 + 600 < conf.broker_transport_options["visibility_timeout"] == 7200
    assert conf.worker_cancel_long_running_tasks_on_connection_loss
    assert conf.task_default_delivery_mode == "persistent"
    amqp = make_celery(Settings.model_validate({"broker_url": RABBITMQ_URL})).conf
    assert amqp.broker_transport_options == {"confirm_publish": True}


def test_retry_delays_double_with_jitter_up_to_a_cap() -> None:
    for failures, low, high in ((0, 1.0, 2.0), (1, 2.0, 4.0), (3, 8.0, 16.0), (20, 150.0, 300.0)):
        delays = [backoff(failures, 2.0) for _ in range(50)]
        assert all(low <= d <= high for d in delays), (failures, min(delays), max(delays))
    assert len({backoff(2, 2.0) for _ in range(10)}) > 1  # jittered
