"""probe_video: accepts real videos with the right facts, and refuses everything else in one line."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import av
import av.error
import numpy as np
import pytest

from replicast.errors import InputError, VideoDecodeError, VideoNotFoundError, VideoRejectedError
from replicast.media.limits import VideoLimits
from replicast.media.probe import decoder_options, open_container, probe_video
from replicast.media.synthetic import Codec, encode_video

from .videos import (
    FPS,
    FRAMES,
    HEIGHT,
    WIDTH,
    encode_audio_only,
    encode_custom,
    live_webm,
    pattern,
    patterns,
    remux,
)

LIMITS = VideoLimits()


def _reject(path: Path, error: type[InputError], match: str, limits: VideoLimits = LIMITS) -> InputError:
    with pytest.raises(error, match=match) as info:
        probe_video(path, limits)
    message = str(info.value)
    assert "\n" not in message and path.name in message  # one line, naming the file
    return info.value


# --- accepted --------------------------------------------------------------------------------------


def test_mp4_reports_size_fps_duration_and_codec(mp4: Path) -> None:
    info = probe_video(mp4, LIMITS)
    assert (info.width, info.height) == (WIDTH, HEIGHT)
    assert info.fps == pytest.approx(FPS)
    assert info.duration == pytest.approx(FRAMES / FPS, abs=0.02)
    assert info.duration_known
    assert info.frame_count == FRAMES
    assert (info.codec, info.container, info.rotation) == ("h264", "mp4", 0)


def test_webm_reports_size_fps_duration_and_codec(webm: Path) -> None:
    info = probe_video(webm, LIMITS)
    assert (info.width, info.height) == (WIDTH, HEIGHT)
    assert info.fps == pytest.approx(FPS)
    assert info.duration == pytest.approx(FRAMES / FPS, abs=0.02)
    assert (info.codec, info.container) == ("vp9", "webm")


def test_faststart_mp4_is_accepted(mp4: Path, tmp_path: Path) -> None:
    path = remux(mp4, tmp_path / "faststart.mp4", "mp4", {"movflags": "+faststart"})
    assert path.read_bytes()[4:8] == b"ftyp" and b"moov" in path.read_bytes()[:200]
    assert probe_video(path, LIMITS).frame_count == FRAMES


def test_webm_without_declared_duration_says_so(tmp_path: Path) -> None:
    # Given a webm written as a live stream (no duration, no cues), as browser MediaRecorder files are
    path = live_webm(tmp_path / "live.webm")
    # When probed
    info = probe_video(path, LIMITS)
    # Then the duration is reported unknown instead of guessed
    assert not info.duration_known
    assert info.duration == 0.0


def test_display_rotation_swaps_the_reported_size(tmp_path: Path) -> None:
    path = encode_custom(tmp_path / "rotated.mp4", patterns(5), rotation=90)
    info = probe_video(path, LIMITS)
    assert (info.width, info.height, info.rotation) == (HEIGHT, WIDTH, 90)


# --- not found -------------------------------------------------------------------------------------


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    _reject(tmp_path / "nope.mp4", VideoNotFoundError, "no such file")


def test_directory_is_not_found(tmp_path: Path) -> None:
    folder = tmp_path / "clip.mp4"
    folder.mkdir()
    _reject(folder, VideoNotFoundError, "not a regular file")


# --- not a video -----------------------------------------------------------------------------------


def test_zero_bytes_is_a_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    _reject(path, VideoDecodeError, "empty")


def test_random_bytes_named_mp4_is_a_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "random.mp4"
    path.write_bytes(os.urandom(200_000))
    _reject(path, VideoDecodeError, "not a readable video")


def test_mp4_cut_in_half_is_a_decode_error(mp4: Path, tmp_path: Path) -> None:
    data = mp4.read_bytes()
    path = tmp_path / "half.mp4"
    path.write_bytes(data[: len(data) // 2])
    _reject(path, VideoDecodeError, "not a readable video")


def _noise(path: Path, codec: Codec) -> Path:
    """A video whose bytes spread evenly over its frames, so a cut removes the frames after it."""
    rng = np.random.default_rng(7)
    frames = [rng.integers(0, 256, (HEIGHT, WIDTH, 3), dtype=np.uint8) for _ in range(FRAMES)]
    encode_video(frames, path, codec=codec, fps=FPS)
    return path


def test_faststart_mp4_missing_its_end_is_truncated(tmp_path: Path) -> None:
    # Given an mp4 whose index comes first, so the headers still parse when the data is cut short
    whole = _noise(tmp_path / "noise.mp4", "h264")
    data = remux(whole, tmp_path / "faststart.mp4", "mp4", {"movflags": "+faststart"}).read_bytes()
    path = tmp_path / "cut.mp4"
    path.write_bytes(data[: len(data) * 3 // 4])
    # Then the missing end is found without decoding the whole file
    _reject(path, VideoDecodeError, "truncated")


def test_webm_missing_its_end_is_truncated(tmp_path: Path) -> None:
    data = _noise(tmp_path / "noise.webm", "vp9").read_bytes()
    path = tmp_path / "cut.webm"
    path.write_bytes(data[: len(data) * 3 // 4])
    _reject(path, VideoDecodeError, "truncated")


@pytest.mark.parametrize("codec", ["h264", "vp9"])
def test_whole_noisy_video_is_not_truncated(tmp_path: Path, codec: Codec) -> None:
    assert probe_video(_noise(tmp_path / f"noise.{codec}", codec), LIMITS).frame_count in (FRAMES, None)


def test_audio_only_file_has_no_video_stream(tmp_path: Path) -> None:
    _reject(encode_audio_only(tmp_path / "voice.mp4"), VideoDecodeError, "no video stream")


# --- playlists: never followed ---------------------------------------------------------------------


def _hls(target: Path) -> str:
    return (
        f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:2,\n{target}\n#EXT-X-ENDLIST\n"
    )


@pytest.mark.parametrize("name", ["playlist.mp4", "playlist.m3u8"])
def test_hls_playlist_is_rejected(mp4: Path, tmp_path: Path, name: str) -> None:
    # Given a playlist that points at a real video (so following it would "work")
    path = tmp_path / name
    path.write_text(_hls(mp4))
    _reject(path, VideoRejectedError, "playlist")


def test_ffconcat_playlist_posing_as_mp4_is_rejected(mp4: Path, tmp_path: Path) -> None:
    path = tmp_path / "concat.mp4"
    path.write_text(f"ffconcat version 1.0\nfile '{mp4}'\n")
    _reject(path, VideoRejectedError, "playlist")


@pytest.mark.parametrize("text", ["ffconcat version 1.0\nfile '{video}'\n", "{hls}"])
def test_ffmpeg_allow_list_refuses_playlists_on_its_own(mp4: Path, tmp_path: Path, text: str) -> None:
    # The sniff in probe_video names playlists; the demuxer allow-list must refuse them without it.
    path = tmp_path / "list.m3u8"
    path.write_text(text.format(video=mp4, hls=_hls(mp4)))
    with pytest.raises(VideoRejectedError, match="not an allowed container"):
        open_container(path, LIMITS)


# --- limits ----------------------------------------------------------------------------------------


def test_frame_wider_than_4096_is_rejected_by_default(tmp_path: Path) -> None:
    path = encode_custom(tmp_path / "wide.mp4", [pattern(0, width=4112, height=16)])
    _reject(path, VideoRejectedError, "4112x16 is over the 4096x4096 limit")


def test_pixel_limit(mp4: Path) -> None:
    _reject(mp4, VideoRejectedError, "pixel limit", replace(LIMITS, max_pixels=WIDTH * HEIGHT - 1))


def test_height_limit(webm: Path) -> None:
    _reject(webm, VideoRejectedError, f"{WIDTH}x{HEIGHT} is over", replace(LIMITS, max_height=HEIGHT - 2))


def test_duration_limit(mp4: Path) -> None:
    _reject(mp4, VideoRejectedError, r"1\.5 s long, over the 1 s limit", replace(LIMITS, max_duration_s=1.0))


def test_fps_limit(mp4: Path) -> None:
    _reject(mp4, VideoRejectedError, "30.0 fps is over the 24 fps limit", replace(LIMITS, max_fps=24))


def test_byte_limit_is_checked_before_opening(mp4: Path) -> None:
    _reject(mp4, VideoRejectedError, "over the", replace(LIMITS, max_bytes=1000))


def test_codec_allow_list(mp4: Path) -> None:
    _reject(
        mp4, VideoRejectedError, "codec 'h264' is not allowed", replace(LIMITS, codecs=frozenset({"vp9"}))
    )


def test_container_allow_list(mp4: Path) -> None:
    limits = replace(LIMITS, containers=frozenset({"matroska", "webm"}))
    _reject(mp4, VideoRejectedError, "not an allowed container", limits)


def test_decoders_refuse_frames_over_the_pixel_limit(mp4: Path) -> None:
    # The header check runs first; this is the guard for a stream whose frames outgrow its headers.
    limits = replace(LIMITS, max_pixels=WIDTH * HEIGHT - 1)
    with open_container(mp4, limits) as container:
        stream = container.streams.video[0]
        stream.codec_context.options = decoder_options(limits)
        with pytest.raises(av.error.FFmpegError):
            next(iter(container.decode(stream)))


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.mp4"
    os.mkfifo(fifo)
    _reject(fifo, VideoNotFoundError, "not a regular file")
