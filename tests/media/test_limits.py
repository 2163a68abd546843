from __future__ import annotations

import pytest

from replicast.media.limits import VideoLimits


def test_defaults_fit_real_recordings() -> None:
    limits = VideoLimits()
    assert limits.max_bytes == 2 * 1024**3
    assert limits.max_duration_s == 7200
    assert (limits.max_width, limits.max_height, limits.max_pixels) == (4096, 4096, 4096 * 4096)
    assert limits.max_fps == 120
    assert {"mov", "mp4", "webm", "matroska"} <= limits.containers
    assert {"h264", "hevc", "vp8", "vp9", "av1", "mpeg4"} <= limits.codecs


def test_format_whitelist_names_no_playlist_or_network_demuxer() -> None:
    names = VideoLimits().format_whitelist.split(",")
    assert not {"hls", "concat", "dash", "rtsp", "sdp", "http", "image2"} & set(names)


@pytest.mark.parametrize(
    "change",
    [
        {"max_bytes": 0},
        {"max_fps": -1},
        {"probe_packets": 0},
        {"containers": frozenset()},
        {"codecs": {"h264,hls"}},
    ],
)
def test_nonsense_limits_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="VideoLimits"):
        VideoLimits(**change)  # type: ignore[arg-type]
