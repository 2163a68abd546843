"""A small replicast deployment for the scale tests: the API (in this process, real HTTP), `replicast
worker` processes, PostgreSQL, a broker and an S3 bucket, all configured by environment as in
docs/deploy.md, and isolated from anything else on the machine (own database, queue and bucket).

    with Cluster.start(tmp_path, s3_endpoint, broker=RABBITMQ_URL) as cluster:
        cluster.start_worker()
        with cluster.api() as api:
            job = api.post("/v1/jobs", json={"video_id": api.upload(video)}).json()
        cluster.wait_for([job["id"]])
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import httpx

from replicast.db import Database
from replicast.db.migrate import upgrade
from replicast.db.models import Job
from replicast.service import create_app
from replicast.service.apikeys import create_api_key
from replicast.settings import Settings
from tests.service.server import serving

from .engines import RABBITMQ_URL, new_bucket, throwaway_database

TERMINAL = ("succeeded", "failed", "cancelled")
REPO = Path(__file__).resolve().parents[2]


@dataclass
class Worker:
    name: str
    proc: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.proc.poll() is None

    def pool_children(self) -> list[int]:
        """The worker's live pool processes (its main process's children, not the sandboxes' fork servers,
        not those killed and not yet reaped)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                cmdline = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid and fields[0] != "Z" and b"forkserver" not in cmdline:
                found.append(int(stat.parent.name))
        return found

    def running_jobs(self) -> bool:
        """Whether the worker has begun a job: its pool started and its event loop runs (a pool process
        killed before then stops the whole worker, which a supervisor would start again)."""
        return self.alive() and re.search(rb"job \S+: (computing|result)", self.log.read_bytes()) is not None

    def kill(self) -> None:
        """kill -9 the whole worker: main process, pool processes, sandboxes."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


@dataclass
class Api:
    client: httpx.Client
    base: str

    def upload(self, data: bytes, name: str = "rec.mp4") -> str:
        response = self.client.post("/v1/videos", params={"filename": name}, content=data)
        assert response.status_code in (200, 201), response.text
        video_id: str = response.json()["id"]
        return video_id

    def submit(self, video_id: str) -> str:
        response = self.client.post("/v1/jobs", json={"video_id": video_id})
        assert response.status_code == 202, response.text
        job_id: str = response.json()["id"]
        return job_id


@dataclass
class Cluster:
    root: Path
    db: Database
    env: dict[str, str]
    settings: Settings
    bucket: str
    s3: Any
    workers: list[Worker] = field(default_factory=list)

    @classmethod
    @contextmanager
    def start(
        cls, root: Path, s3_endpoint: str, *, broker: str = RABBITMQ_URL, **overrides: str
    ) -> Iterator[Cluster]:
        bucket = new_bucket(s3_endpoint, versioned=True)
        queue = f"replicast-test-{secrets.token_hex(4)}"
        with throwaway_database() as url:
            env = {
                "REPLICAST_DATABASE_URL": url,
                "REPLICAST_EXECUTOR": "celery",
                "REPLICAST_BROKER_URL": broker,
                "REPLICAST_BROKER_QUEUE": queue,
                "REPLICAST_S3_BUCKET": bucket,
                "REPLICAST_S3_ENDPOINT_URL": s3_endpoint,
                "REPLICAST_S3_REGION": "us-east-1",
                "REPLICAST_S3_ACCESS_KEY_ID": "test",
                "REPLICAST_S3_SECRET_ACCESS_KEY": "test",
                "REPLICAST_OCR_THREADS": "1",
                "REPLICAST_JOB_TIMEOUT_S": "120",
                "REPLICAST_JOB_LEASE_S": "3",
                "REPLICAST_JOB_RETRY_BACKOFF_S": "0.5",
                "REPLICAST_JOB_REQUEUE_AFTER_S": "3600",
                "REPLICAST_JOB_MAX_ATTEMPTS": "5",
                "REPLICAST_RATE_LIMIT": "",
                "REPLICAST_LOG_LEVEL": "INFO",
                "REPLICAST_DATA_DIR": str(root / "api"),
                **overrides,
            }
            settings = Settings.model_validate(
                {k.removeprefix("REPLICAST_").lower(): (v or None) for k, v in env.items()}
            )
            db = Database(url)
            upgrade(db)
            s3 = boto3.client(
                "s3",
                endpoint_url=s3_endpoint,
                region_name="us-east-1",
                aws_access_key_id="test",
                aws_secret_access_key="test",
            )
            cluster = cls(root, db, env, settings, bucket, s3)
            try:
                yield cluster
            finally:
                cluster.stop_workers()
                cluster.drop_queue()
                db.dispose()

    # workers

    def start_worker(self, concurrency: int = 1, work: str | None = None, **overrides: str) -> Worker:
        """A worker process: `replicast worker` itself, or with `work` ("pretend", "poison") the same
        worker around a stand-in for the conversion (`tests.scale.worker`)."""
        n = len(self.workers)
        log = self.root / f"worker-{n}.log"
        env = {
            **os.environ,
            **self.env,
            "REPLICAST_DATA_DIR": str(self.root / f"worker-{n}"),
            "REPLICAST_WORKER_CONCURRENCY": str(concurrency),
            "REPLICAST_TEST_WORK": work or "real",
            **overrides,
        }
        module = "replicast" if work is None else "tests.scale.worker"
        command = [sys.executable, "-m", module] + (["worker"] if work is None else [])
        with log.open("ab") as out:
            proc = subprocess.Popen(
                command,
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(f"worker-{n}", proc, log)
        self.workers.append(worker)
        return worker

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.alive():
                worker.kill()

    def logs(self) -> str:
        return "".join(w.log.read_text(errors="replace") for w in self.workers if w.log.exists())

    def computations(self) -> list[str]:
        """The result keys whose computation began, once per beginning, from every worker's log."""
        return re.findall(r"job \S+: computing (\S+)", self.logs())

    def drop_queue(self) -> None:
        from replicast.jobs.executors.celery import make_celery

        app = make_celery(self.settings)
        queue = self.settings.broker_queue
        try:
            with app.connection_for_write() as conn:
                conn.default_channel.queue_delete(queue)
            if self.settings.broker_url.startswith("redis"):
                import redis

                client = redis.Redis.from_url(self.settings.broker_url)
                client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
                client.close()
        except Exception:  # a test that stopped the broker may leave nothing to delete
            pass
        finally:
            app.close()

    # the API

    @contextmanager
    def api(self, tenant: str = "acme") -> Iterator[Api]:
        app = create_app(self.settings)
        with serving(app) as base:
            key = create_api_key(self.db, tenant).text
            with httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=60
            ) as client:
                yield Api(client, base)

    # the database and the bucket

    def jobs(self, ids: list[str]) -> dict[str, Job]:
        with self.db.read() as s:
            return {j: row for j in ids if (row := s.get(Job, j)) is not None}

    def wait_for(self, ids: list[str], timeout: float = 180.0, tick: object = None) -> dict[str, Job]:
        """The jobs once every one of them has finished. `tick()` is called between looks."""
        deadline = time.monotonic() + timeout
        while True:
            jobs = self.jobs(ids)
            if all(j.state in TERMINAL for j in jobs.values()) and len(jobs) == len(ids):
                return jobs
            if time.monotonic() > deadline:
                states = {
                    j.id: (j.state, j.stage, j.attempts, j.note)
                    for j in jobs.values()
                    if j.state not in TERMINAL
                }
                raise AssertionError(f"jobs did not finish: {states}\n{self.logs()[-6000:]}")
            if callable(tick):
                tick()
            time.sleep(0.2)

    def versions(self, prefix: str = "results/") -> dict[str, int]:
        """How many times each key under `prefix` was written (the bucket keeps every version)."""
        counts: dict[str, int] = {}
        for page in self.s3.get_paginator("list_object_versions").paginate(Bucket=self.bucket, Prefix=prefix):
            for version in page.get("Versions", []):
                counts[version["Key"]] = counts.get(version["Key"], 0) + 1
        return counts
