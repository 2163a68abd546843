"""The synthetic video factory: frames show what the truth says, and survive encoding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from replicast.media.base import Rgb
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import (
    Box,
    Button,
    Checkbox,
    Click,
    Codec,
    DoubleClick,
    Drag,
    Hover,
    Key,
    Label,
    Move,
    Scrim,
    Script,
    Show,
    SyntheticScreen,
    SyntheticSource,
    TextInput,
    Type,
    Wait,
    render_frames,
    render_video,
    script_truth,
)

ACCENT = (37, 99, 235)
FPS = 30

LOGIN = SyntheticScreen(
    "login",
    (
        Label("title", Box(40, 20, 300, 40), "Sign in", size=28, bold=True, role="heading"),
        TextInput("email", Box(40, 80, 300, 36), placeholder="Email"),
        Checkbox("remember", Box(40, 135, 18, 18), label="Remember me"),
        Button("go", Box(40, 180, 140, 40), "Continue", goto="home"),
    ),
)
HOME = SyntheticScreen(
    "home",
    (Label("hi", Box(40, 20, 300, 40), "Welcome back"), Button("out", Box(40, 80, 120, 36), "Sign out")),
    background=(243, 244, 246),
)
SCRIPT = Script(
    (LOGIN, HOME),
    (
        Click("email"),  # press at 0.9 s (0.5 s lead + 0.4 s glide), focus from 1.0 s
        Type("ada@example.com"),  # 15 characters from 1.0 s to 2.5 s
        Click("remember"),  # press at 2.9 s
        Key("Tab"),  # at 3.0 s
        Click("go"),  # press at 3.5 s, home from 3.6 s
        Wait(1.0),
    ),
)


@pytest.fixture(scope="module")
def frames() -> list[Rgb]:
    return list(render_frames(SCRIPT, fps=FPS))


def at(frames: list[Rgb], t: float) -> Rgb:
    return frames[round(t * FPS)]


def test_truth_lists_the_events_with_times_places_and_targets() -> None:
    truth = script_truth(SCRIPT, fps=FPS)
    assert [(e.type, e.t, e.target) for e in truth.events] == [
        ("click", 0.9, "email"),
        ("type", 1.0, "email"),
        ("click", 2.9, "remember"),
        ("key", 3.0, None),
        ("click", 3.5, "go"),
    ]
    assert truth.events[1].text == "ada@example.com"
    assert (truth.events[0].x, truth.events[0].y) == (190, 98)  # the input's centre
    assert truth.events[3].text == "Tab"


def test_truth_lists_each_screen_with_its_elements_and_texts() -> None:
    truth = script_truth(SCRIPT, fps=FPS)
    assert [(s.screen, s.t) for s in truth.screens] == [("login", 0.0), ("home", 3.6)]
    login = truth.screens[0]
    assert [(e.id, e.role) for e in login.elements] == [
        ("title", "heading"),
        ("email", "input"),
        ("remember", "checkbox"),
        ("go", "button"),
    ]
    assert [(t.text, t.placeholder) for t in login.texts] == [
        ("Sign in", False),
        ("Email", True),
        ("Remember me", False),
        ("Continue", False),
    ]
    assert truth.duration == pytest.approx(5.1) and truth.frame_count == 153


def test_truth_follows_state_changes() -> None:
    truth = script_truth(SCRIPT, fps=FPS)
    typing = truth.state_at(1.55)
    assert typing.elements[1].text == "ada@ex" and typing.elements[1].focused  # keys at 1.0, 1.1, ... 1.5
    checked = truth.state_at(3.1).elements[2]
    assert checked.id == "remember" and checked.checked
    assert truth.state_at(4.0).screen == "home"


def test_text_boxes_are_tight_around_the_ink(frames: list[Rgb]) -> None:
    truth = script_truth(SCRIPT, fps=FPS)
    image = at(frames, 0.2).astype(int)
    for text in truth.screens[0].texts:
        b = text.box
        ink = np.abs(image - image[b.y - 3, b.x - 3]).sum(axis=2) > 60  # differs from the background
        inside = ink[b.y : b.y2, b.x : b.x2]
        assert inside.any(), text
        # nothing drawn just outside the box, and the box has ink near every edge
        ring = ink[b.y - 2 : b.y2 + 2, b.x - 2 : b.x2 + 2].sum() - inside.sum()
        assert ring == 0, text
        rows, cols = np.nonzero(inside)
        assert rows.min() <= 2 and rows.max() >= b.h - 3 and cols.min() <= 2 and cols.max() >= b.w - 3, text


def test_button_box_is_filled_with_its_colour(frames: list[Rgb]) -> None:
    image = at(frames, 0.2)
    assert tuple(image[183, 45]) == ACCENT and tuple(image[215, 170]) == ACCENT
    assert tuple(image[178, 45]) == (255, 255, 255)  # just above the box


def test_pressed_button_darkens_until_release(frames: list[Rgb]) -> None:
    assert tuple(at(frames, 3.5)[183, 45]) != ACCENT
    assert tuple(at(frames, 3.4)[183, 45]) == ACCENT


def test_checkbox_fills_when_clicked(frames: list[Rgb]) -> None:
    assert tuple(at(frames, 2.5)[138, 43]) == (255, 255, 255)
    assert tuple(at(frames, 3.2)[138, 43]) == ACCENT


def test_focused_input_gets_an_accent_border(frames: list[Rgb]) -> None:
    assert tuple(at(frames, 0.2)[80, 100]) != ACCENT
    assert tuple(at(frames, 1.2)[80, 100]) == ACCENT


def test_navigation_shows_the_next_screen(frames: list[Rgb]) -> None:
    assert tuple(at(frames, 4.0)[300, 600]) == (243, 244, 246)
    assert tuple(at(frames, 3.0)[300, 600]) == (255, 255, 255)


def test_caret_blinks_while_idle() -> None:
    # Given focus on an empty input and no typing, the caret shows for 0.5 s, then hides for 0.5 s
    search = SyntheticScreen("search", (TextInput("q", Box(40, 80, 300, 36)),))
    script = Script((search,), (Click("q"), Move((600, 300), 0.2), Wait(2.0)))
    frames = list(render_frames(script, fps=FPS))
    focus_t = 1.0
    caret = (98, 49)  # row, column: just right of the text origin at x = 48
    on = [at(frames, focus_t + dt)[caret] for dt in (0.1, 0.4, 1.1, 1.4)]
    off = [at(frames, focus_t + dt)[caret] for dt in (0.6, 0.9, 1.6)]
    assert all(tuple(px) == (33, 37, 41) for px in on)
    assert all(tuple(px) == (255, 255, 255) for px in off)


def test_cursor_is_a_black_arrow_with_a_white_outline_at_its_hotspot(frames: list[Rgb]) -> None:
    truth = script_truth(SCRIPT, fps=FPS)
    for t in (0.0, 0.7, 2.0):
        c = truth.cursor_at(t)
        x, y = round(c.x), round(c.y)
        image = at(frames, t)
        assert tuple(image[y + 8, x + 2]) == (0, 0, 0)  # inside the arrow
        assert tuple(image[y + 8, x - 1]) in {(255, 255, 255)}  # its outline, left of the shaft


def test_typing_needs_a_focused_input() -> None:
    with pytest.raises(ValueError, match="no text input has focus"):
        script_truth(Script((LOGIN,), (Type("x"),)))


def test_unknown_targets_are_refused() -> None:
    with pytest.raises(ValueError, match="no widget 'nope'"):
        script_truth(Script((LOGIN,), (Click("nope"),)))
    with pytest.raises(ValueError, match="no screen 'nowhere'"):
        script_truth(Script((LOGIN,), (Show("nowhere"),)))


def test_key_can_clear_the_input() -> None:
    script = Script((LOGIN,), (Click("email"), Type("hi"), Key("Enter", clear=True)))
    truth = script_truth(script)
    assert [s.elements[1].text for s in truth.states] == ["Email", "h", "hi", "Email"]
    assert truth.events[-1].type == "key" and truth.events[-1].target == "email"


def test_key_can_navigate() -> None:
    truth = script_truth(Script((LOGIN, HOME), (Key("Enter", goto="home"),)))
    assert [(s.screen, s.t) for s in truth.screens] == [("login", 0.0), ("home", 0.5)]


def test_backspaces_correct_the_typed_text_and_the_event_says_what_was_left() -> None:
    script = Script((LOGIN,), (Click("email"), Type("adx\ba")))
    truth = script_truth(script)
    assert [s.elements[1].text for s in truth.states][-3:] == ["adx", "ad", "ada"]
    assert truth.events[-1].text == "ada"


def test_tab_moves_the_focus_and_a_key_to_a_screen_keeps_it() -> None:
    form = SyntheticScreen("form", (*LOGIN.widgets, TextInput("name", Box(40, 240, 300, 36))))
    truth = script_truth(Script((form, LOGIN), (Click("email"), Key("Tab", focus="name"))))
    assert [e.id for e in truth.states[-1].elements if e.focused] == ["name"]
    truth = script_truth(Script((form, LOGIN), (Click("email"), Key("Enter", goto="login"))))
    assert [e.id for e in truth.states[-1].elements if e.focused] == ["email"]


def test_a_hover_shows_its_screen_as_the_pointer_arrives_and_it_lingers() -> None:
    truth = script_truth(Script((LOGIN, HOME), (Hover("go", goto="home", move=0.5),)))
    (e,) = truth.events
    assert (e.type, e.target, e.t) == ("hover", "go", 1.0)
    assert truth.state_at(1.0).screen == "home"
    assert truth.cursor_at(1.3).x == e.x + 14


def test_without_the_pointer_frames_show_only_the_page() -> None:
    hidden = list(render_frames(Script((LOGIN,), (Move((200, 200)),), pointer=False), fps=FPS))
    assert all(tuple(f[205, 202]) == (255, 255, 255) for f in hidden)


def test_with_looks_the_pointer_and_a_link_show_what_it_is_over_once_it_moved() -> None:
    green = (0, 100, 30)
    link = Label("more", Box(40, 240, 120, 22), "Read more", color=ACCENT, goto="home", hover=green)
    page = SyntheticScreen("page", (*LOGIN.widgets, link))
    script = Script(
        (page, HOME),
        (Move((190, 98), 0.4), Wait(0.5), Move((110, 251), 0.4), Wait(0.5), Click("go", move=0.4), Wait(0.5)),
        cursor=(100, 251),  # over the link from the start: the arrow until it moves
        looks=True,
    )
    frames = list(render_frames(script, fps=FPS))

    def pointer(t: float, y0: int) -> int:
        """How many black pixels the pointer shows in the row `y0` px below its hotspot."""
        c = script_truth(script, fps=FPS).cursor_at(t)
        row = at(frames, t)[round(c.y) + y0, round(c.x) - 8 : round(c.x) + 14]
        return int((row.sum(axis=1) == 0).sum())

    def lit(t: float) -> bool:
        return bool(any(tuple(px) == green for px in at(frames, t)[240:262, 40:160].reshape(-1, 3)))

    def arrow(t: float) -> bool:  # wide at mid-height, only its tail further down
        return pointer(t, 9) >= 8 and pointer(t, 14) <= 4

    def i_beam(t: float) -> bool:  # one stroke, nothing further down
        return pointer(t, 4) == 1 and pointer(t, 14) == 0

    def hand(t: float) -> bool:  # a fist below its finger
        return pointer(t, 14) >= 10

    # the arrow over the link from the start, the link not lit; then an I-beam over the field
    assert arrow(0.2) and not lit(0.2)
    assert i_beam(1.2)
    # back over the link: a hand, the link lit; over the button, a hand (pressed at 2.7 s)
    assert hand(2.2) and lit(2.2)
    assert hand(2.75)
    # on the next screen (from 2.8 s), the arrow until it moves again
    assert arrow(3.2)


def test_a_scrim_dims_what_lies_under_it_and_blocks_clicks() -> None:
    dim = SyntheticScreen("dim", (*LOGIN.widgets, Scrim("scrim", Box(0, 0, 640, 360), opacity=0.5)))
    (image,) = list(render_frames(Script((dim,), (), lead=0.0, tail=1 / FPS), fps=FPS))
    assert all(abs(int(c) - 128) <= 1 for c in image[300, 600])  # white at half strength
    truth = script_truth(Script((dim,), (Click("go"),)))
    assert truth.events[0].target is None


def test_synthetic_source_serves_the_rendered_frames(frames: list[Rgb]) -> None:
    src = SyntheticSource(SCRIPT, fps=FPS)
    got = list(src.frames())
    assert src.info.frame_count == len(got) == len(frames)
    assert np.array_equal(got[40].rgb(), frames[40]) and got[40].t == pytest.approx(40 / FPS)
    assert src.truth.events == script_truth(SCRIPT, fps=FPS).events


@pytest.mark.parametrize("t", [0.0, 40 / FPS, 40.5 / FPS, 99.0])
def test_synthetic_source_renders_the_frame_shown_at_a_time(frames: list[Rgb], t: float) -> None:
    src = SyntheticSource(SCRIPT, fps=FPS)
    got = src.frame_at(t)
    i = min(len(frames) - 1, int(t * FPS + 1e-6))  # past the end: the last frame
    assert (got.index, got.t) == (i, pytest.approx(i / FPS))
    assert np.array_equal(got.rgb(), frames[i])


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_encoded_video_decodes_close_to_the_drawn_frames(
    tmp_path: Path, codec: Codec, frames: list[Rgb]
) -> None:
    truth = render_video(SCRIPT, tmp_path / f"login.{codec}", codec=codec, fps=FPS)
    with PyAvSource(tmp_path / f"login.{codec}") as src:
        assert (src.info.width, src.info.height, src.info.fps) == (640, 360, FPS)
        assert src.info.duration == pytest.approx(truth.duration, abs=0.05)
        decoded = list(src.frames())
    assert len(decoded) == truth.frame_count == len(frames)
    for i in (0, 45, 100, 150):
        diff = np.abs(decoded[i].rgb().astype(int) - frames[i].astype(int))
        assert diff.mean() < 2.0, i
    # the accent button survives encoding
    assert np.abs(decoded[10].rgb()[190:210, 50:60].astype(int) - ACCENT).max() < 16


def test_a_double_click_on_a_label_opens_its_editor_with_the_focus_in_it() -> None:
    row = Label("row", Box(40, 100, 300, 28), "buy milk")
    editing = SyntheticScreen("editing", (TextInput("row", Box(32, 94, 320, 40), value="buy milk"),))
    script = Script(
        (SyntheticScreen("list", (row,)), editing), (DoubleClick("row", goto="editing", focus="row"),)
    )
    truth = script_truth(script, fps=FPS)
    (e,) = truth.events
    # stamped at the first press (0.5 s lead + 0.4 s glide); the editor shows from the second release
    assert (e.type, e.count, e.t, e.target, e.x, e.y) == ("click", 2, 0.9, "row", 190, 114)
    assert truth.state_at(1.2).screen == "list"
    shown = truth.state_at(1.21)
    assert shown.screen == "editing" and [el.id for el in shown.elements if el.focused] == ["row"]


def test_a_dragged_widget_follows_the_pointer_and_the_drop_shows_the_new_order() -> None:
    card = SyntheticScreen("a", (Label("c", Box(40, 100, 200, 40), "Card", pad=12, fill=(243, 244, 246)),))
    moved = SyntheticScreen("b", (Label("c", Box(40, 200, 200, 40), "Card", pad=12, fill=(243, 244, 246)),))
    script = Script((card, moved), (Drag((140, 120), to=(140, 220), drop="b", duration=0.6),), lead=0.5)
    truth = script_truth(script, fps=FPS)
    (e,) = truth.events
    assert (e.type, e.t, e.target, e.x, e.y, e.dx, e.dy) == ("drag", 0.9, "c", 140, 120, 0, 100)
    # what the app shows: the list before the press and after the drop, not the card on its way
    assert [(s.screen, s.t) for s in truth.states] == [("a", 0.0), ("b", 1.6)]
    frames = list(render_frames(script, fps=FPS))
    halfway = at(frames, 1.2)  # the pointer is halfway (eased), and so is the card
    assert tuple(halfway[105, 60]) == (255, 255, 255)  # gone from where it was
    assert tuple(halfway[155, 60]) == (243, 244, 246)  # carried 50 px down with the pointer
    assert tuple(at(frames, 1.7)[205, 60]) == (243, 244, 246)  # dropped in its new place
