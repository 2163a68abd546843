"""The real engines the scale tests use: PostgreSQL, RabbitMQ and Redis (running on the machine), and
an S3-compatible server the tests start themselves (moto's server mode).

A missing engine skips its tests on a developer's machine and fails them in CI (`CI=true`): a test
suite that quietly skips what it exists to check proves nothing.

    require("postgresql")                          # or fail/skip
    with throwaway_database() as url:              # postgresql+psycopg://.../replicast_t_5f0c...
        ...
    with moto_server() as endpoint:                # http://127.0.0.1:43817
        ...
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ENGINES = {
    "postgresql": ("127.0.0.1", 5432),
    "rabbitmq": ("127.0.0.1", 5672),
    "redis": ("127.0.0.1", 6379),
}
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672//"
REDIS_URL = "redis://127.0.0.1:6379/0"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def reachable(name: str, timeout: float = 2.0) -> bool:
    host, port = ENGINES[name]
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def require(name: str) -> None:
    """Fail (in CI) or skip (elsewhere) unless the engine answers on its port."""
    if reachable(name):
        return
    host, port = ENGINES[name]
    message = f"{name} is not running on {host}:{port}"
    if in_ci():
        pytest.fail(f"{message} (CI=true: the scale tests need it)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test run, dropped afterwards; its URL."""
    import psycopg

    require("postgresql")
    name = f"replicast_t_{secrets.token_hex(6)}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def moto_server(log: Path | None = None) -> Iterator[str]:
    """moto's S3 server in its own process on a free port; its endpoint URL."""
    port = free_port()
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError("moto's server exited at start")
            try:
                httpx.get(f"{endpoint}/moto-api/", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError("moto's server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log is not None and not isinstance(out, int):
            out.close()


def new_bucket(endpoint: str, versioned: bool = False) -> str:
    """A new bucket on the server (versioned: every write of a key is kept, so writes can be counted)."""
    import boto3

    name = f"replicast-{secrets.token_hex(4)}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=name)
    if versioned:
        client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def restart_rabbitmq() -> float:
    """Stop RabbitMQ's application and start it again (the node stays up); seconds it was down.

    Whatever happens, RabbitMQ is left running: other tests, and CI, need it.
    """
    started = time.monotonic()
    try:
        subprocess.run(["rabbitmqctl", "stop_app"], check=True, capture_output=True, timeout=120)
    finally:
        done = subprocess.run(["rabbitmqctl", "start_app"], check=False, capture_output=True, timeout=180)
        if done.returncode != 0:  # the node itself went away: start it again
            subprocess.run(["rabbitmq-server", "-detached"], check=False, capture_output=True, timeout=60)
        subprocess.run(["rabbitmqctl", "await_startup"], check=False, capture_output=True, timeout=180)
        deadline = time.monotonic() + 120
        while not reachable("rabbitmq") and time.monotonic() < deadline:
            time.sleep(0.2)
    return time.monotonic() - started


@contextmanager
def silent_server() -> Iterator[str]:
    """A TCP port that accepts connections and never sends a byte: its `host:port`."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        for conn in held:
            conn.close()
        listener.close()
