"""A chat-completions server for the refinement tests: threaded http.server on 127.0.0.1:0.

    with FakeModel() as model:
        model.mode, model.answer = "good", json.dumps({"edits": [...]})
        client = ChatClient(ProviderConfig(base_url=model.url, model="fake-vl"))

Modes: good (200 with `answer` as the message content, and usage), slow (waits `delay_s` first),
storm (429 with Retry-After: 0 every time), flaky (429 on the first request, then good), garbage (200
with a body that is not JSON), echo-401 (401 whose body repeats the request's headers). Every request
that reaches it is kept in `requests` (path, headers, parsed body).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: Any


class FakeModel:
    def __init__(self) -> None:
        self.mode = "good"
        self.answer = '{"notes": "", "edits": []}'
        self.delay_s = 2.0
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        model = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with model._lock:
                    model.requests.append(Seen(self.path, dict(self.headers), json.loads(raw)))
                    count = len(model.requests)
                model.respond(self, count)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def respond(self, h: BaseHTTPRequestHandler, count: int) -> None:
        mode = self.mode
        if mode == "slow":
            time.sleep(self.delay_s)
        if mode == "storm" or (mode == "flaky" and count == 1):
            self._send(h, 429, {"error": {"message": "slow down"}}, {"Retry-After": "0"})
        elif mode == "garbage":
            self._send_raw(h, 200, b"<html>gateway page</html>", {})
        elif mode == "echo-401":
            sent = h.headers.get("Authorization", "")
            self._send(h, 401, {"error": {"message": f"no such key: {sent}"}}, {})
        else:
            body = {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": self.answer}}],
                "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500},
            }
            self._send(h, 200, body, {})

    def _send(self, h: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str]) -> None:
        self._send_raw(h, status, json.dumps(body).encode(), {"Content-Type": "application/json", **headers})

    @staticmethod
    def _send_raw(h: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str]) -> None:
        try:
            h.send_response(status)
            for k, v in headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass

    def __enter__(self) -> FakeModel:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, ex: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
