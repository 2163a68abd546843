"""Leases for many workers: a claim holds a job while its worker lives, a dead worker's job is taken
over, a job whose worker dies every time is dead-lettered, one result is computed once.

Run on SQLite and on PostgreSQL (a throwaway database), since claims rely on each one's locking.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from replicast.db import Database
from replicast.db.jobs import JobState
from replicast.db.migrate import upgrade
from replicast.db.models import Job
from replicast.errors import StorageUnavailableError
from replicast.jobs.executors import LocalExecutor, execute
from replicast.jobs.lifecycle import JobTracker, cancel_queued_or_running
from replicast.jobs.payload import JobRequest, JobResult
from replicast.pipeline.run import Progress
from tests.scale.engines import throwaway_database

from .rows import queued_jobs


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'jobs.db'}")
    else:
        database = Database(request.getfixturevalue("postgres_url"))
    upgrade(database)
    yield database
    if not database.is_sqlite:
        with database.write() as s:
            s.execute(text("TRUNCATE jobs, batches, videos, api_keys, tenants CASCADE"))
    database.dispose()


def _job(db: Database, job_id: str) -> Job:
    with db.read() as s:
        job = s.get(Job, job_id)
        assert job is not None
        return job


def _result(request: JobRequest) -> JobResult:
    return JobResult(
        job_id=request.job_id,
        result_key=request.result_key,
        files={},
        screens=1,
        events=0,
        built=False,
        seconds=0,
    )


def test_a_live_lease_keeps_other_workers_out(db: Database) -> None:
    [job_id] = queued_jobs(db, 1)
    first, second = JobTracker(db, worker="a"), JobTracker(db, worker="b")
    assert first.try_claim(job_id).request is not None
    claim = second.try_claim(job_id)
    assert claim.request is None and claim.wait_s is not None and 0 < claim.wait_s <= 61
    assert (_job(db, job_id).lease_owner or "").startswith("a/")
    first.close()


def test_a_lapsed_lease_is_taken_over_and_the_old_worker_can_record_nothing(db: Database) -> None:
    [job_id] = queued_jobs(db, 1)
    dead = JobTracker(db, worker="dead", lease_s=0.3)
    request = dead.claim(job_id)
    assert request is not None
    dead.close()  # its heartbeat stops: the worker is gone
    time.sleep(0.5)
    alive = JobTracker(db, worker="alive", lease_s=30)
    taken = alive.try_claim(job_id)
    assert taken.request is not None and taken.request.attempt == 2
    assert not dead.succeed(job_id, _result(request))  # too late: the lease is someone else's
    assert alive.succeed(job_id, _result(taken.request))
    job = _job(db, job_id)
    assert (job.state, job.attempts, job.lease_owner) == ("succeeded", 2, None)
    alive.close()


def test_the_heartbeat_keeps_a_long_job_alive(db: Database) -> None:
    [job_id] = queued_jobs(db, 1)
    worker = JobTracker(db, worker="w", lease_s=0.4)
    assert worker.claim(job_id) is not None
    time.sleep(1.2)  # three lease lengths
    assert JobTracker(db, worker="other").try_claim(job_id).wait_s is not None
    worker.close()


def test_a_cancel_through_the_database_reaches_the_running_worker(db: Database) -> None:
    [job_id] = queued_jobs(db, 1)
    worker = JobTracker(db, worker="w", lease_s=0.2)
    cancelled = threading.Event()
    assert worker.claim(job_id, cancelled) is not None
    assert cancel_queued_or_running(db, job_id)  # e.g. the API, on another machine
    assert cancelled.wait(5)
    worker.close()


def test_a_job_whose_worker_dies_every_time_is_dead_lettered(db: Database) -> None:
    [job_id] = queued_jobs(db, 1)
    for attempt in (1, 2, 3):
        dying = JobTracker(db, worker=f"dies-{attempt}", lease_s=0.2, max_attempts=3)
        claim = dying.try_claim(job_id)
        assert claim.request is not None and claim.request.attempt == attempt
        dying.close()
        time.sleep(0.3)
    last = JobTracker(db, worker="next", max_attempts=3).try_claim(job_id)
    assert (last.request, last.reason, last.wait_s) == (None, "dead-lettered", None)
    job = _job(db, job_id)
    assert (job.state, job.error_type, job.note) == ("failed", "JobAbandonedError", "dead-lettered")
    assert "gave up after 3 attempts" in (job.error or "")


def test_a_sweep_requeues_lapsed_jobs_once_and_dead_letters_worn_out_ones(db: Database) -> None:
    lapsed, worn, fresh = queued_jobs(db, 3)
    # three jobs of one video share a cache key; give them their own so they do not wait on each other
    with db.write() as s:
        for n, job_id in enumerate((lapsed, worn, fresh)):
            row = s.get(Job, job_id)
            assert row is not None
            row.cache_key = f"{n}" * 64
    for job_id in (lapsed, worn):
        dying = JobTracker(db, worker="dies", lease_s=0.2)
        assert dying.claim(job_id) is not None
        dying.close()
    with db.write() as s:
        row = s.get(Job, worn)
        assert row is not None
        row.attempts = 3
    time.sleep(0.3)
    sweeper = JobTracker(db, max_attempts=3)
    results: list[list[str]] = []
    threads = [threading.Thread(target=lambda: results.append(sweeper.sweep(3600))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [j for found in results for j in found] == [lapsed]  # listed by one sweep only
    assert _job(db, lapsed).state == "queued"
    assert (_job(db, worn).state, _job(db, worn).error_type) == ("failed", "JobAbandonedError")
    assert _job(db, fresh).state == "queued"  # never claimed, not stale yet
    assert sorted(sweeper.sweep(requeue_after_s=0.0)) == sorted([fresh, lapsed])  # queued, untouched since


def test_a_job_waits_while_another_computes_the_same_result(db: Database) -> None:
    first, second = queued_jobs(db, 2)  # same video, same options: same cache key
    a, b = JobTracker(db, worker="a"), JobTracker(db, worker="b")
    running = a.claim(first)
    assert running is not None
    claim = b.try_claim(second)
    assert claim.request is None and claim.wait_s is not None and first in claim.reason
    assert a.succeed(first, _result(running))
    assert b.try_claim(second).request is not None
    a.close()
    b.close()


def test_a_transient_error_puts_the_job_back_and_reaches_the_caller(db: Database) -> None:
    [job_id] = queued_jobs(db, 1)

    def store_down(request: JobRequest, report: object, cancelled: threading.Event) -> JobResult:
        raise StorageUnavailableError("the object store is unavailable (503)")

    tracker = JobTracker(db)
    with pytest.raises(StorageUnavailableError):
        execute(tracker, store_down, job_id, threading.Event(), transient=(StorageUnavailableError,))
    job = _job(db, job_id)
    assert (job.state, job.attempts, job.lease_owner) == ("queued", 0, None)
    outcome = execute(tracker, store_down, job_id, threading.Event())  # not transient: the job fails
    assert outcome.state == "failed" and _job(db, job_id).state == "failed"


def test_twenty_jobs_for_one_result_compute_it_once(db: Database) -> None:
    ids = queued_jobs(db, 20)
    published: dict[str, JobResult] = {}
    computed: list[str] = []
    lock = threading.Lock()

    def runner(request: JobRequest, report: object, cancelled: threading.Event) -> JobResult:
        with lock:
            if request.result_key in published:  # what run_job does: a complete result is returned
                return published[request.result_key]
            computed.append(request.job_id)
        time.sleep(0.3)
        result = _result(request)
        with lock:
            published[request.result_key] = result
        return result

    executor = LocalExecutor(JobTracker(db, lease_s=2), runner, workers=4)
    executor.start()
    for job_id in ids:
        executor.submit(job_id)
    deadline = time.monotonic() + 60
    while any(_job(db, j).state in ("queued", "running") for j in ids):
        assert time.monotonic() < deadline, "jobs did not finish"
        time.sleep(0.05)
    executor.shutdown()
    assert len(computed) == 1
    assert {_job(db, j).state for j in ids} == {JobState.SUCCEEDED}


def test_progress_from_a_worker_that_lost_its_lease_is_ignored(db: Database) -> None:
    [job_id] = queued_jobs(db, 1)
    old = JobTracker(db, worker="old", lease_s=0.2)
    assert old.claim(job_id) is not None
    old.close()
    time.sleep(0.3)
    new = JobTracker(db, worker="new")
    assert new.claim(job_id) is not None
    new.progress(job_id, Progress("parse", 1, 2, "new"))
    old.progress(job_id, Progress("decode", 1, 2, "stale"))
    assert _job(db, job_id).note == "new"
    new.close()
