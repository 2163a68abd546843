"""keep_typed_fields(): a field typed into stays a field while it shows the typing."""

from __future__ import annotations

import numpy as np

from replicast.media.held import hold
from replicast.pipeline.behaviour import Behaviour, InferredEvent, StateChange, TargetRef
from replicast.pipeline.fields import keep_seen_fields, keep_typed_fields
from replicast.pipeline.parse import ScreenState
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement as El
from replicast.vision.elements import ElementStyle


def state(index: int, *elements: El) -> ScreenState:
    img = np.full((400, 600, 3), 255, np.uint8)
    return ScreenState(
        index, (index,), float(index), float(index) + 0.5, hold(img), hold(img[..., 0]), (), elements, ()
    )


NAME = Box(100, 100, 300, 38)
EMAIL = Box(100, 150, 300, 38)
TITLE = El("heading", Box(100, 40, 300, 40), "Register", level=1)
ICON = El("icon", Box(370, 110, 17, 19))
FIELD_LOOK = ElementStyle(color="#9a9a9c", background="#ffffff", border_color="#d2d2d3", font_size=16.7)
TYPED_LOOK = ElementStyle(color="#4d4f53", font_size=16.1)


def _typing(*states: ScreenState, hover_after: bool = False) -> Behaviour:
    events = [
        InferredEvent(1.0, "click", 200, 119, target=TargetRef(0, 1)),
        InferredEvent(2.0, "type", 200, 119, "Grace Hopper", target=TargetRef(2, 1)),
    ]
    changes = [StateChange(0, 1, 0), StateChange(1, 2, 1)]
    if hover_after:
        events.append(InferredEvent(3.0, "hover", 250, 300, target=TargetRef(3, 0)))
        changes.append(StateChange(2, 3, 2))
    return Behaviour(tuple(events), tuple(changes))


def test_the_focused_field_lost_after_typing_is_put_back_holding_the_typed_text() -> None:
    name = El("input", NAME, "Full name", placeholder="Full name", style=FIELD_LOOK)
    email = El("input", EMAIL, "Email", placeholder="Email", style=FIELD_LOOK)
    s0 = state(0, TITLE, name, ICON, email)
    s1 = state(1, TITLE, name, ICON, email)
    # the focus border hid the field: its text came out as text on the page, its box as a list's row
    typed = El("text", Box(113, 109, 100, 19), "Grace Hopper", style=TYPED_LOOK)
    s2 = state(2, TITLE, El("listitem", Box(100, 99, 300, 40)), typed, ICON, email)

    states, behaviour = keep_typed_fields([s0, s1, s2], _typing(s0, s1, s2))

    after = states[2].elements
    field = next(e for e in after if e.role == "input" and e.box == NAME)
    assert field.value == "Grace Hopper" and field.text == "Grace Hopper" and field.placeholder is None
    assert field.style == ElementStyle(
        color="#4d4f53", background="#ffffff", border_color="#d2d2d3", font_size=16.1
    ), "the field's box and the typed text's type"
    assert [e.role for e in after] == ["heading", "input", "icon", "input"]
    # the typing's target was the text: it is now the field
    target = behaviour.events[1].target
    assert target is not None and after[target.element] == field
    assert states[:2] == [s0, s1]


def test_the_field_stays_through_a_hover_that_leaves_it_as_it_was() -> None:
    name = El("input", NAME, "Full name", placeholder="Full name", style=FIELD_LOOK)
    typed = El("text", Box(113, 109, 100, 19), "Grace Hopper", style=TYPED_LOOK)
    button = El("button", Box(100, 280, 300, 38), "Register")
    s0, s1 = state(0, TITLE, name, button), state(1, TITLE, name, button)
    s2, s3 = state(2, TITLE, typed, button), state(3, button, TITLE, typed)

    states, behaviour = keep_typed_fields([s0, s1, s2, s3], _typing(s0, s1, s2, s3, hover_after=True))

    assert [e.role for e in states[3].elements] == ["button", "heading", "input"]
    assert states[3].elements[2].value == "Grace Hopper"
    hover = behaviour.events[2].target
    assert hover is not None and states[3].elements[hover.element].role == "button"


def test_a_field_found_after_typing_and_a_changed_page_are_left_alone() -> None:
    name = El("input", NAME, "Full name", placeholder="Full name", style=FIELD_LOOK)
    s0, s1 = state(0, TITLE, name), state(1, TITLE, name)
    found = state(2, TITLE, El("input", NAME, "Grace Hopper", value="Grace Hopper"))
    states, _ = keep_typed_fields([s0, s1, found], _typing(s0, s1, found))
    assert states[2] == found
    # a dialog opened over the field: something crosses its box
    dialog = state(2, TITLE, El("dialog", Box(50, 80, 250, 200)), El("text", Box(113, 109, 100, 19), "Hi"))
    states, _ = keep_typed_fields([s0, s1, dialog], _typing(s0, s1, dialog))
    assert states[2] == dialog


def test_a_field_another_state_showed_returns_where_its_placeholder_is_read_as_a_heading() -> None:
    hint = "What needs to be done?"
    field = El("input", NAME, hint, placeholder=hint, style=FIELD_LOOK)
    row = El("listitem", Box(100, 150, 300, 40))
    s0 = state(0, TITLE, field, row)
    # the page under the field changed, and its placeholder was read as a heading on the page
    lost = state(1, TITLE, El("heading", Box(113, 109, 180, 24), hint, level=3))
    other = state(2, TITLE, El("heading", Box(113, 109, 180, 24), "Something else", level=3))

    states = keep_seen_fields([s0, lost, other])

    assert states[0] == s0
    assert states[1].elements == (TITLE, field), "the field, placeholder and all"
    assert states[2] == other, "other text in its place is no sign of it"


def test_a_label_where_an_editor_held_its_text_stays_a_label() -> None:
    # a row's title, and the editor a double click opened over it holding the same text
    label = El("heading", Box(113, 109, 180, 24), "buy oat milk", level=3)
    editor = El("input", NAME, "buy oat milk", value="buy oat milk", style=FIELD_LOOK)
    s0, s1 = state(0, TITLE, label), state(1, TITLE, editor)
    assert keep_seen_fields([s0, s1]) == [s0, s1]
