"""Fault tests on the real engines: workers killed, the broker restarted, an API killed mid-upload, the
same video submitted many times at once. Delivery is at-least-once; the effects must be once.

Each test prints what it measured (run with `-s` to see it). Seeds come from `SCALE_SEED` when set,
so a failing run can be replayed.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from replicast.db.models import Video
from replicast.jobs.config import open_object_store
from replicast.jobs.executors.celery import CeleryExecutor
from replicast.service.apikeys import create_api_key
from replicast.storage.s3 import S3Store

from .cluster import Cluster
from .engines import free_port, require, restart_rabbitmq
from .videos import distinct_copies, recording

pytestmark = pytest.mark.scale


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return recording(tmp_path_factory.mktemp("videos"))


@pytest.fixture
def rng() -> random.Random:
    seed = int(os.environ.get("SCALE_SEED") or random.SystemRandom().randrange(1 << 30))
    print(f"SCALE_SEED={seed}")
    return random.Random(seed)


def _results(cluster: Cluster) -> dict[str, dict[str, int]]:
    """Objects written per result prefix, with how many times each was written."""
    found: dict[str, dict[str, int]] = {}
    for key, count in cluster.versions("results/").items():
        prefix, name = key.split("/", 3)[2], key.split("/", 3)[3]
        found.setdefault(prefix, {})[name] = count
    return found


class _Chaos:
    """kill -9 at random moments: one pool process (the worker replaces it) or a whole worker (replaced
    by a new one), every 1 to 2.5 s, `limit` times, always a worker that is up and running jobs."""

    def __init__(self, cluster: Cluster, rng: random.Random, limit: int, work: str) -> None:
        self.cluster, self.rng, self.limit, self.work = cluster, rng, limit, work
        self.kills: list[str] = []
        self.next_at = time.monotonic() + rng.uniform(0.5, 1.5)

    def tick(self) -> None:
        if len(self.kills) >= self.limit or time.monotonic() < self.next_at:
            return
        self.next_at = time.monotonic() + self.rng.uniform(1.0, 2.5)
        up = [(w, c) for w in self.cluster.workers if w.running_jobs() and (c := w.pool_children())]
        if not up:
            return
        worker, children = self.rng.choice(up)
        if self.rng.random() < 0.6:
            pid = self.rng.choice(children)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            self.kills.append(f"pool process {pid} of {worker.name}")
        else:
            worker.kill()
            self.kills.append(f"all of {worker.name}")
            self.cluster.start_worker(concurrency=2, work=self.work)


def test_workers_killed_at_random_moments_lose_no_job_and_write_each_result_once(
    tmp_path: Path, s3_endpoint: str, video: Path, rng: random.Random
) -> None:
    require("rabbitmq")
    with Cluster.start(
        tmp_path, s3_endpoint, REPLICAST_JOB_LEASE_S="2", REPLICAST_TEST_WORK_SECONDS="1"
    ) as cluster:
        for _ in range(2):
            cluster.start_worker(concurrency=2, work="pretend")
        with cluster.api() as api:
            ids = [api.submit(api.upload(data)) for data in distinct_copies(video, 50)]
        started = time.monotonic()
        chaos = _Chaos(cluster, rng, limit=10, work="pretend")
        jobs = cluster.wait_for(ids, timeout=240, tick=chaos.tick)
        took = time.monotonic() - started
        results = _results(cluster)
        computations = cluster.computations()

    states = [j.state for j in jobs.values()]
    taken_over = sum(1 for j in jobs.values() if j.attempts > 1)
    print(
        f"50 jobs in {took:.1f} s with {len(chaos.kills)} kills ({'; '.join(chaos.kills)}): "
        f"{states.count('succeeded')}/50 succeeded, {taken_over} ran more than once, "
        f"{len(computations)} computations began, {sum(map(len, results.values()))} result objects"
    )
    assert states.count("succeeded") == 50, {j.id: (j.state, j.error_type, j.error) for j in jobs.values()}
    assert len(chaos.kills) >= 4
    assert len(results) == 50 and all("result.json" in objects for objects in results.values())
    written_twice = {(p, n): c for p, objects in results.items() for n, c in objects.items() if c != 1}
    assert written_twice == {}, written_twice


def test_jobs_queued_in_the_broker_survive_its_restart(tmp_path: Path, s3_endpoint: str, video: Path) -> None:
    require("rabbitmq")
    with Cluster.start(tmp_path, s3_endpoint, REPLICAST_JOB_LEASE_S="2") as cluster:
        worker = cluster.start_worker(concurrency=1, work="pretend")
        with cluster.api() as api:
            ids = [api.submit(api.upload(data)) for data in distinct_copies(video, 8)]
        executor = CeleryExecutor.from_settings(cluster.settings)
        time.sleep(1.5)  # the worker is on the first job; the rest wait in the queue
        waiting = executor.queue_depth()
        down = restart_rabbitmq()
        started = time.monotonic()
        jobs = cluster.wait_for(ids, timeout=150)
        took = time.monotonic() - started
        executor.shutdown()
        logs = cluster.logs()
        results = _results(cluster)
        assert worker.alive()

    print(f"broker down {down:.1f} s with {waiting} messages queued; all 8 finished {took:.1f} s after")
    assert waiting >= 5
    assert [j.state for j in jobs.values()].count("succeeded") == 8
    # the broker kept the queued jobs: no sweep had to publish a queued job again (a job that was running
    # when the connection dropped is stopped by its worker and comes back through its lapsed lease)
    assert set(re.findall(r"sweep: \d+ lapsed jobs queued again, (\d+) queued jobs", logs)) <= {"0"}
    assert {c for objects in results.values() for c in objects.values()} == {1}


def test_a_video_that_kills_its_worker_every_time_is_dead_lettered(
    tmp_path: Path, s3_endpoint: str, video: Path
) -> None:
    require("rabbitmq")
    with Cluster.start(
        tmp_path, s3_endpoint, REPLICAST_JOB_LEASE_S="1.5", REPLICAST_JOB_MAX_ATTEMPTS="3"
    ) as cluster:
        worker = cluster.start_worker(concurrency=2, work="poison")
        poison, *good = distinct_copies(video, 3)
        with cluster.api() as api:
            bad_id = api.submit(api.upload(poison, "poison.mp4"))
            good_ids = [api.submit(api.upload(data)) for data in good]
            jobs = cluster.wait_for([bad_id, *good_ids], timeout=120)
            shown = api.client.get(f"/v1/jobs/{bad_id}").json()
        assert worker.alive()

    bad = jobs[bad_id]
    print(f"poison: {bad.state} after {bad.attempts} attempts: {bad.error_type}: {bad.error}")
    assert (bad.state, bad.error_type, bad.attempts) == ("failed", "JobAbandonedError", 3)
    assert shown["state"] == "failed" and shown["error"]["type"] == "JobAbandonedError"
    assert {jobs[j].state for j in good_ids} == {"succeeded"}


def test_the_same_video_submitted_twenty_times_at_once_is_computed_once(
    tmp_path: Path, s3_endpoint: str, video: Path
) -> None:
    require("rabbitmq")
    with Cluster.start(tmp_path, s3_endpoint) as cluster:
        for _ in range(2):
            cluster.start_worker(concurrency=2)  # the real conversion
        with cluster.api() as api:
            video_id = api.upload(video.read_bytes())
            ids: list[str] = []
            barrier = threading.Barrier(20)

            def submit() -> None:
                barrier.wait()
                ids.append(api.submit(video_id))

            threads = [threading.Thread(target=submit) for _ in range(20)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            jobs = cluster.wait_for(ids, timeout=180)
        computations = cluster.computations()
        versions = cluster.versions()

    cached = sum(1 for j in jobs.values() if j.cached)
    print(f"20 submissions: {len(computations)} computation, {cached} answered from the cache at once")
    assert len(ids) == 20 and {j.state for j in jobs.values()} == {"succeeded"}
    assert len({j.result_key for j in jobs.values()}) == 1
    assert len(computations) == 1, computations
    assert versions and set(versions.values()) == {1}


def _serve(cluster: Cluster, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, **cluster.env, "REPLICAST_PORT": str(port)}
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "replicast", "serve"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, log.read_text()
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the API did not become ready"
        time.sleep(0.1)


def _slow_body(data: bytes, pause: float) -> Iterator[bytes]:
    for start in range(0, len(data), 1 << 20):
        time.sleep(pause)
        yield data[start : start + (1 << 20)]


def test_an_api_killed_during_uploads_leaves_no_partial_object(
    tmp_path: Path, s3_endpoint: str, rng: random.Random
) -> None:
    require("postgresql")
    mib = str(5)
    with Cluster.start(
        tmp_path, s3_endpoint, REPLICAST_S3_MULTIPART_THRESHOLD_MB=mib, REPLICAST_S3_PART_SIZE_MB=mib
    ) as cluster:
        key = create_api_key(cluster.db, "acme").text
        port = free_port()
        bodies = [rng.randbytes(12 * 1024 * 1024 + n) for n in range(4)]
        outcomes: list[str] = []
        for round_ in range(3):
            api = _serve(cluster, port, tmp_path / "serve.log")

            def upload(data: bytes, round_: int, pause: float) -> None:
                try:
                    response = httpx.post(
                        f"http://127.0.0.1:{port}/v1/videos",
                        params={"filename": "big.mp4"},
                        headers={"Authorization": f"Bearer {key}"},
                        content=_slow_body(data, pause),
                        timeout=30,
                    )
                    outcomes.append(f"round {round_}: {response.status_code}")
                except httpx.HTTPError as ex:
                    outcomes.append(f"round {round_}: broken ({type(ex).__name__})")

            # one upload slow enough to be cut off for sure; the others end before the kill, or are cut
            # off while they stream or while their multipart upload completes, as the moment falls
            pauses = [0.3] + [rng.uniform(0.0, 0.1) for _ in bodies[1:]]
            threads = [
                threading.Thread(target=upload, args=(b, round_, p))
                for b, p in zip(bodies, pauses, strict=True)
            ]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.2, 1.5))
            os.killpg(api.pid, signal.SIGKILL)
            api.wait()
            for t in threads:
                t.join()

        # the bucket holds whole videos only: each object's bytes hash to its key
        store = open_object_store(cluster.settings)
        assert isinstance(store, S3Store)
        objects = list(store.keys("videos/"))
        for name in objects:
            assert hashlib.sha256(store.get_bytes(name)).hexdigest() == name.rsplit("/", 1)[1], name
        # and every video the database knows is there, whole
        with cluster.db.read() as s:
            rows = list(s.query(Video))
        assert {v.blob_key for v in rows} <= set(objects)
        unfinished = store.client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", [])
        aborted = store.abort_stale_uploads(older_than_s=0)

        api = _serve(cluster, port, tmp_path / "serve.log")  # and the service works again
        try:
            response = httpx.post(
                f"http://127.0.0.1:{port}/v1/videos",
                params={"filename": "big.mp4"},
                headers={"Authorization": f"Bearer {key}"},
                content=bodies[0],
                timeout=60,
            )
            assert response.status_code in (200, 201), response.text
        finally:
            api.send_signal(signal.SIGTERM)
            api.wait(30)

    broken = sum("broken" in o for o in outcomes)
    print(
        f"3 kills during 12 uploads: {broken} broken, {len(outcomes) - broken} completed; "
        f"{len(objects)} whole videos and no partial object in the bucket; {len(unfinished)} unfinished "
        f"multipart uploads (invisible; {aborted} aborted by the sweep)"
    )
    assert broken >= 3
