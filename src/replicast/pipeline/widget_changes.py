"""What a page's own widgets did, read from the screens before and after an event: a tab strip's active
tab moved, an accordion's section opened or closed, the same rows shown in another order, messages shown
by a form's fields in an error colour. Each reader answers None (or nothing) when its widget did not
change; `responses` decides in which order they are asked.

    strips = tab_strips(states)                              # the tab strips the recording showed
    tab = switched_tab(before, after, clicked, strips)       # the tab now active: TabSwitch | None
    header = flipped_header(before, after, x, y)             # the header opened or closed: int | None
    moved = reordered(before, after)                         # the texts that changed places, or None
    messages = error_messages(before, after)                 # ("Enter a valid email address",)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from replicast.pipeline.changes import CLICK_REACH
from replicast.pipeline.parse import ScreenState
from replicast.spec.models import FIELD_ROLES, rgb_of
from replicast.spec.texts import similar
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement
from replicast.vision.style import chroma, hsv

ERROR_HUES = (330.0, 20.0)
"""error messages and rejected fields are red to pink (the range wraps past 0 degrees)."""
MIN_ERROR_CHROMA = 40
"""small red text in a 4:2:0 video blurs towards its ground: its chroma drops to ~60."""
MIN_KEPT = 4
"""texts shown both before and after a sort, at least."""
KEPT_SHARE = 0.6
"""share of the texts where the page changed that a sort shows again."""


@dataclass(frozen=True, slots=True)
class TabSwitch:
    tab: int
    """index of the tab in the after state."""
    text: str
    """its name (as the strip showed it where the pointer did not hide it)."""


def tab_strips(states: Sequence[ScreenState]) -> list[tuple[str, ...]]:
    """The names of the tabs of every tab strip some state showed (a strip is the tabs on one row)."""
    out: list[tuple[str, ...]] = []
    for s in states:
        tabs = sorted((e for e in s.elements if e.role == "tab" and _text(e)), key=lambda e: e.box.x)
        while tabs:
            first = tabs[0]
            row = [e for e in tabs if _same_row(e.box, first.box)]
            tabs = [e for e in tabs if e not in row]
            names = tuple(_text(e) for e in row)
            if len(names) >= 2 and names not in out:
                out.append(names)
    return out


def switched_tab(
    before: ScreenState,
    after: ScreenState,
    clicked: DetectedElement | None,
    strips: Sequence[tuple[str, ...]],
) -> TabSwitch | None:
    """The tab `after` shows active where `before` showed another of its strip active. Where the pointer
    resting on a tab hides its mark (the strip is then not seen as tabs), the tab `clicked` (an
    element of `before`) of a strip seen elsewhere in the recording that `after` shows in place, the
    strip's other tabs beside it and its own look changed. None when no strip changed its active tab."""
    for i, e in enumerate(after.elements):
        if e.role != "tab" or not e.selected:
            continue
        strip = [b for b in before.elements if b.role == "tab" and _same_row(b.box, e.box)]
        if any(b.selected for b in strip) and any(
            not b.selected and similar(_text(b), _text(e)) for b in strip
        ):
            return TabSwitch(i, _text(e))
    if clicked is None or (clicked.role == "tab" and clicked.selected) or not _text(clicked):
        return None
    label = _text(clicked)
    names = next((s for s in strips if any(similar(label, t) for t in s)), None)
    if names is None or not any(clicked.box.grown(CLICK_REACH).intersection(c) for c in after.changed):
        return None
    name = next(t for t in names if similar(label, t))
    row = [i for i, e in enumerate(after.elements) if _same_row(e.box, clicked.box) and _text(e)]
    others = [t for t in names if t != name]
    beside = sum(1 for t in others if any(similar(t, _text(after.elements[i])) for i in row))
    if beside < 0.5 * len(others):
        return None
    box = clicked.box.grown(CLICK_REACH)
    shown = [i for i in row if box.contains_point(after.elements[i].box.cx, after.elements[i].box.cy)]
    return TabSwitch(shown[0], name) if shown else None


