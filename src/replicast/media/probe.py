"""Decide, cheaply and before any real work, whether a file is a video replicast will read.

`probe_video` checks the file size, then opens it with FFmpeg (through PyAV) restricted to the
`file` protocol and the allowed demuxers, checks container, codec, frame size, frame rate and
duration from the headers, decodes the first frame, and looks for data near the declared end so a
truncated upload fails here rather than halfway through a job. Every step is bounded: no step reads
more than `VideoLimits.probe_packets` packets and no decoder accepts a frame over the pixel limit.

    info = probe_video(Path("recording.mp4"), VideoLimits())
    print(info.width, info.height, info.fps, info.duration)

Memory is bounded by the limits as far as FFmpeg honours them; the hard ceiling for hostile input is
the resource limit of the child process that the job layer decodes in.
"""

from __future__ import annotations

import logging
import math
import re
import stat
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import av.error
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from replicast.errors import VideoDecodeError, VideoNotFoundError, VideoRejectedError
from replicast.media.base import VideoInfo
from replicast.media.limits import VideoLimits

log = logging.getLogger(__name__)

_SNIFF_BYTES = 512
_PLAYLIST_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"#EXTM3U", "an HLS/M3U playlist"),
    (b"ffconcat", "an ffconcat playlist"),
    (b"<?xml", "an XML document (a DASH manifest?)"),
    (b"<MPD", "a DASH manifest"),
)
_TAIL_WINDOW_S = 1.0
_TAIL_SLACK_S = 0.2
_MKV_DURATION = re.compile(r"(?P<h>\d+):(?P<m>\d{2}):(?P<s>\d{2}(?:\.\d+)?)")


def probe_video(path: Path, limits: VideoLimits) -> VideoInfo:
    """What the video at `path` is, once it has passed every limit.

    Raises:
        VideoNotFoundError: `path` does not exist or is not a regular file.
        VideoRejectedError: the file breaks a limit or allow-list (bytes, container, codec, frame
            size, fps, duration), or is a playlist or manifest rather than a video.
        VideoDecodeError: the file is empty, not a video, truncated, has no video stream, or its
            first frame does not decode.
    """
    size = _check_file(path, limits)
    _sniff(path)
    with open_container(path, limits) as container:
        stream = video_stream(container, path)
        info = _header_info(container, stream, path, limits)
        first = _first_frame(container, stream, path, limits)
        if info.duration_known:
            _check_tail(container, stream, info, path, limits)
    rotation = _rotation(first)
    if rotation % 180:
        info = replace(info, width=info.height, height=info.width)
    info = replace(info, rotation=rotation)
    log.debug("probed %s (%d bytes): %s", path.name, size, info)
    return info


def open_container(path: Path, limits: VideoLimits) -> InputContainer:
    """Open `path` for reading with only the `file` protocol and the allowed demuxers.

    Decoders opened on the returned container's streams refuse frames over `limits.max_pixels`
    when they are given `decoder_options(limits)`.

    Raises VideoRejectedError when FFmpeg's format allow-list refuses the file, VideoDecodeError when
    FFmpeg cannot read it as a video container.
    """
    container_options = {
        "protocol_whitelist": "file",
        "format_whitelist": limits.format_whitelist,
    }
    try:
        return av.open(
            str(path),
            mode="r",
            container_options=container_options,
            options=decoder_options(limits),
            timeout=(limits.open_timeout_s, limits.read_timeout_s),
        )
    except av.error.ArgumentError as ex:
        # FFmpeg answers EINVAL when the detected demuxer is not on format_whitelist.
        allowed = ", ".join(sorted(limits.containers))
        raise VideoRejectedError(f"{path.name}: not an allowed container format (allowed: {allowed})") from ex
    except (av.error.TimeoutError, av.error.ExitError) as ex:
        # ExitError: PyAV's interrupt callback stopped a read that outran `open_timeout_s`
        raise VideoDecodeError(f"{path.name}: timed out reading the headers") from ex
    except (av.error.FFmpegError, OSError) as ex:
        raise VideoDecodeError(f"{path.name}: not a readable video ({_reason(ex)})") from ex


def decoder_options(limits: VideoLimits) -> dict[str, str]:
    """Codec options that make FFmpeg's decoders refuse oversized frames instead of allocating them."""
    return {"max_pixels": str(limits.max_pixels)}


