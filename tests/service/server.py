"""A real uvicorn server on 127.0.0.1 (random port) in a background thread, for tests and benches.

with serving(create_app(settings)) as base:          # "http://127.0.0.1:43817"
    httpx.get(f"{base}/healthz")
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


@contextmanager
def serving(app: FastAPI, timeout: float = 60.0) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_config=None, access_log=False, timeout_graceful_shutdown=5)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
        sock.close()


def clear_of_a_window_edge(window_s: float = 60.0, margin_s: float = 15.0) -> None:
    """Wait, if need be, until at least `margin_s` are left in the rate limiter's current fixed window.

    The limiter is a sliding-window counter: it weighs the previous fixed window (aligned to the epoch)
    by how much of it is still in the sliding window and floors the sum, so a burst that straddles a
    window edge is under-counted by a request or two. Tests that count a burst exactly start it clear
    of an edge."""
    left = window_s - time.time() % window_s
    if left < margin_s:
        time.sleep(left + 0.05)
