"""A private X server (Xvfb) on a free display number, for the browser to draw into.

>>> with VirtualDisplay("/usr/bin/Xvfb", (1280, 720), workdir) as display:  # doctest: +SKIP
...     display.name
':1'
"""

from __future__ import annotations

import logging
import os
import select
import subprocess
import time
from pathlib import Path
from types import TracebackType

from .errors import ProcessFailedError
from .processes import log_tail, spawn, stop_group

log = logging.getLogger(__name__)


class VirtualDisplay:
    """Xvfb ``-screen 0 WxHx24``; the server picks a free display itself (``-displayfd``)."""

    def __init__(self, xvfb: str, size: tuple[int, int], workdir: Path, timeout_s: float = 15.0) -> None:
        self.xvfb = xvfb
        self.size = size
        self.log_path = workdir / "xvfb.log"
        self.timeout_s = timeout_s
        self.name = ""
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> VirtualDisplay:
        """Start Xvfb and wait until it reports its display number.

        Raises:
            ProcessFailedError: when Xvfb exits or does not come up within the timeout.
        """
        read_fd, write_fd = os.pipe()
        w, h = self.size
        argv = [
            self.xvfb,
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{w}x{h}x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ]
        try:
            self._proc = spawn(argv, log_path=self.log_path, pass_fds=(write_fd,))
        finally:
            os.close(write_fd)
        try:
            self.name = ":" + self._read_display(read_fd)
        except BaseException:
            self.stop()
            raise
        finally:
            os.close(read_fd)
        log.info("Xvfb %dx%d on display %s", w, h, self.name)
        return self

    def _read_display(self, fd: int) -> str:
        deadline = time.monotonic() + self.timeout_s
        data = b""
        while not data.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(0.0, remaining))
            if not ready:
                raise ProcessFailedError(
                    f"Xvfb did not start within {self.timeout_s:.0f} s:\n{log_tail(self.log_path)}"
                )
            chunk = os.read(fd, 64)
            if not chunk:
                raise ProcessFailedError(f"Xvfb exited while starting:\n{log_tail(self.log_path)}")
            data += chunk
        return data.decode().strip()

    def env(self) -> dict[str, str]:
        """A copy of the environment with ``DISPLAY`` pointing at this server."""
        return {**os.environ, "DISPLAY": self.name}

    def stop(self) -> None:
        """Stop the X server."""
        stop_group(self._proc)
        self._proc = None

    def __enter__(self) -> VirtualDisplay:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
