"""Keep spinners, animations and video players from breaking a screen into keyframes.

A region of the page that changes on nearly every frame for a while (a spinner turning, a CSS
animation, a video playing, a marquee) is no change of state: `freeze_animations` finds such regions on
a grid of `cell`-px cells and holds their luma at what it was when they started moving, so `segment`
sees a still screen there and only the rest of the page can start a gap. RGB is left untouched, so a
keyframe still shows the animation (at some phase).

    frames = freeze_animations(source.frames(), AnimationConfig())
    timeline = segment(frames, SegmentConfig(), width, height)

The rule: a cell is animated once it or a neighbour changed (against the previous frame, over
`threshold` levels) on at least `busy` of the frames of the last `window_s` seconds, for `min_s`
seconds in a row, unless half of what the page shows is (that is the page scrolling); its neighbours
within one cell are held with it. It is released after `release_s` without a change.
Typing never qualifies: a typed character changes the cells it lands on once, and xdotool's 20 keys/s
reach 2 frames in 3 at most. A caret blinks twice a second. Both keep creating changes as before.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from replicast.media.base import Frame, Gray
from replicast.pipeline.fastdiff import BAND, cell_max, changed_bands


@dataclass(frozen=True, slots=True)
class AnimationConfig:
    cell: int = 16
    """grid cell, px."""
    threshold: int = 24
    """luma levels of change, as `ChangeConfig.threshold`."""
    window_s: float = 1.0
    busy: float = 0.75
    """share of the window's frames on which a cell or a neighbour changed (24 fps video in a 30 fps
    recording: 0.8; typing at xdotool's 20 keys/s: 0.67 at most)."""
    min_s: float = 1.5
    """how long a cell must keep changing before it is held (page transitions and smooth scrolls are
    shorter)."""
    release_s: float = 1.0
    max_share: float = 0.5
    """a region that covers this share of the page's drawn cells (not blank) is the page moving (a long
    scroll), not an animation on it."""


@dataclass(slots=True)
class _Grid:
    history: deque[tuple[float, NDArray[np.bool_] | None]]
    """per frame of the window: its time and the cells busy on it (None: none)."""
    count: NDArray[np.int32]
    """per cell: on how many frames of the window it was busy."""
    active: int
    """frames of the window on which some cell was busy."""
    busy_since: NDArray[np.float64]
    last_change: NDArray[np.float64]
    held: NDArray[np.bool_]
    held_any: bool
    frozen: Gray


def freeze_animations(frames: Iterable[Frame], cfg: AnimationConfig | None = None) -> Iterator[Frame]:
    """The frames, with the Y plane of animated regions held still (see the module docstring).

    A frame whose every 4th row equals the previous frame's, with nothing held or released, is
    yielded with `repeat` set.
    """
    cfg = cfg or AnimationConfig()
    prev: Frame | None = None
    grid: _Grid | None = None
    for frame in frames:
        y = frame.y
        if prev is None or prev.y.shape != y.shape or prev.limited != frame.limited:
            prev, grid = frame, _start(y, cfg)
            yield frame
            continue
        assert grid is not None
        # every 4th row, as `segment` first compares (`fastdiff.Reference`): a change it sees shows
        # there, and a frame equal there is one it would find unchanged
        most = float(cv2.norm(prev.y[::4], y[::4], cv2.NORM_INF))
        threshold = frame.levels(cfg.threshold)
        changed = _changed_cells(prev.y, y, threshold, cfg.cell) if most > threshold else None
        prev = frame
        moved = _update(grid, frame.t, changed, frame, cfg)
        # the same rows as the frame yielded before, held where they were
        repeat = most == 0 and not moved
        if not grid.held_any:
            grid.frozen = y
            yield Frame(frame.index, frame.t, y, frame._to_rgb, frame.limited, repeat) if repeat else frame
            continue
        out = np.where(_pixels(grid.held, y.shape, cfg.cell), grid.frozen, y)
        grid.frozen = out
        yield Frame(frame.index, frame.t, out, frame._to_rgb, frame.limited, repeat)