def flipped_header(before: ScreenState, after: ScreenState, x: float | None, y: float | None) -> int | None:
    """The accordion header of `after` whose section opened or closed since `before` (its `expanded`
    flipped): the one at (x, y) when several did (opening one section may close another), else the one
    that opened. None when none did."""
    heads = [e for e in before.elements if e.expanded is not None and _text(e)]
    flips: list[tuple[int, Box]] = []
    for i, a in enumerate(after.elements):
        if a.expanded is None:
            continue
        same = [b for b in heads if similar(_text(b), _text(a))]
        if not same:
            continue
        was = min(same, key=lambda b: abs(b.box.cy - a.box.cy))
        if was.expanded != a.expanded:
            flips.append((i, was.box))
    if not flips:
        return None
    on = [
        i
        for i, was in flips
        if x is not None
        and y is not None
        and (
            was.grown(CLICK_REACH).contains_point(x, y)
            or after.elements[i].box.grown(CLICK_REACH).contains_point(x, y)
        )
    ]
    opened = [i for i, _ in flips if after.elements[i].expanded]
    return (on or opened or [flips[0][0]])[0]


def reordered(before: ScreenState, after: ScreenState) -> frozenset[str] | None:
    """The texts that changed places when most texts where the page changed show again after, some that
    were above others now below them (rows sorted); None when the page shows other texts, or the same
    ones in the same order (rows added or taken out keep the others' order)."""
    was, now = _placed(before, after), _placed(after, after)
    kept = [t for t in was if t in now]
    if len(kept) < MIN_KEPT or len(kept) < KEPT_SHARE * max(len(was), len(now)):
        return None
    moved: set[str] = set()
    for k, a in enumerate(kept):
        for b in kept[k + 1 :]:
            above_was = _above(was[a], was[b]) - _above(was[b], was[a])
            above_now = _above(now[a], now[b]) - _above(now[b], now[a])
            if above_was * above_now < 0:
                moved.update((a, b))
    return frozenset(moved) or None


def error_messages(before: ScreenState, after: ScreenState) -> tuple[str, ...]:
    """The texts `after` shows under or beside a field that `before` did not, in an error colour or
    under a field whose border turned to one (a form's validation); () when none."""
    fields = [e for e in after.elements if e.role in FIELD_ROLES]
    rejected = [
        f
        for f in fields
        if _error_colour(f.style.border_color)
        and not any(
            _error_colour(b.style.border_color) and b.box.iou(f.box) > 0.5
            for b in before.elements
            if b.role in FIELD_ROLES
        )
    ]
    had = [t for e in before.elements if (t := _text(e))]
    out: list[str] = []
    for e in after.elements:
        text = _text(e)
        if e.role in FIELD_ROLES or not text or any(similar(text, h) for h in had):
            continue
        near = [f for f in fields if _beside(e.box, f.box)]
        if near and (_error_colour(e.style.color) or any(f in rejected for f in near)):
            out.append(text)
    return tuple(out)


def _text(e: DetectedElement) -> str:
    return (e.text or "").strip()


def _same_row(a: Box, b: Box) -> bool:
    return abs(a.cy - b.cy) <= 0.5 * max(a.h, b.h)


def _placed(state: ScreenState, where: ScreenState) -> dict[str, Box]:
    """Where `state` shows each text that lies where `where` changed, for the texts it shows once."""
    boxes = {
        t: e.box
        for e in state.elements
        if e.role not in FIELD_ROLES
        and (t := _text(e))
        and any(e.box.intersection(c) > 0.5 * e.box.area for c in where.changed)
    }
    counts = Counter(_text(e) for e in state.elements)
    return {t: b for t, b in boxes.items() if counts[t] == 1}


def _above(a: Box, b: Box) -> int:
    """1 when `a` lies on a line above `b`'s, else 0."""
    return int(a.cy < b.cy - 0.5 * max(a.h, b.h))


def _beside(message: Box, field: Box) -> bool:
    """Whether a message lies on the line under a field (overlapping it across), or right after it."""
    under = (
        0 <= message.y - field.y2 + CLICK_REACH <= 1.5 * field.h
        and message.x < field.x2
        and field.x < message.x2
    )
    after = _same_row(message, field) and 0 <= message.x - field.x2 + CLICK_REACH <= 3 * field.h
    return under or after


def _error_colour(colour: str | None) -> bool:
    """A colour that reads as an error's: clearly coloured, red to pink."""
    if colour is None:
        return False
    c = rgb_of(colour)
    hue = hsv(c)[0]
    return chroma(c) >= MIN_ERROR_CHROMA and (hue >= ERROR_HUES[0] or hue <= ERROR_HUES[1])
