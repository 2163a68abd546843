"""Serve a built app's dist/ on 127.0.0.1 for the length of a `with` block.

    with serve_directory(out / "dist") as url:      # "http://127.0.0.1:43117/"
        page.goto(url + "index.html")

A threaded stdlib server on a port the OS picks, bound to loopback only; it serves files and nothing
else (no directory listings), answers a form POST like a GET (as a static host would show the page), and
is shut down and closed on leaving the block.
"""

from __future__ import annotations

import functools
import http.server
import io
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from replicast.errors import CheckError

log = logging.getLogger(__name__)


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def list_directory(self, path: str | os.PathLike[str]) -> io.BytesIO | None:
        self.send_error(404, "no listing")
        return None

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.command = "GET"
        self.do_GET()


@contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root`; yields its base URL (with a trailing slash). Raises CheckError when `root` is not a
    folder or no port can be bound."""
    if not root.is_dir():
        raise CheckError(f"{root}: no such folder to serve (was the app built?)")
    handler = functools.partial(_StaticHandler, directory=str(root))
    try:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    except OSError as ex:
        raise CheckError(f"could not serve {root} on 127.0.0.1: {ex}") from ex
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="selfcheck-serve", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
