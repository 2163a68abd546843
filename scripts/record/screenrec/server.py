"""Serve a static folder on 127.0.0.1 from a background thread, remembering which paths were fetched.

>>> with StaticServer(Path("samples/app")) as server:  # doctest: +SKIP
...     server.url("index.html")
'http://127.0.0.1:41234/index.html'
"""

from __future__ import annotations

import functools
import logging
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

log = logging.getLogger(__name__)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static file handler that logs through ``logging``, disables caching and records request paths."""

    requested: list[str]

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("http: " + format, *args)

    def do_GET(self) -> None:
        self.requested.append(self.path)
        super().do_GET()

    def do_POST(self) -> None:
        # a static template's form posts to a page (e.g. action="index.html"): show that page
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.command = "GET"
        self.do_GET()


class StaticServer:
    """A threaded ``http.server`` on a random free port of 127.0.0.1, serving ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requested: list[str] = []
        handler = type("_Handler", (_QuietHandler,), {"requested": self.requested})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="screenrec-http", daemon=True)

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` (relative to the served folder)."""
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def start(self) -> StaticServer:
        """Start serving in a daemon thread."""
        self._thread.start()
        log.debug("serving %s on port %d", self.root, self.port)
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(timeout=5)
        self._httpd.server_close()

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
