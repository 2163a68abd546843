"""tests/replay.spec.ts: the recording's events as Playwright steps, with the texts the app then shows."""

from __future__ import annotations

from replicast.codegen import project_files
from replicast.codegen.behaviour import screen_navigations
from replicast.codegen.plan import plan_screens
from replicast.codegen.replay import replay_test
from replicast.spec.models import AppSpec, Element, Event, Screen, Transition
from tests.codegen.specs import gestures_spec, hostile_spec, sign_in_spec, video
from tests.codegen.test_search_app import search_spec


def test_each_event_is_a_step_that_checks_the_screen_the_app_shows() -> None:
    source = project_files(sign_in_spec())["tests/replay.spec.ts"].decode()

    assert 'import { expect, test, type Page } from "@playwright/test";' in source
    assert 'await page.goto("./");\n  // goto returns' in source
    rendered = 'await page.locator("#root > *").first().waitFor({ state: "attached" });'
    assert f"{rendered}\n  await seeTexts(" in source
    steps = source.split("await test.step(")[1:]
    assert [s.split(",")[0] for s in steps] == [
        '"1: click at (200',
        '"2: type at 2.0 s"',
        '"3: click at (100',
        '"4: click at (140',
    ]
    assert 'await page.keyboard.type("ada@example.com");' in steps[1]
    assert '["h", "Welcome back"]' in steps[1]  # typing stays on the sign-in screen
    assert '["li1", "First"]' in steps[2]  # Sign in led home
    assert '["t", "Settings"]' in steps[3]


def test_keys_follow_the_focused_field_and_chords_are_pressed_as_chords() -> None:
    source = project_files(hostile_spec())["tests/replay.spec.ts"].decode()

    assert "await page.keyboard.press('\"');" in source
    assert 'await page.keyboard.press("Control+a");' in source


def hover_spec(role: str, response: str | None = "open") -> AppSpec:
    a = Screen(
        id="a",
        t=0,
        elements=[
            Element(id="box", role=role, bbox=[0, 0, 400, 400], text="Menu" if role == "button" else None),
            Element(id="go", role="button", bbox=[500, 500, 80, 30], text="Go"),
        ],
    )
    b = Screen(id="b", t=2, elements=[Element(id="hi", role="text", bbox=[10, 10, 80, 20], text="Hovered")])
    return AppSpec(
        video=video(),
        screens=[a, b],
        events=[Event(t=1, type="hover", x=100, y=100, target="box"), Event(t=3, type="click", x=540, y=515)],
        transitions=[
            Transition.model_validate(
                {"from": "a", "to": "b", "event": 0, "response": {"kind": response} if response else None}
            )
        ],
    )


def test_a_hover_that_opens_something_on_a_control_navigates() -> None:
    assert screen_navigations(hover_spec("button"))["a"][0].on == "hover"


def test_a_hover_style_or_crossing_a_card_navigates_nowhere() -> None:
    assert "a" not in screen_navigations(hover_spec("card"))
    assert "a" not in screen_navigations(hover_spec("button", "hover"))
    assert "a" not in screen_navigations(hover_spec("button", None))


def test_the_pointer_entering_a_hover_target_on_its_way_counts() -> None:
    spec = hover_spec("button")
    # the click's pointer passes over nothing new, but the first step enters the button
    source = replay_test(spec, plan_screens(spec), screen_navigations(spec))

    steps = source.split("await test.step(")[1:]
    assert '["hi", "Hovered"]' in steps[0] and '["hi", "Hovered"]' in steps[1]


def test_gestures_are_replayed_as_the_recording_did_them_and_focus_follows_the_editor() -> None:
    source = project_files(gestures_spec())["tests/replay.spec.ts"].decode()
    steps = source.split("await test.step(")[1:]

    assert "await page.mouse.dblclick(100, 114);" in steps[0] and '["a3", "Review designs"]' in steps[0]
    # the editor had the focus, so Enter in it led to the edited list
    assert '["e1", "Write the brief today"]' in steps[2]
    assert 'await page.keyboard.press("ArrowDown");' in steps[3] and '["s2", "Review designs"]' in steps[3]
    drag = [
        "await page.mouse.move(100, 114);",
        "await page.mouse.down();",
        "await page.mouse.move(100, 194, { steps: 10 });",
        "await page.mouse.up();",
    ]
    assert all(c in steps[4] for c in drag) and '["m3", "Write the brief today"]' in steps[4]


def test_typing_a_search_leads_the_replay_to_the_rows_it_showed() -> None:
    steps = project_files(search_spec())["tests/replay.spec.ts"].decode().split("await test.step(")[1:]

    assert 'await page.keyboard.type("Lon");' in steps[1]
    assert "Bradley Greer" in steps[1] and "Airi Satou" not in steps[1]
