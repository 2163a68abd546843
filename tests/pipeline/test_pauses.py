"""with_pauses(): a page that held still while only the pointer moved becomes a stable span of its own."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from replicast.media.synthetic import Script, SyntheticSource
from replicast.pipeline.pauses import track_with_pauses
from replicast.pipeline.pointer import track_pointer
from replicast.pipeline.segment import SegmentConfig, Timeline, segment
from tests.pipeline.scripts import glide_between_links_script, hurried_sign_in_script, sign_in_script

CFG = SegmentConfig()


def _segmented(src: SyntheticSource) -> Timeline:
    return segment(src.frames(), CFG, src.info.width, src.info.height)


def test_the_filled_in_form_the_pointer_left_at_once_is_a_span_of_its_own() -> None:
    # Given typing, then the pointer straight on to Continue as the last key lands
    src = SyntheticSource(hurried_sign_in_script(), fps=30)
    before = _segmented(src)
    typed = next(e for e in src.truth.events if e.type == "type")
    pressed = next(e for e in src.truth.events if e.type == "click" and e.t > typed.t)

    after, track = track_with_pauses(before, src, CFG.settle_s)

    # Then one span more, between the last key and the press, whose keyframe is the frame decoded again
    assert len(after.spans) == len(before.spans) + 1 == len(after.gaps) + 1
    new = next(s for s in after.spans if typed.t < s.t_key < pressed.t)
    assert [s.index for s in after.spans] == list(range(len(after.spans)))
    assert np.array_equal(new.rgb, src.frame_at(new.t_key).rgb())
    # showing the whole address typed: the typed line's truth text box differs from before typing
    field = next(t.box for t in src.truth.state_at(new.t_key).texts if t.text == "ada@example.com")
    first = after.spans[0].luma[field.y : field.y2, field.x : field.x2]
    shown = new.luma[field.y : field.y2, field.x : field.x2]
    assert np.abs(first.astype(int) - shown.astype(int)).max() > 100
    # and the pointer is tracked through the new spans: resting on the field, then pressing Continue
    assert len(track.rest) == len(after.spans)
    rest = track.rest[new.index]
    assert rest is not None and abs(rest.cx - typed.x) < 40 and abs(rest.cy - typed.y) < 40
    assert track.gaps[new.index].moved
    # every frame change kept is in a gap in time order, none in the new span's time
    times = [d.t for g in after.gaps for d in g]
    assert times == sorted(times)
    assert not [t for t in times if new.t_start < t <= new.t_key]


@pytest.mark.parametrize("script", [sign_in_script, glide_between_links_script])
def test_pointers_that_rest_after_each_change_or_change_the_page_on_their_way_leave_it_as_it_is(
    script: Callable[[], Script],
) -> None:
    # the page rests with the pointer after each change of the sign-in; and a link the pointer glides
    # off goes dark on its way (the page holds still while it goes on to the other link): no screen
    src = SyntheticSource(script(), fps=30)
    timeline = _segmented(src)

    after, track = track_with_pauses(timeline, src, CFG.settle_s)

    assert after is timeline
    assert track == track_pointer(timeline)
