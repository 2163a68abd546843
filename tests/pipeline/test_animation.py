"""freeze_animations(): a spinner or a playing video holds still for segment; typing and scrolling do not."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator

import numpy as np
from PIL import Image, ImageDraw

from replicast.media.base import Frame, Rgb, rgb_to_luma
from replicast.media.synthetic import SyntheticSource, glide_offsets, scrolled_frames, tall_page
from replicast.pipeline.animation import freeze_animations
from replicast.pipeline.segment import SegmentConfig, Timeline, segment
from tests.pipeline.scripts import enter_script, sign_in_script


def _frame(i: int, rgb: Rgb) -> Frame:
    return Frame(i, i / 30, rgb_to_luma(rgb), lambda: rgb)


def _spinning(frames: Iterable[Frame]) -> Iterator[Frame]:
    """A loading spinner (a quarter arc turning 15° a frame) in the top-right corner of every frame."""
    for f in frames:
        im = Image.fromarray(f.rgb().copy())
        start = (f.index * 15) % 360
        ImageDraw.Draw(im).arc((580, 20, 612, 52), start, start + 270, fill=(37, 99, 235), width=4)
        yield _frame(f.index, np.asarray(im))


def _playing(frames: Iterable[Frame]) -> Iterator[Frame]:
    """A 160x90 video (moving bars) playing at the bottom right."""
    for f in frames:
        rgb = f.rgb().copy()
        x = np.arange(160)
        bars = ((np.sin((x + 6 * f.index) / 9.0) + 1) * 110).astype(np.uint8)
        rgb[250:340, 460:620] = bars[None, :, None]
        yield _frame(f.index, rgb)


def _segment(frames: Iterable[Frame]) -> Timeline:
    return segment(frames, SegmentConfig(), 640, 360)


def _clicks_start_spans(timeline: Timeline, clicks: list[float]) -> bool:
    starts = [s.t_start for s in timeline.spans]
    return all(any(0 <= s - t <= 0.5 for s in starts) for t in clicks)


def test_a_spinner_does_not_keep_the_screen_from_settling() -> None:
    src = SyntheticSource(sign_in_script())
    clicks = [e.t for e in src.truth.events if e.type == "click" and e.t > 2.0]

    raw = _segment(_spinning(src.frames()))
    held = _segment(freeze_animations(_spinning(src.frames())))

    assert len(raw.spans) <= 1  # it never rests
    assert _clicks_start_spans(held, clicks)
    assert len(held.spans) <= len(_segment(src.frames()).spans) + 1


def test_a_playing_video_is_held_still() -> None:
    src = SyntheticSource(sign_in_script())
    clicks = [e.t for e in src.truth.events if e.type == "click" and e.t > 2.0]

    held = _segment(freeze_animations(_playing(src.frames())))

    assert _clicks_start_spans(held, clicks)
    # keyframes still show the video as it was
    assert any(float(np.abs(k.rgb[250:340, 460:620].astype(int) - 255).mean()) > 20 for k in held.spans)


def test_typing_is_not_an_animation() -> None:
    src = SyntheticSource(enter_script())

    plain = _segment(src.frames())
    held = _segment(freeze_animations(src.frames()))

    assert [s.t_start for s in held.spans] == [s.t_start for s in plain.spans]


def test_a_long_smooth_scroll_is_not_an_animation() -> None:
    # two seconds of the whole page gliding: the page moves, nothing is held
    offsets = [0] * 10 + glide_offsets(0, 1100, 60) + [1100] * 20
    frames = [_frame(i, rgb) for i, rgb in enumerate(scrolled_frames(tall_page(), offsets, pointer=None))]

    out = list(freeze_animations(frames))

    assert all(np.array_equal(a.luma, b.luma) for a, b in zip(frames, out, strict=True))
    assert math.isclose(out[-1].t, frames[-1].t)


def test_still_frames_are_marked_repeats_and_segment_alike() -> None:
    # Given a recording without animations, whose frames mostly repeat the one before
    src = SyntheticSource(sign_in_script())

    held = list(freeze_animations(src.frames()))

    # Then the frames that show what the one before showed are marked, the others not
    frames = list(src.frames())
    same = [np.array_equal(a.y, b.y) for a, b in itertools.pairwise(frames)]
    assert [f.repeat for f in held[1:]] == same
    assert sum(same) > len(same) // 2
    # and segment, which skips repeats, cuts the same spans with the same keyframes
    plain, skipped = _segment(frames), _segment(held)
    assert [(s.t_start, s.t_end) for s in skipped.spans] == [(s.t_start, s.t_end) for s in plain.spans]
    assert skipped.gaps == plain.gaps
    assert skipped.carets == plain.carets
