"""run_pipeline() on recordings that scroll a tall page, or a wide one sideways: one stitched page, its
views at their offsets, scroll events that say how far."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from replicast.media.base import Rgb
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import (
    board_page,
    encode_video,
    glide_offsets,
    header_bar,
    panned_frames,
    scrolled_frames,
    tall_page,
)
from replicast.media.synthetic._scroll import HEADER_H, VIEW_H, WIDTH
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, PipelineResult, run_pipeline
from replicast.spec.schema import spec_to_dict, validate_spec_dict
from replicast.vision.detect import detect_elements
from replicast.vision.fake import FakeOcrEngine

FPS = 30
STOPS = (0, 140, 300, 420)
"""the page y the viewport rests at, after smooth scrolls of different lengths (each less than the
viewport below the header, so consecutive views overlap)."""


ACROSS = (0, 160, 330, 480, 250)
"""the page x the viewport rests at in the sideways recording (the last scroll goes back left)."""


def _offsets(stops: tuple[int, ...] = STOPS) -> list[int]:
    out = [stops[0]] * 24
    for a, b in pairwise(stops):
        out += glide_offsets(a, b, 10)[1:] + [b] * 24
    return out


@pytest.fixture(scope="module")
def page() -> Rgb:
    return tall_page()


def _converted(path: Path, frames: Iterator[Rgb]) -> PipelineResult:
    encode_video(frames, path, fps=FPS)
    with PyAvSource(path) as src:
        return run_pipeline(src, PipelineConfig(), Engines(FakeOcrEngine(), detect_elements))


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory, page: Rgb) -> PipelineResult:
    frames = scrolled_frames(page, _offsets(), header=header_bar(), pointer=None)
    return _converted(tmp_path_factory.mktemp("scroll") / "scroll.mp4", frames)


@pytest.fixture(scope="module")
def board() -> Rgb:
    return board_page()


@pytest.fixture(scope="module")
def sideways(tmp_path_factory: pytest.TempPathFactory, board: Rgb) -> PipelineResult:
    frames = panned_frames(board, [(x, 0) for x in _offsets(ACROSS)], (WIDTH, VIEW_H), pointer=None)
    return _converted(tmp_path_factory.mktemp("scroll") / "sideways.mp4", frames)


def test_the_views_of_the_scrolled_page_are_at_their_offsets(result: PipelineResult) -> None:
    spec = result.spec
    assert len(spec.pages) == 1
    p = spec.pages[0]
    views = [s for s in spec.screens if s.page == p.id]
    assert [s.id for s in views] == p.screens
    assert len(views) == len(STOPS)
    assert all(
        s.scroll_y is not None and abs(s.scroll_y - want) <= 4 for s, want in zip(views, STOPS, strict=True)
    ), [s.scroll_y for s in views]
    # the scroll events between them say how far (the viewport moved by the offsets' differences)
    dys = [e.dy for e in spec.events if e.type == "scroll"]
    assert len(dys) == len(STOPS) - 1
    assert all(
        d is not None and abs(d - (b - a)) <= 4 for d, (a, b) in zip(dys, pairwise(STOPS), strict=True)
    ), dys
    validate_spec_dict(spec_to_dict(spec))


def test_the_stitched_page_is_the_page_scrolled_through(result: PipelineResult, page: Rgb) -> None:
    p = result.spec.pages[0]
    image = result.pages[0].array()
    # the fixed header once, then the page down to the bottom of the last view
    want_h = HEADER_H + STOPS[-1] + VIEW_H - HEADER_H
    assert abs(p.height - want_h) <= 4 and image.shape[0] == p.height
    assert abs(p.header - HEADER_H) <= 2 and p.footer == 0
    header = image[: p.header].astype(np.int16)
    assert float(np.abs(header - header_bar()[: p.header]).mean()) < 4.0
    body = image[p.header :].astype(np.int16)
    truth = page[: body.shape[0]].astype(np.int16)
    assert body.shape == truth.shape
    assert float(np.abs(body - truth).mean()) < 4.0


def test_the_page_is_parsed_whole(result: PipelineResult) -> None:
    p = result.spec.pages[0]
    # cards are found all the way down the page, past what any one view showed
    assert max(e.bbox[1] + e.bbox[3] for e in p.elements) > 2 * VIEW_H


def test_the_views_of_a_page_scrolled_sideways_are_at_their_offsets(sideways: PipelineResult) -> None:
    spec = sideways.spec
    assert len(spec.pages) == 1
    views = [s for s in spec.screens if s.page == spec.pages[0].id]
    assert len(views) == len(ACROSS)
    assert all(
        s.scroll_x is not None and abs(s.scroll_x - want) <= 4 and s.scroll_y == 0
        for s, want in zip(views, ACROSS, strict=True)
    ), [(s.scroll_x, s.scroll_y) for s in views]
    # the scroll events say how far sideways, and not down
    moves = [(e.dx, e.dy) for e in spec.events if e.type == "scroll"]
    assert len(moves) == len(ACROSS) - 1
    assert all(
        dx is not None and abs(dx - (b - a)) <= 4 and dy is None
        for (dx, dy), (a, b) in zip(moves, pairwise(ACROSS), strict=True)
    ), moves
    validate_spec_dict(spec_to_dict(spec))


def test_the_page_scrolled_sideways_is_stitched_as_wide_as_seen(sideways: PipelineResult, board: Rgb) -> None:
    p = sideways.spec.pages[0]
    image = sideways.pages[0].array()
    assert abs(p.width - (max(ACROSS) + WIDTH)) <= 4 and image.shape[1] == p.width
    assert p.height == VIEW_H and (p.header, p.left) == (0, 0)
    truth = board[:, : image.shape[1]].astype(np.int16)
    assert float(np.abs(image.astype(np.int16) - truth).mean()) < 4.0
    # cards are found all the way across the page, past what any one view showed
    assert max(e.bbox[0] + e.bbox[2] for e in p.elements) > WIDTH + max(ACROSS) // 2
