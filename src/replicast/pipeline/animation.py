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
    history: deque[tuple[float, NDArray[np.bool_]]]
    busy_since: NDArray[np.float64]
    last_change: NDArray[np.float64]
    held: NDArray[np.bool_]
    frozen: Gray


def freeze_animations(frames: Iterable[Frame], cfg: AnimationConfig | None = None) -> Iterator[Frame]:
    """The frames, with the luma of animated regions held still (see the module docstring)."""
    cfg = cfg or AnimationConfig()
    prev: Gray | None = None
    grid: _Grid | None = None
    for frame in frames:
        luma = frame.luma
        if prev is None or prev.shape != luma.shape:
            prev, grid = luma, _start(luma, cfg)
            yield frame
            continue
        assert grid is not None
        changed = _changed_cells(prev, luma, cfg)
        prev = luma
        _update(grid, frame.t, changed, luma, cfg)
        if not grid.held.any():
            grid.frozen = luma
            yield frame
            continue
        held = _pixels(grid.held, luma.shape, cfg.cell)
        out = np.where(held, grid.frozen, luma)
        grid.frozen = out
        yield Frame(frame.index, frame.t, out, frame._to_rgb)


def _start(luma: Gray, cfg: AnimationConfig) -> _Grid:
    h, w = luma.shape
    shape = (-(-h // cfg.cell), -(-w // cfg.cell))
    return _Grid(
        history=deque(),
        busy_since=np.full(shape, np.inf),
        last_change=np.full(shape, -np.inf),
        held=np.zeros(shape, np.bool_),
        frozen=luma,
    )


def _changed_cells(a: Gray, b: Gray, cfg: AnimationConfig) -> NDArray[np.bool_]:
    c = cfg.cell
    h, w = a.shape
    shape = (-(-h // c), -(-w // c))
    d = cv2.absdiff(a, b)
    if int(d.max()) <= cfg.threshold:
        return np.zeros(shape, np.bool_)
    _, mask = cv2.threshold(d, cfg.threshold, 1, cv2.THRESH_BINARY)
    padded = cv2.copyMakeBorder(mask, 0, shape[0] * c - h, 0, shape[1] * c - w, cv2.BORDER_CONSTANT, value=0)
    grown = cv2.dilate(padded, np.ones((c, c), np.uint8), anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)
    cells: NDArray[np.bool_] = grown[::c, ::c] > 0
    return cells


def _update(grid: _Grid, t: float, changed: NDArray[np.bool_], luma: Gray, cfg: AnimationConfig) -> None:
    # a spinner's arc ends move from cell to cell: count a cell busy when it or a neighbour changed
    if changed.any():
        changed = cv2.dilate(changed.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    grid.history.append((t, changed))
    while grid.history and grid.history[0][0] < t - cfg.window_s:
        grid.history.popleft()
    grid.last_change[changed] = t
    n = len(grid.history)
    share = np.sum([h for _, h in grid.history], axis=0) / n
    busy = share >= cfg.busy if n >= 3 else np.zeros(changed.shape, np.bool_)
    grid.busy_since[~busy] = np.inf
    grid.busy_since[busy & np.isinf(grid.busy_since)] = t
    # busy for min_s, counted from the start of the window that first showed it busy
    animated = busy & (t - grid.busy_since >= cfg.min_s - cfg.window_s)
    if animated.any():
        drawn = _drawn(luma, cfg.cell)
        if (animated & drawn).sum() >= cfg.max_share * max(1, int(drawn.sum())):
            animated[:] = False
    if animated.any():
        animated = cv2.dilate(animated.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    grid.held = (grid.held | animated) & (t - grid.last_change < cfg.release_s)


def _drawn(luma: Gray, c: int) -> NDArray[np.bool_]:
    """Cells with something drawn in them (not a flat colour)."""
    h, w = luma.shape
    hh, ww = -(-h // c), -(-w // c)
    padded = cv2.copyMakeBorder(luma, 0, hh * c - h, 0, ww * c - w, cv2.BORDER_REPLICATE)
    blocks = padded.reshape(hh, c, ww, c)
    out: NDArray[np.bool_] = (blocks.max(axis=(1, 3)).astype(np.int16) - blocks.min(axis=(1, 3))) > 8
    return out


def _pixels(cells: NDArray[np.bool_], shape: tuple[int, ...], c: int) -> NDArray[np.bool_]:
    big = np.repeat(np.repeat(cells, c, axis=0), c, axis=1)
    out: NDArray[np.bool_] = big[: shape[0], : shape[1]]
    return out
