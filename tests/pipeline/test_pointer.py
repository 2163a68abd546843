"""track_pointer(): the pointer's resting place in each span, apart from page changes."""

from __future__ import annotations

import math

from replicast.media.synthetic import SyntheticSource
from replicast.pipeline.pointer import hotspot, track_pointer
from replicast.pipeline.segment import SegmentConfig, segment
from tests.pipeline.scripts import sign_in_script


def test_pointer_rests_where_each_click_happened() -> None:
    src = SyntheticSource(sign_in_script())
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    track = track_pointer(timeline)

    for click in (e for e in src.truth.events if e.type == "click"):
        # the pointer clicks as it arrives, and rests there in the span that follows
        i = min(k for k, s in enumerate(timeline.spans) if s.t_start > click.t)
        rest = track.rest[i]
        assert rest is not None
        x, y = hotspot(rest)
        assert math.hypot(x - click.x, y - click.y) <= 10, (click, (x, y))


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
