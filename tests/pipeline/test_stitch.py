"""vertical_shift() and stitch(): scroll offsets to ±4 px, one full-height image of the page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from replicast.media.base import Rgb, rgb_to_luma
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import encode_video, header_bar, tall_page
from replicast.media.synthetic import scrolled_frames as scrolled
from replicast.media.synthetic._scroll import HEADER_H, VIEW_H
from replicast.pipeline.stitch import stitch, vertical_shift


@pytest.fixture(scope="module")
def page() -> Rgb:
    return tall_page()


def _luma(frames: list[Rgb]) -> list[np.ndarray]:
    return [rgb_to_luma(f) for f in frames]


@pytest.mark.parametrize(("start", "end"), [(0, 120), (300, 137), (0, 240), (500, 740), (800, 799)])
def test_shift_between_two_scroll_positions_is_exact(page: Rgb, start: int, end: int) -> None:
    a, b = _luma(list(scrolled(page, [start, end])))

    shift = vertical_shift(a, b)

    assert shift is not None
    assert shift.dy == end - start


def test_a_fixed_header_is_left_out_of_the_shift(page: Rgb) -> None:
    a, b = _luma(list(scrolled(page, [100, 260], header=header_bar())))

    shift = vertical_shift(a, b)

    assert shift is not None
    assert (shift.dy, shift.header) == (160, HEADER_H)


def test_identical_frames_have_no_shift(page: Rgb) -> None:
    a, b = _luma(list(scrolled(page, [50, 50])))

    assert vertical_shift(a, b) == vertical_shift(b, a)
    shift = vertical_shift(a, b)
    assert shift is not None and shift.dy == 0


def test_a_different_page_is_not_a_shift(page: Rgb) -> None:
    a = rgb_to_luma(next(scrolled(page, [0])))
    other = np.ascontiguousarray(page[::-1, ::-1])
    b = rgb_to_luma(next(scrolled(other, [300])))

    assert vertical_shift(a, b) is None


def test_a_scroll_beyond_the_overlap_is_not_found(page: Rgb) -> None:
    # 300 px of a 360 px viewport: less than a third stays on screen
    a, b = _luma(list(scrolled(page, [0, 300])))

    assert vertical_shift(a, b) is None


def test_stitching_rebuilds_the_page_and_the_viewport_positions(page: Rgb) -> None:
    offsets = [0, 120, 240, 400, 610, 850, 1040]
    frames = list(scrolled(page, offsets, pointer=None))

    out = stitch(frames)

    assert out.offsets == tuple(offsets)
    assert out.image.shape == (offsets[-1] + VIEW_H, page.shape[1], 3)
    assert np.array_equal(out.image, page[: offsets[-1] + VIEW_H])


def test_stitching_keeps_a_sticky_header_once(page: Rgb) -> None:
    offsets = [0, 150, 300, 200]
    frames = list(scrolled(page, offsets, header=header_bar(), pointer=None))

    out = stitch(frames)

    assert out.offsets == tuple(offsets)
    assert out.header == HEADER_H
    assert out.image.shape[0] == HEADER_H + 300 + VIEW_H - HEADER_H
    assert np.array_equal(out.image[:HEADER_H], header_bar())
    assert np.array_equal(out.image[HEADER_H:], page[: 300 + VIEW_H - HEADER_H])


def test_a_frame_that_does_not_line_up_is_left_out(page: Rgb) -> None:
    frames = [*scrolled(page, [0, 100]), np.full_like(page[:VIEW_H], 90), *scrolled(page, [200])]

    out = stitch(frames)

    assert out.offsets == (0, 100, None, 200)


def test_offsets_within_4_px_through_the_codec(tmp_path: Path, page: Rgb) -> None:
    # Given a scrolled page encoded with H.264 (one frame per scroll position, the pointer drawn)
    offsets = [0, 90, 200, 330, 470, 640, 800, 1000, 1140]
    video = tmp_path / "scroll.mp4"
    encode_video(scrolled(page, offsets, header=header_bar()), video, fps=5)

    # When the decoded frames are stitched
    with PyAvSource(video) as src:
        frames = list(src.frames())
    out = stitch([f.rgb() for f in frames], [f.luma for f in frames])

    # Then every viewport position is within 4 px, and the page looks like the original
    assert all(o is not None and abs(o - t) <= 4 for o, t in zip(out.offsets, offsets, strict=True)), (
        out.offsets
    )
    body = out.image[HEADER_H:].astype(np.int16)
    truth = page[: body.shape[0]].astype(np.int16)
    assert float(np.abs(body - truth).mean()) < 4.0


def test_a_fixed_sidebar_is_measured(page: Rgb) -> None:
    # Given a scroll beside a sidebar that stays put (textured: nav entries)
    frames = list(scrolled(page, [0, 120], pointer=None))
    for f in frames:
        f[:, :60] = 30
        for y in range(20, VIEW_H, 40):
            f[y : y + 12, 10:50] = 220

    shift = vertical_shift(*_luma(frames))

    # Then the page scrolled by 120 px past the 40 columns of nav entries that did not move
    assert shift is not None and shift.dy == 120
    assert 36 <= shift.fixed <= 44
    assert stitch(frames).fixed == shift.fixed


def test_a_plain_scroll_has_no_fixed_columns(page: Rgb) -> None:
    shift = vertical_shift(*_luma(list(scrolled(page, [0, 120], pointer=None))))

    assert shift is not None and shift.fixed == 0
