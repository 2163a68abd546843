"""What an input video may be before replicast spends work on it.

`probe_video` checks these against the file's size and headers before anything is decoded; the
defaults fit real screen recordings (up to 4K, two hours, 120 fps) and refuse everything else.

    limits = VideoLimits(max_duration_s=600)          # a stricter service tier
    info = probe_video(path, limits)                   # raises VideoRejectedError past a limit
"""

from __future__ import annotations

from dataclasses import dataclass, field

GIB = 1024**3

DEFAULT_CONTAINERS: frozenset[str] = frozenset({"mov", "mp4", "m4v", "webm", "matroska", "mkv", "avi", "gif"})
"""Container names as FFmpeg's demuxers spell them (`mov` and `matroska` read mp4/m4v and webm/mkv).

Names that are not demuxers (`m4v`, `mkv`) are accepted for readability and simply match nothing.
Playlists (HLS, ffconcat), network and device demuxers are never on this list: they would make the
decoder read other files or sockets on the uploader's behalf."""

DEFAULT_CODECS: frozenset[str] = frozenset({"h264", "hevc", "vp8", "vp9", "av1", "mpeg4", "gif"})
"""Video codecs as FFmpeg names them (`avcodec_descriptor` names, not encoder names like libx264)."""


@dataclass(frozen=True, slots=True)
class VideoLimits:
    """Upper bounds and allow-lists for an input video.

    `probe_packets` bounds the work spent proving the file decodes: at most this many packets are
    read while looking for the first frame (and again near the end, to catch a truncated file).
    `open_timeout_s` and `read_timeout_s` abort a demuxer that stops making progress on I/O.
    """

    max_bytes: int = 2 * GIB
    max_duration_s: float = 7200.0
    max_width: int = 4096
    max_height: int = 4096
    max_pixels: int = 4096 * 4096
    max_fps: float = 120.0
    containers: frozenset[str] = field(default=DEFAULT_CONTAINERS)
    codecs: frozenset[str] = field(default=DEFAULT_CODECS)
    probe_packets: int = 600
    open_timeout_s: float = 30.0
    read_timeout_s: float = 30.0

    def __post_init__(self) -> None:
        numbers = {
            "max_bytes": self.max_bytes,
            "max_duration_s": self.max_duration_s,
            "max_width": self.max_width,
            "max_height": self.max_height,
            "max_pixels": self.max_pixels,
            "max_fps": self.max_fps,
            "probe_packets": self.probe_packets,
            "open_timeout_s": self.open_timeout_s,
            "read_timeout_s": self.read_timeout_s,
        }
        for name, value in numbers.items():
            if value <= 0:
                raise ValueError(f"VideoLimits.{name} must be positive, got {value}")
        for name, names in (("containers", self.containers), ("codecs", self.codecs)):
            if not names or any(not n or "," in n for n in names):
                raise ValueError(f"VideoLimits.{name} must be non-empty names without commas")

    @property
    def format_whitelist(self) -> str:
        """The allowed containers as FFmpeg's `format_whitelist` option spells them."""
        return ",".join(sorted(self.containers))
