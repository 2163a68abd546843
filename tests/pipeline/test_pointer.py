"""track_pointer(): the pointer's resting place in each span, apart from page changes."""

from __future__ import annotations

import math

from replicast.media.synthetic import SyntheticSource
from replicast.pipeline.pointer import PointerPose, _follow, _left_marks, hotspot, track_pointer
from replicast.pipeline.segment import FrameDelta, SegmentConfig, segment
from replicast.vision.base import Box
from tests.pipeline.scripts import links_script, sign_in_script, typed_under_pointer_script


def _rests_at_clicks(src: SyntheticSource) -> None:
    """The pointer clicks as it arrives, and rests there in the span that follows."""
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    track = track_pointer(timeline)

    for click in (e for e in src.truth.events if e.type == "click"):
        i = min(k for k, s in enumerate(timeline.spans) if s.t_start > click.t)
        rest = track.rest[i]
        assert rest is not None
        x, y = hotspot(rest)
        assert math.hypot(x - click.x, y - click.y) <= 10, (click, (x, y))


def test_pointer_rests_where_each_click_happened() -> None:
    _rests_at_clicks(SyntheticSource(sign_in_script()))


def test_the_pointer_is_followed_off_a_link_that_lights_up_as_it_sets_off_from_a_new_page() -> None:
    # Given pages reloaded under the pointer: it rests there as the arrow until it moves, then it is a
    # hand and the link under it lights up, and goes dark as it leaves (the changes merge with it),
    # recorded at 15 fps as a recorder that repeats frames does
    src = SyntheticSource(links_script(), fps=15)
    # Then it is followed to each link it clicks, not lost where it rested on the first new page
    _rests_at_clicks(src)


def test_letters_typed_under_a_resting_i_beam_are_no_motion_and_the_pointer_is_followed_on() -> None:
    # Given an I-beam resting over a field while the letters typed run on under it
    src = SyntheticSource(typed_under_pointer_script())
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    track = track_pointer(timeline)

    typing = next(e for e in src.truth.events if e.type == "type")
    gap = next(g for g in track.gaps if g.content and abs(g.content[0].t - typing.t) < 0.2)
    # Then the letters are the page's, not a motion of the pointer (which stays where it was)
    assert not gap.moved
    assert gap.net
    # And it is followed from there to the box and the button it clicks next
    _rests_at_clicks(src)


def test_typing_is_page_change_not_motion() -> None:
    src = SyntheticSource(sign_in_script())
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    track = track_pointer(timeline)

    typing = next(e for e in src.truth.events if e.type == "type")
    gap = next(
        g
        for g, span in zip(track.gaps, timeline.spans[1:], strict=True)
        if g.content and abs(g.content[0].t - typing.t) < 0.2
    )
    assert not gap.moved
    assert gap.net, "the typed text is a change of the page"


def test_letters_typed_along_a_line_are_marks_and_a_pointer_drifting_in_place_is_not() -> None:
    screen = 1280 * 720
    line = Box(100, 200, 260, 22)
    typed = tuple(PointerPose(0.1 * k, Box(104 + 14 * k, 203, 12, 16)) for k in range(8))
    assert _left_marks(typed, [line], screen)
    # a pointer that drifts a few px before the page scrolls: its start and end differ in one small box
    drift = tuple(PointerPose(0.03 * k, Box(793 + k, 416 - 2 * k, 13, 19)) for k in range(8))
    assert not _left_marks(drift, [Box(790, 400, 24, 40)], screen)
    # letters across a page that changed all over (a new page) are no typing either
    assert not _left_marks(typed, [line, Box(0, 300, 1280, 400)], screen)


def _deltas(*frames: tuple[float, list[tuple[int, int, int, int]]]) -> tuple[FrameDelta, ...]:
    return tuple(FrameDelta(i, t, tuple(Box(*b) for b in boxes)) for i, (t, boxes) in enumerate(frames))


def test_a_hand_that_sets_off_fast_as_an_arrow_is_followed() -> None:
    # Given a hand (16 x 16) resting on a card's button, leaving upwards and turning into an arrow that
    # moves up to 33 px a frame (a step is where it was and where it went: up to 58 px tall), while the
    # button it left goes back to its look (a 12 x 12 change where it was), as a dark dashboard recorded
    rest = Box(1134, 247, 16, 16)
    deltas = _deltas(
        (7.60, [(1133, 242, 16, 16)]),
        (7.63, [(1131, 229, 16, 16)]),
        (7.67, [(1127, 220, 16, 16)]),
        (7.70, [(1118, 198, 28, 58)]),
        (7.73, [(1103, 165, 27, 52), (1134, 244, 12, 12)]),
        (7.77, [(1094, 143, 17, 41)]),
        (7.80, [(1081, 114, 25, 49)]),
        (7.83, [(1069, 87, 24, 47)]),
        (7.87, [(1058, 62, 23, 44)]),
        (7.90, [(1050, 43, 20, 38)]),
        (7.93, [(1035, 19, 28, 43)]),
        (7.97, [(1039, 26, 16, 20)]),
        (8.00, [(1038, 25, 16, 17)]),
    )

    gap = _follow(deltas, rest, 1.0)

    # Then it is followed all the way up to the navbar's icon
    assert gap.moved
    last = gap.poses[-1].box
    assert abs(last.cx - 1046) <= 12 and abs(last.cy - 33) <= 12, last


def test_a_bar_redrawn_under_a_resting_pointer_is_no_jump_of_it() -> None:
    # Given the pointer resting on a navbar's search icon, which opens a search row over the bar: the
    # icons beside it vanish (pointer-sized changes) in the frame where the place it rests changes too
    rest = Box(1035, 19, 18, 22)
    deltas = _deltas(
        (8.33, [(1038, 18, 15, 22)]),
        (8.37, [(1035, 20, 16, 15)]),
        (
            8.47,
            [
                (1136, 18, 20, 17),
                (1035, 20, 16, 15),
                (1180, 20, 61, 14),
                (275, 21, 13, 15),
                (1085, 21, 22, 9),
            ],
        ),
        (8.50, [(396, 21, 54, 12), (296, 22, 22, 11)]),
    )

    gap = _follow(deltas, rest, 1.0)

    # Then it did not go to an icon that vanished
    assert all(p.box.x < 1070 for p in gap.poses), gap.poses