def _start(y: Gray, cfg: AnimationConfig) -> _Grid:
    h, w = y.shape
    shape = (-(-h // cfg.cell), -(-w // cfg.cell))
    return _Grid(
        history=deque(),
        count=np.zeros(shape, np.int32),
        active=0,
        busy_since=np.full(shape, np.inf),
        last_change=np.full(shape, -np.inf),
        held=np.zeros(shape, np.bool_),
        held_any=False,
        frozen=y,
    )


def _changed_cells(a: Gray, b: Gray, threshold: int, c: int) -> NDArray[np.bool_] | None:
    """Cells where `b` differs from `a` by more than `threshold` (None: none), looked for in the bands
    of rows whose every 4th row differs, as `segment` first compares (a moving pointer is one band,
    not the whole frame)."""
    h, w = a.shape
    cells = np.zeros((-(-h // c), -(-w // c)), np.bool_)
    bands = changed_bands(a, b, threshold, band=c * -(-BAND // c), step=4)
    for y0, y1 in bands:
        _, mask = cv2.threshold(cv2.absdiff(a[y0:y1], b[y0:y1]), threshold, 1, cv2.THRESH_BINARY)
        part = cell_max(np.asarray(mask, np.uint8), c) > 0
        cells[y0 // c : y0 // c + part.shape[0]] = part
    return cells if bands else None


def _update(
    grid: _Grid, t: float, changed: NDArray[np.bool_] | None, frame: Frame, cfg: AnimationConfig
) -> bool:
    """Count the frame's changed cells into the window; hold and release cells. True when the cells
    held changed."""
    seen: NDArray[np.bool_] | None = None
    if changed is not None:
        # a spinner's arc ends move from cell to cell: count a cell busy when it or a neighbour changed
        seen = cv2.dilate(changed.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        grid.count += seen
        grid.active += 1
        grid.last_change[seen] = t
    grid.history.append((t, seen))
    while grid.history and grid.history[0][0] < t - cfg.window_s:
        _, old = grid.history.popleft()
        if old is not None:
            grid.count -= old
            grid.active -= 1
    was = grid.held
    n = len(grid.history)
    if not grid.held_any and (n < 3 or grid.active < cfg.busy * n):
        # no cell can be busy (none changed on enough frames) and none is held: a still screen, or a
        # pointer passing by
        grid.busy_since.fill(np.inf)
        return False
    busy = grid.count >= cfg.busy * n if n >= 3 else np.zeros(grid.count.shape, np.bool_)
    grid.busy_since[~busy] = np.inf
    grid.busy_since[busy & np.isinf(grid.busy_since)] = t
    # busy for min_s, counted from the start of the window that first showed it busy
    animated = busy & (t - grid.busy_since >= cfg.min_s - cfg.window_s)
    if animated.any():
        drawn = _drawn(frame.y, cfg.cell, frame.levels(8))
        if (animated & drawn).sum() >= cfg.max_share * max(1, int(drawn.sum())):
            animated[:] = False
    if animated.any():
        animated = cv2.dilate(animated.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    grid.held = (grid.held | animated) & (t - grid.last_change < cfg.release_s)
    grid.held_any = bool(grid.held.any())
    return not np.array_equal(was, grid.held)


def _drawn(y: Gray, c: int, flat: int) -> NDArray[np.bool_]:
    """Cells with something drawn in them (a spread of more than `flat` levels, not a flat colour)."""
    h, w = y.shape
    hh, ww = -(-h // c), -(-w // c)
    padded = cv2.copyMakeBorder(y, 0, hh * c - h, 0, ww * c - w, cv2.BORDER_REPLICATE)
    blocks = padded.reshape(hh, c, ww, c)
    out: NDArray[np.bool_] = (blocks.max(axis=(1, 3)).astype(np.int16) - blocks.min(axis=(1, 3))) > flat
    return out


def _pixels(cells: NDArray[np.bool_], shape: tuple[int, ...], c: int) -> NDArray[np.bool_]:
    big = np.repeat(np.repeat(cells, c, axis=0), c, axis=1)
    out: NDArray[np.bool_] = big[: shape[0], : shape[1]]
    return out
