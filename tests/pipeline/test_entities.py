"""infer_entities(): forms and grown lists become entities; sign-in forms and passwords do not."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from replicast.media.held import hold
from replicast.pipeline.behaviour import Behaviour, InferredEvent, StateChange
from replicast.pipeline.entities import infer_entities
from replicast.pipeline.parse import ScreenState
from replicast.pipeline.responses import ReadResponse
from replicast.vision.base import Box
from replicast.vision.elements import DetectedElement as El


def state(index: int, *elements: El) -> ScreenState:
    img = np.zeros((10, 10, 3), np.uint8)
    return ScreenState(
        index, (index,), float(index), float(index) + 0.5, hold(img), hold(img[..., 0]), (), elements, ()
    )


FIRST = Box(100, 100, 300, 36)
EMAIL = Box(100, 150, 300, 36)
PASSWORD = Box(100, 200, 300, 36)
TITLE = El("heading", Box(100, 40, 300, 40), "Create an Account", level=1)


def test_a_filled_form_becomes_an_entity_with_typed_field_types() -> None:
    s0 = state(
        0,
        TITLE,
        El("input", FIRST, "First name", placeholder="First name"),
        El("input", EMAIL, "Email address", placeholder="Email address"),
        El("input", PASSWORD, "Password", placeholder="Password"),
    )
    s1 = state(
        1,
        TITLE,
        El("input", FIRST, "Ada", value="Ada"),
        El("input", EMAIL, "a@b.io", value="a@b.io"),
        El("input", PASSWORD, "•••••", value="•••••"),
    )
    events = (
        InferredEvent(1.0, "type", 200, 118, "Ada"),
        InferredEvent(2.0, "type", 200, 168, "a@b.io"),
        InferredEvent(3.0, "type", 200, 218, "secret"),
    )
    entities = infer_entities([s0, s1], Behaviour(events, (StateChange(0, 1, 0),)))

    assert len(entities) == 1
    account = entities[0]
    assert account.name == "Account"
    assert [(f.name, f.type, f.example) for f in account.fields] == [
        ("First name", "text", "Ada"),
        ("Email address", "email", "a@b.io"),
    ]


def test_a_sign_in_form_is_not_an_entity() -> None:
    s0 = state(
        0,
        El("heading", Box(100, 40, 300, 40), "Sign in"),
        El("input", EMAIL, "Email", placeholder="Email"),
        El("input", PASSWORD, "Password", placeholder="Password"),
    )
    assert infer_entities([s0], Behaviour((), ())) == []


def test_fields_nobody_typed_into_are_no_entity() -> None:
    # a table's filter bar: a column picker, an operator and a value, never used
    s0 = state(
        0,
        TITLE,
        El("select", FIRST, "- column -"),
        El("select", EMAIL, "="),
        El("input", PASSWORD, "", placeholder="value"),
    )
    assert infer_entities([s0], Behaviour((), ())) == []


def test_typed_text_that_becomes_a_list_row_is_a_list_entity() -> None:
    field = El("input", FIRST, "What needs to be done?", placeholder="What needs to be done?")
    s0 = state(0, El("heading", Box(100, 20, 200, 60), "todos"), field)
    s1 = state(
        0 + 1,
        El("heading", Box(100, 20, 200, 60), "todos"),
        field,
        El("checkbox", Box(60, 160, 20, 20), None, checked=False),
        El("text", Box(100, 158, 200, 24), "Buy milk"),
    )
    events = (InferredEvent(1.0, "type", 200, 118, "Buy milk"), InferredEvent(2.0, "key", 200, 118, "Enter"))
    entities = infer_entities([s0, s1], Behaviour(events, (StateChange(0, 1, 1),)))

    assert [e.name for e in entities] == ["Todo"]
    assert [(f.name, f.type) for f in entities[0].fields] == [("title", "text"), ("done", "boolean")]
    assert entities[0].source == "list"


def test_rows_ticked_in_the_recording_give_the_list_entity_a_done_flag() -> None:
    # Given a list row without a detected checkbox, and a response that ticked it
    field = El("input", FIRST, "New item", placeholder="New item")
    s0 = state(0, El("heading", Box(100, 20, 200, 60), "Chores"), field)
    s1 = state(
        1, El("heading", Box(100, 20, 200, 60), "Chores"), field, El("text", Box(100, 158, 80, 24), "Milk")
    )
    events = (InferredEvent(1.0, "type", 200, 118, "Milk"), InferredEvent(2.0, "key", 200, 118, "Enter"))
    behaviour = Behaviour(events, (StateChange(0, 1, 1),))

    plain = infer_entities([s0, s1], behaviour)
    ticked = infer_entities([s0, s1], behaviour, [ReadResponse("toggle", None, ("Milk",))])

    assert [f.name for f in plain[0].fields] == ["title"]
    assert [(f.name, f.type) for f in ticked[0].fields] == [("title", "text"), ("done", "boolean")]
    assert ticked[0].name == "Chore"


def test_the_value_of_a_field_on_its_own_line_is_not_a_list_row() -> None:
    field = El("input", FIRST, "Name", placeholder="Name")
    s0 = state(0, field)
    s1 = state(1, El("text", Box(110, 106, 60, 24), "Ada"))
    events = (InferredEvent(1.0, "type", 200, 118, "Ada"), InferredEvent(2.0, "click", 500, 400))
    assert infer_entities([s0, s1], Behaviour(events, (StateChange(0, 1, 1),))) == []


def test_an_editor_a_double_click_opened_on_a_row_is_no_form_field() -> None:
    # Given a todo field, a row, and the row's label turned into an editor that text is typed into
    field = El("input", FIRST, "New item", placeholder="New item")
    row = El("text", Box(100, 158, 80, 24), "Milk")
    editor = El("input", Box(92, 150, 300, 40), "Milk", value="Milk")
    s0 = state(0, El("heading", Box(100, 20, 200, 60), "Chores"), field, row)
    s1 = state(1, El("heading", Box(100, 20, 200, 60), "Chores"), field, editor)
    s2 = state(
        2, El("heading", Box(100, 20, 200, 60), "Chores"), field, replace(editor, value="Milk and eggs")
    )
    events = (
        InferredEvent(1.0, "click", 120, 170, count=2),
        InferredEvent(2.0, "type", 120, 170, " and eggs"),
    )
    behaviour = Behaviour(events, (StateChange(0, 1, 0), StateChange(1, 2, 1)))
    responses = [ReadResponse("edit", 2, ("Milk",)), ReadResponse("input", 2, (" and eggs",))]

    # Then the two fields on one screen are no form: one of them edits a row
    assert infer_entities([s0, s1, s2], behaviour, responses) == []
    assert [e.source for e in infer_entities([s0, s1, s2], behaviour)] == ["form"]
