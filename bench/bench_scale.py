#!/usr/bin/env python3
"""Scale-out on the real engines: a batch through the API with 1, 2 and 4 workers, and the Celery path's
per-job overhead against the local executor, printed as ratios in one run.

Each run gets its own PostgreSQL database, RabbitMQ queue and S3 bucket (moto's server, started here),
like the scale tests (tests/scale/cluster.py). For every worker count it:
  batch      uploads `--videos` distinct recordings (`--seconds` long, `--size`: a synthetic sign-in,
             typing an e-mail address and a click through to a second screen, from
             `replicast.media.synthetic`, remuxed with a different title each, so every one has its own
             bytes and so its own content-addressed result) under a new tenant (no cache hits), starts
             that many `replicast worker` processes (one job each at a time), submits one batch and times
             it to the last job: jobs per minute; lost jobs (not succeeded, or no complete result in the
             bucket); duplicated work (a result computed twice, from the workers' logs, or its manifest
             written twice, from the versioned bucket); and the scaling efficiency:
             throughput(W) / (W x throughput(1))
  overhead   then runs `--overhead-jobs` jobs one after another on the same tiny recording (a new tenant
             each time, so each computes), through the Celery path (API -> RabbitMQ -> worker) and
             through the local executor (API -> in-process pool), and compares their end-to-end latency
             less the job's own run time (`run_job`'s seconds): the per-job cost of each path

`--work pretend` replaces the conversion with a half-second sleep (tests/scale/pretend.py), which
measures the machinery alone; `real` (default) converts. The workers share this machine's cores with
the API, the engines and the load generator: on N cores, more than N busy workers cannot scale (the
core count is printed with the results).

    .venv/bin/python bench/bench_scale.py                         # the issue's run: 1,000 x 5 s 720p
    .venv/bin/python bench/bench_scale.py --videos 100            # the same, a smaller batch
    .venv/bin/python bench/bench_scale.py --first-videos 300      # 1,000 at 2 and 4 workers, 300 at 1
    .venv/bin/python bench/bench_scale.py --videos 40 --seconds 2 --size 640x360
    .venv/bin/python bench/bench_scale.py --videos 400 --work pretend
    .venv/bin/python bench/bench_scale.py --work pretend --pretend-seconds 0.1 --overhead-jobs 0
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.scale: the cluster the tests use

from tests.scale.cluster import Cluster
from tests.scale.engines import moto_server
from tests.scale.videos import distinct_copies
from tests.scale.videos import recording as tiny_recording
from tests.service.server import serving

from replicast.media.synthetic import (
    Box,
    Button,
    Click,
    Label,
    Script,
    SyntheticScreen,
    TextInput,
    Type,
    Wait,
    render_video,
)
from replicast.service import create_app
from replicast.service.apikeys import create_api_key


def recording(path: Path, seconds: float, size: tuple[int, int]) -> Path:
    """A synthetic recording `seconds` long: a sign-in screen, an e-mail address typed, a click through
    to an orders screen, and a wait there."""
    w, h = size
    text = max(14, h // 36)

    def box(x: float, y: float, bw: float, bh: float) -> Box:
        return Box(int(x * w), int(y * h), int(bw * w), int(bh * h))

    sign_in = SyntheticScreen(
        "sign-in",
        (
            Label("title", box(0.05, 0.05, 0.4, 0.07), "Sign in", size=text * 2, bold=True, role="heading"),
            TextInput("email", box(0.05, 0.2, 0.3, 0.06), placeholder="Email", size=text),
            Button("go", box(0.05, 0.3, 0.12, 0.06), "Continue", size=text, goto="orders"),
        ),
    )
    orders = SyntheticScreen(
        "orders",
        (
            Label("title", box(0.05, 0.05, 0.4, 0.07), "Orders", size=text * 2, bold=True, role="heading"),
            *(
                Label(f"row{n}", box(0.05, 0.18 + 0.07 * n, 0.4, 0.05), f"Order {1001 + n}", size=text)
                for n in range(4)
            ),
            Button("open", box(0.05, 0.5, 0.15, 0.06), "Open order", size=text),
        ),
    )

    def script(wait: float) -> Script:
        steps = (Click("email"), Type("ada@example.com"), Click("go"), Wait(wait))
        return Script((sign_in, orders), steps)

    # the steps before the wait take a fixed time: render once, then once more to the exact length
    truth = render_video(script(1.0), path, size=size)
    if abs(truth.duration - seconds) > 1 / 30:
        render_video(script(max(0.1, 1.0 + seconds - truth.duration)), path, size=size)
    return path


@contextmanager
def client(base: str, key: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=120) as c:
        yield c


@dataclass(frozen=True, slots=True)
class BatchRun:
    seconds: float
    lost: int
    """jobs that did not succeed, or whose result has no manifest in the bucket"""
    duplicated: int
    """extra computations of a result (workers' logs) plus extra writes of a manifest (bucket versions)"""


def run_batch(
    cluster: Cluster, base: str, videos: list[bytes], workers: int, work: str, pretend_s: float
) -> BatchRun:
    """Upload the videos, start `workers` workers, submit one batch and wait for its last job."""
    key = create_api_key(cluster.db, f"batch-{workers}-{time.monotonic_ns()}").text
    with client(base, key) as c:
        ids = [
            c.post("/v1/videos", params={"filename": f"r{n}.mp4"}, content=v).json()["id"]
            for n, v in enumerate(videos)
        ]
        started_workers = [
            cluster.start_worker(
                concurrency=1,
                work=None if work == "real" else work,
                REPLICAST_LOG_LEVEL="INFO",
                REPLICAST_TEST_WORK_SECONDS=str(pretend_s),
            )
            for _ in range(workers)
        ]
        time.sleep(8)  # let the workers start before the clock does
        started = time.monotonic()
        batch = c.post("/v1/batches", json={"video_ids": ids, "name": f"w{workers}"}).json()
        while not (state := c.get(f"/v1/batches/{batch['id']}").json())["finished"]:
            time.sleep(0.5)
        took = time.monotonic() - started
    for worker in started_workers:
        worker.kill()
    jobs = cluster.jobs(state["job_ids"])
    results = {j.result_key for j in jobs.values() if j.state == "succeeded" and j.result_key}
    manifests = {
        k.removesuffix("/result.json"): n for k, n in cluster.versions().items() if k.endswith("/result.json")
    }
    lost = len(videos) - sum(1 for r in results if manifests.get(r, 0) >= 1)
    computed = Counter(k for k in cluster.computations() if k in results)
    duplicated = sum(n - 1 for n in computed.values()) + sum(
        manifests[r] - 1 for r in results if manifests.get(r, 0) > 1
    )
    return BatchRun(took, lost, duplicated)


def job_overhead(base: str, cluster: Cluster, video: bytes, jobs: int) -> list[float]:
    """Per job: end-to-end latency (submit to succeeded, polled every 10 ms) less the job's run time."""
    overheads = []
    for n in range(jobs):
        key = create_api_key(cluster.db, f"overhead-{time.monotonic_ns()}-{n}").text
        with client(base, key) as c:
            video_id = c.post("/v1/videos", params={"filename": "o.mp4"}, content=video).json()["id"]
            started = time.monotonic()
            job_id = c.post("/v1/jobs", json={"video_id": video_id}).json()["id"]
            while (job := c.get(f"/v1/jobs/{job_id}").json())["state"] in ("queued", "running"):
                time.sleep(0.01)
            latency = time.monotonic() - started
            assert job["state"] == "succeeded", job
            summary = cluster.jobs([job_id])[job_id].summary or {}
            overheads.append(latency - float(summary["seconds"]))
    return overheads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--videos", type=int, default=1000, help="recordings per batch (the issue's: 1000)")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each recording")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--workers", default="1,2,4", help="worker process counts to compare")
    parser.add_argument(
        "--first-videos",
        type=int,
        help="recordings in the first worker count's batch only (default: --videos); its throughput is "
        "the baseline of the efficiencies, and a smaller batch measures it in less time",
    )
    parser.add_argument("--work", choices=["real", "pretend"], default="real")
    parser.add_argument(
        "--pretend-seconds", type=float, default=0.5, help="with --work pretend: each job's sleep"
    )
    parser.add_argument("--overhead-jobs", type=int, default=10)
    args = parser.parse_args()
    if not re.fullmatch(r"\d+x\d+", args.size):
        parser.error("--size is WIDTHxHEIGHT, e.g. 1280x720")
    width, height = (int(x) for x in args.size.split("x"))
    counts = [int(x) for x in args.workers.split(",")]
    work = f"pretend ({args.pretend_seconds:g} s sleep)" if args.work == "pretend" else "real conversion"

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp, moto_server() as s3:
        root = Path(tmp)
        source = recording(root / "rec.mp4", args.seconds, (width, height))
        videos = distinct_copies(source, args.videos)
        tiny = distinct_copies(tiny_recording(root), 1)[0]
        with Cluster.start(
            root,
            s3,
            REPLICAST_MAX_BATCH_VIDEOS=str(max(500, args.videos)),
            REPLICAST_JOB_QUOTA=str(max(500, args.videos) * 2),
            REPLICAST_LOG_LEVEL="WARNING",
        ) as cluster:
            print(
                f"{args.videos} recordings of {args.seconds:g} s at {args.size} "
                f"({len(videos[0]) / 1024:.0f} KiB each), work: {work}, "
                f"PostgreSQL + RabbitMQ + S3 (moto); {len(os.sched_getaffinity(0))} CPU cores, "
                f"load average {os.getloadavg()[0]:.2f} at the start"
            )
            with serving(create_app(cluster.settings)) as base:
                rates: dict[int, float] = {}
                for workers in counts:
                    first = workers == counts[0] and args.first_videos
                    batch = videos[: args.first_videos] if first else videos
                    run = run_batch(cluster, base, batch, workers, args.work, args.pretend_seconds)
                    rates[workers] = len(batch) / run.seconds
                    efficiency = rates[workers] / (workers * rates[counts[0]] / counts[0])
                    print(
                        f"  {workers} worker(s), {len(batch)} jobs: {run.seconds:7.1f} s, "
                        f"{rates[workers] * 60:7.1f} jobs/min, "
                        f"lost {run.lost}, duplicated {run.duplicated}, scaling efficiency {efficiency:.2f}"
                        f" (load average {os.getloadavg()[0]:.2f})",
                        flush=True,
                    )
                if args.overhead_jobs < 1:
                    return
                celery_worker = cluster.start_worker(concurrency=1)
                time.sleep(8)
                celery = job_overhead(base, cluster, tiny, args.overhead_jobs)
                celery_worker.kill()
            local_settings = cluster.settings.model_copy(update={"executor": "local", "workers": 1})
            with serving(create_app(local_settings)) as base:
                local = job_overhead(base, cluster, tiny, args.overhead_jobs)
        c50, l50 = statistics.median(celery), statistics.median(local)
        print(
            f"  per-job overhead (latency less run time, median of {args.overhead_jobs}): "
            f"celery {c50 * 1000:.0f} ms, local {l50 * 1000:.0f} ms, ratio {c50 / l50:.2f}"
        )


if __name__ == "__main__":
    main()
