"""Drive the real X pointer and keyboard with ``xdotool`` (XTEST), so the video shows true input.

Every method returns the wall-clock span (``time.time()``) it took, which the recorder turns into
video time. Moves glide in ~60 Hz steps inside one ``xdotool`` process so the motion is smooth.
"""

from __future__ import annotations

import logging
import math
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .errors import ProcessFailedError

log = logging.getLogger(__name__)

STEP_S = 1 / 60
TYPE_DELAY_MS = 90
SCROLL_DELAY_MS = 150
DOUBLE_CLICK_DELAY_MS = 80


@dataclass(frozen=True, slots=True)
class Span:
    """Wall-clock seconds (epoch) just before an input command started and just after it ended."""

    start: float
    end: float


def _ease(u: float) -> float:
    """Smoothstep-like ease-in-out so the pointer accelerates and brakes like a hand."""
    return u * u * (3 - 2 * u)


def glide_path(src: tuple[int, int], dst: tuple[int, int], duration_s: float) -> list[tuple[int, int]]:
    """Intermediate pointer positions from ``src`` to ``dst`` (``dst`` included, ``src`` excluded)."""
    steps = max(1, round(duration_s / STEP_S))
    path: list[tuple[int, int]] = []
    for i in range(1, steps + 1):
        u = _ease(i / steps)
        point = (round(src[0] + (dst[0] - src[0]) * u), round(src[1] + (dst[1] - src[1]) * u))
        if not path or path[-1] != point:
            path.append(point)
    if path[-1] != dst:
        path.append(dst)
    return path


def glide_duration(src: tuple[int, int], dst: tuple[int, int]) -> float:
    """How long a move should take: short hops ~0.3 s, across the screen ~0.9 s."""
    distance = math.dist(src, dst)
    return min(0.9, max(0.3, 0.25 + distance / 1800))


class Xdo:
    """Thin wrapper around the ``xdotool`` binary bound to one X display."""

    def __init__(self, xdotool: str, env: Mapping[str, str]) -> None:
        self.xdotool = xdotool
        self.env = dict(env)

    def run(self, args: Sequence[str], timeout_s: float = 60.0) -> str:
        """Run ``xdotool ARGS`` and return its stdout.

        Raises:
            ProcessFailedError: when xdotool fails or times out.
        """
        try:
            done = subprocess.run(
                [self.xdotool, *args],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired as ex:
            raise ProcessFailedError(f"xdotool {' '.join(args[:3])} ... timed out") from ex
        if done.returncode != 0:
            raise ProcessFailedError(f"xdotool {' '.join(args[:3])} ... failed: {done.stderr.strip()}")
        return done.stdout

    def _timed(self, args: Sequence[str], timeout_s: float = 60.0) -> Span:
        start = time.time()
        self.run(args, timeout_s)
        return Span(start, time.time())

    def pointer(self) -> tuple[int, int]:
        """Current pointer position in screen pixels."""
        fields = dict(kv.split(":", 1) for kv in self.run(["getmouselocation"]).split() if ":" in kv)
        return int(fields["x"]), int(fields["y"])

    def warp(self, x: int, y: int) -> None:
        """Jump the pointer to (x, y) without a visible glide (used before recording starts)."""
        # no --sync: it waits for motion, and there is none when the pointer is already there
        self.run(["mousemove", str(x), str(y)])

    def glide(self, src: tuple[int, int], dst: tuple[int, int], duration_s: float | None = None) -> Span:
        """Move the pointer from ``src`` to ``dst`` in small eased steps."""
        duration = glide_duration(src, dst) if duration_s is None else duration_s
        args: list[str] = []
        for x, y in glide_path(src, dst, duration):
            if args:
                args += ["sleep", f"{STEP_S:.4f}"]
            args += ["mousemove", str(x), str(y)]
        return self._timed(args)

    def click(self, button: int = 1, count: int = 1) -> Span:
        """Press and release a mouse button where the pointer is, ``count`` times (2: a double click)."""
        if count == 1:
            return self._timed(["click", str(button)])
        return self._timed(
            ["click", "--repeat", str(count), "--delay", str(DOUBLE_CLICK_DELAY_MS), str(button)]
        )

    def type(self, text: str, delay_ms: int = TYPE_DELAY_MS) -> Span:
        """Type ``text`` key by key, ``delay_ms`` apart."""
        return self._timed(["type", "--delay", str(delay_ms), "--", text])

    def key(self, key: str) -> Span:
        """Press a key or chord by X keysym name (``Return``, ``Escape``, ``ctrl+a``)."""
        return self._timed(["key", "--", key])

    def wheel(self, ticks: int, delay_ms: int = SCROLL_DELAY_MS) -> Span:
        """Turn the wheel ``ticks`` notches: positive scrolls down (button 5), negative up (button 4)."""
        button = "5" if ticks > 0 else "4"
        return self._timed(["click", "--repeat", str(abs(ticks)), "--delay", str(delay_ms), button])

    def find_window(self, pid: int, timeout_s: float, alive: Callable[[], bool] = lambda: True) -> str:
        """The id of the first visible window of process ``pid`` (or of any visible named window).

        Raises:
            ProcessFailedError: when no window appears within ``timeout_s`` or ``alive()`` turns false.
        """
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not alive():
                raise ProcessFailedError("the browser exited before opening a window")
            for query in (["--pid", str(pid)], ["--name", "."]):
                try:
                    ids = self.run(["search", "--onlyvisible", *query], timeout_s=5).split()
                except ProcessFailedError:
                    ids = []  # xdotool search exits 1 when nothing matches yet
                if ids:
                    return ids[-1]
            time.sleep(0.2)
        raise ProcessFailedError(f"no browser window appeared within {timeout_s:.0f} s")

    def window_geometry(self, window: str) -> tuple[int, int, int, int]:
        """(x, y, width, height) of a window."""
        out = self.run(["getwindowgeometry", "--shell", window])
        values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def fit_window(self, window: str, size: tuple[int, int], timeout_s: float = 5.0) -> None:
        """Place ``window`` at (0, 0) with exactly ``size`` and give it the keyboard focus.

        Without a window manager Chromium's fullscreen/app window comes up 1 px short on each side
        (1279x719 on a 1280x720 screen), so the geometry is set explicitly and checked.

        Raises:
            ProcessFailedError: when the window does not take the requested geometry.
        """
        want = (0, 0, size[0], size[1])
        deadline = time.monotonic() + timeout_s
        while True:
            # no --sync: it waits for a ConfigureNotify that never comes when nothing changes
            self.run(["windowmove", window, "0", "0"])
            self.run(["windowsize", window, str(size[0]), str(size[1])])
            time.sleep(0.1)
            got = self.window_geometry(window)
            if got == want:
                break
            if time.monotonic() > deadline:
                raise ProcessFailedError(f"browser window geometry is {got}, wanted {want}")
        self.run(["windowfocus", window])
