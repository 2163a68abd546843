"""The outermost layer of every request: a request id, latency and error metrics, one access-log line.

A pure ASGI middleware (no response buffering, so progress streams flow). The request id comes from
a well-formed `X-Request-ID` header or is made here; it is sent back in the response and stamped on
every log record of the request. The access log shows the route and the key id, never the key.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from replicast.logs import request_id
from replicast.service.metrics import Metrics

log = logging.getLogger("replicast.service.access")

_GOOD_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        rid = given if _GOOD_ID.fullmatch(given) else secrets.token_hex(8)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe_request(scope["method"], route, status, seconds)
            principal = scope.get("state", {}).get("key_id", "-")
            log.info("%s %s %d %.1f ms key=%s", scope["method"], route, status, seconds * 1000, principal)
            request_id.reset(token)
