"""infer_events(): where the clicks are placed, from the pointer's track (no text read: screens bare)."""

from __future__ import annotations

import math

from replicast.media.synthetic import SyntheticSource
from replicast.pipeline.behaviour import InferredEvent, infer_events
from replicast.pipeline.parse import ScreenState, group_spans
from replicast.pipeline.pointer import track_pointer
from replicast.pipeline.segment import SegmentConfig, segment
from tests.pipeline.scripts import dart_and_click_script, links_script


def _events(src: SyntheticSource) -> tuple[InferredEvent, ...]:
    """The events inferred from `src`'s pointer track and its bare screens."""
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    track = track_pointer(timeline)
    states = [
        ScreenState(n, tuple(g), s.t_start, timeline.spans[g[-1]].t_end, s.held_rgb, s.held_luma, (), (), ())
        for n, g in enumerate(group_spans(timeline, track))
        for s in [timeline.spans[g[0]]]
    ]
    return infer_events(timeline, track, states).events


def test_a_click_that_loads_a_page_is_placed_where_the_pointer_shows_on_it() -> None:
    # Given a hand resting on a lit link, its box merged with the link's (a blurred rest), that
    # clicks it: the new page shows the pointer, now the arrow, exactly where it was
    src = SyntheticSource(links_script(), fps=15)

    got = [e for e in _events(src) if e.type == "click"]

    # Then each click is placed at the arrow's tip
    want = [e for e in src.truth.events if e.type == "click"]
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g.x is not None and g.y is not None
        assert math.hypot(g.x - w.x, g.y - w.y) <= 5, (g, w)


def test_a_link_lit_up_as_the_pointer_stops_on_it_is_hovered_then_clicked() -> None:
    # Given a pointer that darts onto a link (it enters the link's box on its last step, and the link
    # lights up as it stops), rests on it, then clicks it, which shows another page
    src = SyntheticSource(dart_and_click_script(), fps=30)

    got = _events(src)

    # Then the lighting up is a hover, and the one click is the press that came after the rest
    (want,) = [e for e in src.truth.events if e.type == "click"]
    assert [e.type for e in got] == ["hover", "click"]
    assert abs(got[1].t - want.t) <= 0.1
    assert got[0].t < want.t - 0.3
