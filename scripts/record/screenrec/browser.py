"""Debian's Chromium in kiosk mode, filling the X screen with the page viewport and no browser chrome.

The window is a ``--kiosk`` window (no tabs, omnibox or infobars, and no status bubble showing a
hovered link's URL in the bottom-left corner, which an ``--app`` window draws and the eval recordings
do not show) forced to exactly the screen size, so the page viewport is the whole frame and one CSS
pixel is ``scale`` x ``scale`` video pixels (1; 2 for a HiDPI screen). With ``devtools=True`` the page
can also be read through :class:`~screenrec.devtools.DevToolsPipe` (for UI-state snapshots).
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from .capture import grab_frame
from .devtools import DevToolsPipe
from .errors import ProcessFailedError
from .processes import log_tail, spawn, stop_group
from .xdo import Xdo

log = logging.getLogger(__name__)

#: flags that keep the window bare and the run quiet, deterministic and offline
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--no-sandbox",  # runs as root in CI containers
    "--test-type",  # hides the "unsupported command-line flag: --no-sandbox" infobar
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-translate",
    "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
    "--disable-search-engine-choice-screen",
    "--no-first-run",
    "--no-default-browser-check",
    "--noerrdialogs",
    "--hide-crash-restore-bubble",
    "--disable-session-crashed-bubble",
    "--password-store=basic",
    "--use-mock-keychain",
    "--mute-audio",
    "--lang=en-US",
    "--window-position=0,0",
)


class Browser:
    """A Chromium process showing ``url`` in a kiosk window of exactly ``size`` (screen px) on ``display``,
    at device scale factor ``scale``."""

    def __init__(
        self,
        binary: str,
        url: str,
        size: tuple[int, int],
        *,
        display: str,
        xdo: Xdo,
        workdir: Path,
        ffmpeg: str,
        loaded: Callable[[], bool] = lambda: True,
        timeout_s: float = 30.0,
        settle_timeout_s: float = 30.0,
        devtools: bool = False,
        scale: int = 1,
    ) -> None:
        self.binary = binary
        self.url = url
        self.size = size
        self.display = display
        self.xdo = xdo
        self.profile = workdir / "profile"
        self.log_path = workdir / "chromium.log"
        self.ffmpeg = ffmpeg
        self.loaded = loaded
        self.timeout_s = timeout_s
        self.settle_timeout_s = settle_timeout_s
        self.window = ""
        self.devtools = DevToolsPipe() if devtools else None
        self.scale = scale
        self._proc: subprocess.Popen[bytes] | None = None

    def argv(self) -> list[str]:
        """The Chromium command line."""
        w, h = self.size
        return [
            self.binary,
            *CHROMIUM_FLAGS,
            f"--force-device-scale-factor={self.scale}",
            f"--window-size={w},{h}",
            f"--user-data-dir={self.profile}",
            *(["--remote-debugging-pipe"] if self.devtools is not None else []),
            "--kiosk",
            self.url,
        ]

    def start(self) -> Browser:
        """Launch Chromium, fit its window to the screen and wait until the page has settled.

        Raises:
            ProcessFailedError: when Chromium exits or its window does not appear in time.
        """
        self.profile.mkdir(parents=True, exist_ok=True)
        env = {**self.xdo.env, "LANG": "en_US.UTF-8", "LANGUAGE": "en_US"}
        if self.devtools is None:
            proc = self._proc = spawn(self.argv(), log_path=self.log_path, env=env)
        else:
            argv = [*self.devtools.launcher(), *self.argv()]
            proc = self._proc = spawn(argv, log_path=self.log_path, env=env, pass_fds=self.devtools.child_fds)
            self.devtools.connected()
        try:
            self.window = self.xdo.find_window(proc.pid, self.timeout_s, alive=lambda: proc.poll() is None)
            self.xdo.fit_window(self.window, self.size)
            self.wait_until_settled()
        except ProcessFailedError as ex:
            self.stop()
            raise ProcessFailedError(f"{ex}\n{self.binary} log:\n{log_tail(self.log_path)}") from ex
        except BaseException:
            self.stop()
            raise
        log.info("chromium showing %s in window %s", self.url, self.window)
        return self

    def wait_until_settled(self, stable_s: float = 0.6, min_wait_s: float = 1.0) -> bool:
        """Wait until ``loaded()`` holds and the screen has not changed for ``stable_s``.

        Returns False (and logs a warning) when the page keeps changing past the timeout, e.g. an
        animation; the recording then goes on anyway.
        """
        start = time.monotonic()
        last_digest, last_change = "", start
        while time.monotonic() - start < self.settle_timeout_s:
            frame = grab_frame(self.ffmpeg, self.display, self.size, self.xdo.env)
            digest = hashlib.blake2b(frame, digest_size=16).hexdigest()
            now = time.monotonic()
            if digest != last_digest or not self.loaded():
                last_digest, last_change = digest, now
            elif now - last_change >= stable_s and now - start >= min_wait_s:
                return True
            time.sleep(0.1)
        log.warning("page still changing after %.1f s; recording anyway", self.settle_timeout_s)
        return False

    def stop(self) -> None:
        """Close the browser (the whole process group)."""
        stop_group(self._proc)
        self._proc = None
        if self.devtools is not None:
            self.devtools.close()

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
