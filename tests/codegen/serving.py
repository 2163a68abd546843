"""A built app's dist/ served on a free local port, for the browser tests."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from replicast.codegen import build_project, generate_project
from replicast.spec.models import AppSpec


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@contextmanager
def serve_dist(app: Path) -> Iterator[str]:
    """The URL of `app`/dist/index.html while the server runs."""
    handler = functools.partial(_Quiet, directory=str(app / "dist"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextmanager
def built_and_served(spec: AppSpec, project: Path) -> Iterator[str]:
    """`spec` generated into `project` and built: the URL of its dist/ while the server runs."""
    generate_project(spec, project)
    result = build_project(project)
    assert result.ok, result.log_tail
    with serve_dist(project) as url:
        yield url
