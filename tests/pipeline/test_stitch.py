"""scroll_shift() and stitch(): scroll offsets (down, sideways, both) to ±4 px, one image of the page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from replicast.media.base import Rgb, rgb_to_luma
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import board_page, encode_video, header_bar, panned_frames, tall_page
from replicast.media.synthetic import scrolled_frames as scrolled
from replicast.media.synthetic._scroll import BOARD_W, HEADER_H, VIEW_H, WIDTH
from replicast.pipeline.pages import FIXED_SHARE
from replicast.pipeline.stitch import (
    Offset,
    diagonal_shift,
    horizontal_shift,
    scroll_shift,
    stitch,
    vertical_shift,
)

SIDEBAR = 60


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

    assert out.offsets == tuple(Offset(0, y) for y in offsets)
    assert out.image.shape == (offsets[-1] + VIEW_H, page.shape[1], 3)
    assert np.array_equal(out.image, page[: offsets[-1] + VIEW_H])


def test_stitching_keeps_a_sticky_header_once(page: Rgb) -> None:
    offsets = [0, 150, 300, 200]
    frames = list(scrolled(page, offsets, header=header_bar(), pointer=None))

    out = stitch(frames)

    assert out.offsets == tuple(Offset(0, y) for y in offsets)
    assert out.header == HEADER_H
    assert out.image.shape[0] == HEADER_H + 300 + VIEW_H - HEADER_H
    assert np.array_equal(out.image[:HEADER_H], header_bar())
    assert np.array_equal(out.image[HEADER_H:], page[: 300 + VIEW_H - HEADER_H])


def test_a_frame_that_does_not_line_up_is_left_out(page: Rgb) -> None:
    frames = [*scrolled(page, [0, 100]), np.full_like(page[:VIEW_H], 90), *scrolled(page, [200])]

    out = stitch(frames)

    assert out.offsets == (Offset(0, 0), Offset(0, 100), None, Offset(0, 200))


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
    assert all(
        o is not None and o.x == 0 and abs(o.y - t) <= 4 for o, t in zip(out.offsets, offsets, strict=True)
    ), out.offsets
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
    assert 36 <= shift.fixed_cols <= 44
    assert stitch(frames).fixed_cols == shift.fixed_cols


def test_a_scroll_beside_a_wide_busy_fixed_sidebar_is_found(page: Rgb) -> None:
    # Given a dashboard's fixed sidebar, a fifth of the width, full of icons and labels (an admin
    # layout whose content scrolls on its own): it stays put while the content moves 120 px
    frames = list(scrolled(page, [0, 120], pointer=None))
    side = WIDTH // 5
    # its entries: light marks on dark at no period (a shift would line them up with nothing)
    marks = np.random.default_rng(7).random((VIEW_H, side)) < 0.35
    for f in frames:
        f[:, :side] = np.where(marks[:, :, None], 230, 40).astype(np.uint8)

    shift = vertical_shift(*_luma(frames))

    # Then the content's scroll is found past the sidebar's columns, which are measured as fixed
    assert shift is not None and shift.dy == 120
    assert shift.fixed_cols >= 0.9 * side


def test_a_plain_scroll_has_no_fixed_columns(page: Rgb) -> None:
    shift = vertical_shift(*_luma(list(scrolled(page, [0, 120], pointer=None))))

    assert shift is not None and shift.fixed_cols == 0


@pytest.fixture(scope="module")
def board() -> Rgb:
    return board_page(BOARD_W, 1000)


def _panned(
    board: Rgb, positions: list[tuple[int, int]], pointer: tuple[int, int] | None = None
) -> list[Rgb]:
    return list(panned_frames(board, positions, (WIDTH, VIEW_H), pointer=pointer))


@pytest.mark.parametrize(("start", "end"), [(0, 120), (300, 137), (0, 400), (900, 960), (500, 499)])
def test_shift_between_two_sideways_positions_is_exact(board: Rgb, start: int, end: int) -> None:
    a, b = _luma(_panned(board, [(start, 0), (end, 0)], pointer=(400, 200)))

    shift = scroll_shift(a, b)

    assert shift is not None
    assert (shift.dx, shift.dy) == (end - start, 0)
    assert horizontal_shift(a, b) == shift
    assert vertical_shift(a, b) is None


@pytest.mark.parametrize(
    ("start", "end"),
    [((0, 0), (100, 80)), ((300, 200), (250, 300)), ((500, 500), (420, 380)), ((0, 0), (3, 120))],
)
def test_shift_down_and_sideways_at_once_is_exact(
    board: Rgb, start: tuple[int, int], end: tuple[int, int]
) -> None:
    a, b = _luma(_panned(board, [start, end], pointer=(400, 200)))

    shift = scroll_shift(a, b)

    assert shift is not None
    assert (shift.dx, shift.dy) == (end[0] - start[0], end[1] - start[1])


def test_a_fixed_sidebar_is_left_out_of_a_sideways_shift(board: Rgb) -> None:
    # Given a sideways scroll beside a sidebar that stays put
    frames = _panned(board, [(200, 0), (330, 0)])
    for f in frames:
        f[:, :SIDEBAR] = 30
        for y in range(20, VIEW_H, 40):
            f[y : y + 12, 10 : SIDEBAR - 10] = 220

    shift = scroll_shift(*_luma(frames))

    # Then it moved 130 px beside the sidebar's columns, and no row stayed put
    assert shift is not None
    assert (shift.dx, shift.dy, shift.left, shift.fixed_rows) == (130, 0, SIDEBAR, 0)


def test_a_fixed_top_bar_above_a_sideways_scroll_is_measured(board: Rgb) -> None:
    # Given a sideways scroll below a top bar that stays put
    frames = list(
        panned_frames(board, [(0, 0), (150, 0)], (WIDTH, VIEW_H), header=header_bar(), pointer=None)
    )

    shift = scroll_shift(*_luma(frames))

    # Then the rows of its text count as fixed: enough that such a page is not stitched
    assert shift is not None and shift.dx == 150
    assert FIXED_SHARE * VIEW_H < shift.fixed_rows <= HEADER_H


def test_a_different_page_is_no_scroll_either_way(page: Rgb, board: Rgb) -> None:
    a = rgb_to_luma(next(scrolled(page, [0])))
    b = rgb_to_luma(_panned(board, [(200, 300)])[0])

    assert scroll_shift(a, b) is None
    assert diagonal_shift(a, b) is None


def test_stitching_sideways_rebuilds_the_wide_page(board: Rgb) -> None:
    xs = [0, 150, 320, 200, 560, 900]
    frames = _panned(board, [(x, 0) for x in xs])

    out = stitch(frames)

    assert out.offsets == tuple(Offset(x, 0) for x in xs)
    assert out.image.shape == (VIEW_H, 900 + WIDTH, 3)
    assert np.array_equal(out.image, board[:VIEW_H, : 900 + WIDTH])
    assert (out.header, out.footer, out.fixed_cols, out.fixed_rows) == (0, 0, 0, 0)


def test_stitching_sideways_keeps_a_fixed_sidebar_once(board: Rgb) -> None:
    xs = [100, 250, 400]
    frames = _panned(board, [(x, 0) for x in xs])
    for f in frames:
        f[:, :SIDEBAR] = 30

    out = stitch(frames)

    assert out.offsets == tuple(Offset(x - 100, 0) for x in xs)
    assert out.left == SIDEBAR
    assert out.image.shape == (VIEW_H, WIDTH + 300, 3)
    assert np.all(out.image[:, :SIDEBAR] == 30)
    assert np.array_equal(out.image[:, SIDEBAR:], board[:VIEW_H, 100 + SIDEBAR : 400 + WIDTH])


def test_stitching_both_ways_puts_every_view_where_it_was(board: Rgb) -> None:
    positions = [(0, 0), (100, 0), (250, 0), (250, 150), (400, 300), (600, 300)]
    frames = _panned(board, positions)

    out = stitch(frames)

    assert out.offsets == tuple(Offset(x, y) for x, y in positions)
    assert out.image.shape == (300 + VIEW_H, 600 + WIDTH, 3)
    for (x, y), f in zip(positions, frames, strict=True):
        assert np.array_equal(out.image[y : y + VIEW_H, x : x + WIDTH], f)
    # what no view showed (the bottom-left corner) is the page's colour, not black
    assert np.all(out.image[-1, 0] == board[0, 0])


def test_sideways_offsets_within_4_px_through_the_codec(tmp_path: Path, board: Rgb) -> None:
    # Given a page scrolled sideways and then both ways, encoded with H.264 (the pointer drawn)
    positions = [(0, 0), (90, 0), (200, 0), (330, 0), (470, 0), (600, 40), (700, 160), (900, 160)]
    video = tmp_path / "sideways.mp4"
    encode_video(panned_frames(board, positions, (WIDTH, VIEW_H)), video, fps=5)

    # When the decoded frames are stitched
    with PyAvSource(video) as src:
        frames = list(src.frames())
    out = stitch([f.rgb() for f in frames], [f.luma for f in frames])

    # Then every viewport position is within 4 px, and the page looks like the original where seen
    assert all(
        o is not None and abs(o.x - x) <= 4 and abs(o.y - y) <= 4
        for o, (x, y) in zip(out.offsets, positions, strict=True)
    ), out.offsets
    for x, y in positions:
        seen = out.image[y : y + VIEW_H, x : x + WIDTH].astype(np.int16)
        assert float(np.abs(seen - board[y : y + VIEW_H, x : x + WIDTH]).mean()) < 4.0
