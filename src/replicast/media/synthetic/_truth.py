"""The ground truth of a synthetic recording: what was on screen, and what the user did, exactly."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from replicast.spec.models import EventType, Role
from replicast.vision.base import Box


@dataclass(frozen=True, slots=True)
class TruthText:
    """Text as drawn: its ink box (tight to the glyphs) and the widget it belongs to."""

    text: str
    box: Box
    element: str
    placeholder: bool = False


@dataclass(frozen=True, slots=True)
class TruthElement:
    """A widget as the AppSpec would name it; `text` is an input's value, or its placeholder when empty."""

    id: str
    role: Role
    box: Box
    text: str | None = None
    checked: bool | None = None
    focused: bool = False


@dataclass(frozen=True, slots=True)
class TruthState:
    """What the app shows from `t` on (the cursor, the caret's blink and button presses aside)."""

    t: float
    screen: str
    elements: tuple[TruthElement, ...]
    texts: tuple[TruthText, ...]


@dataclass(frozen=True, slots=True)
class TruthEvent:
    """A user action at `t` seconds. `x`, `y`: the pointer for clicks and keys, the field's centre for typing,
    where the press was for a drag (`dx`, `dy`: how far it carried the pointer to the release).

    `target` is the widget clicked, typed into or dragged (None for a click on nothing); for
    `navigate`, `text` is the screen shown. `count`: a click's presses (2 for a double click).
    """

    t: float
    type: EventType
    x: int
    y: int
    text: str | None = None
    target: str | None = None
    dx: int = 0
    dy: int = 0
    count: int = 1


@dataclass(frozen=True, slots=True)
class CursorKey:
    """The pointer's hotspot (the arrow's tip) at `t`; between keys it glides, eased."""

    t: float
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class SyntheticTruth:
    """Everything a synthetic video shows. Frame i is the picture at t = i / fps."""

    width: int
    height: int
    fps: int
    duration: float
    frame_count: int
    codec: str
    states: tuple[TruthState, ...]
    events: tuple[TruthEvent, ...]
    cursor: tuple[CursorKey, ...]

    @property
    def screens(self) -> tuple[TruthState, ...]:
        """The state each time a screen is shown (one entry per visit, in order)."""
        out: list[TruthState] = []
        for s in self.states:
            if not out or out[-1].screen != s.screen:
                out.append(s)
        return tuple(out)

    def state_at(self, t: float) -> TruthState:
        i = bisect.bisect_right([s.t for s in self.states], t + 1e-9) - 1
        return self.states[max(i, 0)]

    def cursor_at(self, t: float) -> CursorKey:
        return cursor_at(self.cursor, t)


def cursor_at(keys: Sequence[CursorKey], t: float) -> CursorKey:
    """The pointer at `t`, interpolated between `keys` with an ease-in-out (smoothstep) curve."""
    i = bisect.bisect_right([k.t for k in keys], t) - 1
    if i < 0:
        return CursorKey(t, keys[0].x, keys[0].y)
    if i + 1 >= len(keys):
        return CursorKey(t, keys[-1].x, keys[-1].y)
    a, b = keys[i], keys[i + 1]
    if b.t <= a.t:
        return CursorKey(t, b.x, b.y)
    u = (t - a.t) / (b.t - a.t)
    u = u * u * (3 - 2 * u)  # a hand on a mouse speeds up and slows down
    return CursorKey(t, a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u)
