"""identify_screens(): a screen revisited is the same screen; typing changes the state, not the screen."""

from __future__ import annotations

from itertools import islice

import numpy as np
import pytest
from PIL import Image, ImageDraw

from replicast.media.base import Rgb, rgb_to_luma
from replicast.media.synthetic import (
    Box,
    Button,
    Click,
    Label,
    Script,
    SyntheticScreen,
    SyntheticSource,
    TextInput,
    Type,
    Wait,
    render_frames,
    scrolled_frames,
    tall_page,
)
from replicast.pipeline.cursor_track import cursor_track
from replicast.pipeline.identity import ScreenIds, difference, identify_screens
from replicast.pipeline.pointer import track_pointer
from replicast.pipeline.segment import SegmentConfig, segment
from tests.pipeline.scripts import SIGN_IN

HOME = SyntheticScreen(
    "home",
    (
        Label("hello", Box(40, 24, 400, 40), "Welcome back", size=26, bold=True, role="heading"),
        Label("note", Box(40, 80, 500, 30), "You have 3 new messages"),
        TextInput("search", Box(40, 130, 320, 40), placeholder="Search messages"),
        Button("settings", Box(40, 200, 140, 40), "Settings", goto="settings"),
    ),
)
SETTINGS = SyntheticScreen(
    "settings",
    (
        Label("head", Box(40, 24, 400, 40), "Settings", size=26, bold=True, role="heading"),
        Label("hint", Box(40, 80, 500, 30), "Choose how Harbor looks and sends mail", color=(90, 90, 90)),
        Button("back", Box(40, 140, 140, 40), "Back", goto="home"),
    ),
)


def test_a_screen_revisited_is_the_same_screen() -> None:
    # Given: sign in, home, type a search, settings, back to home
    script = Script(
        (SIGN_IN, HOME, SETTINGS),
        (
            Wait(0.6),
            Click("go", move=0.5),
            Wait(0.8),
            Click("search", move=0.4),
            Wait(0.6),
            Type("invoices", interval=0.08),
            Wait(0.8),
            Click("settings", move=0.5),
            Wait(0.8),
            Click("back", move=0.5),
            Wait(1.0),
        ),
        cursor=(500, 300),
    )
    src = SyntheticSource(script)
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    track = cursor_track(timeline, track_pointer(timeline))
    keys = timeline.spans
    ignore = [[s.box] if (s := track.at(k.t_key)) is not None else [] for k in keys]

    # When the keyframes are identified
    ids = identify_screens([k.luma for k in keys], ignore)

    # Then keyframes of one truth screen share an id, and different screens do not
    names = [src.truth.state_at(k.t_key).screen for k in keys]
    assert len(set(names)) == 3 and names.count("home") >= 3
    for a in range(len(keys)):
        for b in range(len(keys)):
            assert (ids.screen[a] == ids.screen[b]) == (names[a] == names[b]), (names, ids)
    # typing made new states of the home screen
    home_states = {ids.state[i] for i, n in enumerate(names) if n == "home"}
    assert len(home_states) >= 2


def _page() -> Rgb:
    return next(islice(render_frames(Script((SIGN_IN,), (Wait(0.1),), cursor=(600, 340))), 1))


def _with_modal(page: Rgb) -> Rgb:
    im = Image.fromarray((page * 0.45).astype(np.uint8))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((170, 90, 470, 270), radius=8, fill=(255, 255, 255))
    d.text((190, 110), "Delete this draft?", fill=(30, 30, 30))
    return np.asarray(im)


def _pointer(page: Rgb, x: int, y: int) -> Rgb:
    out = page.copy()
    out[y : y + 19, x : x + 12] = 0
    return out


def test_closing_a_modal_comes_back_to_the_same_state() -> None:
    page = _page()
    frames = [_pointer(page, 500, 300), _pointer(_with_modal(page), 300, 240), _pointer(page, 200, 60)]
    ignore = [[Box(500, 300, 12, 19)], [Box(300, 240, 12, 19)], [Box(200, 60, 12, 19)]]

    ids = identify_screens([rgb_to_luma(f) for f in frames], ignore)

    assert ids.state == (0, 1, 0)
    assert ids.screen == (0, 1, 0)


def test_a_scrolled_page_is_the_same_screen() -> None:
    page = tall_page()
    frames = list(scrolled_frames(page, [0, 150, 300]))

    ids = identify_screens([rgb_to_luma(f) for f in frames])

    assert ids.screen == (0, 0, 0)
    assert ids.state == (0, 1, 2)


def test_the_pointer_is_left_out_when_asked() -> None:
    page = _page()
    a, b = rgb_to_luma(_pointer(page, 500, 300)), rgb_to_luma(_pointer(page, 100, 200))

    assert difference(a, b) > 0
    assert difference(a, b, [Box(500, 300, 12, 19), Box(100, 200, 12, 19)]) == 0


def test_images_of_different_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="differ in size"):
        difference(np.zeros((10, 10), np.uint8), np.zeros((10, 12), np.uint8))


def test_only_a_return_is_a_revisit() -> None:
    # Given states 0, 0 (a change the shrunk comparison missed: a focus ring), 1, 0 (back)
    ids = ScreenIds(screen=(0, 0, 1, 0), state=(0, 0, 1, 0))

    # Then the second keyframe is not a revisit (nothing else in between), the fourth is
    assert ids.revisits() == (None, None, None, 0)
