"""Navigations from transitions: clicks on targets, hit-tested clicks, keys, and screens a field draws."""

from __future__ import annotations

import pytest

from replicast.codegen.behaviour import (
    Navigation,
    arrival_focus,
    element_at,
    keyboard_key,
    pointer_trigger,
    screen_navigations,
)
from replicast.spec.models import AppSpec, Element, Event, Screen, Transition
from tests.codegen.specs import gestures_spec, sign_in_spec, transition, video


def button(id_: str, x: int, y: int, w: int = 100, h: int = 30, *, role: str = "button") -> Element:
    return Element.model_validate({"id": id_, "role": role, "bbox": [x, y, w, h]})


def spec(screens: list[Screen], events: list[Event], edges: list[tuple[str, str, int]]) -> AppSpec:
    return AppSpec(video=video(), screens=screens, events=events, transitions=[transition(*e) for e in edges])


def test_click_on_a_target_navigates_from_that_element() -> None:
    navs = screen_navigations(sign_in_spec())

    assert navs["sign-in"] == (Navigation(to="home", on="click", element="go"),)
    assert navs["home"] == (Navigation(to="settings", on="click", element="settings-link"),)


def test_a_click_without_target_is_given_to_the_element_under_the_pointer() -> None:
    s1 = Screen(id="s1", t=0, elements=[button("card", 0, 0, 500, 500, role="card"), button("b", 10, 10)])
    s2 = Screen(id="s2", t=1)

    navs = screen_navigations(spec([s1, s2], [Event(t=0.5, type="click", x=20, y=20)], [("s1", "s2", 0)]))

    assert navs == {"s1": (Navigation(to="s2", on="click", element="b"),)}


def test_a_click_on_nothing_navigates_nowhere() -> None:
    s1, s2 = Screen(id="s1", t=0), Screen(id="s2", t=1)

    assert screen_navigations(spec([s1, s2], [Event(t=0.5, type="click", x=5, y=5)], [("s1", "s2", 0)])) == {}


def test_focus_and_typing_keep_the_screen_so_enter_is_handled_where_the_field_is() -> None:
    field = button("f", 0, 0, 300, 30, role="input")
    s0 = Screen(id="s0", t=0, elements=[field])
    s1 = Screen(id="s1", t=1, elements=[field])
    s2 = Screen(id="s2", t=2, elements=[field])
    s3 = Screen(id="s3", t=3)
    events = [
        Event(t=0.5, type="click", x=10, y=10, target="f"),
        Event(t=1.5, type="type", text="hello"),
        Event(t=2.5, type="key", text="Return"),
    ]

    navs = screen_navigations(
        spec([s0, s1, s2, s3], events, [("s0", "s1", 0), ("s1", "s2", 1), ("s2", "s3", 2)])
    )

    assert navs == {"s0": (Navigation(to="s3", on="key", element=None, key="Enter"),)}


def test_a_targeted_key_is_handled_by_its_element() -> None:
    s1 = Screen(id="s1", t=0, elements=[button("q", 0, 0, role="input")])
    s2 = Screen(id="s2", t=1)
    events = [Event(t=0.5, type="key", text="Escape", target="q")]

    navs = screen_navigations(spec([s1, s2], events, [("s1", "s2", 0)]))

    assert navs == {"s1": (Navigation(to="s2", on="key", element="q", key="Escape"),)}


def test_the_first_of_two_navigations_on_one_trigger_wins() -> None:
    s1 = Screen(id="s1", t=0, elements=[button("b", 0, 0)])
    s2, s3 = Screen(id="s2", t=1), Screen(id="s3", t=2)
    events = [
        Event(t=0.5, type="click", target="b", x=5, y=5),
        Event(t=1.5, type="click", target="b", x=5, y=5),
    ]

    navs = screen_navigations(spec([s1, s2, s3], events, [("s1", "s3", 1), ("s1", "s2", 0)]))

    assert navs == {"s1": (Navigation(to="s2", on="click", element="b"),)}


def test_keyboard_key_names() -> None:
    assert keyboard_key("Return") == "Enter"
    assert keyboard_key("escape") == "Escape"
    assert keyboard_key("a") == "a"
    assert keyboard_key("space") == " "
    assert keyboard_key("Control+a") is None
    assert keyboard_key("NoSuchKey") is None


def test_element_at_prefers_interactive_then_smallest() -> None:
    elements = [
        button("big", 0, 0, 200, 200, role="card"),
        button("text", 0, 0, 50, 20, role="text"),
        button("b", 0, 0),
    ]

    hit = element_at(elements, 5, 5)

    assert hit is not None and hit.id == "b"
    assert element_at(elements, 500, 500) is None


