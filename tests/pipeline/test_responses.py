"""read_response(): what the app did, from the screens before and after an event."""

from __future__ import annotations

import numpy as np

from replicast.pipeline.behaviour import InferredEvent
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.responses import read_response
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement as El

FIELD = El("input", Box(100, 100, 300, 40), "What needs doing?", placeholder="What needs doing?")
LIST = Box(100, 150, 300, 200)


def state(index: int, *elements: El, changed: tuple[Box, ...] = (LIST,), luma: int = 240) -> ScreenState:
    img = np.full((400, 600, 3), luma, np.uint8)
    return ScreenState(index, (index,), 0.0, 1.0, img, img[..., 0].copy(), (), elements, changed)


def test_enter_after_typing_adds_the_typed_text_as_a_row() -> None:
    before = state(0, FIELD)
    after = state(
        1,
        FIELD,
        El("text", Box(130, 160, 120, 24), "Buy milk"),
        El("text", Box(100, 320, 90, 20), "1 item left"),
    )
    typed = InferredEvent(1.0, "type", 200, 120, "Buy milk")
    r = read_response(before, after, InferredEvent(2.0, "key", 200, 120, "Enter"), 0.1, typed)
    assert r.kind == "list_add"
    assert r.texts == ("Buy milk",)
    assert r.target == 1


def test_a_ticked_checkbox_is_a_toggle_and_counters_are_noted() -> None:
    box = Box(110, 165, 20, 20)
    before = state(
        0, El("checkbox", box, None, checked=False), El("text", Box(100, 320, 90, 20), "2 items left")
    )
    after = state(
        1, El("checkbox", box, None, checked=True), El("text", Box(100, 320, 90, 20), "1 item left")
    )
    r = read_response(before, after, InferredEvent(1.0, "click", 120, 175), 0.01)
    assert r.kind == "toggle"
    assert r.target == 0
    assert r.counters == ("2 items left -> 1 item left",)


def test_rows_gone_are_a_list_remove() -> None:
    row = El("text", Box(130, 160, 120, 24), "Book flights")
    before = state(0, FIELD, row, El("text", Box(130, 200, 120, 24), "Read chapter 4"))
    after = state(1, FIELD, El("text", Box(130, 200, 120, 24), "Read chapter 4"))
    r = read_response(before, after, InferredEvent(1.0, "click", 380, 330), 0.05)
    assert r.kind == "list_remove"
    assert r.texts == ("Book flights",)


def test_most_of_the_screen_changing_is_a_navigation() -> None:
    r = read_response(state(0, FIELD), state(1), InferredEvent(1.0, "click", 10, 10), 0.8)
    assert r.kind == "navigate"


def test_a_dimmed_page_with_new_texts_is_a_dialog_opening() -> None:
    before = state(0, FIELD, luma=240)
    after = state(1, FIELD, El("text", Box(200, 180, 200, 30), "Delete this task?"), luma=120)
    r = read_response(before, after, InferredEvent(1.0, "click", 200, 120), 0.9)
    assert r.kind == "open"
    r = read_response(after, before, InferredEvent(2.0, "click", 200, 120), 0.9)
    assert r.kind == "close"


def test_typing_is_input_into_the_field() -> None:
    r = read_response(state(0, FIELD), state(1, FIELD), InferredEvent(1.0, "type", 200, 120, "abc"), 0.02)
    assert (r.kind, r.target, r.texts) == ("input", 0, ("abc",))