def video_stream(container: InputContainer, path: Path) -> VideoStream:
    """The main video stream of an open container (cover-art streams lose to real video).

    Raises VideoDecodeError when there is none.
    """
    stream = container.streams.best("video") if container.streams.video else None
    if not isinstance(stream, VideoStream):
        raise VideoDecodeError(f"{path.name}: no video stream")
    return stream


def _check_file(path: Path, limits: VideoLimits) -> int:
    try:
        st = path.stat()
    except FileNotFoundError as ex:
        raise VideoNotFoundError(f"{path.name}: no such file") from ex
    except OSError as ex:
        raise VideoNotFoundError(f"{path.name}: cannot read ({ex.strerror})") from ex
    if not stat.S_ISREG(st.st_mode):
        # a FIFO or device would block or never end: only regular files are videos
        raise VideoNotFoundError(f"{path.name}: not a regular file")
    if st.st_size == 0:
        raise VideoDecodeError(f"{path.name}: the file is empty")
    if st.st_size > limits.max_bytes:
        raise VideoRejectedError(
            f"{path.name}: {_mib(st.st_size)} is over the {_mib(limits.max_bytes)} limit"
        )
    return st.st_size


def _sniff(path: Path) -> None:
    """Name the text formats FFmpeg would treat as a list of other files (the allow-list refuses them too)."""
    try:
        with path.open("rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError as ex:
        raise VideoNotFoundError(f"{path.name}: cannot read ({ex.strerror})") from ex
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    for marker, what in _PLAYLIST_MARKERS:
        if head.startswith(marker):
            raise VideoRejectedError(f"{path.name}: {what}, not a video file")


def _header_info(
    container: InputContainer, stream: VideoStream, path: Path, limits: VideoLimits
) -> VideoInfo:
    container_name = str(container.format.name)
    if not set(container_name.split(",")) & limits.containers:
        raise VideoRejectedError(f"{path.name}: container {container_name!r} is not allowed")

    codec = str(stream.codec.canonical_name) if stream.codec_context is not None else "unknown"
    if codec not in limits.codecs:
        allowed = ", ".join(sorted(limits.codecs))
        raise VideoRejectedError(f"{path.name}: video codec {codec!r} is not allowed (allowed: {allowed})")
    if stream.codec_context is None:  # pragma: no cover - every allowed codec has a decoder in PyAV's FFmpeg
        raise VideoDecodeError(f"{path.name}: no decoder for video codec {codec!r}")

    width, height = int(stream.codec_context.width), int(stream.codec_context.height)
    if width <= 0 or height <= 0:
        raise VideoDecodeError(f"{path.name}: the headers give no frame size")
    if width > limits.max_width or height > limits.max_height:
        raise VideoRejectedError(
            f"{path.name}: frame size {width}x{height} is over the "
            f"{limits.max_width}x{limits.max_height} limit"
        )
    if width * height > limits.max_pixels:
        raise VideoRejectedError(
            f"{path.name}: frame size {width}x{height} is over the {limits.max_pixels} pixel limit"
        )

    duration = _declared_duration(container, stream)
    frames = int(stream.frames) if stream.frames and stream.frames > 0 else None
    fps = _average_fps(stream, frames, duration)
    if fps > limits.max_fps:
        raise VideoRejectedError(f"{path.name}: {fps:.1f} fps is over the {limits.max_fps:g} fps limit")
    if duration is not None and duration > limits.max_duration_s:
        raise VideoRejectedError(
            f"{path.name}: {duration:.1f} s long, over the {limits.max_duration_s:g} s limit"
        )
    if duration is None:
        log.info("%s: the headers declare no duration; it is known once decoded", path.name)
    return VideoInfo(
        width=width,
        height=height,
        fps=fps,
        duration=duration if duration is not None else 0.0,
        codec=codec,
        container=_container_label(container_name, path),
        frame_count=frames,
        duration_known=duration is not None,
    )


def _container_label(format_name: str, path: Path) -> str:
    """`mp4` rather than FFmpeg's `mov,mp4,m4a,3gp,3g2,mj2`: the file's extension if the demuxer reads it."""
    names = format_name.split(",")
    ext = path.suffix.lower().lstrip(".")
    return ext if ext in names else names[0]


def _stream_duration(stream: VideoStream) -> float | None:
    """The video stream's own duration: its header field, else Matroska's `DURATION` tag."""
    if stream.duration is not None and stream.duration > 0 and stream.time_base:
        return float(stream.duration * stream.time_base)
    tag = _MKV_DURATION.fullmatch(str(stream.metadata.get("DURATION", "")).strip())
    if tag:
        seconds = int(tag["h"]) * 3600 + int(tag["m"]) * 60 + float(tag["s"])
        return seconds if seconds > 0 else None
    return None


def _declared_duration(container: InputContainer, stream: VideoStream) -> float | None:
    """Seconds from the stream's header, else the container's; None when neither declares one."""
    if (seconds := _stream_duration(stream)) is not None:
        return seconds
    if container.duration is not None and container.duration > 0:
        return float(Fraction(container.duration, av.time_base))
    return None


def _average_fps(stream: VideoStream, frames: int | None, duration: float | None) -> float:
    for rate in (stream.average_rate, stream.guessed_rate):
        if rate is not None and rate > 0:
            return float(rate)
    if frames and duration:
        return frames / duration
    return 0.0


def _first_frame(
    container: InputContainer, stream: VideoStream, path: Path, limits: VideoLimits
) -> VideoFrame:
    """Decode the first frame, reading at most `limits.probe_packets` packets."""
    stream.codec_context.options = decoder_options(limits)
    try:
        for n, packet in enumerate(container.demux(stream), start=1):
            for frame in packet.decode():
                return frame
            if n >= limits.probe_packets:
                break
    except av.error.FFmpegError as ex:
        raise VideoDecodeError(f"{path.name}: the first frame does not decode ({_reason(ex)})") from ex
    raise VideoDecodeError(f"{path.name}: no frame decodes in the first {limits.probe_packets} packets")


def _check_tail(
    container: InputContainer, stream: VideoStream, info: VideoInfo, path: Path, limits: VideoLimits
) -> None:
    """Fail on a file cut short: seek near the declared end and demux (not decode) what is left.

    The packets found there must reach the declared end, less a few frames' slack (a last frame with
    no stored duration). Only the packets of the last `_TAIL_WINDOW_S` seconds are read.
    """
    if not stream.time_base:
        return
    declared_end = _declared_start(container, stream) + info.duration
    slack = max(3 / info.fps if info.fps else 0.0, _TAIL_SLACK_S)
    target = int(max(0.0, declared_end - _TAIL_WINDOW_S) / stream.time_base)
    try:
        container.seek(target, stream=stream, any_frame=True, backward=True)
    except av.error.FFmpegError as ex:
        # No index to seek with: the decoder reports a cut-short stream when it reaches the cut.
        log.debug("%s: cannot seek to check the end (%s)", path.name, _reason(ex))
        return
    reached = -math.inf
    try:
        for n, packet in enumerate(container.demux(), start=1):
            tb = packet.time_base
            if packet.pts is not None and tb and packet.size:
                reached = max(reached, float((packet.pts + (packet.duration or 0)) * tb))
            if n >= 2 * limits.probe_packets:
                return  # plenty of data past the seek point: not cut short there
    except av.error.FFmpegError as ex:
        raise VideoDecodeError(f"{path.name}: truncated or corrupt near the end ({_reason(ex)})") from ex
    if reached < declared_end - slack:
        where = f"data stops at {reached:.1f} s" if reached > -math.inf else "no data near the end"
        raise VideoDecodeError(f"{path.name}: truncated ({where}, headers declare {info.duration:.1f} s)")


def _declared_start(container: InputContainer, stream: VideoStream) -> float:
    """Where the declared duration starts (s): the stream's start if it declared one, else the file's."""
    if _stream_duration(stream) is not None and stream.start_time is not None and stream.time_base:
        return float(stream.start_time * stream.time_base)
    if container.start_time is not None:
        return float(Fraction(container.start_time, av.time_base))
    return 0.0


def _rotation(frame: VideoFrame) -> int:
    """Display rotation in degrees counterclockwise, snapped to a multiple of 90 in [0, 360)."""
    try:
        degrees = float(frame.rotation)
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - PyAV always has it
        return 0
    return (round(degrees / 90) * 90) % 360


def _reason(ex: BaseException) -> str:
    strerror = getattr(ex, "strerror", None)
    return str(strerror) if strerror else str(ex) or type(ex).__name__


def _mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n < 2**30 else f"{n / 2**30:.2f} GiB"
