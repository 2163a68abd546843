"""cursor_track(): the pointer's hotspot at every frame, from the timeline and track_pointer."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from replicast.media.pyav import PyAvSource
from replicast.media.synthetic import SyntheticSource, render_video
from replicast.pipeline.cursor_track import CursorTrack, cursor_track, hotspot_of
from replicast.pipeline.pointer import track_pointer
from replicast.pipeline.segment import SegmentConfig, segment
from replicast.vision.base import Box
from tests.pipeline.scripts import sign_in_script, under_pointer_script


@pytest.fixture(scope="module")
def tracked() -> tuple[SyntheticSource, CursorTrack, list[float]]:
    src = SyntheticSource(sign_in_script())
    times = [i / 30 for i in range(src.info.frame_count or 0)]
    timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    return src, cursor_track(timeline, track_pointer(timeline)), times


def _errors(src: SyntheticSource, track: CursorTrack, times: list[float], gliding: bool) -> list[float]:
    out: list[float] = []
    for t in times:
        a, b = src.truth.cursor_at(t - 1 / 30), src.truth.cursor_at(t)
        if ((a.x, a.y) != (b.x, b.y)) != gliding:
            continue
        s = track.at(t)
        out.append(math.inf if s is None else math.hypot(s.x - b.x, s.y - b.y))
    return out


def test_the_pointer_is_within_6_px_while_it_glides(
    tracked: tuple[SyntheticSource, CursorTrack, list[float]],
) -> None:
    src, track, times = tracked

    errors = _errors(src, track, times, gliding=True)

    assert len(errors) > 30
    assert sum(e <= 6 for e in errors) >= 0.95 * len(errors)


def test_the_pointer_is_within_6_px_where_it_rests(
    tracked: tuple[SyntheticSource, CursorTrack, list[float]],
) -> None:
    src, track, times = tracked

    errors = _errors(src, track, times, gliding=False)

    # the last rest lies on a page that changed under the pointer (a navigation): found by its look
    assert sum(e <= 6 for e in errors) >= 0.95 * len(errors)


def test_the_pointer_is_known_before_it_first_moves(
    tracked: tuple[SyntheticSource, CursorTrack, list[float]],
) -> None:
    src, track, _ = tracked

    first = track.at(0.0)

    assert first is not None
    assert math.hypot(first.x - src.truth.cursor[0].x, first.y - src.truth.cursor[0].y) <= 6


def test_the_path_follows_the_moves(tracked: tuple[SyntheticSource, CursorTrack, list[float]]) -> None:
    _, track, _ = tracked

    path = track.path()

    assert len(path) > 20
    assert all(b[0] > a[0] for a, b in itertools.pairwise(path))


@pytest.mark.parametrize(
    ("box", "point"),
    [
        (Box(100, 200, 13, 19), (101.0, 201.0)),  # arrow: its tip
        (Box(100, 200, 8, 18), (104.0, 209.0)),  # I-beam: its middle
        (Box(100, 200, 17, 17), (106.46, 202.04)),  # hand: its index fingertip
    ],
)
def test_hotspot_by_sprite_shape(box: Box, point: tuple[float, float]) -> None:
    x, y = hotspot_of(box)

    assert (round(x, 2), round(y, 2)) == point


def test_the_pointer_is_found_where_a_click_changed_the_page_under_it(tmp_path: Path) -> None:
    # Given an H.264 recording at 2x whose clicks change the page under the pointer as it arrives
    # (a focus ring, a ticked box, a new page) and whose pointer once crosses the page in 5 frames
    video = tmp_path / "under.mp4"
    truth = render_video(under_pointer_script(), video, size=(1280, 720))

    # When it is segmented and tracked
    with PyAvSource(video) as src:
        times = [f.t for f in src.frames()]
        timeline = segment(src.frames(), SegmentConfig(), src.info.width, src.info.height)
    track = cursor_track(timeline, track_pointer(timeline))

    # Then the hotspot is within 6 px on 95% of the frames, and wherever the pointer rests
    errors = []
    for t in times:
        c, s = truth.cursor_at(t), track.at(t)
        errors.append(math.inf if s is None else math.hypot(s.x - c.x, s.y - c.y))
    assert sum(e <= 6 for e in errors) >= 0.95 * len(errors)
    for click in (e for e in truth.events if e.type == "click"):
        s = track.at(click.t + 0.5)
        assert s is not None and math.hypot(s.x - click.x, s.y - click.y) <= 6, click
