#!/usr/bin/env python3
"""The service on loopback: status-endpoint throughput and latency, and upload throughput.

Starts `replicast serve` (a separate process, the embedded default: SQLite, local object store, no rate
limit) on a temporary data folder and measures, in one run:
  status   GET /v1/jobs/{id} at concurrency 50 (one httpx.AsyncClient, 50 connections) for
           `--seconds`: requests per second, p50 and p99 latency (auth and a database read each)
           and the server's CPU time per request (from /proc: what a core's capacity would be)
  upload   POST /v1/videos of a `--mib` MiB file, streamed from disk by curl (httpx without curl),
           against copying the same file on the same filesystem (shutil.copyfile + fsync, what the
           store's durable write costs); once with videos stored plain and once sealed (AES-GCM)
and prints the numbers. The load generator shares the machine's cores with the server.

    .venv/bin/python bench/bench_service.py
    .venv/bin/python bench/bench_service.py --seconds 20 --mib 512 --concurrency 50
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from replicast.db import Database
from replicast.db.migrate import upgrade
from replicast.service.apikeys import create_api_key
from replicast.storage.crypto import new_master_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and its children that have exited (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server(data: Path, encrypt: bool) -> Iterator[tuple[str, str, int]]:
    """A running `replicast serve`: its base URL, an API key and its process id."""
    db = Database(f"sqlite:///{data / 'replicast.db'}")
    upgrade(db)
    key = create_api_key(db, "bench").text
    db.dispose()
    port = free_port()
    env = {
        **os.environ,
        "REPLICAST_DATA_DIR": str(data),
        "REPLICAST_PORT": str(port),
        "REPLICAST_RATE_LIMIT": "",
        "REPLICAST_LOG_LEVEL": "WARNING",
        "REPLICAST_MAX_VIDEO_BYTES": str(8 << 30),
        **({"REPLICAST_ENCRYPTION_KEY": new_master_key()} if encrypt else {}),
    }
    proc = subprocess.Popen([sys.executable, "-m", "replicast", "serve"], env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit("bench_service: the server did not start")
            time.sleep(0.1)
        yield base, key, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


async def hammer(base: str, key: str, path: str, concurrency: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as client:

        async def worker(until: float, record: bool) -> None:
            while time.perf_counter() < until:
                start = time.perf_counter()
                response = await client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"bench_service: {path} answered {response.status_code}")
                if record:
                    latencies.append(time.perf_counter() - start)

        warm = time.perf_counter() + 1.0
        await asyncio.gather(*(worker(warm, False) for _ in range(concurrency)))
        until = time.perf_counter() + seconds
        await asyncio.gather(*(worker(until, True) for _ in range(concurrency)))
    return latencies


def status_bench(base: str, key: str, pid: int, concurrency: int, seconds: float) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as c:
        video = c.post("/v1/videos", params={"filename": "noise.mp4"}, content=os.urandom(4096)).json()["id"]
        job = c.post("/v1/jobs", json={"video_id": video}).json()["id"]
    cpu = cpu_seconds(pid)
    latencies = asyncio.run(hammer(base, key, f"/v1/jobs/{job}", concurrency, seconds))
    cpu = cpu_seconds(pid) - cpu
    q = statistics.quantiles(latencies, n=100)
    print(
        f"status   GET /v1/jobs/{{id}} x{concurrency}: {len(latencies) / seconds:8.0f} req/s   "
        f"p50 {q[49] * 1000:6.1f} ms   p99 {q[98] * 1000:6.1f} ms   "
        f"({len(latencies)} requests in {seconds:g} s)"
    )
    # the warm-up second's requests are in the CPU time too: a slight overestimate per request
    per = cpu / len(latencies)
    print(f"         server CPU {per * 1000:.2f} ms a request (at most {1 / per:.0f} req/s per core)")


def copy_seconds(src: Path, dst: Path) -> float:
    start = time.perf_counter()
    shutil.copyfile(src, dst)
    with dst.open("rb+") as f:
        os.fsync(f.fileno())
    took = time.perf_counter() - start
    dst.unlink()
    return took


def upload_seconds(base: str, key: str, src: Path) -> float:
    curl = shutil.which("curl")
    if curl is not None:
        start = time.perf_counter()
        status = subprocess.run(
            [
                curl,
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-X",
                "POST",
                "-T",
                str(src),
                "-H",
                f"Authorization: Bearer {key}",
                "-H",
                "Content-Type: application/octet-stream",
                f"{base}/v1/videos?filename={src.name}",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        took = time.perf_counter() - start
        if status != "201":
            sys.exit(f"bench_service: upload answered {status}")
        return took
    with (
        httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=600) as c,
        src.open("rb") as f,
    ):
        start = time.perf_counter()
        response = c.post("/v1/videos", params={"filename": src.name}, content=f)
        took = time.perf_counter() - start
    if response.status_code != 201:
        sys.exit(f"bench_service: upload answered {response.status_code}: {response.text}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to measure the status endpoint")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--mib", type=int, default=256, help="size of the uploaded file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        root = Path(tmp)
        src = root / "upload.bin"
        with src.open("wb") as f:
            for _ in range(args.mib):
                f.write(os.urandom(1 << 20))
        copy_seconds(src, root / "warm.bin")  # page cache warm for both sides
        copy = copy_seconds(src, root / "copy.bin")
        print(f"machine  {os.cpu_count()} CPUs; file copy of {args.mib} MiB: {args.mib / copy:7.0f} MiB/s")
        for encrypt in (False, True):
            data = root / ("sealed" if encrypt else "plain")
            data.mkdir()
            with server(data, encrypt) as (base, key, pid):
                if not encrypt:
                    status_bench(base, key, pid, args.concurrency, args.seconds)
                took = upload_seconds(base, key, src)
            label = "sealed" if encrypt else "plain "
            print(
                f"upload   {label} {args.mib} MiB: {args.mib / took:7.0f} MiB/s "
                f"= {copy / took:.2f} x file copy"
            )


if __name__ == "__main__":
    main()
