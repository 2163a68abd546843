"""Scrolls told from the recording as a whole: long wheel scrolls, and a scrollbar beside a fixed header."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from replicast.media.base import Rgb
from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import encode_video, glide_offsets, header_bar, scrolled_frames, tall_page
from replicast.media.synthetic._scroll import HEADER_H, VIEW_H, WIDTH
from replicast.pipeline.parse import Engines
from replicast.pipeline.run import PipelineConfig, run_pipeline
from replicast.spec.models import Event
from replicast.vision.detect import detect_elements
from replicast.vision.fake import FakeOcrEngine

THUMB_H = 60
"""The page's scrollbar thumb, px: it runs down the whole screen's right edge, header rows included."""


def _with_scrollbar(frames: list[Rgb], offsets: list[int], page_h: int) -> list[Rgb]:
    out = []
    for frame, y in zip(frames, offsets, strict=True):
        f = frame.copy()
        f[:, WIDTH - 12 :] = 241
        top = round(y * (VIEW_H - THUMB_H) / (page_h - VIEW_H))
        f[top : top + THUMB_H, WIDTH - 10 : WIDTH - 3] = 160
        out.append(f)
    return out


def _scrolls(frames: list[Rgb], tmp_path: Path) -> list[Event]:
    encode_video(frames, tmp_path / "s.mp4", fps=30)
    with PyAvSource(tmp_path / "s.mp4") as src:
        spec = run_pipeline(src, PipelineConfig(), Engines(FakeOcrEngine(), detect_elements)).spec
    return [e for e in spec.events if e.type == "scroll"]


def test_a_wheel_scroll_of_most_of_the_screen_is_a_scroll(tmp_path: Path) -> None:
    # Given five wheel notches that scroll 83 % of the band under a fixed header: a sixth of it stays
    band = VIEW_H - HEADER_H
    dy = round(0.83 * band)
    offsets = [0] * 24 + glide_offsets(0, dy, 10)[1:] + [dy] * 24
    frames = list(scrolled_frames(tall_page(), offsets, header=header_bar(), pointer=(400, 200)))

    scrolls = _scrolls(frames, tmp_path)

    assert len(scrolls) == 1 and scrolls[0].dy is not None and abs(scrolls[0].dy - dy) <= 8, scrolls


def test_a_scroll_whose_scrollbar_moves_beside_the_fixed_header_is_a_scroll(tmp_path: Path) -> None:
    # Given a scroll under a fixed header, with the page's scrollbar at the screen's edge: its thumb
    # moves from the header's rows down, so the header's rows change too (a sliver of them)
    page = tall_page()
    offsets = [0] * 24 + glide_offsets(0, 160, 10)[1:] + [160] * 24
    frames = list(scrolled_frames(page, offsets, header=header_bar(), pointer=(400, 200)))
    frames = _with_scrollbar(frames, offsets, page.shape[0])
    assert np.abs(frames[0][:HEADER_H].astype(int) - frames[-1][:HEADER_H]).max() > 0

    scrolls = _scrolls(frames, tmp_path)

    assert len(scrolls) == 1 and scrolls[0].dy is not None and abs(scrolls[0].dy - 160) <= 8, scrolls
