"""checkboxes_from_toggles(): a glyph clicked to tick a row is a checkbox."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from replicast.media.held import hold
from replicast.pipeline.behaviour import Behaviour, InferredEvent, StateChange, TargetRef
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.responses import ReadResponse
from replicast.pipeline.toggles import checkboxes_from_toggles
from replicast.spec.models import ResponseKind
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement as El

GREY, GREEN = (222, 222, 222), (93, 194, 175)
CHEVRON = El("icon", Box(300, 20, 15, 15))


def row(k: int) -> list[El]:
    y = 100 + 60 * k
    return [
        El("listitem", Box(0, y, 500, 60)),
        El("icon", Box(13, y + 23, 15, 15)),
        El("heading", Box(61, y + 17, 150, 27), f"Item {k}"),
    ]


def state(index: int, ticks: Sequence[tuple[int, int, int]]) -> ScreenState:
    img = np.full((400, 600, 3), 255, np.uint8)
    img[20:35, 300:315] = (80, 80, 80)
    elements = [CHEVRON]
    for k, colour in enumerate(ticks):
        y = 100 + 60 * k
        img[y + 25 : y + 36, 15:26] = colour  # the glyph's ink
        elements += row(k)
    return ScreenState(
        index, (index,), float(index), index + 0.5, hold(img), hold(img[..., 0]), (), tuple(elements), ()
    )


def toggled(states: list[ScreenState], kind: ResponseKind = "toggle") -> list[ScreenState]:
    click = InferredEvent(2.0, "click", 20, 190, target=TargetRef(1, 5))
    behaviour = Behaviour((click,), (StateChange(1, 2, 0),))
    return checkboxes_from_toggles(states, behaviour, [ReadResponse(kind, 5, ("Item 1",))])


def checkboxes(s: ScreenState) -> list[tuple[Box, bool | None]]:
    return [(e.box, e.checked) for e in s.elements if e.role == "checkbox"]


def test_every_glyph_like_the_one_clicked_to_tick_a_row_gets_a_checkbox_with_its_state() -> None:
    states = [state(0, [GREY]), state(1, [GREY, GREY]), state(2, [GREY, GREEN]), state(3, [GREEN, GREEN])]

    out = toggled(states)

    # the square round the glyph from the row's left edge, as far on the other side (the title is
    # further away)
    first, second = Box(0, 110, 41, 41), Box(0, 170, 41, 41)
    assert checkboxes(out[0]) == [(first, False)]
    assert checkboxes(out[1]) == [(first, False), (second, False)]
    assert checkboxes(out[2]) == [(first, False), (second, True)]
    assert checkboxes(out[3]) == [(first, True), (second, True)]
    # the icons stay (the checkboxes' look); the chevron is no checkbox
    assert all(s.elements[: len(t.elements)] == t.elements for s, t in zip(out, states, strict=True))


def test_without_a_toggle_nothing_is_a_checkbox() -> None:
    states = [state(0, [GREY]), state(1, [GREY, GREY]), state(2, [GREY, GREEN])]
    assert toggled(states, kind="navigate") == states
