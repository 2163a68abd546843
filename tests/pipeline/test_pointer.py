"""track_pointer(): the pointer's resting place in each span, apart from page changes."""

from __future__ import annotations

import math

from replicast.media.synthetic import SyntheticSource
from replicast.pipeline.pointer import PointerPose, _left_marks, hotspot, track_pointer
from replicast.pipeline.segment import SegmentConfig, segment
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
