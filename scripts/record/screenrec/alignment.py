"""Measure how well the truth's times line up with the video, using a page that changes on cue.

The calibration page (``scripts/record/calibration/``) has four panels: top left flips black/white
every 470 ms of the wall clock, top right on every mousedown, bottom right on every keydown, and
bottom left stays grey for the pointer to move over. Recording it with :func:`record` and finding the
first frame that shows each change gives the *lag*: video time of that frame minus the time the
truth (or the clock) says the change happened.

- ``pointer``: the pointer leaving its resting point at the start of each ``move``. x11grab reads the
  pointer position when it grabs, so this measures the capture clock alone: lags in [0, 1 frame]
  (plus the few ms xdotool takes to start) mean the truth and the video agree.
- ``clock``, ``click``, ``key``: also include Chromium's input and paint latency.

>>> report = calibrate(Path("/tmp/cal"))  # doctest: +SKIP
>>> report.summary()["pointer"]
{'n': 8, 'min': 0.004, 'median': 0.019, 'max': 0.036}

Needs PyAV and numpy (both are replicast dependencies); they are imported lazily.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import RecorderError
from .scenario import Action, Scenario
from .session import record

CALIBRATION_SITE = Path(__file__).resolve().parent.parent / "calibration"
CLOCK_PERIOD_S = 0.47  # must match calibration/index.html

# panels as (x0, y0, x1, y1) fractions of the frame, kept clear of where the pointer rests
_PANELS: dict[str, tuple[float, float, float, float]] = {
    "clock": (0.05, 0.05, 0.45, 0.45),
    "click": (0.55, 0.05, 0.68, 0.18),
    "key": (0.55, 0.60, 0.95, 0.95),
}
# the pointer's box around its hotspot (the arrow extends right and down) and the grey-level change
# that means it moved; H.264 noise on flat panels stays far below
_POINTER_BOX = (-4, -4, 18, 24)
_POINTER_DIFF = 60


@dataclass(frozen=True, slots=True)
class AlignmentReport:
    """Lags (seconds, video time of the first changed frame minus the cue time) per cue kind."""

    lags: Mapping[str, tuple[float, ...]]
    fps: int

    def summary(self) -> dict[str, dict[str, float]]:
        """n, min, median and max lag per kind, rounded to milliseconds."""
        out: dict[str, dict[str, float]] = {}
        for kind, values in self.lags.items():
            if values:
                out[kind] = {
                    "n": len(values),
                    "min": round(min(values), 3),
                    "median": round(statistics.median(values), 3),
                    "max": round(max(values), 3),
                }
            else:
                out[kind] = {"n": 0}
        return out


def calibration_scenario(viewport: tuple[int, int] = (640, 360), cues: int = 4) -> Scenario:
    """Moves, clicks and key presses, with uneven pauses so cues fall at every phase of the frames."""
    w, h = viewport
    button = (round(w * 0.75), round(h * 0.25))
    actions: list[Action] = []
    for i in range(cues):
        x = round(w * (0.12 + 0.25 * (i % 2)))
        actions.append(Action("move", x=x, y=round(h * 0.75), pause=0.37 + 0.041 * i))
        actions.append(Action("click", x=button[0], y=button[1], pause=0.41 + 0.037 * i))
        actions.append(Action("key", key="a", pause=0.43 + 0.029 * i))
    return Scenario(
        site=CALIBRATION_SITE,
        start="index.html",
        viewport=viewport,
        actions=tuple(actions),
        lead_in=0.6,
        tail=0.6,
        pointer=button,
        settle_timeout=2.0,  # the clock panel never stops flipping
        name="calibration",
    )


@dataclass(frozen=True, slots=True)
class _Frames:
    times: list[float]
    gray: list[Any]  # numpy uint8 arrays, one per frame


def _decode(video: Path) -> _Frames:
    try:
        import av
    except ImportError as ex:  # pragma: no cover - replicast always has PyAV
        raise RecorderError("measuring alignment needs PyAV: pip install av") from ex
    frames = _Frames([], [])
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is None:
                raise RecorderError(f"{video}: a frame without a timestamp")
            frames.times.append(float(frame.time))
            frames.gray.append(frame.to_ndarray(format="gray"))
    return frames


def _panel_flips(frames: _Frames, panel: tuple[float, float, float, float]) -> list[tuple[float, bool]]:
    """(time of the first frame showing the new state, white?) for each flip of a panel after frame 0."""
    h, w = frames.gray[0].shape
    x0, y0, x1, y1 = panel
    white = [float(g[int(h * y0) : int(h * y1), int(w * x0) : int(w * x1)].mean()) > 128 for g in frames.gray]
    return [(frames.times[i], white[i]) for i in range(1, len(white)) if white[i] != white[i - 1]]


def _clock_lags(frames: _Frames, epoch0: float) -> list[float]:
    lags = []
    for t, on in _panel_flips(frames, _PANELS["clock"]):
        # white during odd periods; same-parity boundaries are two periods apart, so the nearest
        # one of the right parity is unambiguous for any lag within +-1 period
        k = math.floor((epoch0 + t) / CLOCK_PERIOD_S)
        candidates = [j for j in (k - 1, k, k + 1) if (j % 2 == 1) == on]
        boundary = min(candidates, key=lambda j: abs(epoch0 + t - j * CLOCK_PERIOD_S))
        lags.append(epoch0 + t - boundary * CLOCK_PERIOD_S)
    return lags


def _pointer_lags(frames: _Frames, moves: Sequence[Mapping[str, Any]]) -> list[float]:
    """For each move: first frame after its start in which the pixels around ``from`` change."""
    import numpy as np

    h, w = frames.gray[0].shape
    dx0, dy0, dx1, dy1 = _POINTER_BOX
    lags = []
    for move in moves:
        fx, fy = move["from"]
        box = (slice(max(0, fy + dy0), min(h, fy + dy1)), slice(max(0, fx + dx0), min(w, fx + dx1)))
        # the pointer rests for the whole pause before a move, so start looking a little early
        first = next((i for i, t in enumerate(frames.times) if t >= move["t"] - 0.2), len(frames.times))
        for i in range(max(1, first), len(frames.times)):
            diff = np.abs(frames.gray[i][box].astype(np.int16) - frames.gray[i - 1][box].astype(np.int16))
            if int(diff.max()) > _POINTER_DIFF:
                lags.append(frames.times[i] - float(move["t"]))
                break
        else:
            raise RecorderError(f"the pointer never leaves {move['from']} after t={move['t']}")
    return lags


def measure_alignment(video: Path, truth: Mapping[str, Any]) -> AlignmentReport:
    """Lags of every cue in a recording of the calibration page against the truth / wall clock.

    Raises:
        RecorderError: when the changes on video do not match the cues in the truth.
    """
    frames = _decode(video)
    if not frames.times:
        raise RecorderError(f"{video} has no frames")
    actions = truth["actions"]
    lags: dict[str, tuple[float, ...]] = {
        "pointer": tuple(_pointer_lags(frames, [a for a in actions if a["type"] == "move"])),
        "clock": tuple(_clock_lags(frames, float(truth["alignment"]["capture_start_epoch"]))),
    }
    for kind in ("click", "key"):
        cues = [float(a["t"]) for a in actions if a["type"] == kind]
        flips = _panel_flips(frames, _PANELS[kind])
        if len(flips) != len(cues):
            raise RecorderError(f"{kind}: {len(cues)} cues in the truth but {len(flips)} flips on video")
        lags[kind] = tuple(ft - ct for (ft, _), ct in zip(flips, cues, strict=True))
    return AlignmentReport(lags=lags, fps=int(truth["fps"]))


def calibrate(
    workdir: Path, *, browser: str | None = None, cues: int = 4, viewport: tuple[int, int] = (640, 360)
) -> AlignmentReport:
    """Record the calibration page into ``workdir`` and measure the alignment.

    Raises:
        ToolMissingError, ProcessFailedError: as :func:`record`.
        RecorderError: when the changes on video do not match the cues.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    video = workdir / "calibration.mp4"
    scenario = calibration_scenario(viewport, cues)
    rec = record(scenario, video, workdir / "calibration.truth.json", browser=browser)
    return measure_alignment(video, rec.truth)
