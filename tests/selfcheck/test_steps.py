"""What gets replayed: the steps, the screen each is compared with, and the geometry."""

from __future__ import annotations

import pytest

from replicast.selfcheck.browser import playwright_key
from replicast.selfcheck.steps import Geometry, describe, plan_steps, screen_at
from replicast.spec.models import AppSpec, Event, Screen, VideoMeta, Viewport


def spec(events: list[Event], screens: list[Screen], viewport: Viewport | None = None) -> AppSpec:
    return AppSpec(
        video=VideoMeta(width=1280, height=800, fps=30, duration=10.0),
        viewport=viewport,
        screens=screens,
        events=events,
    )


SCREENS = [Screen(id="a", t=0.0), Screen(id="b", t=2.5), Screen(id="c", t=6.0)]


def test_each_step_shows_the_latest_screen_before_the_next_event() -> None:
    # Given events at 2, 3 and 7 s and screens from 0, 2.5 and 6 s
    events = [
        Event(t=3.0, type="type", text="hi"),
        Event(t=2.0, type="click", x=10, y=10),
        Event(t=7.0, type="key", text="Enter"),
    ]

    steps = plan_steps(spec(events, SCREENS))

    # Then: loaded (a, until 2 s), after the click (b, from 2.5 s until 3 s), after typing (c, from 6 s
    # until 7 s), after Enter (c, until the end); events in time order
    assert [s.event_index for s in steps] == [None, 1, 0, 2]
    assert [s.screen.id if s.screen else None for s in steps] == ["a", "b", "c", "c"]
    assert [s.t_next for s in steps] == [2.0, 3.0, 7.0, 11.0]


def test_a_keyframe_taken_at_the_next_event_shows_the_state_before_it() -> None:
    assert screen_at(SCREENS, 6.0) is SCREENS[1]
    assert screen_at(SCREENS, 6.1) is SCREENS[2]
    assert screen_at([], 5.0) is None


def test_a_spec_without_events_has_one_step() -> None:
    steps = plan_steps(spec([], SCREENS))

    assert len(steps) == 1 and steps[0].event is None and steps[0].screen is SCREENS[2]


def test_geometry_maps_video_pixels_to_css_pixels() -> None:
    geo = Geometry.of(spec([], SCREENS, Viewport(x=0, y=80, width=640, height=360, scale=2)))

    assert geo.box == (0, 80, 1280, 800)
    assert geo.video_size == (1280, 720)
    assert geo.to_css(640, 440) == (320.0, 180.0)
    assert geo.to_video((10, 20, 30, 40)) == (20, 120, 60, 80)


def test_without_a_viewport_the_page_is_the_whole_video() -> None:
    geo = Geometry.of(spec([], SCREENS))

    assert (geo.width, geo.height, geo.scale, geo.box) == (1280, 800, 1.0, (0, 0, 1280, 800))


@pytest.mark.parametrize(
    ("event", "label"),
    [
        (None, "page loaded"),
        (Event(t=1, type="click", x=10.4, y=20.6), "click (10, 21)"),
        (Event(t=1, type="click", count=2, x=10, y=20), "double click (10, 20)"),
        (Event(t=1, type="type", text="ada@example.com"), 'type "ada@example.com"'),
        (Event(t=1, type="key", text="Control+a"), "key Control+a"),
        (Event(t=1, type="scroll", x=1, y=2, dy=600), "scroll +600 px (1, 2)"),
        (Event(t=1, type="scroll", x=1, y=2, dx=-300), "scroll -300 px sideways (1, 2)"),
    ],
)
def test_events_are_described_in_words(event: Event | None, label: str) -> None:
    assert describe(event) == label


@pytest.mark.parametrize(
    ("recorded", "pressed"),
    [
        ("Enter", "Enter"),
        ("Return", "Enter"),
        ("esc", "Escape"),
        ("Tab", "Tab"),
        ("Control+a", "Control+a"),
        ("ctrl+shift+Tab", "Control+Shift+Tab"),
        ("+", "+"),
    ],
)
def test_recorded_keys_are_spelled_for_playwright(recorded: str, pressed: str) -> None:
    assert playwright_key(recorded) == pressed
