"""A glyph clicked to tick a row is a checkbox: custom checkboxes drawn as icons, found by what they do.

Many apps draw their checkboxes themselves: a "✔" glyph or a circle that turns green, with the real
input transparent over it. Parsing sees an icon. When a click on such an icon toggled its row (the
response `toggle`), the icon is the look of a checkbox: each state gets a checkbox over every icon
like it (the same place across and size: the same control in another row), checked where the icon
looks like the ticked one (of the clicked icon's looks before and after the click, the one with more
ink: a tick drawn in colour rather than a faint outline). The icon stays, as the checkbox's look; the
checkbox covers what a row gives it: a square round the glyph reaching the row's nearer edge or its
next part, measured where the glyph is seen in a row, the same in every state.

    states = checkboxes_from_toggles(states, behaviour, responses)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from replicast.media.base import Rgb
from replicast.pipeline.behaviour import Behaviour, single_click
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.responses import ReadResponse
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement
from replicast.vision.style import background_around

ROW_ROLES = frozenset({"listitem", "row"})
"""Containers a checkbox's glyph sits in."""
SAME_PLACE = 3
"""px: a glyph this near the clicked one's centre (across) and size is the same control in another row."""


@dataclass(frozen=True, slots=True)
class _Glyph:
    """The icon a toggle was clicked on: its box, its look unticked and ticked, and the checkbox's box
    round it (x, y offsets from the glyph's corner, width, height)."""

    box: Box
    off: Rgb
    on: Rgb
    hit: tuple[int, int, int, int]


def checkboxes_from_toggles(
    states: Sequence[ScreenState], behaviour: Behaviour, responses: Sequence[ReadResponse]
) -> list[ScreenState]:
    """`states` with a checkbox over each icon like one a toggling click landed on."""
    glyphs: list[_Glyph] = []
    for change, r in zip(behaviour.changes, responses, strict=True):
        event = behaviour.events[change.event]
        if r.kind != "toggle" or not single_click(event) or event.x is None or event.y is None:
            continue
        before, after = states[change.before], states[change.after]
        icon = _icon_at(before, event.x, event.y)
        if icon is None or any(_same(g.box, icon.box) for g in glyphs):
            continue
        shown = _icon_near(after, icon.box)
        if shown is None:
            continue
        a, b = _crop(before.image, icon.box), _crop(after.image, shown.box)
        off, on = (a, b) if _ink(after.image, shown.box) >= _ink(before.image, icon.box) else (b, a)
        glyphs.append(_Glyph(icon.box, off, on, _hit_offsets(states, icon.box)))
    if not glyphs:
        return list(states)
    return [_with_checkboxes(s, glyphs) for s in states]


def _hit_offsets(states: Sequence[ScreenState], box: Box) -> tuple[int, int, int, int]:
    """The checkbox's box round a glyph like `box`, from the first state that shows one in a row (the
    glyph's own square where none does)."""
    for state in states:
        for e in state.elements:
            row = _row_of(state, e.box) if e.role == "icon" and _same(e.box, box) else None
            if row is not None:
                hit = _hit_area(state, e.box, row)
                return hit.x - e.box.x, hit.y - e.box.y, hit.w, hit.h
    side = max(box.w, box.h)
    return (box.w - side) // 2, (box.h - side) // 2, side, side


def _icon_at(state: ScreenState, x: float, y: float) -> DetectedElement | None:
    hits = [e for e in state.elements if e.box.contains_point(x, y)]
    smallest = min(hits, key=lambda e: e.box.area) if hits else None
    return smallest if smallest is not None and smallest.role == "icon" else None


def _icon_near(state: ScreenState, box: Box) -> DetectedElement | None:
    """The icon like `box` at its place (the same row)."""
    return next(
        (
            e
            for e in state.elements
            if e.role == "icon" and _same(e.box, box) and abs(e.box.cy - box.cy) <= SAME_PLACE
        ),
        None,
    )


def _same(a: Box, b: Box) -> bool:
    """Same place across and same size (any row)."""
    return abs(a.cx - b.cx) <= SAME_PLACE and abs(a.w - b.w) <= SAME_PLACE and abs(a.h - b.h) <= SAME_PLACE


def _with_checkboxes(state: ScreenState, glyphs: Sequence[_Glyph]) -> ScreenState:
    added: list[DetectedElement] = []
    for e in state.elements:
        if e.role != "icon":
            continue
        glyph = next((g for g in glyphs if _same(g.box, e.box)), None)
        if glyph is None:
            continue
        dx, dy, w, h = glyph.hit
        checked = _nearer(_crop(state.image, e.box), glyph.on, glyph.off)
        added.append(DetectedElement("checkbox", Box(e.box.x + dx, e.box.y + dy, w, h), checked=checked))
    return replace(state, elements=(*state.elements, *added)) if added else state


def _row_of(state: ScreenState, box: Box) -> Box | None:
    rows = [e.box for e in state.elements if e.role in ROW_ROLES and box.within(e.box)]
    return min(rows, key=lambda b: b.area) if rows else None


def _hit_area(state: ScreenState, glyph: Box, row: Box) -> Box:
    """The square round `glyph` (within `row`) as wide as the room on its nearer side allows: to the
    row's edge, or to the next element beside it in the row."""
    beside = [
        e.box
        for e in state.elements
        if e.box.within(row)
        and e.box != glyph
        and e.box.area < row.area
        and e.box.y < glyph.y2
        and glyph.y < e.box.y2
    ]
    left = min([glyph.cx - row.x, *(glyph.cx - b.x2 for b in beside if b.x2 <= glyph.x)])
    right = min([row.x2 - glyph.cx, *(b.x - glyph.cx for b in beside if b.x >= glyph.x2)])
    half = max(min(left, right, row.h / 2), glyph.w / 2, glyph.h / 2)
    x, y = round(glyph.cx - half), round(glyph.cy - half)
    side = round(2 * half)
    return Box(x, y, side, side)


def _crop(image: Rgb, box: Box) -> Rgb:
    return image[max(0, box.y) : box.y2, max(0, box.x) : box.x2]


def _ink(image: Rgb, box: Box) -> float:
    """How much a glyph stands out: its pixels' summed distance from the colour around it."""
    bg = background_around(image, box, 1, 2)
    if bg is None:
        return 0.0
    px = _crop(image, box).astype(np.int16)
    return float(np.abs(px - np.asarray(bg, np.int16)).max(axis=2).sum())


def _nearer(look: Rgb, on: Rgb, off: Rgb) -> bool:
    """Whether `look` is more like `on` than like `off` (mean colour difference, same-size crops)."""

    def diff(a: Rgb, b: Rgb) -> float:
        h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
        return float(np.abs(a[:h, :w].astype(np.int16) - b[:h, :w].astype(np.int16)).mean())

    return diff(look, on) < diff(look, off)
