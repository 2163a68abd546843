"""segment(): stable spans and gaps of a synthetic recording."""

from __future__ import annotations

from collections.abc import Iterator

import cv2

from replicast.media.base import Frame
from replicast.media.synthetic import SyntheticSource
from replicast.pipeline.segment import SegmentConfig, segment
from tests.pipeline.scripts import sign_in_script


def test_every_state_change_starts_a_new_span() -> None:
    src = SyntheticSource(sign_in_script())
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)

    # the settled states: each click's effect, and the end of the typing burst
    typing = next(e for e in src.truth.events if e.type == "type")
    changes = [e.t for e in src.truth.events if e.type == "click"]
    changes.append(max(s.t for s in src.truth.states if s.t < typing.t + 2.0))
    starts = [s.t_start for s in timeline.spans]
    for t in changes:
        # each change of the page is followed, within half a second, by a span that starts at it
        assert any(0 <= start - t <= 0.5 for start in starts), (t, starts)
    assert len(timeline.gaps) == len(timeline.spans) - 1


def test_blinking_caret_does_not_break_a_span() -> None:
    src = SyntheticSource(sign_in_script())
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)

    # after typing ends (the caret blinks in the focused field for 1.2 s), one span covers the wait
    typed_end = next(e.t for e in src.truth.events if e.type == "type") + len("ada@example.com") * 0.08
    covering = [s for s in timeline.spans if s.t_start <= typed_end + 0.4 and s.t_end >= typed_end + 1.0]
    assert len(covering) == 1
    assert timeline.carets, "the caret's blinks are recorded"


def test_keyframes_are_rgb_of_the_video_size() -> None:
    src = SyntheticSource(sign_in_script())
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)

    for span in timeline.spans:
        assert span.rgb.shape == (src.info.height, src.info.width, 3)
        assert span.luma.shape == (src.info.height, src.info.width)
        assert span.t_start <= span.t_key <= span.t_end


def test_opencv_runs_single_threaded_while_segmenting_and_is_restored_after() -> None:
    src = SyntheticSource(sign_in_script())
    seen: set[int] = set()

    def frames() -> Iterator[Frame]:
        for frame in src.frames():
            seen.add(cv2.getNumThreads())
            yield frame

    cv2.setNumThreads(2)
    try:
        segment(frames(), SegmentConfig(), src.info.width, src.info.height)
        assert seen == {1}, "OpenCV's workers would take CPU from the decoder's threads"
        assert cv2.getNumThreads() == 2
    finally:
        cv2.setNumThreads(-1)
