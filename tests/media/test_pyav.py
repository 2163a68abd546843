"""PyAvSource: frames in order with real times, luma straight from the decoder, RGB on demand."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import av
import numpy as np
import pytest

from replicast.errors import VideoDecodeError, VideoRejectedError
from replicast.media import pyav
from replicast.media.base import VideoSource, rgb_to_luma
from replicast.media.limits import VideoLimits
from replicast.media.pyav import PyAvSource, luma_of, read_ahead, read_frame_at
from replicast.media.synthetic import Codec, encode_video

from .videos import FPS, FRAMES, HEIGHT, WIDTH, counter_level, encode_custom, live_webm, pattern, patterns


@pytest.mark.parametrize("video", ["mp4", "webm"])
def test_frames_come_in_order_at_the_frame_rate(video: str, request: pytest.FixtureRequest) -> None:
    with PyAvSource(request.getfixturevalue(video)) as src:
        frames = list(src.frames())
    assert [f.index for f in frames] == list(range(FRAMES))
    times = np.array([f.t for f in frames])
    assert times[0] == 0.0
    assert np.allclose(np.diff(times), 1 / FPS, atol=1e-3)
    # the frames are the ones encoded, in order (the counter square's level is 4 * i)
    assert [round(counter_level(f.luma) / 4) for f in frames[:40]] == list(range(40))


def test_is_a_video_source(mp4: Path) -> None:
    src: VideoSource = PyAvSource(mp4)
    assert src.info.frame_count == FRAMES


@pytest.mark.parametrize("video", ["mp4", "webm"])
def test_luma_is_a_compact_full_range_plane(video: str, request: pytest.FixtureRequest) -> None:
    with PyAvSource(request.getfixturevalue(video)) as src:
        luma = next(iter(src.frames())).luma
    assert luma.shape == (HEIGHT, WIDTH) and luma.dtype == np.uint8 and luma.flags.c_contiguous
    # limited-range Y (16..235) has been stretched: white is white and black is black
    assert luma[4:20, 4:60].min() >= 250
    assert luma[-6:, 4:-4].max() <= 5


@pytest.mark.parametrize("video", ["mp4", "webm"])
def test_luma_matches_the_frames_own_rgb(video: str, request: pytest.FixtureRequest) -> None:
    with PyAvSource(request.getfixturevalue(video)) as src:
        for frame in list(src.frames())[::10]:
            rgb = frame.rgb()
            assert rgb.shape == (HEIGHT, WIDTH, 3) and rgb.dtype == np.uint8
            diff = np.abs(frame.luma.astype(int) - rgb_to_luma(rgb).astype(int))
            # the same within rounding, but where 4:2:0 chroma blurs the red block's edges
            assert diff.mean() < 1.0
            assert np.percentile(diff, 99) <= 4


def test_luma_of_skips_line_padding() -> None:
    # Given a frame whose Y rows are padded (width 100, line size larger)
    rgb = pattern(3, width=100, height=50)
    frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
    assert frame.planes[0].line_size > 100
    # Then luma is exactly what swscale's full-range grey conversion gives
    assert np.array_equal(luma_of(frame), frame.to_ndarray(format="gray"))


def test_luma_of_other_pixel_formats_falls_back_to_grey_conversion() -> None:
    rgb = pattern(3)
    luma = luma_of(av.VideoFrame.from_ndarray(rgb, format="rgb24"))
    assert np.abs(luma.astype(int) - rgb_to_luma(rgb).astype(int)).max() <= 1


def test_full_range_yuvj_is_not_stretched() -> None:
    rgb = pattern(3)
    frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuvj420p")
    assert np.abs(luma_of(frame).astype(int) - rgb_to_luma(rgb).astype(int)).max() <= 1


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_variable_frame_rate_times_are_kept(tmp_path: Path, codec: Codec) -> None:
    # Given frames shown at irregular times, as a screen recorder writes them when little changes
    times = [0.0, 0.033, 0.1, 0.5, 0.533, 1.5, 1.6, 3.0]
    path = tmp_path / f"vfr.{codec}"
    encode_video(patterns(len(times)), path, codec=codec, fps=FPS, times=times)
    # When decoded
    with PyAvSource(path) as src:
        got = [f.t for f in src.frames()]
    # Then each frame carries its own time, not index / fps
    assert got == pytest.approx(times, abs=1e-3)


def test_rotated_video_frames_are_shown_upright(tmp_path: Path) -> None:
    rgb = pattern(0)
    path = encode_custom(tmp_path / "rotated.mp4", [rgb] * 3, rotation=90)
    with PyAvSource(path) as src:
        frame = next(iter(src.frames()))
        assert (src.info.width, src.info.height) == (HEIGHT, WIDTH)
    upright = np.rot90(rgb_to_luma(rgb))
    assert frame.luma.shape == upright.shape == (WIDTH, HEIGHT)
    assert frame.rgb().shape == (WIDTH, HEIGHT, 3)
    assert np.abs(frame.luma.astype(int) - upright.astype(int)).mean() < 1.5


def test_frames_can_be_read_twice_and_rgb_outlives_the_source(mp4: Path) -> None:
    with PyAvSource(mp4) as src:
        first = list(src.frames())
        assert len(list(src.frames())) == len(first)
    assert first[5].rgb().shape == (HEIGHT, WIDTH, 3)


def test_closed_source_refuses_to_decode(mp4: Path) -> None:
    src = PyAvSource(mp4)
    src.close()
    with pytest.raises(ValueError, match="closed"):
        src.frames()


def test_closing_mid_iteration_releases_the_file(mp4: Path) -> None:
    src = PyAvSource(mp4)
    frames = src.frames()
    next(frames)
    src.close()
    with pytest.raises(StopIteration):
        next(frames)


def test_decoding_thread_ends_with_its_iterator(mp4: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an iterator read a few frames into a video longer than its read-ahead (its thread waits on
    # the full queue; with the default budget the 45 small frames all fit, and the thread could be done)
    monkeypatch.setattr(pyav, "READ_AHEAD_FRAMES", (4, 4))
    with PyAvSource(mp4) as src:
        frames = src.frames()
        for _ in range(3):
            next(frames)
        assert any(t.name == f"decode {mp4.name}" for t in threading.enumerate())
        # When the consumer drops it, then its decoding thread is gone, not left waiting on the queue
        frames.close()
        assert not any(t.name == f"decode {mp4.name}" for t in threading.enumerate())


@pytest.mark.parametrize(("cores", "threads"), [(1, 1), (2, 1), (16, 15)])
def test_the_decoder_leaves_one_core_to_the_consumer(
    mp4: Path, monkeypatch: pytest.MonkeyPatch, cores: int, threads: int
) -> None:
    # Given a machine with `cores` cores for this process
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(cores)))
    # Then a source made without a thread count decodes on all of them but one, and at least one
    assert PyAvSource(mp4).threads == threads
    # and a count given is kept (0: FFmpeg's pick)
    assert PyAvSource(mp4, threads=0).threads == 0


@pytest.mark.parametrize(
    ("size", "frames"), [((1920, 1080), 32), ((3840, 2160), 8), ((320, 240), 64), ((8192, 8192), 4)]
)
def test_frames_read_ahead_fit_a_memory_budget(size: tuple[int, int], frames: int) -> None:
    # The frames decoded ahead hold about 96 MiB, and never fewer than 4 nor more than 64 frames
    assert read_ahead(*size) == frames


def test_stream_cut_after_probing_fails_with_a_decode_error(mp4: Path, tmp_path: Path) -> None:
    # Given a source probed while the file was whole, whose end is then lost
    path = Path(shutil.copy(mp4, tmp_path / "shrinking.mp4"))
    src = PyAvSource(path)
    data = path.read_bytes()
    moov = data.rindex(b"moov") - 4
    path.write_bytes(data[: moov // 2] + b"\0" * (moov - moov // 2) + data[moov:])
    # When decoded, then the break is reported as a VideoDecodeError naming the file
    with pytest.raises(VideoDecodeError, match=r"shrinking\.mp4: decoding failed at"), src:
        for _ in src.frames():
            pass


def test_undeclared_duration_is_limited_while_decoding(tmp_path: Path) -> None:
    # Given a webm with no duration in its headers (45 frames, 1.5 s) and a 1 s limit
    path = live_webm(tmp_path / "live.webm")
    src = PyAvSource(path, VideoLimits(max_duration_s=1.0))
    # Then decoding stops with a rejection once the limit is passed
    with pytest.raises(VideoRejectedError, match="runs past the 1 s limit"), src:
        for _ in src.frames():
            pass


@pytest.mark.parametrize("video", ["mp4", "webm"])
def test_frame_at_gives_back_the_frame_decoded_then(video: str, request: pytest.FixtureRequest) -> None:
    # Given the frames as decoded in order (the webm's keyframes are far apart: seeking decodes on)
    with PyAvSource(request.getfixturevalue(video)) as src:
        frames = list(src.frames())
        for want in frames[::7]:
            # When a frame's time, or a moment before the next frame, is asked for
            for t in (want.t, want.t + 0.4 / FPS):
                got = src.frame_at(t)
                # Then it is that frame: same time, index, levels and pixels
                assert (got.index, got.t, got.limited) == (want.index, want.t, want.limited)
                assert np.array_equal(got.y, want.y)
                assert np.array_equal(got.rgb(), want.rgb())


@pytest.mark.parametrize("t", [0.0, 0.5, 1.0, 1.4])
def test_read_frame_at_finds_the_frame_shown_then(mp4: Path, t: float) -> None:
    rgb = read_frame_at(mp4, t)
    assert rgb.shape == (HEIGHT, WIDTH, 3)
    assert round(counter_level(rgb_to_luma(rgb)) / 4) == round(t * FPS)