def test_scrolling_shows_the_next_view_and_a_screen_shown_again_is_the_earlier_one() -> None:
    # Given scroll → (click a link) → a screen that shows the first one again
    first = Screen(id="a", t=0, elements=[Element(id="l", role="link", bbox=[0, 0, 50, 20], text="Top")])
    scrolled = Screen(id="b", t=1, elements=[Element(id="l2", role="link", bbox=[0, 0, 50, 20], text="Top")])
    again = Screen(id="c", t=2, same_as="a")
    spec = AppSpec(
        video=video(),
        screens=[first, scrolled, again],
        events=[Event(t=0.5, type="scroll", x=10, y=10, dy=300), Event(t=1.5, type="click", x=10, y=10)],
        transitions=[
            Transition.model_validate({"from": "a", "to": "b", "event": 0, "response": {"kind": "scroll"}}),
            Transition.model_validate({"from": "b", "to": "c", "event": 1, "response": {"kind": "navigate"}}),
        ],
    )

    # Then the wheel leads to the scrolled view, and the click there back to the first screen
    assert screen_navigations(spec) == {
        "a": (Navigation(to="b", on="scroll", element=None, key="down"),),
        "b": (Navigation(to="a", on="click", element="l2"),),
    }


@pytest.mark.parametrize(
    ("dx", "dy", "way"), [(0, -200, "up"), (400, 0, "right"), (-400, 30, "left"), (100, 120, "down")]
)
def test_a_scroll_leads_the_way_it_moved_most(dx: float, dy: float, way: str) -> None:
    spec = AppSpec(
        video=video(),
        screens=[Screen(id="a", t=0), Screen(id="b", t=1)],
        events=[Event(t=0.5, type="scroll", x=10, y=10, dx=dx or None, dy=dy or None)],
        transitions=[
            Transition.model_validate({"from": "a", "to": "b", "event": 0, "response": {"kind": "scroll"}})
        ],
    )

    assert screen_navigations(spec) == {"a": (Navigation(to="b", on="scroll", element=None, key=way),)}


def test_a_field_that_took_enter_keeps_the_focus_on_the_screen_it_leads_to() -> None:
    s1 = Screen(id="s1", t=0, elements=[button("new", 100, 50, 500, 60, role="input")])
    s2 = Screen(
        id="s2",
        t=1,
        elements=[
            button("row", 100, 120, 500, 40, role="text"),
            button("new2", 102, 52, 500, 60, role="input"),
        ],
    )
    s3 = Screen(id="s3", t=2, elements=[button("far", 100, 400, 500, 60, role="input")])
    events = [Event(t=0.5, type="key", text="Return", target="new"), Event(t=1.5, type="key", text="Return")]
    both = spec([s1, s2, s3], events, [("s1", "s2", 0), ("s2", "s3", 1)])

    assert arrival_focus(both, screen_navigations(both)) == {"s2": "new2"}


@pytest.mark.parametrize(
    ("event", "trigger"),
    [
        (Event(t=1, type="click", x=5, y=5), "click"),
        (Event(t=1, type="click", count=2, x=5, y=5), "dblclick"),
        (Event(t=1, type="drag", x=5, y=5, dx=0, dy=40), "drag"),
        (Event(t=1, type="key", text="Enter"), None),
    ],
)
def test_a_click_pressed_twice_fires_a_dblclick(event: Event, trigger: str | None) -> None:
    assert pointer_trigger(event) == trigger


def test_a_double_click_opening_an_editor_navigates_and_focuses_the_editor() -> None:
    navs = screen_navigations(gestures_spec())

    assert navs["list"] == (Navigation(to="editing", on="dblclick", element="r1"),)
    # the typing stays in the editor; Enter there leads on
    assert navs["editing"] == (Navigation(to="edited", on="key", element="editing-f", key="Enter"),)
    assert arrival_focus(gestures_spec(), navs)["editing"] == "editing-f"


def test_an_arrow_key_moving_a_selection_and_a_drag_navigate() -> None:
    navs = screen_navigations(gestures_spec())

    assert navs["edited"] == (Navigation(to="selected", on="key", element=None, key="ArrowDown"),)
    assert navs["selected"] == (Navigation(to="moved", on="drag", element="s1"),)


@pytest.mark.parametrize("kind", ["tab", "expand", "collapse", "sort", "validation"])
def test_a_widget_answering_a_click_shows_the_screen_after_from_the_control_clicked(kind: str) -> None:
    # a tab switch, a section opened or closed, rows sorted, a form's messages: the screen after is drawn
    s1 = Screen(id="s1", t=0, elements=[button("control", 10, 10)])
    s2 = Screen(id="s2", t=1, elements=[button("shown", 10, 10)])
    tr = Transition.model_validate({"from": "s1", "to": "s2", "event": 0, "response": {"kind": kind}})
    both = AppSpec(
        video=video(), screens=[s1, s2], events=[Event(t=0.5, type="click", x=20, y=20)], transitions=[tr]
    )

    assert screen_navigations(both) == {"s1": (Navigation(to="s2", on="click", element="control"),)}
