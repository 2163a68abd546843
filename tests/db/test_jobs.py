"""Job rows: compare-and-set transitions, tenant scoping, cache lookup, pagination."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from replicast.db import Database
from replicast.db.jobs import (
    JobState,
    add_job,
    count_active,
    count_by_state,
    find_cached,
    get_job,
    list_jobs,
    transition,
)
from replicast.db.keys import add_key, get_or_create_tenant, list_keys, revoke_key
from replicast.db.models import Job, utcnow
from replicast.db.videos import add_video
from replicast.errors import NotFoundError


def _setup(db: Database, tenant: str = "acme") -> tuple[str, str, str]:
    with db.write() as s:
        t = get_or_create_tenant(s, tenant)
        key = add_key(s, t.id, f"key{tenant}"[:16].ljust(16, "0"), "0" * 64)
        video, created = add_video(
            s,
            tenant_id=t.id,
            sha256="ab" * 32,
            size=1,
            filename="v.mp4",
            content_type="video/mp4",
            blob_key=f"videos/{t.id}/{'ab' * 32}",
            encrypted=False,
        )
        assert created
        return t.id, key.id, video.id


def _job(db: Database, tenant: str, key: str, video: str, cache: str = "c" * 64) -> str:
    with db.write() as s:
        job = add_job(s, tenant_id=tenant, api_key_id=key, video_id=video, options={}, cache_key=cache)
        return job.id


def test_transition_is_compare_and_set(db: Database) -> None:
    job_id = _job(db, *_setup(db))
    with db.write() as s:
        assert transition(s, job_id, (JobState.QUEUED,), JobState.RUNNING)
    with db.write() as s:
        assert not transition(s, job_id, (JobState.QUEUED,), JobState.RUNNING)  # someone has it already


def test_only_one_of_many_concurrent_claims_wins(db: Database) -> None:
    job_id = _job(db, *_setup(db))
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def claim() -> None:
        barrier.wait()
        with db.write() as s:
            wins.append(transition(s, job_id, (JobState.QUEUED,), JobState.RUNNING))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_another_tenants_job_is_not_found(db: Database) -> None:
    job_id = _job(db, *_setup(db, "acme"))
    other, _, _ = _setup(db, "globex")
    with db.read() as s, pytest.raises(NotFoundError):
        get_job(s, other, job_id)


def test_the_cache_only_finds_the_same_tenants_succeeded_jobs(db: Database) -> None:
    tenant, key, video = _setup(db, "acme")
    other, _, _ = _setup(db, "globex")
    job_id = _job(db, tenant, key, video)
    with db.write() as s:
        assert find_cached(s, tenant, "c" * 64) is None  # queued: not a result yet
        transition(
            s, job_id, (JobState.QUEUED,), JobState.SUCCEEDED, result_key="results/x", finished_at=utcnow()
        )
    with db.read() as s:
        hit = find_cached(s, tenant, "c" * 64)
        assert hit is not None and hit.id == job_id
        assert find_cached(s, other, "c" * 64) is None


def test_a_cache_hit_job_is_born_succeeded_with_the_earlier_result(db: Database) -> None:
    tenant, key, video = _setup(db)
    job_id = _job(db, tenant, key, video)
    with db.write() as s:
        transition(
            s, job_id, (JobState.QUEUED,), JobState.SUCCEEDED, result_key="results/x", summary={"screens": 2}
        )
        earlier = s.get(Job, job_id)
        assert earlier is not None
        hit = add_job(
            s,
            tenant_id=tenant,
            api_key_id=key,
            video_id=video,
            options={},
            cache_key="c" * 64,
            cached_from=earlier,
        )
        assert (hit.state, hit.cached, hit.result_key, hit.summary) == (
            JobState.SUCCEEDED,
            True,
            "results/x",
            {"screens": 2},
        )


def test_active_jobs_count_per_key(db: Database) -> None:
    tenant, key, video = _setup(db)
    ids = [_job(db, tenant, key, video) for _ in range(3)]
    with db.write() as s:
        transition(s, ids[0], (JobState.QUEUED,), JobState.FAILED)
    with db.read() as s:
        assert count_active(s, key) == 2
        assert count_by_state(s)["queued"] == 2
        assert count_by_state(s)["failed"] == 1


def test_pages_walk_every_job_once_newest_first(db: Database) -> None:
    tenant, key, video = _setup(db)
    ids = [_job(db, tenant, key, video) for _ in range(7)]
    with db.write() as s:  # two share a timestamp: the id breaks the tie
        same = utcnow() + timedelta(seconds=5)
        for job_id in ids[-2:]:
            row = s.get(Job, job_id)
            assert row is not None
            row.created_at = same
    seen: list[str] = []
    after = None
    while True:
        with db.read() as s:
            rows = list_jobs(s, tenant, limit=3, after=after)
        if not rows:
            break
        seen += [r.id for r in rows]
        after = (rows[-1].created_at, rows[-1].id)
    assert sorted(seen) == sorted(ids) and len(seen) == len(ids)
    assert set(seen[:2]) == set(ids[-2:])


def test_the_same_bytes_are_one_video_per_tenant(db: Database) -> None:
    tenant, _, video = _setup(db)
    with db.write() as s:
        again, created = add_video(
            s,
            tenant_id=tenant,
            sha256="ab" * 32,
            size=1,
            filename="other-name.mp4",
            content_type="video/mp4",
            blob_key="k",
            encrypted=False,
        )
    assert not created and again.id == video


def test_revoked_keys_are_listed_as_revoked(db: Database) -> None:
    _setup(db)
    with db.write() as s:
        key = list_keys(s)[0].key_id
        assert revoke_key(s, key)
        assert not revoke_key(s, key)  # once
    with db.read() as s:
        assert list_keys(s)[0].revoked_at is not None
