"""A minimal Chrome DevTools Protocol client over Chromium's ``--remote-debugging-pipe``.

Chromium reads protocol commands from its file descriptor 3 and writes replies and events to
descriptor 4, each message one JSON text ending in a NUL byte. That needs no port, no HTTP and no
WebSocket library, so the recorder stays on the standard library. It is used only to read the page
(``Runtime.evaluate``); all input still goes through the real X pointer and keyboard.

>>> pipe = DevToolsPipe()                                   # doctest: +SKIP
>>> proc = spawn([*pipe.launcher(), "chromium", "--remote-debugging-pipe", url], pass_fds=pipe.child_fds)
>>> pipe.connected()
>>> page = pipe.page_session()
>>> pipe.evaluate("document.title", page)
'TodoMVC'
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import select
import time
from typing import Any

from .errors import DevToolsError

log = logging.getLogger(__name__)

#: the pipe ends are kept at or above this descriptor, so moving them onto 3 and 4 in the child
#: cannot overwrite one of them
_LOWEST_FD = 10


def _pipe() -> tuple[int, int]:
    ends = []
    for fd in os.pipe():
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, _LOWEST_FD))
        os.close(fd)
    return ends[0], ends[1]


class DevToolsPipe:
    """The two pipes between the recorder and one Chromium process, and synchronous calls over them.

    Calls are strictly sequential: :meth:`call` writes one command and reads messages until its reply
    arrives, dropping events (no protocol domain is enabled, so there are hardly any).
    """

    def __init__(self, timeout_s: float = 10.0) -> None:
        self.timeout_s = timeout_s
        self._to_child_r, self._to_child_w = _pipe()
        self._from_child_r, self._from_child_w = _pipe()
        self._buffer = b""
        self._next_id = 0

    @property
    def child_fds(self) -> tuple[int, int]:
        """The descriptors the browser process must inherit (pass them as ``pass_fds``)."""
        return self._to_child_r, self._from_child_w

    def launcher(self) -> list[str]:
        """A ``bash -c`` prefix that puts :attr:`child_fds` on the descriptors 3 and 4 Chromium expects.

        bash, not sh: dash cannot redirect descriptors above 9.
        """
        read_fd, write_fd = self.child_fds
        script = f'exec "$@" 3<&{read_fd} 4>&{write_fd} {read_fd}<&- {write_fd}>&-'
        return ["/bin/bash", "-c", script, "bash"]

    def connected(self) -> None:
        """Close the parent's copies of the child's ends, once the browser has been started."""
        for fd in self.child_fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        """Close every descriptor still open."""
        for fd in (self._to_child_r, self._to_child_w, self._from_child_r, self._from_child_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        """Send one command and return its ``result``.

        Raises:
            DevToolsError: on a protocol error reply, a closed pipe or no reply within the timeout.
        """
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_child_w, data) :]
        except OSError as ex:
            raise DevToolsError(f"{method}: cannot write to the browser: {ex}") from ex
        deadline = time.monotonic() + self.timeout_s
        while True:
            reply = self._read_message(deadline, method)
            if reply.get("id") != self._next_id:
                continue  # an event, or the late reply of an earlier call that timed out
            if "error" in reply:
                raise DevToolsError(f"{method}: {reply['error'].get('message', reply['error'])}")
            return reply.get("result", {})

    def _read_message(self, deadline: float, method: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DevToolsError(f"{method}: no reply from the browser within {self.timeout_s:.0f} s")
            ready, _, _ = select.select([self._from_child_r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_child_r, 1 << 16)
            if not chunk:
                raise DevToolsError(f"{method}: the browser closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def page_session(self) -> str:
        """Attach to the (only) page and return the session id to pass to :meth:`evaluate`.

        Raises:
            DevToolsError: when the browser shows no page.
        """
        targets = self.call("Target.getTargets")["targetInfos"]
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise DevToolsError(f"no page among the browser's targets: {[t.get('type') for t in targets]}")
        attached = self.call("Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True})
        session: str = attached["sessionId"]
        return session

    def evaluate(self, expression: str, session: str) -> Any:
        """The JSON value of ``expression`` evaluated in the page's main world.

        Raises:
            DevToolsError: when the expression throws or the call fails.
        """
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self.call("Runtime.evaluate", params, session)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise DevToolsError(f"page script failed: {text}")
        return result.get("result", {}).get("value")
