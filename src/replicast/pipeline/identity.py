"""Which keyframes show the same screen: a page revisited after navigating back or closing a modal.

Keyframes are compared as the eye would: shrunk 4x (area average, which also absorbs codec noise and
one-pixel layout jitter), with the pointer and the caret masked out, counting the shrunk pixels that
differ by more than `level` against those that show something (off the page's background in either
keyframe). Two keyframes

- show the same *state* when at most `same_state` shrunk pixels differ (codec noise may; a typed
  character may not): the page as it was;
- show the same *screen* when at most `same_screen` differs (typed text, a ticked box, a new list row,
  a hover highlight), or when one is the keyframe before it scrolled (`stitch.scroll_shift`): the
  same page in another state.

    ids = identify_screens([k.luma for k in keyframes], ignore=[[pointer_box] for each keyframe])
    ids.screen    # (0, 1, 2, 1): the fourth keyframe is the second screen again
    ids.state     # (0, 1, 2, 3) or (0, 1, 2, 1) when it came back exactly as it was

Each keyframe is compared with the first keyframe of every state seen so far, newest first; a new state
is compared with the first keyframe of every screen. Cost: one 4x-shrunk diff per comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from replicast.media.base import Gray
from replicast.media.held import Held, hold
from replicast.pipeline.stitch import scroll_shift
from replicast.vision.base import Box

_SHRINK = 4


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    level: int = 16
    """luma levels by which a shrunk pixel must differ to count."""
    same_state: int = 8
    """shrunk pixels (4x4 px each) that may differ within one state (codec noise, anti-aliasing); one
    typed character at 1x is about as many."""
    same_screen: float = 0.4
    """share of what is drawn that may differ within one screen (focus, typed text, toggles, a new row;
    another page differs by 0.6 or more, a modal's backdrop by about 1)."""
    pad: int = 6
    """px added around ignored boxes (the pointer's outline, its shadow)."""


@dataclass(frozen=True, slots=True)
class ScreenIds:
    screen: tuple[int, ...]
    """per keyframe: its screen, numbered in order of first appearance."""
    state: tuple[int, ...]
    """per keyframe: its state (pixel-for-pixel, pointer and caret aside), numbered likewise."""

    def revisits(self) -> tuple[int | None, ...]:
        """Per keyframe: the earlier keyframe whose state it shows again (the first to show it), or None.

        Only a return counts: another state must have been shown in between. Keyframes that follow
        one another were told apart by segmentation at full size (a focus ring, a hover colour), a
        difference this 4x-shrunk comparison may not see.
        """
        first: dict[int, int] = {}
        out: list[int | None] = []
        for i, state in enumerate(self.state):
            j = first.get(state)
            away = j is not None and any(self.state[k] != state for k in range(j + 1, i))
            out.append(j if away else None)
            first.setdefault(state, i)
        return tuple(out)


def difference(a: Gray, b: Gray, ignore: Sequence[Box] = (), cfg: IdentityConfig | None = None) -> float:
    """How much of what is drawn differs: shrunk pixels where `a` and `b` differ, over those off the
    page background in either (at least 5% of the area), `ignore` boxes (px) left out. 0 for the same
    picture, 0.6 or more for another page.

    Raises ValueError for images of different sizes.
    """
    changed, drawn = _compare(a, b, ignore, cfg or IdentityConfig())
    return changed / drawn


def _compare(a: Gray, b: Gray, ignore: Sequence[Box], cfg: IdentityConfig) -> tuple[int, int]:
    """(shrunk pixels that differ, shrunk pixels that show something), `ignore` left out."""
    if a.shape != b.shape:
        raise ValueError(f"images differ in size: {a.shape} vs {b.shape}")
    return _compare_shrunk(_shrunk(a), _shrunk(b), ignore, cfg)


def _shrunk(luma: Gray) -> Gray:
    h, w = luma.shape
    size = (max(1, w // _SHRINK), max(1, h // _SHRINK))
    return np.asarray(cv2.resize(luma, size, interpolation=cv2.INTER_AREA), np.uint8)


def _compare_shrunk(a: Gray, b: Gray, ignore: Sequence[Box], cfg: IdentityConfig) -> tuple[int, int]:
    """`_compare` of two keyframes already shrunk."""
    sa, sb = a.astype(np.int16), b.astype(np.int16)
    differs = np.abs(sa - sb) > cfg.level
    keep = np.ones(differs.shape, np.bool_)
    for box in ignore:
        x0, y0 = max(0, (box.x - cfg.pad) // _SHRINK), max(0, (box.y - cfg.pad) // _SHRINK)
        x1, y1 = -(-(box.x2 + cfg.pad) // _SHRINK), -(-(box.y2 + cfg.pad) // _SHRINK)
        keep[y0:y1, x0:x1] = False
    # relative to what is drawn (pixels off the page's background in either image), not to the frame:
    # a sparse page and a busy one weigh a changed heading alike
    background = int(np.bincount(sa[keep].ravel().clip(0, 255)).argmax()) if keep.any() else 0
    ink = (np.abs(sa - background) > cfg.level) | (np.abs(sb - background) > cfg.level)
    drawn = max(int((ink & keep).sum()), int(0.05 * keep.sum()), 1)
    return int((differs & keep).sum()), drawn


def identify_screens(
    lumas: Iterable[Gray],
    ignore: Sequence[Sequence[Box]] = (),
    cfg: IdentityConfig | None = None,
) -> ScreenIds:
    """Screen and state numbers for keyframes in time order. `ignore[i]`: boxes to leave out of
    keyframe i (its pointer, its caret); they are left out of both sides of each comparison.

    Each keyframe is read once (`lumas` may be a generator) and shrunk; the shrunk first keyframe of
    each state is held (`media.held`) for the comparisons that follow.

    Raises ValueError for keyframes of different sizes.
    """
    cfg = cfg or IdentityConfig()
    shrunk: dict[int, Held] = {}
    previous: Gray | None = None
    screens: list[int] = []
    states: list[int] = []
    screen_first: list[int] = []
    """keyframe index of each screen's first sighting."""
    state_first: list[int] = []
    for i, luma in enumerate(lumas):
        if previous is not None and previous.shape != luma.shape:
            raise ValueError(f"images differ in size: {previous.shape} vs {luma.shape}")
        small = _shrunk(luma)
        mine = list(ignore[i]) if i < len(ignore) else []

        def compare(j: int, mine: list[Box] = mine, small: Gray = small) -> tuple[int, int]:
            theirs = list(ignore[j]) if j < len(ignore) else []
            return _compare_shrunk(shrunk[j].array(), small, [*mine, *theirs], cfg)

        state = next(
            (n for n in reversed(range(len(state_first))) if compare(state_first[n])[0] <= cfg.same_state),
            None,
        )
        screen: int | None
        if state is not None:
            screen = screens[state_first[state]]
        else:
            state = len(state_first)
            state_first.append(i)
            screen = next(
                (
                    n
                    for n in reversed(range(len(screen_first)))
                    if _share(compare(screen_first[n])) <= cfg.same_screen
                ),
                None,
            )
            # scrolling happens from the keyframe before: the same page, moved
            if screen is None and previous is not None and _scrolled(previous, luma):
                screen = screens[i - 1]
        if screen is None:
            screen = len(screen_first)
            screen_first.append(i)
        screens.append(screen)
        states.append(state)
        if state_first[-1] == i:
            shrunk[i] = hold(small)
        previous = luma
    return ScreenIds(tuple(screens), tuple(states))


def _share(counts: tuple[int, int]) -> float:
    return counts[0] / counts[1]


def _scrolled(a: Gray, b: Gray) -> bool:
    shift = scroll_shift(a, b)
    return shift is not None and (shift.dx, shift.dy) != (0, 0)
